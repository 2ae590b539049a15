"""SmartSPIM imaging: mapping from library Records and dicts, fetching from a loopback SLIMS."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from datasources.slims.imaging import (
    ImagingRecords,
    SmartSpimImaging,
    fetch_imaging,
    imaging_from_metadata,
    map_imaging,
)
from tests.slims_records.records import criteria_sent, fields, record, records, slims

SUBJECT = "700001"


def test_a_result_with_everything_it_points_at() -> None:
    rows = records("imaging")
    imaging = map_imaging(
        ImagingRecords(
            subject_id=SUBJECT,
            result=rows[901],
            sample=rows[501],
            sop=rows[31],
            instrument=rows[51],
            orientation=rows[52],
            user=rows[41],
            order=rows[71],
        )
    )
    assert imaging == SmartSpimImaging(
        specimen_id="BRN00000501",
        subject_id=SUBJECT,
        protocol_name="Imaging cleared brains (test)",
        protocol_id="https://dx.doi.org/10.17504/protocols.io.example/v1",
        date_performed=datetime(2025, 3, 4, 18, 30, tzinfo=UTC),
        chamber_immersion_medium="Cargille Oil 1.5200",
        sample_immersion_medium="EasyIndex",
        chamber_refractive_index=1.5178,
        sample_refractive_index=1.5189,
        instrument_id="440_SmartSPIM9_20250101",
        experimenter_name="Imaging Person",
        z_direction="Superior to Inferior",
        y_direction="Anterior to Posterior",
        x_direction="Left to Right",
        imaging_channels=[
            "Laser = 488; Emission Filter = 525/45",
            "Laser = 639; Emission Filter = 667/30",
        ],
        stitching_channels="Laser = 639, Emission Filter = 667/30",
        ccf_registration_channels="Laser = 639, Emission Filter = 667/30",
        cell_segmentation_channels=[],
        notes="first pass",
    )
    dumped = imaging.model_dump(mode="json")
    assert dumped["date_performed"] == "2025-03-04T18:30:00Z"


def test_the_columns_aind_slims_api_reads_are_used_when_the_reference_ones_are_absent() -> None:
    rows = records("imaging")
    imaging = map_imaging(ImagingRecords(SUBJECT, rows[902], orientation=rows[53], user=rows[42]))
    assert imaging.sample_refractive_index == 1.557  # rslt_cf_sampleRefractiveIndex1
    assert imaging.experimenter_name == "Second Imager"  # rslt_cf_fk_surgeon -> User
    assert (imaging.z_direction, imaging.y_direction, imaging.x_direction) == (
        "Inferior to Superior",
        "Posterior to Anterior",
        "Right to Left",
    )
    # Rows that are missing leave their facts empty; what the result names itself stays.
    assert imaging.specimen_id is None
    assert imaging.protocol_id is None
    assert imaging.instrument_id == "440_SmartSPIM9_20250101"  # the foreign key's display value


def test_bad_values_become_none_instead_of_raising() -> None:
    result = record(
        {
            "pk": 1,
            "tableName": "Result",
            "columns": [
                {"name": "rslt_cf_datePerformed", "value": "not a date", "datatype": "DATE"},
                {"name": "rslt_cf_chamberRefractiveIndex", "value": "n/a"},
                {"name": "rslt_cf_sampleRefractiveIndex", "value": float("nan")},
                {"name": "rslt_cf_chamberImmersionMedium", "value": "   "},
                {"name": "rslt_cf_sampleImmersionMedium", "value": ["a list"]},
            ],
        }
    )
    imaging = map_imaging(ImagingRecords(SUBJECT, result))
    assert imaging == SmartSpimImaging(subject_id=SUBJECT)


def test_a_dict_from_the_library_operation() -> None:
    imaging = imaging_from_metadata(
        {
            "specimen_id": "BRN00000777",
            "subject_id": "700777",
            "protocol_name": None,
            "protocol_id": '<a href="https://example.org/p/1">p</a>',
            "date_performed": datetime(2025, 1, 2, 3, 4, tzinfo=UTC),
            "chamber_refractive_index": "1.52",
            "sample_refractive_index": None,
            "z_direction": "Superior to Inferior",
            "unexpected": "ignored",
        }
    )
    assert imaging.protocol_id == "https://example.org/p/1"
    assert imaging.chamber_refractive_index == 1.52
    assert imaging.date_performed == datetime(2025, 1, 2, 3, 4, tzinfo=UTC)
    assert imaging.z_direction == "Superior to Inferior"


def test_fetch_joins_the_subjects_rows_on_the_server() -> None:
    with slims("imaging") as (server, client):
        imaging = fetch_imaging(client, SUBJECT)
    assert [i.date_performed for i in imaging] == [
        datetime(2025, 6, 10, 9, 15, tzinfo=UTC),
        datetime(2025, 3, 4, 18, 30, tzinfo=UTC),
    ]
    newest, first = imaging
    assert {i.specimen_id for i in imaging} == {"BRN00000501"}
    assert {i.protocol_name for i in imaging} == {"Imaging cleared brains (test)"}
    assert first.experimenter_name == "Imaging Person"
    assert newest.experimenter_name == "Second Imager"
    assert first.imaging_channels == newest.imaging_channels != []
    # The other subject's sample, steps and result were never sent to us.
    assert server.served("Content") == [1]
    assert server.served("Result") == [2]
    assert "cntn_cf_parentBarcode" in fields(criteria_sent(server, "Content")[0])
    assert {"rslt_fk_experimentRunStep", "rslt_fk_content"} <= fields(
        criteria_sent(server, "Result")[0]
    )


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2025, 6, 1), None, [datetime(2025, 6, 10, 9, 15, tzinfo=UTC)]),
        (None, date(2025, 3, 4), [datetime(2025, 3, 4, 18, 30, tzinfo=UTC)]),
        (datetime(2025, 3, 4, 18, 31, tzinfo=UTC), datetime(2025, 6, 10, 9, 14), []),
    ],
)
def test_the_date_range_is_a_criterion_on_the_date_performed(
    start: date | None, end: date | None, expected: list[datetime]
) -> None:
    with slims("imaging") as (server, client):
        imaging = fetch_imaging(client, SUBJECT, start, end)
        sent = criteria_sent(server, "Result")
    assert [i.date_performed for i in imaging] == expected
    assert "rslt_cf_datePerformed" in fields(sent[0])


def test_an_unknown_subject_is_one_request_and_no_records() -> None:
    with slims("imaging") as (server, client):
        assert fetch_imaging(client, "799999") == []
        assert len(server.requests) == 1
