"""Instrument and rig documents stored in SLIMS, and their validation as 2.x ``Instrument``.

SLIMS keeps each instrument as a "AIND Instruments" ``ReferenceDataRecord`` (aind-slims-api's
``SlimsInstrumentRdrc``) with the instrument's JSON document attached to it. As the 0.24 service
did (for instruments and rigs alike; aind-data-schema 2.x made rigs instruments):

* exact match: the newest record named ``instrument_id``, and its newest attachment of that
  same name;
* partial match: the records whose name contains ``instrument_id`` (SLIMS's case-insensitive
  ``iContains``), newest first, up to :data:`MAX_PARTIAL_MATCHES`, and each one's newest
  attachment named as the record. 0.24 kept only the newest record and took its newest
  attachment whatever its name (a photo attached later hid the document).

The documents are returned as stored (many predate aind-data-schema 2.x); whether one is a
valid 2.x ``Instrument`` is :func:`validate_instrument`'s answer, given with the errors' locations
and messages but never the values, for the caller to report 200 or 406.
"""

from __future__ import annotations

import json
import warnings
from typing import TYPE_CHECKING, Any

from aind_data_schema.core.instrument import Instrument
from aind_slims_api.models import SlimsInstrumentRdrc
from pydantic import ValidationError
from slims.criteria import contains, equals

from datasources.errors import BackendError

if TYPE_CHECKING:
    from aind_slims_api import SlimsClient

__all__ = [
    "MAX_PARTIAL_MATCHES",
    "attachment_document",
    "fetch_instrument",
    "validate_instrument",
]

#: How many instruments a partial match returns at most (the newest ones).
MAX_PARTIAL_MATCHES = 20

#: Messages pydantic builds from the input itself, replaced by what they mean.
_FIXED_MESSAGES = {
    "union_tag_invalid": "Value is not one of the kinds this field accepts.",
    "union_tag_not_found": "Value does not say which kind it is.",
}


def attachment_document(status: int, body: bytes) -> dict[str, Any] | None:
    """The JSON object an attachment download holds, None when it holds something else.

    A refused or failed download (any status but 200) is SLIMS's failure: BackendError.
    """
    if status != 200:
        raise BackendError.status(status, f"SLIMS answered {status} to an attachment download")
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    return document if isinstance(document, dict) else None


def fetch_instrument(
    client: SlimsClient, instrument_id: str, partial_match: bool = False
) -> list[dict[str, Any]]:
    """The instrument documents stored for ``instrument_id`` (see the module notes).

    ``client`` is an ``aind_slims_api.SlimsClient``. [] when SLIMS has no such instrument or no
    attachment for it; BackendError when attachments exist but none is a JSON document.
    """
    if partial_match:
        records = client.fetch_models(
            SlimsInstrumentRdrc,
            contains("name", instrument_id),
            sort="-created_on",
            start=0,
            end=MAX_PARTIAL_MATCHES,
        )[:MAX_PARTIAL_MATCHES]
    else:
        records = client.fetch_models(
            SlimsInstrumentRdrc, name=instrument_id, sort="-created_on", start=0, end=1
        )[:1]
    documents: list[dict[str, Any]] = []
    unreadable = 0
    for record in records:
        if not record.name:
            continue
        attachments = client.fetch_attachments(
            record, equals("name", record.name), sort="-created_on", start=0, end=1
        )[:1]
        for attachment in attachments:
            response = client.fetch_attachment_content(attachment)
            document = attachment_document(response.status_code, response.content)
            if document is None:
                unreadable += 1
            else:
                documents.append(document)
    if unreadable and not documents:
        raise BackendError("SLIMS holds the instrument, but its attachment is not a JSON document")
    return documents


def validate_instrument(document: Any) -> tuple[bool, list[dict[str, Any]]]:
    """Whether ``document`` is a valid aind-data-schema 2.x ``Instrument``, and why not.

    Each error is ``{"loc": [...], "msg": "..."}``, without the input value pydantic would echo.
    Never raises.
    """
    if not isinstance(document, dict):
        return False, [{"loc": [], "msg": "The document is not a JSON object."}]
    try:
        with warnings.catch_warnings():
            # Deprecation notes about coordinate systems are not the caller's concern.
            warnings.simplefilter("ignore")
            Instrument.model_validate(document)
    except ValidationError as error:
        return False, [
            {
                "loc": [str(part) for part in detail["loc"]],
                "msg": _FIXED_MESSAGES.get(detail["type"], detail["msg"]),
            }
            for detail in error.errors(include_url=False, include_input=False)
        ]
    except (ValueError, TypeError) as error:
        # A validator that raised outside pydantic's wrapping: its class only, not its text.
        return False, [
            {"loc": [], "msg": f"The document could not be validated ({type(error).__name__})."}
        ]
    return True, []
