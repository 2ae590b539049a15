"""The fidelity report: it finds losses when there are some, and finds none in the reference.

The first tests build both sides by hand (a 1.x output as 0.24 wrote it, and this service's
mapping of a synthetic request), so they run everywhere; the last one walks the shared
reference records and skips with a reason when they are absent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from datasources.sharepoint.nsb2019.mapping import map_item as map_nsb2019
from fidelity.__main__ import main
from fidelity.compare import compare_procedures
from fidelity.facts import Fact, Found, Outcome, classify
from fidelity.report import check, render, run

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference"


def _old_injection(**facts: Any) -> dict[str, Any]:
    return {"procedure_type": "Iontophoresis injection", "injection_volume_unit": "nl", **facts}


def _old_surgery(*procedures: dict[str, Any], **facts: Any) -> dict[str, Any]:
    return {"procedure_type": "Surgery", "procedures": list(procedures), **facts}


# An NSB 2019 request whose second site is iontophoresis with "NA" as its round, and what
# 0.24 made of it (1.x shape, written here by hand from its rules).
REQUEST = {
    "Id": 9301,
    "LabTracks_x0020_ID": "700301",
    "IACUC_x0020_Protocol_x0020__x002": "2115",
    "Procedure": "HP+Injection+Optic Fiber Implant",
    "Date_x0020_of_x0020_Surgery": "2022-05-10T07:00:00Z",
    "Inj1Type": "Nanoject (Pressure)",
    "Inj1Round": "1st",
    "Virus_x0020_A_x002f_P": "-1.2",
    "Virus_x0020_M_x002f_L": "-1.1",
    "Virus_x0020_D_x002f_V": "4.6",
    "Virus_x0020_Hemisphere": "Left",
    "Date1stInjection": "2022-05-10T07:00:00Z",
    "Inj2Type": "Iontophoresis",
    "Inj2Round": "NA",
    "AP2ndInj": "-3.1",
    "ML2ndInj": "1.4",
    "DV2ndInj": "3.2",
    "Hemisphere2ndInj": "Right",
    "Inj2Current": "5 uA",
    "Inj2AlternatingTime": "7/7",
    "FiberImplant2": True,
    "FiberImplant2DV": "3.0",
}
OLD = [
    _old_surgery(
        _old_injection(
            injection_coordinate_ap="-1.2",
            injection_coordinate_ml="-1.1",
            injection_coordinate_depth=["4.6"],
            injection_hemisphere="Left",
        ),
        start_date="2022-05-10",
        iacuc_protocol="2115",
    ),
    _old_surgery(
        _old_injection(
            injection_coordinate_ap="-3.1",
            injection_coordinate_ml="1.4",
            injection_coordinate_depth=["3.2"],
            injection_hemisphere="Right",
            injection_current="5",
            alternating_current="7/7",
        ),
        iacuc_protocol="2115",
    ),
]


def test_the_second_iontophoresis_site_keeps_every_fact() -> None:
    records = map_nsb2019(REQUEST, "700301")
    report = compare_procedures("held-out", OLD, [r.document for r in records])
    assert report.fewer() == {}
    assert report.old_counts["injection"] == report.new_counts["injection"] == 2
    assert [m for m in report.misses if m.outcome is Outcome.LOST] == []
    assert report.outcomes[Outcome.KEPT] >= 10


def test_a_dropped_injection_is_a_lower_count_and_lost_facts() -> None:
    """What the report exists for: the second injection gone, as before the fix."""
    without_second = REQUEST | {"Inj2Type": None}
    records = map_nsb2019(without_second, "700301")
    report = compare_procedures("dropped", OLD, [r.document for r in records])
    assert report.fewer() == {"injection": (2, 1)}
    lost = {str(m.fact) for m in report.misses if m.outcome is Outcome.LOST}
    assert "injection_current='5'" in lost
    results = {"nsb2019": [report]}
    problems = check(results)
    assert "nsb2019 dropped: 1 injection(s), 0.24 had 2" in problems
    assert "lost" in render(results, misses=True)


@pytest.mark.parametrize(
    ("fact", "new", "outcome"),
    [
        (Fact("injection_coordinate_ap", "-1.5"), [{"x": -1.5}], Outcome.KEPT),
        (Fact("injection_coordinate_ml", "-1.5"), [{"x": 1.5}], Outcome.NORMALISED),
        (Fact("injection_coordinate_ap", "-1.5"), [{"x": 2.5}], Outcome.LOST),
        (Fact("alternating_current", "7/7"), [{"x": "7s on/7s off"}], Outcome.NORMALISED),
        (Fact("instrument_id", "Ionto #1"), [{}], Outcome.REMOVED),
        (Fact("experimenter_full_name", "NSB"), [{"e": ["NSB-12"]}], Outcome.NORMALISED),
        (Fact("experimenter_full_name", "NSB"), [{"e": ["LAS-12"]}], Outcome.LOST),
        (Fact("workstation_id", "SWS 4"), [{"w": "sws 4"}], Outcome.KEPT),
    ],
)
def test_classification(fact: Fact, new: list[dict[str, Any]], outcome: Outcome) -> None:
    assert classify(fact, Found.of(*new))[0] is outcome


def test_the_reference_records_keep_every_fact() -> None:
    if not (REFERENCE / "sharepoint").is_dir():
        pytest.skip(f"reference records not available at {REFERENCE} (outside the repository)")
    results = run(REFERENCE)
    assert check(results) == []
    assert len(results["nsb2019"]) >= 8
    assert len(results["nsb2023"]) >= 11
    assert results["smartsheet"]
    assert results["tars"]
    assert main([str(REFERENCE)]) == 0


def test_the_command_names_a_missing_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main([str(tmp_path)])
    assert exited.value.code == 2
    assert "holds no sharepoint/ folder" in capsys.readouterr().err
