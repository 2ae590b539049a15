"""Pages of subjects: ``edges { cursor node }``, ``page_info``, ``total_count``."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from graphql_service.status import publish, selects
from graphql_service.types.subject import Subject, subject_from_document
from resolvers.request import RequestResolvers
from resolvers.search import SubjectFilter, SubjectPage
from resolvers.subject import SubjectRecord


def _subject(record: SubjectRecord) -> Subject:
    return subject_from_document(record.document, record.breeding_group)


@strawberry.type(description="Where this page ends, and whether another page follows it.")
class PageInfo:
    has_next_page: bool = strawberry.field(
        description="True when more subjects match after this page: ask again with "
        "`after: end_cursor`."
    )
    end_cursor: str | None = strawberry.field(
        description="The cursor of this page's last subject (null for an empty page): pass it "
        "as `after` for the next page. Opaque; it stays valid while the subject exists."
    )


@strawberry.type(description="One subject found, and the cursor that continues after it.")
class SubjectEdge:
    cursor: str = strawberry.field(
        description="Opaque position of this subject: pass it as `after` to continue after it."
    )
    subject_id: strawberry.Private[str]

    @strawberry.field(
        description="The subject, exactly as `subject(subject_id)` answers it (LabTracks, "
        "alleles from MGI); nested fields such as `procedures` and `funding` are fetched in "
        "batches for the whole page. Its status is under this field's path, e.g. "
        "`search_subjects.edges.0.node`."
    )
    async def node(self, info: Info) -> Subject | None:
        resolvers: RequestResolvers = info.context.resolvers
        with_alleles = selects(info, "alleles", "json")
        resolved = await resolvers.subjects.subject(self.subject_id, with_alleles=with_alleles)
        return publish(info, resolved, _subject)


@strawberry.type(
    description="A page of the subjects matching a filter, in LabTracks id order, and how to "
    "get the next one."
)
class SubjectConnection:
    edges: list[SubjectEdge] = strawberry.field(
        description="The subjects of this page, each with its cursor."
    )
    page_info: PageInfo = strawberry.field(
        description="Whether another page follows, and the cursor to ask for it with."
    )
    subject_filter: strawberry.Private[SubjectFilter]

    @strawberry.field(
        description="How many subjects match the filter across all pages. Costs one more "
        "LabTracks query, which reads every match (and, for `genotype_contains`, scans the "
        "whole table): it is run only when this field is asked for. Its status is under "
        "`search_subjects.total_count`."
    )
    async def total_count(self, info: Info) -> int | None:
        resolvers: RequestResolvers = info.context.resolvers
        resolved = await resolvers.search.count(self.subject_filter)
        return publish(info, resolved, int)


def connection_view(page: SubjectPage) -> SubjectConnection:
    edges = [
        SubjectEdge(cursor=cursor, subject_id=subject_id)
        for subject_id, cursor in zip(page.subject_ids, page.cursors, strict=True)
    ]
    return SubjectConnection(
        edges=edges,
        page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
        subject_filter=page.subject_filter,
    )
