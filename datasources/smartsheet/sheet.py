"""Parsing a whole sheet once into rows keyed by column title, in linear time.

Cells name their column by id; people (and the mappings) know columns by title. The
columnId -> title dictionary is built once per sheet, so parsing costs one pass over the
columns and one over the cells, however many rows there are.

A sheet is data people type into: one malformed row or cell must not cost the others. Every
row and cell is read on its own; what cannot be read is skipped and described in
``ParsedSheet.problems`` (row numbers, ids and column titles only, never cell contents, which
may hold personal data). Only a body that is not a sheet at all (not JSON, no ``columns`` or
``rows`` list) fails the whole sheet, as a :class:`SheetError`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from datasources.errors import BackendError
from datasources.smartsheet.models import CellValue, SheetCell, SheetColumn, SheetHeader, SheetRow


class SheetError(BackendError):
    """The body is not a Smartsheet sheet; the message names the sheet, never the body."""


class ParsedRow(BaseModel):
    """One row: its non-empty cells keyed by column title."""

    model_config = ConfigDict(frozen=True)

    row_id: int | None = None
    row_number: int | None = None
    values: dict[str, CellValue] = {}
    display: dict[str, str] = {}

    def value(self, title: str) -> CellValue | None:
        """The cell's raw value (text, number or boolean), or None when empty."""
        return self.values.get(title)

    def text(self, title: str) -> str | None:
        """The cell as text: whole numbers without ``.0``, the display value as a fallback.

        The value comes first because display values follow the sheet's formatting (thousands
        separators, locale dates) while values do not.
        """
        value = self.values.get(title)
        if value is None:
            shown = self.display.get(title, "").strip()
            return shown or None
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        text = str(value).strip()
        return text or None

    @property
    def label(self) -> str:
        """How problems name this row: its row number and id."""
        return _label(self.row_number, self.row_id)


class ParsedSheet(BaseModel):
    """A sheet read once: column titles in sheet order, readable rows, and what was not."""

    model_config = ConfigDict(frozen=True)

    sheet_id: int | None = None
    name: str | None = None
    version: int | None = None
    columns: tuple[str, ...] = ()
    rows: tuple[ParsedRow, ...] = ()
    #: Rows without any value: people leave them between entries; they are not problems.
    blank_rows: int = 0
    problems: tuple[str, ...] = ()

    def column(self, title: str) -> str | None:
        """The sheet's own spelling of ``title``, matched ignoring case and outer spaces."""
        wanted = title.strip().casefold()
        for column in self.columns:
            if column.strip().casefold() == wanted:
                return column
        return None


def _label(row_number: int | None, row_id: int | None) -> str:
    number = f"row {row_number}" if row_number is not None else "a row"
    return number if row_id is None else f"{number} (id {row_id})"


def _row_label(position: int, raw: Any) -> str:
    """A problem's name for a raw row that could not be parsed (so has no ParsedRow)."""
    if isinstance(raw, Mapping):
        number, row_id = raw.get("rowNumber"), raw.get("id")
        if isinstance(number, int) and not isinstance(number, bool):
            label = f"row {number}"
            return label if not isinstance(row_id, int) else f"{label} (id {row_id})"
    return f"the row at position {position + 1}"


def _columns(raw_columns: list[Any], problems: list[str]) -> dict[int, str]:
    titles: dict[int, str] = {}
    seen: set[str] = set()
    for position, raw in enumerate(raw_columns):
        try:
            column = SheetColumn.model_validate(raw)
        except ValidationError:
            problems.append(f"column at position {position + 1} has no usable id and title")
            continue
        if column.title in seen:
            problems.append(f"column {column.title!r} appears twice; the first one is read")
            continue
        seen.add(column.title)
        titles[column.id] = column.title
    return titles


def _row(
    position: int, raw: Any, titles: Mapping[int, str], problems: list[str]
) -> ParsedRow | None:
    """The row (perhaps blank), or None when it is unreadable (a problem is added)."""
    try:
        row = SheetRow.model_validate(raw)
    except ValidationError:
        problems.append(f"{_row_label(position, raw)} is not a row with cells; skipped")
        return None
    label = _label(row.row_number, row.id)
    values: dict[str, CellValue] = {}
    display: dict[str, str] = {}
    for raw_cell in row.cells:
        try:
            cell = SheetCell.model_validate(raw_cell)
        except ValidationError:
            problems.append(f"{label}: a cell could not be read; skipped")
            continue
        title = titles.get(cell.column_id)
        if title is None:
            problems.append(f"{label}: a cell names an unknown column; skipped")
            continue
        if cell.value is not None and cell.value != "":
            values[title] = cell.value
        if cell.display_value:
            display[title] = cell.display_value
    # Already validated cell by cell: no second validation pass.
    return ParsedRow.model_construct(
        row_id=row.id, row_number=row.row_number, values=values, display=display
    )


def parse_sheet(body: bytes | str | Mapping[str, Any], label: str) -> ParsedSheet:
    """Parse a ``GET /sheets/{id}`` body; ``label`` names the sheet in messages.

    Raises :class:`SheetError` only when the body is not a sheet at all.
    """
    if isinstance(body, Mapping):
        data: Any = body
    else:
        try:
            data = json.loads(body)
        except ValueError:
            raise SheetError(f"the {label} sheet is not JSON") from None
    if not (
        isinstance(data, Mapping)
        and isinstance(data.get("columns"), list)
        and isinstance(data.get("rows"), list)
    ):
        raise SheetError(f"the {label} sheet has no columns and rows")
    problems: list[str] = []
    try:
        header = SheetHeader.model_validate(data)
    except ValidationError:
        header = SheetHeader()
        problems.append("the sheet's id, name or version could not be read")
    titles = _columns(data["columns"], problems)
    raw_rows: list[Any] = data["rows"]
    rows: list[ParsedRow] = []
    numbers: set[int] = set()
    blank = 0
    for position, raw in enumerate(raw_rows):
        row = _row(position, raw, titles, problems)
        if row is None:
            continue
        # Smartsheet numbers rows uniquely; a repeated number means the sheet was damaged
        # (e.g. assembled by hand). The row is still read: its cells may be fine.
        if row.row_number is not None:
            if row.row_number in numbers:
                problems.append(f"{row.label} repeats an earlier row number")
            numbers.add(row.row_number)
        if row.values or row.display:
            rows.append(row)
        else:
            blank += 1
    if header.total_row_count is not None and header.total_row_count != len(raw_rows):
        problems.append(
            f"the sheet says it has {header.total_row_count} rows but {len(raw_rows)} came"
        )
    return ParsedSheet(
        sheet_id=header.id,
        name=header.name,
        version=header.version,
        columns=tuple(titles.values()),
        rows=tuple(rows),
        blank_rows=blank,
        problems=tuple(problems),
    )
