"""An MGI quick-search server: ``GET <path>?queryType=exactPhrase&query=<name>``.

MGI's quick search answers the allele bucket as ``{"summaryRows": [...], "totalCount": n}``.
The server looks the ``query`` parameter up in a dict name -> body; unknown names get an empty
bucket, as MGI does. Helpers build synthetic summary rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tests.servers.base import LoopbackServer, RecordedRequest, Reply

ALLELE_BUCKET_PATH = "/quicksearch/alleleBucket"
EMPTY_BUCKET: dict[str, Any] = {"summaryRows": [], "totalCount": 0}


def summary_row(
    symbol: str,
    mgi_id: str,
    *,
    stars: str = "****",
    match: str = "Synonym",
    name: str = "",
) -> dict[str, Any]:
    """One alleleBucket summary row, with the fields MGI sends besides the ones we read."""
    return {
        "detailUri": f"/allele/{mgi_id}",
        "featureType": "Targeted allele",
        "strand": None,
        "chromosome": None,
        "stars": stars,
        "bestMatchText": symbol,
        "bestMatchType": match,
        "name": name or f"synthetic allele {symbol}",
        "location": None,
        "symbol": symbol,
    }


def bucket(*rows: dict[str, Any]) -> dict[str, Any]:
    """An alleleBucket body holding ``rows``."""
    return {"summaryRows": list(rows), "totalCount": len(rows)}


class MgiServer(LoopbackServer):
    """Answers allele-bucket lookups from ``alleles`` (name -> body); mutate it between calls."""

    def __init__(
        self,
        alleles: Mapping[str, Any] | None = None,
        path: str = ALLELE_BUCKET_PATH,
    ) -> None:
        super().__init__()
        self.alleles: dict[str, Any] = dict(alleles or {})
        self.path = path
        self.route("GET", path, self.answer)

    @property
    def endpoint(self) -> str:
        """The value for ``MGI_URL``."""
        return self.url + self.path

    def queries(self) -> list[str | None]:
        """The ``query`` parameter of every allele-bucket request so far."""
        return [request.param("query") for request in self.requests if request.path == self.path]

    def answer(self, request: RecordedRequest) -> Reply:
        """The allele-bucket route; wrap it when a test reroutes the path."""
        if request.param("queryType") != "exactPhrase":
            return Reply.json({"error": "expected queryType=exactPhrase"}, 400)
        name = request.param("query")
        return Reply.json(self.alleles.get(name or "", EMPTY_BUCKET))
