"""The GraphQL schema: root query fields and their wiring to the resolvers."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from graphql import GraphQLError, GraphQLSyntaxError
from graphql.validation import ASTValidationRule, NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as alias_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext, Info

from graphql_service.context import RequestContext
from graphql_service.errors import GRAPHQL_PARSE_FAILED, give_code
from graphql_service.limits import root_fields_rule
from graphql_service.slims_fields import SlimsQuery
from graphql_service.status import (
    STATUS_NOTE,
    StatusExtension,
    log_unexpected,
    publish,
    publish_items,
    selects,
    status_directive,
)
from graphql_service.types.common import PIDName
from graphql_service.types.connection import SubjectConnection, connection_view
from graphql_service.types.document import implementations
from graphql_service.types.funding import (
    Funding,
    Person,
    ProtocolInformation,
    funding_view,
    people_view,
    protocols_view,
)
from graphql_service.types.materials import InjectionMaterial, materials_view
from graphql_service.types.measurements import IntendedMeasurement, measurements_view
from graphql_service.types.procedures import Procedures, SubjectProcedure, procedures_view
from graphql_service.types.search import SEARCH_SUBJECTS, SubjectFilterInput
from graphql_service.types.subject import Subject, SubjectDetails, subject_from_document
from graphql_service.types.surgery import SurgeryProcedure
from resolvers.search import DEFAULT_FIRST, MAX_FIRST, FilterArguments
from resolvers.subject import SubjectRecord

PROJECT = 'Project name: "Project" for all its subprojects, "Project - Subproject" for one.'
FUNDING_NOTE = (
    ' "Project" finds the project\'s own rows and every subproject\'s; "Project - Subproject" '
    "that one; case and runs of spaces are ignored, nothing else is fuzzy. When nothing is "
    "found (404), the status message suggests up to three close project names." + STATUS_NOTE
)


def _subject(record: SubjectRecord) -> Subject:
    return subject_from_document(record.document, record.breeding_group)


def _reads_alleles(info: Info) -> bool:
    """MGI is asked only when the query reads alleles (directly or through a ``json`` field)."""
    return selects(info, "alleles", "json")


def _context(info: Info) -> RequestContext:
    context: RequestContext = info.context
    return context


@strawberry.type(description="Metadata about subjects and what was done to them.")
class Query(SlimsQuery):
    @strawberry.field(
        description="A subject by its LabTracks id (LabTracks, with alleles from MGI)."
        + STATUS_NOTE
    )
    async def subject(
        self,
        info: Info,
        subject_id: Annotated[
            str,
            strawberry.argument(
                description='LabTracks subject id: a non-negative integer, e.g. "632269".'
            ),
        ],
    ) -> Subject | None:
        resolvers = _context(info).resolvers.subjects
        resolved = await resolvers.subject(subject_id, with_alleles=_reads_alleles(info))
        return publish(info, resolved, _subject)

    @strawberry.field(
        description=(
            "Several subjects in one round trip, in argument order. Each item has its own "
            "status under `subjects.<index>`." + STATUS_NOTE
        )
    )
    async def subjects(
        self,
        info: Info,
        subject_ids: Annotated[
            list[str],
            strawberry.argument(
                description="LabTracks subject ids (at most the configured maximum, default 500)."
            ),
        ],
    ) -> list[Subject | None] | None:
        resolvers = _context(info).resolvers.subjects
        resolved = await resolvers.subjects(subject_ids, with_alleles=_reads_alleles(info))
        items = publish(info, resolved, lambda items: items)
        return None if items is None else publish_items(info, items, _subject)

    @strawberry.field(description=SEARCH_SUBJECTS + STATUS_NOTE)
    async def search_subjects(
        self,
        info: Info,
        subject_filter: Annotated[
            SubjectFilterInput | None,
            strawberry.argument(
                name="filter", description="What the subjects must be; none lists every one."
            ),
        ] = None,
        first: Annotated[
            int, strawberry.argument(description=f"Page size, 1 to {MAX_FIRST}.")
        ] = DEFAULT_FIRST,
        after: Annotated[
            str | None,
            strawberry.argument(
                description="Continue after this cursor (`page_info.end_cursor` of the previous "
                "page, or an edge's `cursor`); from the first subject when absent."
            ),
        ] = None,
    ) -> SubjectConnection | None:
        arguments = subject_filter.arguments() if subject_filter else FilterArguments()
        resolved = await _context(info).resolvers.search.subjects(arguments, first, after)
        return publish(info, resolved, connection_view)

    @strawberry.field(
        description=(
            "MGI alleles whose four-star best match is a synonym of the name given; "
            "300 when several match." + STATUS_NOTE
        )
    )
    async def mgi_allele(
        self,
        info: Info,
        allele_name: Annotated[
            str, strawberry.argument(description='Allele name, e.g. "Pvalb-IRES-Cre".')
        ],
    ) -> list[PIDName] | None:
        resolved = await _context(info).resolvers.alleles.allele(allele_name)
        return publish(
            info,
            resolved,
            lambda docs: [a for a in map(PIDName.from_document, docs) if a is not None],
        )

    @strawberry.field(
        description=(
            "Everything done to a subject, merged from the SharePoint surgery requests (NSB "
            "2019, NSB 2023 archive and present, LAS 2020), LabTracks tasks and the Smartsheet "
            "perfusions sheet into one aind-data-schema `Procedures` document." + STATUS_NOTE
        )
    )
    async def procedures(
        self,
        info: Info,
        subject_id: Annotated[
            str, strawberry.argument(description='LabTracks subject id, e.g. "632269".')
        ],
    ) -> Procedures | None:
        resolved = await _context(info).resolvers.procedures.procedures(subject_id)
        return publish(info, resolved, procedures_view)

    @strawberry.field(
        description="Perfusions from the Smartsheet perfusions sheet alone." + STATUS_NOTE
    )
    async def perfusions(
        self,
        info: Info,
        subject_id: Annotated[
            str, strawberry.argument(description='LabTracks subject id, e.g. "632269".')
        ],
    ) -> Procedures | None:
        resolved = await _context(info).resolvers.procedures.perfusions(subject_id)
        return publish(info, resolved, procedures_view)

    @strawberry.field(
        description=(
            "What each fiber implanted in the subject is meant to measure (R, G, B, Iso), from "
            "the NSB 2023 surgery requests." + STATUS_NOTE
        )
    )
    async def intended_measurements(
        self,
        info: Info,
        subject_id: Annotated[
            str, strawberry.argument(description='LabTracks subject id, e.g. "632269".')
        ],
    ) -> list[IntendedMeasurement] | None:
        resolved = await _context(info).resolvers.procedures.intended_measurements(subject_id)
        return publish(info, resolved, measurements_view)

    @strawberry.field(
        description=(
            "Viral materials of a TARS prep lot (exact lot number, ignoring case); 300 when "
            "several lots carry the number." + STATUS_NOTE
        )
    )
    async def injection_materials(
        self,
        info: Info,
        prep_lot_number: Annotated[
            str, strawberry.argument(description='Prep lot number, e.g. "VT3214G".')
        ],
    ) -> list[InjectionMaterial] | None:
        resolved = await _context(info).resolvers.reference.injection_materials(prep_lot_number)
        return publish(info, resolved, materials_view)

    @strawberry.field(description="Funding of a project, from the funding sheet." + FUNDING_NOTE)
    async def funding(
        self, info: Info, project_name: Annotated[str, strawberry.argument(description=PROJECT)]
    ) -> list[Funding] | None:
        resolved = await _context(info).resolvers.reference.funding(project_name)
        return publish(info, resolved, funding_view)

    @strawberry.field(
        description="Investigators of a project, from the funding sheet." + FUNDING_NOTE
    )
    async def investigators(
        self, info: Info, project_name: Annotated[str, strawberry.argument(description=PROJECT)]
    ) -> list[Person] | None:
        resolved = await _context(info).resolvers.reference.investigators(project_name)
        return publish(info, resolved, people_view)

    @strawberry.field(
        description="Every project name the funding sheet answers to, sorted." + STATUS_NOTE
    )
    async def project_names(self, info: Info) -> list[str] | None:
        resolved = await _context(info).resolvers.reference.project_names()
        return publish(info, resolved, list)

    @strawberry.field(
        description="Every protocol title the protocols sheet lists, sorted." + STATUS_NOTE
    )
    async def protocol_names(self, info: Info) -> list[str] | None:
        resolved = await _context(info).resolvers.reference.protocol_names()
        return publish(info, resolved, list)

    @strawberry.field(
        description="Protocols by name, from the protocols sheet. When none has the title "
        "(404), the status message suggests up to three close titles (see `protocol_names`)."
        + STATUS_NOTE
    )
    async def protocols(
        self,
        info: Info,
        protocol_name: Annotated[
            str, strawberry.argument(description="Protocol title (exact, ignoring case).")
        ],
    ) -> list[ProtocolInformation] | None:
        resolved = await _context(info).resolvers.reference.protocols(protocol_name)
        return publish(info, resolved, protocols_view)


class MetadataSchema(strawberry.Schema):
    """Logs only our own failures: backend statuses are not errors of the service."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        context: Any = execution_context.context if execution_context else None
        log_unexpected(errors, getattr(context, "request_id", None))
        # StatusExtension codes validation and execution errors; a syntax error (too many
        # tokens included) never reaches its parse hook.
        for error in errors:
            if isinstance(error, GraphQLSyntaxError):
                give_code(error, GRAPHQL_PARSE_FAILED)


