"""Validation of mapped documents against aind-data-schema, reported the way a person reads it
(see :mod:`resolvers.validation_messages`): never with free-text input values.

Validation is the heaviest CPU work of a request, and the same documents come back again and
again (a pipeline asking for a subject, a page asking for the same procedures): each distinct
document is validated once, and its outcome reused while it stays among the
:data:`REMEMBERED` most recently seen. The key is a digest of the document's JSON, so only the
outcomes are held. What :func:`validate` returns is shared between requests: read it, never
change it.
"""

from __future__ import annotations

import hashlib
import json
import threading
import warnings
from collections import OrderedDict
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


#: Outcomes kept (a procedures document is a few tens of kilobytes).
REMEMBERED = 512

_outcomes: OrderedDict[tuple[type[BaseModel], bytes], Validated] = OrderedDict()
# Procedures are validated on worker threads (resolvers/procedures.py), subjects on the loop.
_outcomes_lock = threading.Lock()


def validate(model: type[BaseModel], document: dict[str, Any]) -> Validated:
    """Validate ``document``; a valid one is re-serialised the way aind-data-schema writes it."""
    key = (model, _digest(document))
    with _outcomes_lock:
        known = _outcomes.get(key)
        if known is not None:
            _outcomes.move_to_end(key)
            return known
    outcome = _validated(model, document)
    with _outcomes_lock:
        _outcomes[key] = outcome
        while len(_outcomes) > REMEMBERED:
            _outcomes.popitem(last=False)
    return outcome


def _digest(document: dict[str, Any]) -> bytes:
    # Keys sorted: the same document built in another order is the same document. A value
    # JSON cannot hold (none is expected) is written by its repr: at worst a missed reuse.
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), default=repr)
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def _validated(model: type[BaseModel], document: dict[str, Any]) -> Validated:
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
