"""Smartsheet: whole sheets (funding, perfusions, protocols) read through the API 2.0."""

from datasources.smartsheet.perfusions import map_perfusions
from datasources.smartsheet.settings import (
    FUNDING,
    PERFUSIONS,
    PROTOCOLS,
    SHEET_NAMES,
    SheetSettings,
    SmartsheetSettings,
    sheet_settings,
)
from datasources.smartsheet.sheet import ParsedRow, ParsedSheet, SheetError, parse_sheet
from datasources.smartsheet.source import SmartsheetSource

__all__ = [
    "FUNDING",
    "PERFUSIONS",
    "PROTOCOLS",
    "SHEET_NAMES",
    "ParsedRow",
    "ParsedSheet",
    "SheetError",
    "SheetSettings",
    "SmartsheetSettings",
    "SmartsheetSource",
    "map_perfusions",
    "parse_sheet",
    "sheet_settings",
]
