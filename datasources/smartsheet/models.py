"""A sheet as ``GET /sheets/{id}`` returns it (Smartsheet API 2.0), read piece by piece.

Only what the service reads is modelled; everything else Smartsheet sends is ignored. The
pieces are validated one at a time (header, each column, each row, each cell) so that one
malformed row or cell costs only itself: :mod:`datasources.smartsheet.sheet` collects the
failures as problems instead of failing the sheet.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr

# What a cell's ``value`` may be: text, a number (Smartsheet sends 689418.0 for a number typed
# into a TEXT_NUMBER column) or a checkbox's boolean. Strict types: an object or a list here is
# a malformed cell, not something to coerce.
CellValue = StrictStr | StrictBool | StrictInt | StrictFloat


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)


class SheetHeader(_Wire):
    """The sheet's own fields."""

    id: int | None = None
    name: str | None = None
    version: int | None = None
    total_row_count: int | None = Field(default=None, alias="totalRowCount")


class SheetColumn(_Wire):
    """One entry of ``columns``: cells refer to it by ``id``; people know it by ``title``."""

    id: StrictInt
    title: StrictStr
    index: int | None = None
    type: str | None = None
    primary: bool = False


class SheetRow(_Wire):
    """One entry of ``rows``; its cells are validated one by one (:class:`SheetCell`)."""

    id: StrictInt | None = None
    row_number: StrictInt | None = Field(default=None, alias="rowNumber")
    cells: list[object]


class SheetCell(_Wire):
    """One entry of a row's ``cells``; an empty cell has only its ``columnId``."""

    column_id: StrictInt = Field(alias="columnId")
    value: CellValue | None = None
    display_value: StrictStr | None = Field(default=None, alias="displayValue")
