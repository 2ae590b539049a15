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
valid 2.x ``Instrument`` is the resolvers' question (``resolvers/validation.py``), answered as
for every other document, for a 200 or a 406.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from aind_slims_api.models import SlimsInstrumentRdrc
from slims.criteria import contains, equals

from datasources.errors import BackendError

if TYPE_CHECKING:
    from aind_slims_api import SlimsClient

__all__ = [
    "MAX_PARTIAL_MATCHES",
    "attachment_document",
    "fetch_instrument",
]

#: How many instruments a partial match returns at most (the newest ones).
MAX_PARTIAL_MATCHES = 20


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
