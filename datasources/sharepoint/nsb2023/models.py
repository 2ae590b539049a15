"""NSB 2023 surgery-request list items as Microsoft Graph returns their ``fields``.

The NSB 2023-2024 archive list and the NSB 2023-present list share these columns. Every value
is kept as the text the requester typed (numbers become their decimal text, SharePoint's
"Select..." placeholder and empty cells become ``None``), so that one odd cell never fails the
item: the concept modules parse the text with :mod:`datasources.sharepoint.parsers`.

Item-level columns are fields with their SharePoint alias. The columns of one surgery session
(initial surgery, follow-up) and of one burr hole (1-6) follow per-session and per-hole naming
patterns with irregular exceptions (burr hole 1 uses ``Virus_x0020_A_x002f_P``, hole 2
``AP2ndInj``, ...), so they are described by column tables and gathered into nested models.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

BURR_HOLE_NUMBERS = range(1, 7)

_PLACEHOLDERS = frozenset({"select...", "null"})
_TAGS = re.compile(r"<[^>]*>")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\ufeff]")


def _cell(value: object) -> str | None:
    """One cell as stripped text; None for empty cells, placeholders and unusable types."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        # Decimal(repr) keeps what Graph sent ("25.2", not 25.199999...) without an exponent.
        text = format(Decimal(repr(value)), "f")
    elif isinstance(value, int | str):
        text = str(value)
    elif isinstance(value, list):
        text = "; ".join(part for part in (_cell(item) for item in value) if part)
    else:
        return None
    text = _INVISIBLE.sub("", text).strip()
    if not text or text.casefold() in _PLACEHOLDERS:
        return None
    return text


def _rich_text(value: object) -> str | None:
    """A rich-text cell (``*_rt`` columns) as plain text: HTML tags and entities removed."""
    text = _cell(value)
    if text is None:
        return None
    return _cell(" ".join(_TAGS.sub(" ", html.unescape(text)).split()))


def _cells(value: object) -> list[str]:
    """A multi-choice cell (a list in Graph) as a list of texts."""
    items = value if isinstance(value, list) else [value]
    return [text for text in (_cell(item) for item in items) if text]


Cell = Annotated[str | None, BeforeValidator(_cell)]
RichText = Annotated[str | None, BeforeValidator(_rich_text)]
Cells = Annotated[list[str], BeforeValidator(_cells)]


def _cell_tuple(value: object) -> tuple[str | None, ...]:
    """Several single cells gathered from sibling columns, position kept."""
    return tuple(map(_cell, value)) if isinstance(value, list | tuple) else ()


CellTuple = Annotated[tuple[str | None, ...], BeforeValidator(_cell_tuple)]


class RawSession(BaseModel):
    """Columns of one surgery session: the initial surgery or the follow-up."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    date: Cell = None
    surgeon: Cell = None
    weight_before: Cell = None
    weight_after: Cell = None
    iso_duration: Cell = None
    iso_level: Cell = None
    recovery: Cell = None
    workstation: Cell = None


# The form calls the follow-up session "1st injection" / "1st round" for historical reasons.
SESSION_COLUMNS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "initial": {
        "date": ("Date_x0020_of_x0020_Surgery",),
        "surgeon": ("Test1LookupId", "Test1Id", "Test1StringId"),
        "weight_before": ("Weight_x0020_before_x0020_Surger",),
        "weight_after": ("Weight_x0020_after_x0020_Surgery",),
        "iso_duration": ("Iso_x0020_On",),
        "iso_level": ("HPIsoLevel",),
        "recovery": ("HPRecovery",),
        "workstation": ("HpWorkStation",),
    },
    "follow_up": {
        "date": ("Date1stInjection",),
        "surgeon": (
            "TEST_x0020_1st_x0020_Round_x0020LookupId",
            "TEST_x0020_1st_x0020_Round_x0020Id",
            "TEST_x0020_1st_x0020_Round_x0020StringId",
        ),
        "weight_before": ("FirstInjectionWeightBefor",),
        "weight_after": ("FirstInjectionWeightAfter",),
        "iso_duration": ("FirstInjectionIsoDuration",),
        "iso_level": ("Round1InjIsolevel",),
        "recovery": ("FirstInjRecovery",),
        "workstation": ("WorkStation1stInjection",),
    },
}


class RawBurrHole(BaseModel):
    """Columns of one burr hole (1-6) of a request."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    number: int
    kind: Cell = None
    during: Cell = None
    injection_type: Cell = None
    hemisphere: Cell = None
    angle: Cell = None
    ap: Cell = None
    ml: Cell = None
    #: Every D/V column of the hole, in form order; each may itself list several depths.
    dv: CellTuple = ()
    volume: Cell = None
    current: Cell = None
    alternating: Cell = None
    duration: Cell = None
    strain: RichText = None
    biosafety: Cell = None
    fiber_type: Cell = None
    fiber_length: Cell = None
    fiber_dv: Cell = None
    #: Injectable material names and their titers or concentrations, paired by position.
    materials: CellTuple = ()
    titers: CellTuple = ()
    targets: Cells = Field(default_factory=list)
    measurement_r: Cell = None
    measurement_g: Cell = None
    measurement_b: Cell = None
    measurement_iso: Cell = None
    spinal_location: Cell = None


