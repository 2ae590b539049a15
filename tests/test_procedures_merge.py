"""The procedures merge: de-duplication, perfusions, order, fiber names, status."""

from __future__ import annotations

from typing import Any

from datasources.records import ProcedureRecord
from datasources.result import Code, SourceResult
from resolvers.procedures import merge

ETHICS = "2109"


def surgery(
    day: str | None, *steps: dict[str, Any], experimenter: str = "Tester"
) -> dict[str, Any]:
    return {
        "object_type": "Surgery",
        "start_date": day,
        "experimenters": [experimenter],
        "ethics_review_id": ETHICS,
        "procedures": list(steps),
    }


def perfusion(*specimens: str) -> dict[str, Any]:
    return {"object_type": "Perfusion", "output_specimen_ids": list(specimens)}


def fiber(name: str) -> dict[str, Any]:
    return {
        "object_type": "Probe implant",
        "implanted_device": {"object_type": "Fiber probe", "name": name},
        "device_config": {"object_type": "Probe config", "device_name": name},
    }


def record(
    source: str, document: dict[str, Any], key: str | None = None, **extras: Any
) -> ProcedureRecord:
    return ProcedureRecord("700001", source, document, key, extras)


def answered(name: str, *records: ProcedureRecord) -> SourceResult[ProcedureRecord]:
    return SourceResult(name, Code.OK if records else Code.NOT_FOUND, records, ms=1.0)


def test_the_same_request_in_both_nsb_2023_lists_appears_once() -> None:
    archive = record("sharepoint.nsb2023", surgery("2024-01-02", experimenter="Old"), "nsb:42")
    present = record("sharepoint.nsb_present", surgery("2024-01-02", experimenter="New"), "nsb:42")
    other = record("sharepoint.nsb_present", surgery("2024-02-03"), "nsb:43")
    resolved = merge("700001", [answered("a", archive), answered("p", present, other)])
    assert resolved.value is not None
    items = resolved.value.document["subject_procedures"]
    assert [item["start_date"] for item in items] == ["2024-01-02", "2024-02-03"]
    assert items[0]["experimenters"] == ["New"]
    assert resolved.value.sources == ["sharepoint.nsb_present", "sharepoint.nsb_present"]


def test_one_perfusion_per_day_preferring_the_sheet() -> None:
    task = record("labtracks", surgery("2024-05-06", perfusion("700001")))
    row = record("smartsheet.perfusions", surgery("2024-05-06", perfusion("700001-a", "700001-b")))
    later = record("labtracks", surgery("2024-06-01", perfusion("700001")))
    resolved = merge("700001", [answered("labtracks", task, later), answered("sheet", row)])
    assert resolved.value is not None
    items = resolved.value.document["subject_procedures"]
    assert [i["procedures"][0]["output_specimen_ids"] for i in items] == [
        ["700001-a", "700001-b"],
        ["700001"],
    ]
    assert resolved.value.sources == ["smartsheet.perfusions", "labtracks"]


def test_one_retro_orbital_injection_per_day_preferring_the_request() -> None:
    injection = {"object_type": "Injection", "injection_materials": [], "dynamics": []}
    task = record("labtracks", surgery("2024-04-01", injection))
    request = record(
        "sharepoint.las2020",
        {
            "object_type": "Non surgical injection",
            "start_date": "2024-04-01",
            "ethics_review_id": ETHICS,
            "injections": [injection],
        },
    )
    other_day = record("labtracks", surgery("2024-04-09", injection))
    resolved = merge("700001", [answered("labtracks", task, other_day), answered("las", request)])
    assert resolved.value is not None
    assert resolved.value.sources == ["sharepoint.las2020", "labtracks"]


def test_procedures_are_ordered_by_date_undated_last() -> None:
    records = [
        record("labtracks", surgery(None, perfusion())),
        record("labtracks", surgery("2024-03-01", perfusion())),
        record("labtracks", surgery("2023-12-31", perfusion())),
    ]
    resolved = merge("700001", [answered("labtracks", *records)])
    assert resolved.value is not None
    dates = [i.get("start_date") for i in resolved.value.document["subject_procedures"]]
    assert dates == ["2023-12-31", "2024-03-01", None]


def test_fiber_names_are_unique_across_the_subject() -> None:
    first = record("sharepoint.nsb2019", surgery("2024-01-01", fiber("Fiber_0"), fiber("Fiber_1")))
    measured = [{"fiber_name": "Fiber_0", "intended_measurement_G": "dopamine"}]
    second = record(
        "sharepoint.nsb2023",
        surgery("2024-02-01", fiber("Fiber_0")),
        intended_measurements=measured,
    )
    resolved = merge("700001", [answered("x", second, first)])
    assert resolved.value is not None
    # The measurement follows its fiber to its subject-wide name.
    assert resolved.value.intended_measurements == [
        {"fiber_name": "Fiber_2", "intended_measurement_G": "dopamine"}
    ]
    steps = [s for i in resolved.value.document["subject_procedures"] for s in i["procedures"]]
    assert [s["implanted_device"]["name"] for s in steps] == ["Fiber_0", "Fiber_1", "Fiber_2"]
    assert [s["device_config"]["device_name"] for s in steps] == ["Fiber_0", "Fiber_1", "Fiber_2"]


def test_status_codes() -> None:
    valid = record("labtracks", surgery("2024-05-06", perfusion("700001")))
    failed: SourceResult[ProcedureRecord] = SourceResult(
        "sharepoint.nsb2019", Code.UNAVAILABLE, message="timed out"
    )
    absent: SourceResult[ProcedureRecord] = SourceResult.not_configured("smartsheet.perfusions")

    ok = merge("700001", [answered("labtracks", valid), absent])
    assert ok.status.code == Code.OK  # an unconfigured backend does not make it partial

    partial = merge("700001", [answered("labtracks", valid), failed])
    assert partial.status.code == Code.PARTIAL
    assert partial.value is not None
    assert "sharepoint.nsb2019" in partial.status.message

    nothing = merge("700001", [answered("labtracks"), absent])
    assert nothing.status.code == Code.NOT_FOUND
    assert nothing.value is None

    unknown = merge("700001", [answered("labtracks"), failed])
    assert unknown.status.code == Code.UNAVAILABLE  # cannot say "none" while a source failed

    unconfigured = merge("700001", [absent])
    assert unconfigured.status.code == Code.UNAVAILABLE

    broken = record("labtracks", surgery("2024-05-06", perfusion()) | {"ethics_review_id": None})
    del broken.document["start_date"]
    invalid = merge("700001", [answered("labtracks", broken)])
    assert invalid.status.code == Code.INVALID
    assert invalid.value is not None  # the data is still returned
    assert any("start_date" in e["loc"] for e in invalid.status.validation_errors)


def test_validation_messages_do_not_echo_values() -> None:
    from aind_data_schema.core.data_description import Funding

    from resolvers.validation import validate

    secret_name = "Private Donor 4f2a"
    doc = {"funder": {"name": secret_name, "abbreviation": None}, "grant_number": "G-1"}
    validated = validate(Funding, doc)
    assert not validated.valid
    assert secret_name not in str(validated.errors)
    assert all(len(error["msg"]) < 200 for error in validated.errors)
