"""Snapshot mode: ``<dir>/smartsheet/<sheet>.json`` replayed through the real client."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aind_data_schema.components.subject_procedures import Surgery
from pydantic import ValidationError

from datasources.result import Code
from datasources.smartsheet import SmartsheetSource
from datasources.snapshot import DEMO_SNAPSHOT
from tests.servers.smartsheet import sheet
from tests.smartsheet.conftest import perfusions_sheet

DEMO_IDS = [str(i) for i in range(650101, 650125)]


@pytest.fixture
async def demo() -> AsyncIterator[SmartsheetSource]:
    source = SmartsheetSource.from_snapshot(DEMO_SNAPSHOT)
    assert source is not None
    yield source
    await source.aclose()


def write(directory: Path, name: str, body: object) -> Path:
    folder = directory / "smartsheet"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_text(body if isinstance(body, str) else json.dumps(body))
    return path


def is_valid(document: dict[str, object]) -> bool:
    try:
        Surgery.model_validate(document)
    except ValidationError:
        return False
    return True


async def test_demo_perfusions(demo: SmartsheetSource) -> None:
    result = await demo.perfusions(DEMO_IDS)

    assert result.code == Code.OK
    by_subject = {record.subject_id: record for record in result.records}
    assert sorted(by_subject) == ["650101", "650107", "650111", "650116", "650119"]
    for subject_id in ("650101", "650107", "650111", "650116"):
        assert is_valid(by_subject[subject_id].document), subject_id
    assert by_subject["650111"].document["procedures"][0]["output_specimen_ids"] == [
        "650111_001",
        "650111_002",
    ]
    # Deliberately without a date: returned, but it fails validation.
    assert by_subject["650119"].document["start_date"] is None
    assert not is_valid(by_subject["650119"].document)


@pytest.mark.parametrize("name", ["perfusions", "funding", "protocols"])
async def test_demo_sheets_parse_cleanly(demo: SmartsheetSource, name: str) -> None:
    result = await demo.sheet(name)

    (parsed,) = result.records
    assert parsed.problems == ()
    assert parsed.blank_rows == 1
    assert (await demo.ping()).code == Code.OK


async def test_a_written_snapshot_maps_like_the_live_sheet(tmp_path: Path) -> None:
    write(tmp_path, "perfusions", perfusions_sheet())
    source = SmartsheetSource.from_snapshot(tmp_path)
    assert source is not None
    try:
        result = await source.perfusions(["700201", "700203"])
    finally:
        await source.aclose()

    assert [record.subject_id for record in result.records] == ["700201", "700203"]
    assert result.records[0].document["ethics_review_id"] == "2304"


async def test_each_sheet_file_is_optional(tmp_path: Path) -> None:
    write(tmp_path, "funding", sheet(["Project Name"], [["Synthetic project"]]))
    source = SmartsheetSource.from_snapshot(tmp_path)
    assert source is not None
    try:
        funding = await source.sheet("funding")
        perfusions = await source.perfusions(["700201"])
    finally:
        await source.aclose()

    assert funding.records[0].rows[0].text("Project Name") == "Synthetic project"
    assert (perfusions.code, perfusions.configured) == (Code.UNAVAILABLE, False)


def test_no_sheet_files_means_no_smartsheet(tmp_path: Path) -> None:
    assert SmartsheetSource.from_snapshot(tmp_path) is None
    (tmp_path / "smartsheet").mkdir()
    assert SmartsheetSource.from_snapshot(tmp_path) is None


@pytest.mark.parametrize("content", ["{not json", "[1, 2]"])
def test_a_broken_sheet_file_stops_startup_naming_it(tmp_path: Path, content: str) -> None:
    path = write(tmp_path, "perfusions", content)

    with pytest.raises(ValueError, match=str(path)):
        SmartsheetSource.from_snapshot(tmp_path)
