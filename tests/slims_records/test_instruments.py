"""Instrument documents: fetched from a loopback SLIMS's attachments, validated as 2.x."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aind_data_schema.core.instrument import Instrument

from datasources.errors import BackendError
from datasources.slims.instruments import (
    attachment_document,
    fetch_instrument,
)
from resolvers.validation import validate
from tests.slims_records.records import DATA, criteria_sent, fields, slims

VALID: dict[str, Any] = json.loads((DATA / "instrument_v2.json").read_text(encoding="utf-8"))
DRAFT = {**VALID, "notes": "an older draft"}
OLD_SCHEMA = {
    "describedBy": "https://example.org/instrument.py",
    "schema_version": "0.10.0",
    "instrument_id": "440_SmartSPIM9_20240101",
    "modification_date": "2024-01-01",
    "instrument_type": "SmartSPIM",
    "manufacturer": {"name": "LifeCanvas"},
}
RIG = {
    "schema_version": "1.1.1",
    "rig_id": "323_EPHYS9_20250205",
    "modification_date": "2025-02-05",
}
CONTENTS = {
    3001: json.dumps(VALID).encode(),
    3002: json.dumps(DRAFT).encode(),
    3003: json.dumps(OLD_SCHEMA).encode(),
    3004: json.dumps(RIG).encode(),
    3005: b"\x89PNG\r\n\x1a\n",
    3006: b"not json",
}


def test_exact_match_is_the_newest_attachment_named_as_the_instrument() -> None:
    with slims("instruments", CONTENTS) as (server, client):
        documents = fetch_instrument(client, "440_SmartSPIM9_20250101")
        sent = criteria_sent(server, "ReferenceDataRecord")
    assert documents == [VALID]
    assert {"rdrc_name", "rdty_name"} <= fields(sent[0])
    assert validate(Instrument, documents[0]).errors == ()


def test_partial_match_takes_each_matching_instrument_of_the_instrument_type() -> None:
    with slims("instruments", CONTENTS) as (server, client):
        documents = fetch_instrument(client, "smartspim9", partial_match=True)
        sent = criteria_sent(server, "ReferenceDataRecord")
    # Newest instrument first; the orientation record whose name matches is not an instrument.
    assert documents == [VALID, OLD_SCHEMA]
    assert sent[0]["criteria"][0]["operator"] == "iContains"


def test_rigs_are_instruments_too() -> None:
    with slims("instruments", CONTENTS) as (_, client):
        documents = fetch_instrument(client, "323_EPHYS9_20250205")
    assert documents == [RIG]
    outcome = validate(Instrument, RIG)
    assert not outcome.valid
    assert {"loc": ["components"], "msg": "missing"} in outcome.errors


def test_unknown_instrument_is_empty() -> None:
    with slims("instruments", CONTENTS) as (_, client):
        assert fetch_instrument(client, "no_such_instrument") == []
        assert fetch_instrument(client, "no_such", partial_match=True) == []


def test_an_attachment_that_is_not_json_is_a_backend_error() -> None:
    with slims("instruments", CONTENTS) as (_, client), pytest.raises(BackendError):
        fetch_instrument(client, "999_BROKEN9")


def test_a_refused_download_is_a_backend_error() -> None:
    with slims("instruments", {}) as (_, client), pytest.raises(BackendError) as raised:
        fetch_instrument(client, "440_SmartSPIM9_20250101")
    assert raised.value.kind == "http_status"
    with pytest.raises(BackendError) as transient:
        attachment_document(503, b"")
    assert transient.value.transient


def test_attachment_document_reads_json_objects_only() -> None:
    assert attachment_document(200, b'{"a": 1}') == {"a": 1}
    assert attachment_document(200, b"[1, 2]") is None
    assert attachment_document(200, b"\xff\xfe") is None


def test_validation_errors_have_locations_and_messages_but_no_values() -> None:
    secret = "value-that-must-not-leak"
    outcome = validate(Instrument, {**OLD_SCHEMA, "instrument_id": 5, "notes": [secret]})
    assert not outcome.valid
    errors = outcome.errors
    assert errors
    assert all(set(error) == {"loc", "msg"} for error in errors)
    assert all(isinstance(part, str | int) for error in errors for part in error["loc"])
    assert {"loc": ["instrument_type"], "msg": "Not a field of this kind of node."} in errors
    assert secret not in json.dumps(errors)
