"""Protocols sheet rows to ProtocolInformation, found by protocol name or procedure kind."""

from __future__ import annotations

from typing import Any

import pytest

from datasources.cache import MemoryCache
from datasources.result import Code
from datasources.smartsheet import SmartsheetSource, parse_sheet
from datasources.smartsheet.protocols import (
    CRANIOTOMY,
    FIBER_IMPLANT,
    HEADFRAME,
    INJECTION_IONTOPHORESIS,
    INJECTION_NANOJECT,
    PERFUSION,
    PROCEDURE_KINDS,
    RETRO_ORBITAL_INJECTION,
    SURGERY,
    ProtocolInformation,
    ProtocolsSheetError,
    normalise_doi,
    procedure_kind,
    protocol_for_procedure,
    protocol_problems,
    protocols_named,
    read_protocols,
)
from datasources.snapshot import DEMO_SNAPSHOT
from tests.servers.smartsheet import SmartsheetServer, sheet
from tests.smartsheet.conftest import PROTOCOLS_ID, PROTOCOLS_TOKEN, SourceFactory
from tests.smartsheet.test_source import FakeClock

TITLES = ["Protocol Type", "Procedure name", "Protocol name", "DOI", "Version",
          "Protocol collection"]  # fmt: skip
S = "Surgical Procedures"
NANOJECT_V2 = "Test Nanoject Injection V.2"
NANOJECT_V10 = "Test Nanoject Injection V.10"

#: Synthetic protocols: (type, procedure, protocol, DOI, version, collection)
ROWS: list[list[Any]] = [
    ["Specimen Procedures", "Test Clearing", "Test Clearing of a Whole Brain",
     "dx.doi.org/10.17504/protocols.io.test-clr1/v1", 1.0, False],
    [S, "Injection Nanoject", NANOJECT_V2, "dx.doi.org/10.17504/protocols.io.test-nan2/v2", 2.0,
     None],
    [S, "injection  nanoject", NANOJECT_V10, "10.17504/protocols.io.test-nan10", "v10", None],
    [S, "Injection Iontophoresis", "Test Iontophoresis V.3",
     "https://doi.org/10.17504/protocols.io.test-ion3", 3.0, None],
    [S, "Perfusion", "Test Perfusion V.5", "doi:10.17504/protocols.io.test-prf5", 5.0, None],
    [S, "Perfusion", "Test Perfusion Draft", None, 9.0, None],  # no DOI: not preferred
    [S, "Retro orbital Injection", "Test Retro-Orbital Injection",
     "https://www.protocols.io/view/test-retro", None, None],
    [S, None, "Test Protocol Without Procedure", "10.17504/protocols.io.test-wop", 1.0, None],
    [S, "Headframe", None, "10.17504/protocols.io.test-hf1", 1.0, None],
    ["Imaging Techniques", None, None, "10.17504/protocols.io.test-orphan", 1.0, None],
    [None] * 6,
]  # fmt: skip


def protocols_sheet(rows: list[list[Any]] | None = None) -> dict[str, Any]:
    return sheet(TITLES, ROWS if rows is None else rows, sheet_id=PROTOCOLS_ID)


def parsed(body: dict[str, Any] | None = None) -> Any:
    return parse_sheet(body or protocols_sheet(), "protocols")


def test_a_row_is_protocol_information_with_its_facts() -> None:
    (protocol,) = protocols_named(parsed(), "Test Iontophoresis V.3")

    assert protocol == ProtocolInformation(
        protocol_type=S,
        procedure_name="Injection Iontophoresis",
        protocol_name="Test Iontophoresis V.3",
        doi="https://doi.org/10.17504/protocols.io.test-ion3",
        version="3",
    )


def test_protocol_names_match_exactly_ignoring_case_and_white_space() -> None:
    found = protocols_named(parsed(), "  test NANOJECT injection   v.2 ")

    assert [protocol.protocol_name for protocol in found] == [NANOJECT_V2]
    assert protocols_named(parsed(), "Test Nanoject Injection") == []  # no prefix matching
    assert protocols_named(parsed(), "") == []