#: Fields that gather every listed column instead of taking the first non-empty one.
_GATHERED = frozenset({"dv", "materials", "titers"})


def burr_hole_columns(number: int) -> dict[str, tuple[str, ...]]:
    """SharePoint column names of burr hole ``number``, per :class:`RawBurrHole` field."""
    b = f"Burr_x0020_{number}_x0020_"
    columns: dict[str, tuple[str, ...]] = {
        "kind": (f"Burr_x0020_hole_x0020_{number}",),
        "during": (f"Burr{number}_x0020_Perform_x0020_During",),
        "injection_type": (f"Inj{number}Type",),
        "hemisphere": (f"{b}Hemisphere",),
        "angle": (f"{b}Angle",),
        "ap": (f"{b}A_x002f_P",),
        "ml": (f"{b}M_x002f_L",),
        "dv": (f"{b}D_x002f_V_x00", f"{b}D_x002f_V_x000", f"{b}D_x002f_V_x001"),
        "volume": (f"inj{number}volperdepth", f"Inj{number}volperdepth"),
        "current": (f"Inj{number}Current",),
        "alternating": (f"Inj{number}AlternatingTime",),
        "duration": (f"Inj{number}IontoTime",),
        "strain": (f"Inj{number}VirusStrain_rt",),
        "biosafety": (
            f"Burr{number}_x0020_Virus_x0020_Biosafte",
            f"Burr{number}_x0020_Virus_x0020_Biosafet",
        ),
        "fiber_type": (f"{b}Fiber_x0020_t", f"{b}Fiber_x0020_T"),
        "fiber_length": (f"Fiber_x0020_Implant{number}_x0020_Lengt",),
        "fiber_dv": (f"Fiber_x0020_Implant{number}_x0020_D_x00", f"FiberImplant{number}DV"),
        "materials": tuple(f"{b}Injectable_x0{suffix}" for suffix in ("", "0", "1", "2")),
        "titers": tuple(f"{b}Injectable_x0{suffix}" for suffix in "3456"),
        "targets": (f"{b}Intended_x002",),
        "measurement_r": (f"{b}intended_x0020",),
        "measurement_g": (f"{b}intended_x0021",),
        "measurement_b": (f"{b}intended_x0022",),
        "measurement_iso": (f"{b}intended_x0023",),
        "spinal_location": (f"{b}Spinal_x0020_",),
    }
    columns.update(_IRREGULAR_BURR_COLUMNS.get(number, {}))
    return columns