def build_schema(
    max_depth: int = 12,
    max_aliases: int = 30,
    max_tokens: int = 5000,
    introspection: bool = True,
    max_root_fields: int = 20,
) -> MetadataSchema:
    # The limit rules are built once: ValidationCache keys on the rule classes, so rules made
    # afresh per request (as QueryDepthLimiter does) would defeat it.
    rules: list[type[ASTValidationRule]] = [
        depth_rule(max_depth, None),
        alias_rule(max_aliases),
        root_fields_rule(max_root_fields),
    ]
    if not introspection:
        rules.append(NoSchemaIntrospectionCustomRule)
    extensions: list[Any] = [
        StatusExtension,
        lambda: MaxTokensLimiter(max_token_count=max_tokens),
        lambda: AddValidationRules(rules),
        # Clients repeat the same few documents: parse and validate each once per process.
        lambda: ParserCache(maxsize=1024),
        lambda: ValidationCache(maxsize=1024),
    ]
    interfaces = (SubjectDetails, SubjectProcedure, SurgeryProcedure, InjectionMaterial)
    return MetadataSchema(
        query=Query,
        # Fields typed as interfaces do not lead the schema to their implementations.
        types=[kind for interface in interfaces for kind in implementations(interface)],
        config=StrawberryConfig(auto_camel_case=False),
        extensions=extensions,
        directives=[status_directive],
    )
