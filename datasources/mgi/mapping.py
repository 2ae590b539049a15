"""From genotypes to allele names, and from MGI's allele bucket to aind-data-schema PIDNames."""

from __future__ import annotations

import re
from typing import Any

from aind_data_schema_models.pid_names import PIDName
from aind_data_schema_models.registries import Registry

from datasources.mgi.models import AlleleBucket, SummaryRow

SEPARATORS = frozenset(";/ \t\r\n\f\v")
WILD_TYPE = "wt"
EXACT_STARS = "****"
EXACT_MATCH_TYPE = "Synonym"
_MGI_ID = re.compile(r"/allele/(MGI:\d+)(?:[/?#]|$)")


def _split_outside_parentheses(genotype: str) -> list[str]:
    """Split on separators at parenthesis depth 0, so ``Ai32(RCL-ChR2(H134R)/x)`` stays whole."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in genotype:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if depth == 0 and char in SEPARATORS:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def allele_names(genotype: str | None) -> list[str]:
    """The allele names of a genotype such as ``"Pvalb-IRES-Cre/wt;Ai14(RCL-tdT)/wt"``.

    Splits on ``;``, ``/`` and whitespace outside parentheses, drops ``wt`` and empties and
    keeps the first occurrence of each name. With unbalanced parentheses the depth cannot be
    trusted, so every separator splits.
    """
    if not genotype:
        return []
    if _balanced(genotype):
        parts = _split_outside_parentheses(genotype)
    else:
        parts = re.split(r"[;/\s]", genotype)
    names = (part for part in parts if part and part.lower() != WILD_TYPE)
    return list(dict.fromkeys(names))


def mgi_id(row: SummaryRow) -> str | None:
    """``MGI:nnnn`` from the row's detail URI, or None when it does not name an allele."""
    if not row.detail_uri:
        return None
    found = _MGI_ID.search(row.detail_uri)
    return found.group(1) if found else None


def is_exact(row: SummaryRow) -> bool:
    """Four stars as a synonym is MGI's exact match; anything less is a near miss."""
    return row.stars == EXACT_STARS and row.best_match_type == EXACT_MATCH_TYPE


def map_alleles(bucket: AlleleBucket) -> list[dict[str, Any]]:
    """Every exact match with a symbol and an MGI id, as a PIDName JSON document."""
    alleles: dict[str, dict[str, Any]] = {}
    for row in bucket.summary_rows:
        identifier = mgi_id(row)
        if not is_exact(row) or identifier is None or not row.symbol:
            continue
        pid = PIDName(name=row.symbol, registry=Registry.MGI, registry_identifier=identifier)
        # MGI can list one allele under several synonyms; it is still one allele.
        alleles.setdefault(identifier, pid.model_dump(mode="json"))
    return list(alleles.values())