# Holes 1-4 predate the naming pattern of holes 5-6.
_IRREGULAR_BURR_COLUMNS: Mapping[int, Mapping[str, tuple[str, ...]]] = {
    1: {
        "hemisphere": ("Virus_x0020_Hemisphere",),
        "angle": ("Inj1Angle_v2",),
        "ap": ("Virus_x0020_A_x002f_P",),
        "ml": ("Virus_x0020_M_x002f_L",),
        "dv": (
            "Virus_x0020_D_x002f_V",
            "Burr_x0020_1_x0020_D_x002f_V_x00",
            "Burr_x0020_1_x0020_DV_x0020_2",
        ),
    },
    2: {
        "hemisphere": ("Hemisphere2ndInj",),
        "angle": ("Inj2Angle_v2",),
        "ap": ("AP2ndInj",),
        "ml": ("ML2ndInj",),
        "dv": (
            "DV2ndInj",
            "Burr_x0020_2_x0020_D_x002f_V_x00",
            "Burr_x0020_2_x0020_D_x002f_V_x000",
        ),
    },
    3: {
        "ap": ("Burr3_x0020_A_x002f_P",),
        "ml": ("Burr3_x0020_M_x002f_L",),
        "dv": (
            "Burr3_x0020_D_x002f_V",
            "Burr_x0020_3_x0020_D_x002f_V_x00",
            "Burr_x0020_3_x0020_D_x002f_V_x000",
        ),
        "strain": ("InjVirusStrain_rt", "Inj3VirusStrain_rt"),
    },
    4: {
        "ap": ("Burr4_x0020_A_x002f_P",),
        "ml": ("Burr4_x0020_M_x002f_L",),
        "dv": (
            "Burr4_x0020_D_x002f_V",
            "Burr_x0020_4_x0020_D_x002f_V_x00",
            "Burr_x0020_4_x0020_D_x002f_V_x000",
        ),
    },
}


def _first(fields: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    """The first of ``names`` that holds a usable value (a key may be present but empty)."""
    for name in names:
        value = fields.get(name)
        if _cell(value) is not None:
            return value
    return None


def _gather(fields: Mapping[str, Any], columns: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
    return {
        name: [fields.get(column) for column in names]
        if name in _GATHERED
        else _first(fields, names)
        for name, names in columns.items()
    }


_BURR_HOLE_COLUMNS = {number: burr_hole_columns(number) for number in BURR_HOLE_NUMBERS}


class Nsb2023Item(BaseModel):
    """One NSB 2023 list item (its Graph ``fields``)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    item_id: Cell = Field(default=None, alias="id")
    title: Cell = Field(default=None, alias="Title")
    # The present list names the project in ProjectID; the archive in a text column.
    project_id: Cell = Field(default=None, alias="ProjectID")
    project_text: Cell = Field(default=None, alias="Project_x0020_ID_x0020__x0028_te")
    requested_start: Cell = Field(default=None, alias="DateRangeStart")
    procedure: Cell = Field(default=None, alias="Procedure")
    procedure_slots: Cell = Field(default=None, alias="Procedure_x0020_Slots")
    iacuc_protocol: Cell = Field(default=None, alias="IACUC_x0020_Protocol_x0020__x002")
    protocol: Cell = Field(default=None, alias="Protocol")
    bregma_to_lambda: Cell = Field(default=None, alias="Breg2Lamb")
    headpost: Cell = Field(default=None, alias="Headpost")
    well: Cell = Field(default=None, alias="HeadpostType")
    headpost_during: Cell = Field(default=None, alias="Headpost_x0020_Perform_x0020_Dur")
    craniotomy_type: Cell = Field(default=None, alias="CraniotomyType")
    craniotomy_during: Cell = Field(default=None, alias="Craniotomy_x0020_Perform_x0020_D")
    coverslip: Cell = Field(default=None, alias="ImplantIDCoverslipType")
    requestor_comments: RichText = Field(default=None, alias="LongRequestorComments")
    initial: RawSession = Field(default_factory=RawSession)
    follow_up: RawSession = Field(default_factory=RawSession)
    burr_holes: tuple[RawBurrHole, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _gather_columns(cls, data: Any) -> dict[str, Any]:
        """Gather session and burr-hole columns; the REST API's "Id"/"ID" stand in for "id"."""
        if not isinstance(data, Mapping):
            return {}
        gathered = dict(data)
        gathered["id"] = _first(data, ("id", "Id", "ID"))
        for session, columns in SESSION_COLUMNS.items():
            gathered[session] = _gather(data, columns)
        gathered["burr_holes"] = [
            {"number": number, **_gather(data, columns)}
            for number, columns in _BURR_HOLE_COLUMNS.items()
        ]
        return gathered
