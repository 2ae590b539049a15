"""The subject filter of ``search_subjects``: only what LabTracks answers with an SQL query."""

from __future__ import annotations

import datetime

import strawberry
from aind_data_schema.components import subjects as ads

from resolvers.search import MAX_FIRST, FilterArguments

SEARCH_SUBJECTS = (
    "Subjects found by what they are, a page at a time, in LabTracks id order. Every filter is "
    "answered by LabTracks (one SQL query per page, continuing after the last animal id, so a "
    "deep page costs what the first does); the nodes are then read like `subjects`, their "
    "alleles from MGI. Nothing is filtered on SharePoint, Smartsheet or SLIMS records: those "
    "could only be searched by reading whole lists. A filter part that is given must hold; "
    f"with no filter every LabTracks animal is listed. `first` is 1 to {MAX_FIRST}."
)


@strawberry.input(
    name="SubjectFilter",
    description="What the subjects must be; all the given parts must hold. Every part is a "
    "condition of the LabTracks query (table ANIMALS_COMMON).",
)
class SubjectFilterInput:
    born_on_or_after: datetime.date | None = strawberry.field(
        default=None,
        description="Born on this date or later (LabTracks BIRTH_DATE); at most "
        "`born_on_or_before`.",
    )
    born_on_or_before: datetime.date | None = strawberry.field(
        default=None, description="Born on this date or earlier (LabTracks BIRTH_DATE)."
    )
    sex: ads.Sex | None = strawberry.field(
        default=None,
        description="LabTracks SEX: FEMALE finds 'F' and 'Female', MALE 'M' and 'Male' (any "
        "case); animals of unrecorded sex match neither.",
    )
    genotype_contains: str | None = strawberry.field(
        default=None,
        description="Text found in the animal's full genotype (the Full_Genotype custom field "
        'of LabTracks CLASS_VALUES), ignoring case, e.g. "Ai14" or "Pvalb-IRES-Cre/wt". '
        "No index can serve it: a rare text reads far into the table.",
    )
    group_name: str | None = strawberry.field(
        default=None,
        description="The animal's own LabTracks group (GROUPS.GROUP_NAME), whole name ignoring "
        "case; not the mother's breeding group.",
    )
    room_id: str | None = strawberry.field(
        default=None,
        description='LabTracks room id, as `housing.room_id` shows it, e.g. "2101".',
    )

    def arguments(self) -> FilterArguments:
        return FilterArguments(
            born_on_or_after=self.born_on_or_after,
            born_on_or_before=self.born_on_or_before,
            sex=None if self.sex is None else self.sex.value,
            genotype_contains=self.genotype_contains,
            group_name=self.group_name,
            room_id=self.room_id,
        )