def test_several_rows_of_one_name_all_come_back_in_sheet_order() -> None:
    rows = [*ROWS, [S, "Perfusion", "Test Perfusion V.5", None, 6.0, None]]

    found = protocols_named(parsed(protocols_sheet(rows)), "Test Perfusion V.5")

    assert [protocol.version for protocol in found] == ["5", "6"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dx.doi.org/10.17504/protocols.io.bg5vjy66", "https://doi.org/10.17504/protocols.io.bg5vjy66"),
        ("https://dx.doi.org/10.17504/protocols.io.x/v4", "https://doi.org/10.17504/protocols.io.x/v4"),
        ("http://doi.org/10.1000/xyz", "https://doi.org/10.1000/xyz"),
        ("https://www.doi.org/10.1000/xyz/", "https://doi.org/10.1000/xyz"),
        ("doi: 10.1000/xyz", "https://doi.org/10.1000/xyz"),
        ("DOI:10.1000/xyz", "https://doi.org/10.1000/xyz"),
        (" 10.17504/protocols.io.demo-abcd ", "https://doi.org/10.17504/protocols.io.demo-abcd"),
        ("https://doi.org/10.1000/xyz", "https://doi.org/10.1000/xyz"),
        # Not recognisably a DOI: kept as the sheet has it.
        ("https://www.protocols.io/view/x", "https://www.protocols.io/view/x"),
        ("10.1/too-short-registrant", "10.1/too-short-registrant"),
        ("pending", "pending"),
        ("10.1000/has space", "10.1000/has space"),
        ("  ", None),
        (None, None),
    ],
)  # fmt: skip
def test_dois_are_normalised_only_when_they_are_dois(text: str | None, expected: str) -> None:
    assert normalise_doi(text) == expected


def test_rows_without_protocol_or_procedure_are_reported_not_raised() -> None:
    problems = protocol_problems(parsed())

    assert problems == [
        f"row 10 (id {8_000_000_000_000_010}) names neither a protocol nor a procedure; skipped"
    ]
    assert "orphan" not in problems[0]
    table = read_protocols(parsed())
    assert len(table.protocols) == 9  # ten rows with values, one skipped; the blank row ignored
    assert table.for_procedure(HEADFRAME) is not None  # a procedure without a protocol name


def test_a_sheet_without_name_columns_is_an_error() -> None:
    with pytest.raises(ProtocolsSheetError, match="no 'Protocol name' or 'Procedure name'"):
        read_protocols(parsed(sheet(["DOI", "Version"], [["10.1000/x", 1.0]])))


def test_a_sheet_with_one_name_column_is_read() -> None:
    body = sheet(["Procedure name", "DOI"], [["Perfusion", "10.1000/perf"]])

    protocol = protocol_for_procedure(parsed(body), PERFUSION)

    assert protocol is not None
    assert protocol.doi == "https://doi.org/10.1000/perf"
    assert protocol.protocol_name is None


# --- procedure kinds ---


def brain_injection(**dynamics: Any) -> dict[str, Any]:
    return {"object_type": "Brain injection", "dynamics": [{"profile": "Bolus", **dynamics}]}


