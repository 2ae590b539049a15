"""Validation errors a person can read: the branch the document names, clean locations, values
only when safe. Against aind-data-schema's own models, and on the demo snapshot end to end."""

from __future__ import annotations

import datetime
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from aind_data_schema.components.surgery_procedures import ProbeImplant
from aind_data_schema.core.subject import Subject
from pydantic import BaseModel

from datasources.snapshot import DEMO_SNAPSHOT
from resolvers.backends import Backends
from resolvers.validation import validate
from tests.conftest import graphql_client, run_query

FIBER = {
    "object_type": "Fiber probe",
    "name": "Fiber_0",
    "core_diameter": None,
    "core_diameter_unit": "micrometer",
    "numerical_aperture": None,
    "total_length": None,
    "length_unit": "millimeter",
}

#: Words only pydantic's own reporting would put in a location.
PYDANTIC_WORDS = ("function-", "EphysProbe", "FiberProbe", "Mouse subject", "[", "Surgery")


def implant(device: Any) -> dict[str, Any]:
    return {"object_type": "Probe implant", "implanted_device": device, "device_config": None}


def mouse(**details: Any) -> dict[str, Any]:
    return {"subject_id": "1", "subject_details": {"object_type": "Mouse subject", **details}}


def errors_at(errors: tuple[dict[str, Any], ...], *loc: str | int) -> list[str]:
    return [error["msg"] for error in errors if error["loc"] == list(loc)]


def assert_readable(errors: Any) -> None:
    for error in errors:
        assert set(error) >= {"loc", "msg"}
        for part in error["loc"]:
            assert isinstance(part, int) or not any(w in part for w in PYDANTIC_WORDS), error


def test_a_fiber_is_reported_as_a_fiber_only() -> None:
    checked = validate(ProbeImplant, implant(FIBER))
    device = [e for e in checked.errors if e["loc"][0] == "implanted_device"]
    assert device == [
        {"loc": ["implanted_device", "core_diameter"], "msg": "missing"},
        {"loc": ["implanted_device", "numerical_aperture"], "msg": "missing"},
        {"loc": ["implanted_device", "total_length"], "msg": "missing"},
    ]
    assert_readable(checked.errors)
    # The document is returned as the record says (aind-data-schema rewrites the object_type
    # of what it validates while trying each kind of device).
    assert checked.document["implanted_device"]["object_type"] == "Fiber probe"


def test_an_ephys_probe_is_reported_as_an_ephys_probe_only() -> None:
    probe = {"object_type": "Ephys probe", "name": "A", "probe_model": "Neuropixels 9.0"}
    checked = validate(ProbeImplant, implant(probe))
    [message] = errors_at(checked.errors, "implanted_device", "probe_model")
    assert message.startswith("Input should be 'Michigan uLED Probe (Version 1)'")
    assert message.endswith(" (was 'Neuropixels 9.0')")
    assert not [e for e in checked.errors if e["loc"][-1] in ("core_diameter", "total_length")]
    assert checked.document["implanted_device"]["object_type"] == "Ephys probe"


def test_a_kind_the_field_does_not_accept_is_one_error_naming_the_kinds() -> None:
    checked = validate(ProbeImplant, implant({**FIBER, "object_type": "Laser probe"}))
    assert errors_at(checked.errors, "implanted_device") == [
        "Value is not one of the kinds this field accepts ('Ephys probe', 'Fiber probe')."
    ]
    assert [e for e in checked.errors if e["loc"][0] == "implanted_device"] == [
        {
            "loc": ["implanted_device"],
            "msg": errors_at(checked.errors, "implanted_device")[0],
        }
    ]


def test_null_and_absent_values_are_missing() -> None:
    checked = validate(ProbeImplant, implant(None))
    assert errors_at(checked.errors, "implanted_device") == ["missing"]
    assert errors_at(checked.errors, "device_config") == ["missing"]
    absent = validate(Subject, mouse(sex="Female", date_of_birth="2024-01-01"))
    assert errors_at(absent.errors, "subject_details", "genotype") == ["missing"]
    assert_readable(absent.errors)


def test_an_enum_names_the_accepted_values_and_the_value_given() -> None:
    checked = validate(Subject, mouse(sex="F"))
    assert errors_at(checked.errors, "subject_details", "sex") == [
        "Input should be 'Female' or 'Male' (was 'F')"
    ]
    assert errors_at(validate(Subject, mouse(sex=None)).errors, "subject_details", "sex") == [
        "missing"
    ]


def test_numbers_are_shown_but_free_text_and_secrets_never() -> None:
    secret = "sk_live_9f8e7d6c5b4a3f2e1d0c"
    sentence = "Ask Dr. Jane Example at extension 4411 before using"
    checked = validate(
        Subject,
        mouse(sex=sentence, date_of_birth=secret, genotype=5, strain=secret),
    )
    text = json.dumps(checked.errors)
    assert secret not in text
    assert "Jane" not in text
    assert errors_at(checked.errors, "subject_details", "sex") == [
        "Input should be 'Female' or 'Male'"
    ]
    assert errors_at(checked.errors, "subject_details", "genotype") == [
        "Input should be a valid string (was 5)"
    ]
    # A short string is not echoed either when the check is not a choice from a list.
    wrong_type = validate(Subject, mouse(sex="Female", date_of_birth="hunter2"))
    assert "hunter2" not in json.dumps(wrong_type.errors)


