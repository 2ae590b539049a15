"""Raw NSB 2019-2022 surgery-request list item, as Microsoft Graph returns its ``fields``.

Field aliases are the list's SharePoint internal column names. Every column is optional and
tolerant: a value of the wrong shape becomes ``None`` instead of failing the item, and the
"Select..." placeholders of the form's drop-downs read as empty.

The list has two injection slots (the first uses the ``Virus_x0020_*`` coordinate columns, the
second ``*2ndInj``) and two "rounds" (surgery sessions after the headpost surgery, each with its
own date, weights, isoflurane and workstation). ``injection(n)`` and ``session(n)`` present
either slot in the same shape so that the mapping treats both alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from datasources.sharepoint.parsers import TolerantBool, TolerantInt, TolerantText

__all__ = ["InjectionColumns", "NSB2019Item", "SessionColumns"]


@dataclass(frozen=True, slots=True)
class InjectionColumns:
    """The columns describing injection slot 1 or 2 (and the fiber implanted at its site)."""

    index: int
    type: str | None
    round: str | None
    ap: str | None
    ml: str | None
    dv: str | None
    hemisphere: str | None
    volume: str | None
    volume_per_depth: str | None
    duration: str | None
    current: str | None
    alternating: str | None
    angle: str | None
    angle_choice: str | None
    virus: str | None
    nanoject: str | None
    iontophoresis: str | None
    fiber: bool | None
    fiber_dv: str | None


@dataclass(frozen=True, slots=True)
class SessionColumns:
    """The columns of one surgery session: the headpost surgery (0) or injection round 1/2."""

    date: str | None
    weight_before: str | None
    weight_after: str | None
    iso_duration: str | None
    iso_level: str | None
    workstation: str | None


class NSB2019Item(BaseModel):
    """The columns of one NSB 2019 list item that the mapping reads."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)

    id: TolerantInt = Field(default=None, alias="Id")
    item_id: TolerantInt = Field(default=None, alias="ID")
    title: TolerantText = Field(default=None, alias="Title")
    author_id: TolerantInt = Field(default=None, alias="AuthorId")
    project: TolerantText = Field(default=None, alias="Project_x0020_ID_x0020__x0028_te")
    labtracks_id: TolerantText = Field(default=None, alias="LabTracks_x0020_ID")
    iacuc_protocol: TolerantText = Field(default=None, alias="IACUC_x0020_Protocol_x0020__x002")
    procedure: TolerantText = Field(default=None, alias="Procedure")
    date_of_surgery: TolerantText = Field(default=None, alias="Date_x0020_of_x0020_Surgery")
    breg2lamb: TolerantText = Field(default=None, alias="Breg2Lamb")

    # Headpost surgery.
    headpost_type: TolerantText = Field(default=None, alias="HeadpostType")
    hp_ap: TolerantText = Field(default=None, alias="HP_x0020_A_x002f_P")
    hp_ml: TolerantText = Field(default=None, alias="HP_x0020_M_x002f_L")
    hp_diameter: TolerantText = Field(default=None, alias="HP_x0020_Diameter")
    hp_location: TolerantText = Field(default=None, alias="HpLoc")
    hp_durotomy: TolerantText = Field(default=None, alias="HPDurotomy")
    craniotomy_type: TolerantText = Field(default=None, alias="CraniotomyType")
    hp_iso_level: TolerantText = Field(default=None, alias="HPIsoLevel")
    iso_on: TolerantText = Field(default=None, alias="Iso_x0020_On")
    hp_workstation: TolerantText = Field(default=None, alias="HpWorkStation")
    weight_before: TolerantText = Field(default=None, alias="Weight_x0020_before_x0020_Surger")
    weight_after: TolerantText = Field(default=None, alias="Weight_x0020_after_x0020_Surgery")

    # Injection slot 1 ("Virus" columns) and its round.
    inj1_type: TolerantText = Field(default=None, alias="Inj1Type")
    inj1_round: TolerantText = Field(default=None, alias="Inj1Round")
    virus_ap: TolerantText = Field(default=None, alias="Virus_x0020_A_x002f_P")
    virus_ml: TolerantText = Field(default=None, alias="Virus_x0020_M_x002f_L")
    virus_dv: TolerantText = Field(default=None, alias="Virus_x0020_D_x002f_V")
    virus_hemisphere: TolerantText = Field(default=None, alias="Virus_x0020_Hemisphere")
    inj1_volume: TolerantText = Field(default=None, alias="Inj1Vol")
    inj1_volume_per_depth: TolerantText = Field(default=None, alias="inj1volperdepth")
    inj1_duration: TolerantText = Field(default=None, alias="Inj1LenghtofTime")
    inj1_current: TolerantText = Field(default=None, alias="Inj1Current")
    inj1_alternating: TolerantText = Field(default=None, alias="Inj1AlternatingTime")
    inj1_angle: TolerantText = Field(default=None, alias="Inj1Angle_v2")
    inj1_angle_choice: TolerantText = Field(default=None, alias="Inj1angle0")
    inj1_virus: TolerantText = Field(default=None, alias="Inj1VirusStrain_rt")
    inj1_nanoject: TolerantText = Field(default=None, alias="NanojectNumberInj10")
    inj1_iontophoresis: TolerantText = Field(default=None, alias="IontoNumberInj1")
    fiber1: TolerantBool = Field(default=None, alias="FiberImplant1")
    fiber1_dv: TolerantText = Field(default=None, alias="FiberImplant1DV")
    date1: TolerantText = Field(default=None, alias="Date1stInjection")
    weight1_before: TolerantText = Field(default=None, alias="FirstInjectionWeightBefor")
    weight1_after: TolerantText = Field(default=None, alias="FirstInjectionWeightAfter")
    iso1_duration: TolerantText = Field(default=None, alias="FirstInjectionIsoDuration")
    iso1_level: TolerantText = Field(default=None, alias="Round1InjIsolevel")
    workstation1: TolerantText = Field(default=None, alias="WorkStation1stInjection")

    # Injection slot 2 and its round.
    inj2_type: TolerantText = Field(default=None, alias="Inj2Type")
    inj2_round: TolerantText = Field(default=None, alias="Inj2Round")
    ap2: TolerantText = Field(default=None, alias="AP2ndInj")
    ml2: TolerantText = Field(default=None, alias="ML2ndInj")
    dv2: TolerantText = Field(default=None, alias="DV2ndInj")
    hemisphere2: TolerantText = Field(default=None, alias="Hemisphere2ndInj")
    inj2_volume: TolerantText = Field(default=None, alias="Inj2Vol")
    inj2_volume_per_depth: TolerantText = Field(default=None, alias="inj2volperdepth")
    inj2_duration: TolerantText = Field(default=None, alias="Inj2LenghtofTime")
    inj2_current: TolerantText = Field(default=None, alias="Inj2Current")
    inj2_alternating: TolerantText = Field(default=None, alias="Inj2AlternatingTime")
    inj2_angle: TolerantText = Field(default=None, alias="Inj2Angle_v2")
    inj2_angle_choice: TolerantText = Field(default=None, alias="Inj2angle0")
    inj2_virus: TolerantText = Field(default=None, alias="Inj2VirusStrain_rt")
    inj2_nanoject: TolerantText = Field(default=None, alias="NanojectNumberInj2")
    inj2_iontophoresis: TolerantText = Field(default=None, alias="IontoNumberInj2")
    fiber2: TolerantBool = Field(default=None, alias="FiberImplant2")
    fiber2_dv: TolerantText = Field(default=None, alias="FiberImplant2DV")
    date2: TolerantText = Field(default=None, alias="Date2ndInjection")
    weight2_before: TolerantText = Field(default=None, alias="SecondInjectionWeightBefore")
    weight2_after: TolerantText = Field(default=None, alias="SecondInjectionWeightAfter")
    iso2_duration: TolerantText = Field(default=None, alias="SecondInjectionIsoDuration")
    iso2_level: TolerantText = Field(default=None, alias="Round2InjIsolevel")
    workstation2: TolerantText = Field(default=None, alias="WorkStation2ndInjection")

    @property
    def request_id(self) -> int | None:
        """The list item's id (Graph sends it as ``Id`` and ``ID``)."""
        return self.id if self.id is not None else self.item_id

    def injection(self, index: int) -> InjectionColumns:
        """Injection slot ``index`` (1 or 2)."""
        first = index == 1
        return InjectionColumns(
            index=1 if first else 2,
            type=self.inj1_type if first else self.inj2_type,
            round=self.inj1_round if first else self.inj2_round,
            ap=self.virus_ap if first else self.ap2,
            ml=self.virus_ml if first else self.ml2,
            dv=self.virus_dv if first else self.dv2,
            hemisphere=self.virus_hemisphere if first else self.hemisphere2,
            volume=self.inj1_volume if first else self.inj2_volume,
            volume_per_depth=self.inj1_volume_per_depth if first else self.inj2_volume_per_depth,
            duration=self.inj1_duration if first else self.inj2_duration,
            current=self.inj1_current if first else self.inj2_current,
            alternating=self.inj1_alternating if first else self.inj2_alternating,
            angle=self.inj1_angle if first else self.inj2_angle,
            angle_choice=self.inj1_angle_choice if first else self.inj2_angle_choice,
            virus=self.inj1_virus if first else self.inj2_virus,
            nanoject=self.inj1_nanoject if first else self.inj2_nanoject,
            iontophoresis=self.inj1_iontophoresis if first else self.inj2_iontophoresis,
            fiber=self.fiber1 if first else self.fiber2,
            fiber_dv=self.fiber1_dv if first else self.fiber2_dv,
        )

    def session(self, index: int) -> SessionColumns:
        """The headpost surgery (0) or injection round ``index`` (1 or 2)."""
        if index == 0:
            return SessionColumns(
                date=self.date_of_surgery,
                weight_before=self.weight_before,
                weight_after=self.weight_after,
                iso_duration=self.iso_on,
                iso_level=self.hp_iso_level,
                workstation=self.hp_workstation,
            )
        first = index == 1
        return SessionColumns(
            date=self.date1 if first else self.date2,
            weight_before=self.weight1_before if first else self.weight2_before,
            weight_after=self.weight1_after if first else self.weight2_after,
            iso_duration=self.iso1_duration if first else self.iso2_duration,
            iso_level=self.iso1_level if first else self.iso2_level,
            workstation=self.workstation1 if first else self.workstation2,
        )
