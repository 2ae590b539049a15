"""The GraphQL layer against aind-data-schema and against the checked-in schema.graphql."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from graphql_service.cli import main, schema_sdl
from graphql_service.schema import build_schema
from graphql_service.types import (
    common,
    funding,
    materials,
    procedures,
    session,
    slims_records,
    specimen,
    subject,
    surgery,
)

ROOT = Path(__file__).resolve().parents[1]

MIRRORS = [
    subject.Subject,
    subject.MouseSubject,
    subject.HumanSubject,
    subject.NonHumanPrimateSubject,
    subject.CalibrationObject,
    subject.BreedingInfo,
    subject.Housing,
    subject.LightCycle,
    subject.WellnessReport,
    common.Organization,
    common.Species,
    common.Strain,
    common.PIDName,
    materials.TarsVirusIdentifiers,
    materials.ViralMaterial,
    materials.NonViralMaterial,
    materials.InjectionDynamics,
    surgery.Anaesthetic,
    surgery.Craniotomy,
    surgery.Headframe,
    surgery.BrainInjection,
    surgery.Injection,
    surgery.ProbeImplant,
    surgery.Perfusion,
    surgery.GenericSurgeryProcedure,
    procedures.Surgery,
    procedures.NonSurgicalInjection,
    procedures.GenericSubjectProcedure,
    procedures.TrainingProtocol,
    procedures.WaterRestriction,
    procedures.Procedures,
    funding.Person,
    funding.Funding,
    funding.ProtocolInformation,
    specimen.SpecimenProcedure,
    session.Session,
    session.StimulusEpoch,
    session.AcquisitionSubjectDetails,
    slims_records.SmartSpimImaging,
    slims_records.ViralInjection,
    slims_records.SlimsViralMaterial,
    slims_records.Instrument,
]


SCHEMA = build_schema()


def graphql_fields(cls: type) -> set[str]:
    """The type's fields in the schema that mirror the model: not resolved ones (such as
    ``Subject.procedures``), and private attributes are not in the schema at all."""
    definition = cls.__strawberry_definition__  # type: ignore[attr-defined]
    resolved = {f.python_name for f in definition.fields if f.base_resolver is not None}
    graphql_type = SCHEMA._schema.get_type(definition.name)  # graphql-core's view of the SDL
    assert graphql_type is not None, f"{definition.name} is not in the schema"
    return set(graphql_type.fields) - resolved  # type: ignore[attr-defined]


@pytest.mark.parametrize("cls", MIRRORS, ids=lambda cls: cls.__name__)
def test_every_model_field_is_mapped_or_left_to_json(cls: type) -> None:
    """A new aind-data-schema field fails here until someone maps it or leaves it to json."""
    model: type[BaseModel] = cls.MODEL  # type: ignore[attr-defined]
    left_to_json: frozenset[str] = cls.JSON_ONLY  # type: ignore[attr-defined]
    exposed = graphql_fields(cls)
    undecided = set(model.model_fields) - exposed - left_to_json
    assert not undecided, f"{model.__name__} fields neither mapped nor left to json: {undecided}"
    assert "json" in exposed
    both = exposed & left_to_json
    assert not both, f"{cls.__name__} both maps and leaves to json: {both}"
    extras: frozenset[str] = cls.EXTRAS  # type: ignore[attr-defined]
    unknown = exposed - set(model.model_fields) - {"json"} - extras
    assert not unknown, f"{cls.__name__} exposes fields {model.__name__} does not have: {unknown}"


def test_field_names_are_snake_case_and_described() -> None:
    sdl = schema_sdl()
    assert "subject_details" in sdl
    assert "subjectDetails" not in sdl
    assert '"""Genotype of the animal providing both alleles"""' in sdl


def test_kinds_of_a_document_are_interfaces() -> None:
    """Shared fields (``json`` above all) are asked for without a fragment per kind."""
    sdl = schema_sdl()
    assert "union " not in sdl
    for interface, shared in [
        ("InjectionMaterial", ("object_type", "name", "json")),
        ("SurgeryProcedure", ("object_type", "protocol_id", "json")),
        ("SubjectProcedure", ("object_type", "source", "start_date", "json")),
        ("SubjectDetails", ("object_type", "json")),
    ]:
        assert f"interface {interface} {{" in sdl
        graphql_type: Any = SCHEMA._schema.get_type(interface)
        assert set(shared) == set(graphql_type.fields)
    assert "type ViralMaterial implements InjectionMaterial {" in sdl
    assert "type NonViralMaterial implements InjectionMaterial {" in sdl
    assert "type OtherSurgeryProcedure implements SurgeryProcedure {" in sdl


def test_checked_in_schema_matches_the_code() -> None:
    assert (ROOT / "schema.graphql").read_text() == schema_sdl()


def test_export_schema_check_fails_on_a_hand_edit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edited = tmp_path / "schema.graphql"
    edited.write_text(schema_sdl().replace("subject_id: String!", "subject_id: Int!", 1))
    assert main(["export-schema", "--check", str(edited)]) == 1
    assert "differs from the code" in capsys.readouterr().out
    edited.write_text(schema_sdl())
    assert main(["export-schema", "--check", str(edited)]) == 0


def test_export_schema_writes_the_sdl(tmp_path: Path) -> None:
    output = tmp_path / "out.graphql"
    completed = subprocess.run(
        [sys.executable, "-m", "graphql_service.cli", "export-schema", "--output", str(output)],
        check=True,
        cwd=tmp_path,
    )
    assert completed.returncode == 0
    assert output.read_text() == schema_sdl()
