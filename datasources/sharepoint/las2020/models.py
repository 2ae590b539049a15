"""Raw LAS 2020 request list item, as Microsoft Graph returns its ``fields``.

One request may serve several animals: their ids are in ``Title`` (space separated) and in the
retro-orbital slots ``nROID1..5``. Up to three procedures are requested in ``ReqPro1..3`` (with
preferred dates ``Reqdate1..3``). Retro-orbital slot ``n`` has its eye, volume and up to four
materials (suffixes "", "b", "c", "d": substance ``roSub``, prep lot ``roLot``, titer
``roTite``, genome copies ``roGC``, virus volume ``roVolV``).

The numbered columns are gathered into ``requests`` and ``retro_orbital`` slots before
validation, so the mapping reads slot objects instead of a hundred flat attributes. Every value
is tolerant: a bad one becomes ``None`` and the item still maps.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from datasources.sharepoint.parsers import TolerantInt, TolerantText

__all__ = ["LAS2020Item", "MaterialSlot", "RequestSlot", "RetroOrbitalSlot"]

_MATERIAL_SUFFIXES = ("", "b", "c", "d")
_SEPARATORS = re.compile(r"[\s,;/]+")


class _Slot(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class RequestSlot(_Slot):
    """One requested procedure (``ReqPro<k>``) and its preferred date (``Reqdate<k>``)."""

    number: int
    procedure: TolerantText = None
    date: TolerantText = None


class MaterialSlot(_Slot):
    """One material of a retro-orbital injection."""

    substance: TolerantText = None
    lot: TolerantText = None
    titer: TolerantText = None
    genome_copies: TolerantText = None
    virus_volume: TolerantText = None

    @property
    def empty(self) -> bool:
        """True when the request names nothing for this material."""
        return not any((self.substance, self.lot, self.titer, self.genome_copies))


class RetroOrbitalSlot(_Slot):
    """Retro-orbital injection slot ``n`` (``nROID<n>``, ``roEye<n>``, ``roVol<n>``...)."""

    number: int
    animal_id: TolerantText = None
    eye: TolerantText = None
    volume: TolerantText = None
    materials: list[MaterialSlot] = Field(default_factory=list)


class LAS2020Item(BaseModel):
    """The columns of one LAS 2020 list item that the mapping reads."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)

    id: TolerantInt = Field(default=None, alias="Id")
    item_id: TolerantInt = Field(default=None, alias="ID")
    title: TolerantText = Field(default=None, alias="Title")
    author_id: TolerantInt = Field(default=None, alias="AuthorId")
    project: TolerantText = Field(default=None, alias="ProjectID")
    protocol: TolerantText = Field(default=None, alias="Protocol")
    start_date: TolerantText = Field(default=None, alias="nStart_x0020_Date")
    dose_route: TolerantText = Field(default=None, alias="doseRoute")
    dose_substance: TolerantText = Field(default=None, alias="doseSub")
    dose_volume: TolerantText = Field(default=None, alias="dosevolume")
    dose_duration: TolerantText = Field(default=None, alias="doseduration")
    requests: list[RequestSlot] = Field(default_factory=list)
    retro_orbital: list[RetroOrbitalSlot] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _gather_slots(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        gathered = dict(data)
        gathered["requests"] = [
            {"number": k, "procedure": data.get(f"ReqPro{k}"), "date": data.get(f"Reqdate{k}")}
            for k in (1, 2, 3)
        ]
        gathered["retro_orbital"] = [
            {
                "number": n,
                "animal_id": data.get(f"nROID{n}"),
                "eye": data.get(f"roEye{n}"),
                "volume": data.get(f"roVol{n}"),
                "materials": [
                    {
                        "substance": data.get(f"roSub{n}{suffix}"),
                        "lot": data.get(f"roLot{n}{suffix}"),
                        "titer": data.get(f"roTite{n}{suffix}"),
                        "genome_copies": data.get(f"roGC{n}{suffix}"),
                        "virus_volume": data.get(f"roVolV{n}{suffix}"),
                    }
                    for suffix in _MATERIAL_SUFFIXES
                ],
            }
            for n in range(1, 6)
        ]
        return gathered

    @property
    def request_id(self) -> int | None:
        """The list item's id (Graph sends it as ``Id`` and ``ID``)."""
        return self.id if self.id is not None else self.item_id

    def title_ids(self) -> list[str]:
        """The animal ids written in ``Title`` ("000000 000001" -> both)."""
        return [token for token in _SEPARATORS.split(self.title or "") if token]

    def serves(self, subject_id: str) -> bool:
        """True when ``subject_id`` is exactly one of the request's animals (never a substring)."""
        wanted = subject_id.strip()
        return wanted in self.title_ids() or any(
            slot.animal_id is not None and slot.animal_id.strip() == wanted
            for slot in self.retro_orbital
        )
