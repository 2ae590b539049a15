"""Validation of mapped documents against aind-data-schema, reported the way a person reads it
(see :mod:`resolvers.validation_messages`): never with free-text input values."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from resolvers.validation_messages import readable_errors


@dataclass(frozen=True, slots=True)
class Validated:
    """A document after validation: normalised when valid, as mapped when not.

    Each error is ``{"loc": [...], "msg": "..."}``: ``loc`` the document's own keys and list
    indexes (numbers), only for the kind of node the document says it is."""

    document: dict[str, Any]
    errors: tuple[dict[str, Any], ...]

    @property
    def valid(self) -> bool:
        return not self.errors


def validate(model: type[BaseModel], document: dict[str, Any]) -> Validated:
    """Validate ``document``; a valid one is re-serialised the way aind-data-schema writes it."""
    try:
        with warnings.catch_warnings():
            # aind-data-schema warns about deprecated fields it clears; the caller gets the
            # document as it serialises, so the warning has no one to reach.
            warnings.simplefilter("ignore", DeprecationWarning)
            # aind-data-schema's models rewrite a node's object_type in their input as each
            # union member is tried: validate a copy, so the document (returned, and read to
            # tell which member it names) keeps what the record says.
            instance = model.model_validate(_copied(document))
    except ValidationError as error:
        # The inputs are read to say what was wrong; only safe ones reach the messages.
        details = error.errors(include_url=False)
        return Validated(document, readable_errors(document, details))
    except (ValueError, TypeError) as error:
        # A validator that raised outside pydantic's wrapping: its class only, not its text.
        message = f"The document could not be validated ({type(error).__name__})."
        return Validated(document, ({"loc": [], "msg": message},))
    return Validated(instance.model_dump(mode="json"), ())


def _copied(value: Any) -> Any:
    """A copy of a JSON-like document's dicts and lists (their leaves are not mutated)."""
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copied(item) for item in value]
    return value