@pytest.mark.parametrize(
    ("document", "kind"),
    [
        ({"object_type": "Surgery", "procedures": []}, SURGERY),
        ({"object_type": "Perfusion", "output_specimen_ids": ["1"]}, PERFUSION),
        (brain_injection(volume=50.0, injection_current=None), INJECTION_NANOJECT),
        (brain_injection(volume=None, injection_current=3.0), INJECTION_IONTOPHORESIS),
        # aind-data-schema 1.x named the delivery in the profile.
        ({"object_type": "Brain injection", "dynamics": [{"profile": "Iontophoresis"}]},
         INJECTION_IONTOPHORESIS),
        ({"object_type": "Brain injection",
          "dynamics": [{"profile": "Nanoject (Pressure)", "injection_current": 1.0}]},
         INJECTION_NANOJECT),
        ({"object_type": "Craniotomy", "craniotomy_type": "Circle"}, CRANIOTOMY),
        ({"object_type": "Headframe", "headframe_type": "Test"}, HEADFRAME),
        ({"object_type": "Probe implant", "implanted_device": {"object_type": "Fiber probe"}},
         FIBER_IMPLANT),
        # Not placed: an ephys probe, a brain injection that says neither volume nor current,
        # a plain injection (retro-orbital or spinal: the document cannot tell), others.
        ({"object_type": "Probe implant", "implanted_device": {"object_type": "Ephys probe"}},
         None),
        (brain_injection(), None),
        ({"object_type": "Brain injection", "dynamics": "broken"}, None),
        ({"object_type": "Injection", "dynamics": [{"volume": 100.0}]}, None),
        ({"object_type": "Water restriction"}, None),
        ({}, None),
    ],
)  # fmt: skip
def test_procedure_kinds_of_aind_data_schema_documents(
    document: dict[str, Any], kind: str | None
) -> None:
    assert procedure_kind(document) == kind


def test_every_kind_in_the_table_is_a_procedure_name() -> None:
    kinds = {kind for _, _, kind in PROCEDURE_KINDS}

    assert kinds == {SURGERY, PERFUSION, INJECTION_NANOJECT, INJECTION_IONTOPHORESIS,
                     CRANIOTOMY, HEADFRAME, FIBER_IMPLANT}  # fmt: skip
    assert RETRO_ORBITAL_INJECTION not in kinds  # asked for by name only


def test_procedure_lookup_prefers_a_doi_then_the_highest_version() -> None:
    sheet_ = parsed()

    nanoject = protocol_for_procedure(sheet_, INJECTION_NANOJECT)
    perfusion = protocol_for_procedure(sheet_, PERFUSION)

    assert nanoject is not None
    assert nanoject.protocol_name == NANOJECT_V10
    assert nanoject.doi == "https://doi.org/10.17504/protocols.io.test-nan10"
    assert perfusion is not None
    assert perfusion.protocol_name == "Test Perfusion V.5"


def test_procedure_names_match_ignoring_case_hyphens_and_white_space() -> None:
    protocol = protocol_for_procedure(parsed(), RETRO_ORBITAL_INJECTION)

    assert protocol is not None
    assert protocol.doi == "https://www.protocols.io/view/test-retro"
    assert protocol_for_procedure(parsed(), CRANIOTOMY) is None
    assert protocol_for_procedure(parsed(), "Perfus") is None


# --- through the source, against the loopback Smartsheet server ---


@pytest.fixture
def protocols_server(smartsheet_server: SmartsheetServer) -> SmartsheetServer:
    smartsheet_server.add_sheet(PROTOCOLS_ID, protocols_sheet(), PROTOCOLS_TOKEN)
    return smartsheet_server


@pytest.fixture
def with_protocols(
    make_source: SourceFactory, protocols_server: SmartsheetServer
) -> SmartsheetSource:
    return make_source(protocols={"api_token": PROTOCOLS_TOKEN, "id": PROTOCOLS_ID})


async def test_source_protocols_and_procedure_protocols_share_one_fetch(
    with_protocols: SmartsheetSource, protocols_server: SmartsheetServer
) -> None:
    one = await with_protocols.protocols("test iontophoresis v.3")
    perfusion = await with_protocols.procedure_protocol(PERFUSION)
    craniotomy = await with_protocols.procedure_protocol(CRANIOTOMY)
    unknown = await with_protocols.protocols("No Such Protocol")
    blank = await with_protocols.procedure_protocol(" ")

    assert one.code == Code.OK
    assert [protocol.version for protocol in one.records] == ["3"]
    assert one.message == "1 problem(s) reading the protocols sheet; unreadable parts skipped"
    assert perfusion.code == Code.OK
    assert perfusion.records[0].doi == "https://doi.org/10.17504/protocols.io.test-prf5"
    assert (craniotomy.code, craniotomy.records) == (Code.NOT_FOUND, ())
    assert unknown.code == Code.NOT_FOUND
    assert blank.code == Code.BAD_REQUEST
    assert protocols_server.sheet_requests(PROTOCOLS_ID) == 1
    assert protocols_server.requests[0].headers["authorization"] == f"Bearer {PROTOCOLS_TOKEN}"


