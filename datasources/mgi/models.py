"""The alleleBucket body of MGI's quick search, as MGI sends it.

Only ``summaryRows`` is required; every row field is optional and unknown fields are ignored,
so MGI adding or dropping columns does not break lookups.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class SummaryRow(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)

    detail_uri: str | None = Field(default=None, alias="detailUri")
    symbol: str | None = None
    name: str | None = None
    stars: str | None = None
    best_match_type: str | None = Field(default=None, alias="bestMatchType")
    best_match_text: str | None = Field(default=None, alias="bestMatchText")
    feature_type: str | None = Field(default=None, alias="featureType")
    chromosome: str | None = None
    location: str | None = None
    strand: str | None = None


class AlleleBucket(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)

    summary_rows: list[SummaryRow] = Field(alias="summaryRows")
    total_count: int | None = Field(default=None, alias="totalCount")
