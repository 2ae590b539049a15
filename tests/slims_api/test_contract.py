"""The SLIMS types against their models, as tests/test_schema_contract.py checks the others
(they belong in its MIRRORS too)."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from graphql_service.types import session, slims_records
from tests.test_schema_contract import graphql_fields

MIRRORS = [
    session.Session,
    session.StimulusEpoch,
    session.AcquisitionSubjectDetails,
    slims_records.Instrument,
    slims_records.SmartSpimImaging,
    slims_records.ViralInjection,
    slims_records.SlimsViralMaterial,
]


@pytest.mark.parametrize("cls", MIRRORS, ids=lambda cls: cls.__name__)
def test_every_model_field_is_mapped_or_left_to_json(cls: type) -> None:
    model: type[BaseModel] = cls.MODEL  # type: ignore[attr-defined]
    left_to_json: frozenset[str] = cls.JSON_ONLY  # type: ignore[attr-defined]
    exposed = graphql_fields(cls)
    assert not set(model.model_fields) - exposed - left_to_json
    assert "json" in exposed
    assert not exposed & left_to_json
    assert not exposed - set(model.model_fields) - {"json"}


def test_session_description_says_it_is_an_acquisition() -> None:
    description = session.Session.__strawberry_definition__.description  # type: ignore[attr-defined]
    assert description is not None
    assert "aind-data-schema 2.x `Acquisition`" in description
