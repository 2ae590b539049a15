"""Validation of mapped documents against aind-data-schema, reported without input values."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError


@dataclass(frozen=True, slots=True)
class Validated:
    """A document after validation: normalised when valid, as mapped when not."""

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
            instance = model.model_validate(document)
    except ValidationError as error:
        # "input" would echo the caller's (or backend's) values into the response: drop it.
        errors = tuple(
            {"loc": [str(part) for part in detail["loc"]], "msg": _message(detail)}
            for detail in error.errors(include_url=False, include_input=False)
        )
        return Validated(document, errors)
    return Validated(instance.model_dump(mode="json"), ())


#: Messages pydantic builds from the input value itself (and, for tagged unions, a list of every
#: allowed tag: 142 organizations for a funder), replaced by what they mean.
_FIXED_MESSAGES = {
    "union_tag_invalid": "Value is not one of the kinds this field accepts.",
    "union_tag_not_found": "Value does not say which kind it is.",
}


def _message(detail: Any) -> str:
    return _FIXED_MESSAGES.get(detail["type"], detail["msg"])
