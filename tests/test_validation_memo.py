"""Each distinct document is validated once; its outcome is reused, never another's."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from aind_data_schema.core.subject import Subject

import resolvers.validation as validation
from datasources.snapshot import DEMO_SNAPSHOT
from resolvers.backends import Backends
from resolvers.validation import validate
from tests.conftest import graphql_client, run_query

_valid: dict[str, Any] = {}


@pytest.fixture(autouse=True)
async def demo_subject() -> None:
    """A valid ``Subject`` document, as the demo serves subject 650101."""
    if not _valid:
        async with graphql_client(Backends.from_snapshot(DEMO_SNAPSHOT)) as client:
            body = await run_query(client, '{ subject(subject_id: "650101") { json } }')
        _valid.update(body["data"]["subject"]["json"])


def _document(**changes: Any) -> dict[str, Any]:
    document = copy.deepcopy(_valid)
    document.update(changes)
    return document


def test_the_same_document_is_validated_once() -> None:
    first = validate(Subject, _document())
    again = validate(Subject, _document())  # equal, not the same object
    assert again is first
    assert first.valid


def test_key_order_does_not_matter_but_every_value_does() -> None:
    document = _document()
    reordered = dict(reversed(list(document.items())))
    assert validate(Subject, reordered) is validate(Subject, document)
    broken = _document(subject_id=None)
    outcome = validate(Subject, broken)
    assert not outcome.valid
    assert outcome is not validate(Subject, document)


def test_only_the_most_recent_outcomes_are_kept(monkeypatch: Any) -> None:
    monkeypatch.setattr(validation, "REMEMBERED", 2)
    first = validate(Subject, _document(notes="one"))
    validate(Subject, _document(notes="two"))
    validate(Subject, _document(notes="three"))
    assert len(validation._outcomes) <= 2
    assert validate(Subject, _document(notes="one")) is not first  # validated anew
