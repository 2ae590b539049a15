"""Root fields answered by SLIMS alone: a subject's histology, water restriction, ecephys
sessions, SmartSPIM imaging and viral injections, and instruments by id."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from graphql_service.context import RequestContext
from graphql_service.status import STATUS_NOTE, publish
from graphql_service.types.procedures import WaterRestriction
from graphql_service.types.session import SESSION_NOTE, Session, sessions_view
from graphql_service.types.slims_records import (
    Instrument,
    SmartSpimImaging,
    ViralInjection,
    imaging_view,
    injections_view,
    instruments_view,
)
from graphql_service.types.specimen import SpecimenProcedure

SubjectId = Annotated[str, strawberry.argument(description='LabTracks subject id, e.g. "632269".')]
StartsFrom = Annotated[
    datetime.date | None,
    strawberry.argument(description="Only records that started on or after this day."),
]
EndsBy = Annotated[
    datetime.date | None,
    strawberry.argument(description="Only records that ended (or started) on or before this day."),
]
SessionName = Annotated[
    str | None,
    strawberry.argument(
        description="Only the session of this name (ignoring case), e.g. "
        '"ecephys_632269_2025-01-01_09-30-00".'
    ),
]
SessionsFrom = Annotated[
    datetime.date | None,
    strawberry.argument(description="Only sessions SLIMS recorded on or after this day (UTC)."),
]
SessionsBy = Annotated[
    datetime.date | None,
    strawberry.argument(description="Only sessions SLIMS recorded on or before this day (UTC)."),
]
SLIMS_NOTE = (
    " From SLIMS: `[]` with 404 when it holds none, 503 when SLIMS cannot be asked (this field "
    "only)."
)


def _specimens(documents: list[dict[str, Any]]) -> list[SpecimenProcedure]:
    return [p for d in documents if (p := SpecimenProcedure.from_document(d)) is not None]


def _restrictions(documents: list[dict[str, Any]]) -> list[WaterRestriction]:
    return [
        r
        for d in documents
        if (r := WaterRestriction.from_document(d, source="slims")) is not None
    ]


@strawberry.type
class SlimsQuery:
    @strawberry.field(
        description="A subject's histology (SmartSPIM delipidation, labeling, refractive index "
        "matching...), as aind-data-schema specimen procedures." + SLIMS_NOTE + STATUS_NOTE
    )
    async def histology(
        self,
        info: Info,
        subject_id: SubjectId,
        start_date_gte: StartsFrom = None,
        end_date_lte: EndsBy = None,
    ) -> list[SpecimenProcedure] | None:
        context: RequestContext = info.context
        resolved = await context.resolvers.slims.histology(
            subject_id, start_date_gte, end_date_lte
        )
        return publish(info, resolved, _specimens)

    @strawberry.field(
        description="A subject's water restrictions. SLIMS records neither the IACUC protocol "
        "(`ethics_review_id` stays null: 406) nor the minimum daily water (the protocol's 1.0 mL "
        "is given, as 0.24 did); who assigned a restriction is in `procedures { notes }`."
        + SLIMS_NOTE
        + STATUS_NOTE
    )
    async def water_restriction(
        self,
        info: Info,
        subject_id: SubjectId,
        start_date_gte: StartsFrom = None,
        end_date_lte: EndsBy = None,
    ) -> list[WaterRestriction] | None:
        context: RequestContext = info.context
        resolved = await context.resolvers.slims.water_restriction(
            subject_id, start_date_gte, end_date_lte
        )
        return publish(info, resolved, _restrictions)

    @strawberry.field(
        description="A subject's ecephys sessions, one per SLIMS mouse session."
        + SESSION_NOTE
        + SLIMS_NOTE
        + STATUS_NOTE
    )
    async def sessions(
        self,
        info: Info,
        subject_id: SubjectId,
        session_name: SessionName = None,
        start_date_gte: SessionsFrom = None,
        end_date_lte: SessionsBy = None,
    ) -> list[Session] | None:
        context: RequestContext = info.context
        resolved = await context.resolvers.slims.sessions(
            subject_id, session_name, start_date_gte, end_date_lte
        )
        return publish(info, resolved, sessions_view)

    @strawberry.field(
        description="A subject's SmartSPIM imaging, newest first; the days bound when it was "
        "performed." + SLIMS_NOTE + STATUS_NOTE
    )
    async def smartspim_imaging(
        self,
        info: Info,
        subject_id: SubjectId,
        start_date_gte: StartsFrom = None,
        end_date_lte: EndsBy = None,
    ) -> list[SmartSpimImaging] | None:
        context: RequestContext = info.context
        resolved = await context.resolvers.slims.smartspim_imaging(
            subject_id, start_date_gte, end_date_lte
        )
        return publish(info, resolved, imaging_view)

    @strawberry.field(
        description="The viral injections ordered for a subject, newest first; the days bound "
        "when each was entered in SLIMS." + SLIMS_NOTE + STATUS_NOTE
    )
    async def viral_injections(
        self,
        info: Info,
        subject_id: SubjectId,
        start_date_gte: StartsFrom = None,
        end_date_lte: EndsBy = None,
    ) -> list[ViralInjection] | None:
        context: RequestContext = info.context
        resolved = await context.resolvers.slims.viral_injections(
            subject_id, start_date_gte, end_date_lte
        )
        return publish(info, resolved, injections_view)

    @strawberry.field(
        description="Instrument (and rig) documents stored in SLIMS, as stored: 200 when every "
        "one is a valid aind-data-schema 2.x `Instrument`, else 406 with `validation_errors` "
        "(many predate 2.x)." + SLIMS_NOTE + STATUS_NOTE
    )
    async def instrument(
        self,
        info: Info,
        instrument_id: Annotated[
            str,
            strawberry.argument(description='Instrument id, e.g. "440_SmartSPIM1_20240101".'),
        ],
        partial_match: Annotated[
            bool,
            strawberry.argument(
                description="Every instrument whose name contains `instrument_id` (ignoring "
                "case; the newest 20), rather than the newest one named exactly so."
            ),
        ] = False,
    ) -> list[Instrument] | None:
        context: RequestContext = info.context
        resolved = await context.resolvers.slims.instrument(instrument_id, partial_match)
        return publish(info, resolved, instruments_view)