def test_list_indexes_are_numbers_and_tags_are_not_locations() -> None:
    document = {
        "subject_id": "1",
        "subject_procedures": [
            {
                "object_type": "Surgery",
                "start_date": "2024-01-02",
                "experimenters": ["Someone"],
                "ethics_review_id": "2115",
                "procedures": [
                    {
                        "object_type": "Headframe",
                        "headframe_type": "A",
                        "headframe_part_number": "1",
                    },
                    {"object_type": "Injection", "injection_materials": [], "dynamics": []},
                ],
            }
        ],
    }
    from aind_data_schema.core.procedures import Procedures

    checked = validate(Procedures, document)
    assert_readable(checked.errors)
    materials = errors_at(
        checked.errors, "subject_procedures", 0, "procedures", 1, "injection_materials"
    )
    assert materials == ["missing (empty; at least 1 required)"]


def test_a_check_of_the_whole_node_speaks_for_itself() -> None:
    checked = validate(ProbeImplant, implant(FIBER))
    assert all(
        not e["msg"].startswith(("Assertion failed", "Value error")) for e in checked.errors
    )


# The demo snapshot end to end: every 406 on it reads without pydantic.


@pytest.fixture
async def demo() -> AsyncIterator[httpx.AsyncClient]:
    async with graphql_client(Backends.from_snapshot(DEMO_SNAPSHOT)) as client:
        yield client


EVERYTHING = """query($id: String!) {
  subject(subject_id: $id) { subject_id }
  procedures(subject_id: $id) {
    subject_procedures { ... on Surgery { procedures { __typename object_type } } }
  }
  sessions(subject_id: $id) { json }
  water_restriction(subject_id: $id) { json }
  histology(subject_id: $id) { json }
}"""


async def test_the_fiber_implant_406_names_only_what_a_fiber_lacks(
    demo: httpx.AsyncClient,
) -> None:
    body = await run_query(demo, EVERYTHING, {"id": "650104"})
    status = body["extensions"]["status"]["procedures"]
    assert status["code"] == 406
    device = [e for e in status["validation_errors"] if "implanted_device" in e["loc"]]
    assert [e["loc"][-1] for e in device] == [
        "core_diameter",
        "numerical_aperture",
        "total_length",
    ]
    assert {e["msg"] for e in device} == {"missing"}
    assert device[0]["loc"] == [
        "subject_procedures",
        0,
        "procedures",
        1,
        "implanted_device",
        "core_diameter",
    ]
    assert "probe_model" not in json.dumps(status)


async def test_an_injection_without_materials_stays_an_injection(
    demo: httpx.AsyncClient,
) -> None:
    body = await run_query(demo, EVERYTHING, {"id": "650102"})
    [surgery] = body["data"]["procedures"]["subject_procedures"]
    assert surgery["procedures"] == [{"__typename": "Injection", "object_type": "Injection"}]
    status = body["extensions"]["status"]["procedures"]
    assert status["code"] == 406
    assert status["validation_errors"] == [
        {
            "loc": ["subject_procedures", 0, "procedures", 0, "injection_materials"],
            "msg": "missing (empty; at least 1 required)",
        }
    ]


@pytest.mark.parametrize("subject_id", [f"6501{n:02}" for n in range(1, 25)])
async def test_every_demo_406_reads_without_pydantic(
    demo: httpx.AsyncClient, subject_id: str
) -> None:
    body = await run_query(demo, EVERYTHING, {"id": subject_id})
    for status in body["extensions"]["status"].values():
        assert_readable(status.get("validation_errors", []))
        for error in status.get("validation_errors", []):
            assert not error["msg"].startswith(("Field required", "Assertion failed"))


async def test_a_subject_without_sex_says_missing(demo: httpx.AsyncClient) -> None:
    body = await run_query(demo, EVERYTHING, {"id": "650121"})
    status = body["extensions"]["status"]["subject"]
    assert status["validation_errors"] == [{"loc": ["subject_details", "sex"], "msg": "missing"}]


PATHS = """{
  p: procedures(subject_id: "650104") {
    subject_procedures {
      ... on Surgery { procedures { ... on ProbeImplant { implanted_device } } }
    }
  }
  invalid: subject(subject_id: "650121") { subject_details { ... on MouseSubject { sex } } }
  subjects(subject_ids: ["650101", "650121"]) { subject_details { whole: json } }
  unselected: subject(subject_id: "650121") { subject_id }
}"""


async def test_errors_name_their_response_path_when_the_query_selects_the_node(
    demo: httpx.AsyncClient,
) -> None:
    status = (await run_query(demo, PATHS))["extensions"]["status"]
    core = next(e for e in status["p"]["validation_errors"] if e["loc"][-1] == "core_diameter")
    assert core["path"] == [
        *("p", "subject_procedures", 0, "procedures", 1, "implanted_device", "core_diameter")
    ]
    # device_config is not selected: no path, the document location only.
    [config] = [e for e in status["p"]["validation_errors"] if "device_config" in e["loc"]]
    assert "path" not in config
    [sex] = status["invalid"]["validation_errors"]
    assert sex["path"] == ["invalid", "subject_details", "sex"]
    # A node the query only has as a whole document: the path goes through its json.
    [item] = status["subjects.1"]["validation_errors"]
    assert item["path"] == ["subjects", 1, "subject_details", "whole", "sex"]
    [unselected] = status["unselected"]["validation_errors"]
    assert unselected == {"loc": ["subject_details", "sex"], "msg": "missing"}


class _Timed(BaseModel):
    at: datetime.datetime | datetime.date


def test_a_value_of_none_of_several_plain_types_says_what_each_wants() -> None:
    checked = validate(_Timed, {"at": "next week"})
    assert [e["loc"] for e in checked.errors] == [["at"], ["at"]]
    assert all(e["msg"].startswith("Input should be a valid date") for e in checked.errors)
    assert "next week" not in json.dumps(checked.errors)
    assert validate(_Timed, {"at": None}).errors == ({"loc": ["at"], "msg": "missing"},)
