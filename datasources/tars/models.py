"""TARS records as the TARS API sends them (camelCase), reduced to the fields we read.

Every field is optional and unknown fields are ignored, so TARS adding or dropping fields does
not break lookups; a record that is not an object at all fails validation.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

T = TypeVar("T")


def _empty_if_null(value: Any) -> Any:
    return [] if value is None else value


#: A list that TARS may also send as ``null``.
Items = Annotated[list[T], BeforeValidator(_empty_if_null)]


class _Record(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)


class Alias(_Record):
    name: str | None = None
    is_preferred: bool | None = Field(default=None, alias="isPreferred")


class Molecule(_Record):
    id: str | None = None
    full_name: str | None = Field(default=None, alias="fullName")
    aliases: Items[Alias] = Field(default_factory=list)
    addgene_id: str | int | None = Field(default=None, alias="addgeneId")
    rr_id: str | None = Field(default=None, alias="rrId")


class Virus(_Record):
    """A Viruses item. ``molecules`` is None when TARS left it out (then it is looked up)."""

    id: str | None = None
    aliases: Items[Alias] = Field(default_factory=list)
    molecules: list[Molecule] | None = None
    rr_id: str | None = Field(default=None, alias="rrId")


class ViralPrepType(_Record):
    name: str | None = None


class ViralPrep(_Record):
    viral_prep_type: ViralPrepType | None = Field(default=None, alias="viralPrepType")
    virus: Virus | None = None


class Titer(_Record):
    result: float | int | str | None = None
    is_preferred: bool | None = Field(default=None, alias="isPreferred")


class PrepLot(_Record):
    """A ViralPrepLots item: its virus is embedded, but not necessarily with its molecules."""

    id: str | None = None
    lot: str | None = None
    date_prepped: str | None = Field(default=None, alias="datePrepped")
    viral_prep: ViralPrep | None = Field(default=None, alias="viralPrep")
    titers: Items[Titer] = Field(default_factory=list)


class SearchPage(_Record):
    """One page of a TARS search: ``{"data": [...], "totalCount": n, "pageSize": n, ...}``."""

    data: Items[dict[str, Any]]
    total_count: int | None = Field(default=None, alias="totalCount")
    page_size: int | None = Field(default=None, alias="pageSize")