async def test_source_several_protocols_of_one_name_are_300(
    with_protocols: SmartsheetSource, protocols_server: SmartsheetServer
) -> None:
    rows = [*ROWS, [S, "Perfusion", "Test Perfusion V.5", None, 6.0, None]]
    protocols_server.sheets[PROTOCOLS_ID] = protocols_sheet(rows)

    result = await with_protocols.protocols("Test Perfusion V.5")

    assert result.code == Code.MULTIPLE
    assert len(result.records) == 2


async def test_source_rereads_the_sheet_after_the_ttl(
    make_source: SourceFactory, protocols_server: SmartsheetServer
) -> None:
    clock = FakeClock()
    source = make_source(
        MemoryCache(clock=clock), protocols={"api_token": PROTOCOLS_TOKEN, "id": PROTOCOLS_ID}
    )
    first = await source.procedure_protocol(PERFUSION)
    protocols_server.sheets[PROTOCOLS_ID] = protocols_sheet(
        [[S, "Perfusion", "Test Perfusion V.6", "10.17504/protocols.io.test-prf6", 6.0, None]]
    )
    clock.now += 299
    cached = await source.procedure_protocol(PERFUSION)
    clock.now += 2
    fresh = await source.procedure_protocol(PERFUSION)

    assert first.records[0] is cached.records[0]  # the mapped table was kept, not rebuilt
    assert fresh.records[0].protocol_name == "Test Perfusion V.6"
    assert fresh.message == ""
    assert protocols_server.sheet_requests(PROTOCOLS_ID) == 2


async def test_source_failures_broken_sheets_and_missing_configuration(
    with_protocols: SmartsheetSource,
    smartsheet: SmartsheetSource,
    protocols_server: SmartsheetServer,
) -> None:
    protocols_server.drop_next(3)
    dropped = await with_protocols.protocols("Test Perfusion V.5")
    protocols_server.sheets[PROTOCOLS_ID] = sheet(["DOI"], [["10.1000/x"]])
    broken = await with_protocols.procedure_protocol(PERFUSION)
    absent = await smartsheet.protocols("Test Perfusion V.5")

    assert dropped.code == Code.UNAVAILABLE
    assert dropped.message == "smartsheet is unavailable"
    assert broken.code == Code.UNAVAILABLE
    assert "no 'Protocol name' or 'Procedure name' column" in broken.message
    assert (absent.code, absent.configured) == (Code.UNAVAILABLE, False)


async def test_the_demo_protocols_sheet() -> None:
    source = SmartsheetSource.from_snapshot(DEMO_SNAPSHOT)
    assert source is not None
    kinds = [SURGERY, HEADFRAME, CRANIOTOMY, INJECTION_NANOJECT, INJECTION_IONTOPHORESIS,
             FIBER_IMPLANT, RETRO_ORBITAL_INJECTION, PERFUSION]  # fmt: skip
    try:
        found = {kind: await source.procedure_protocol(kind) for kind in kinds}
        named = await source.protocols("Demo Retro-Orbital Injection")
    finally:
        await source.aclose()

    for kind, result in found.items():
        assert result.code == Code.OK, kind
        assert result.message == ""
        doi = result.records[0].doi
        assert doi is not None
        assert doi.startswith("https://doi.org/10.17504/protocols.io.demo-")
    assert found[INJECTION_NANOJECT].records[0].version == "4"  # the newer of two versions
    assert named.code == Code.OK
    assert named.records[0].procedure_name == RETRO_ORBITAL_INJECTION
