"""A TARS stand-in on 127.0.0.1: an Entra ID-style token endpoint and the TARS searches.

What it serves, as Entra ID and TARS do:

* ``POST /{tenant}/oauth2/v2.0/token`` (form: grant_type=client_credentials, client_id,
  client_secret, scope) -> ``{"token_type": "Bearer", "expires_in": n, "access_token": ...}``;
  wrong credentials are 401 ``invalid_client`` (the body names no secret).
* ``GET {prefix}/api/v1/ViralPrepLots|Viruses|Molecules?searchFields=<f>&search=<text>``
  with ``pageSize`` and ``page`` (1-based): ``{"data": [...], "totalCount": n, "pageSize": n}``.
  The search is case-insensitive "contains", so near matches come back as they do from TARS;
  the search field must be the one TARS knows for that collection (``lot``, ``aliases.name``,
  ``name``), anything else is a 400. ``max_page_size`` caps the page size like a server limit.

Every TARS route wants ``Authorization: Bearer <a token this server issued and still honours>``
(401 otherwise). The helpers build synthetic camelCase records.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

from tests.servers.base import RecordedRequest, Reply
from tests.servers.entra import TokenIssuingServer

API_PREFIX = "/tars-api"
PREP_LOTS = "/api/v1/ViralPrepLots"
VIRUSES = "/api/v1/Viruses"
MOLECULES = "/api/v1/Molecules"
TARS_SCOPE = "api://tars-test/.default"

_ids = itertools.count(1)


def _uuid() -> str:
    return f"00000000-0000-4000-8000-{next(_ids):012d}"


def alias(name: str, preferred: bool = False) -> dict[str, Any]:
    return {
        "createdAt": "2024-01-02T03:04:05Z",
        "id": _uuid(),
        "citation": None,
        "isPreferred": preferred,
        "name": name,
    }


def molecule(
    full_name: str | None,
    aliases: Sequence[dict[str, Any]],
    *,
    addgene_id: str | None = None,
    molecule_id: str | None = None,
) -> dict[str, Any]:
    return {
        "moleculeType": None,
        "state": "Released",
        "aliases": list(aliases),
        "rrId": f"Addgene_{addgene_id}" if addgene_id else None,
        "fullName": full_name,
        "addgeneId": addgene_id,
        "mgiId": None,
        "sequence": "ACGT",
        "genes": [],
        "id": molecule_id or _uuid(),
    }


def virus(
    aliases: Sequence[dict[str, Any]],
    molecules: Sequence[dict[str, Any]] | None = (),
    *,
    virus_id: str | None = None,
) -> dict[str, Any]:
    """A Viruses item; ``molecules=None`` leaves the key out (a record without them)."""
    record: dict[str, Any] = {
        "createdAt": "2024-01-02T03:04:05Z",
        "id": virus_id or _uuid(),
        "rrId": None,
        "aliases": list(aliases),
        "capsid": None,
        "otherMolecules": [],
    }
    if molecules is not None:
        record["molecules"] = list(molecules)
    return record


def prep_lot(
    lot: str,
    of_virus: dict[str, Any],
    *,
    prep_type: str = "Purified-SOP#VC003",
    date_prepped: str = "2024-03-04T00:00:00Z",
    titers: Sequence[int | float] = (),
) -> dict[str, Any]:
    """A ViralPrepLots item embedding ``of_virus`` as TARS does: aliases, but no molecules."""
    embedded = {"id": of_virus["id"], "aliases": of_virus["aliases"], "molecules": []}
    return {
        "createdAt": "2024-01-02T03:04:05Z",
        "id": _uuid(),
        "lot": lot,
        "datePrepped": date_prepped,
        "viralPrep": {
            "id": _uuid(),
            "viralPrepType": {"id": _uuid(), "name": prep_type},
            "virus": embedded,
            "serotypes": [],
        },
        "titers": [
            {"id": _uuid(), "isPreferred": index == 0, "thawedCount": 0, "result": value}
            for index, value in enumerate(titers)
        ],
    }


def _contains(value: Any, text: str) -> bool:
    return isinstance(value, str) and text.casefold() in value.casefold()


def _names(record: dict[str, Any]) -> list[Any]:
    return [item.get("name") for item in record.get("aliases") or []]


class TarsServer(TokenIssuingServer):
    def __init__(
        self,
        *,
        tenant: str = "tenant-tars-01",
        client_id: str = "client-tars-01",
        client_secret: str = "s3cr3t-tars-9f2d71c4",
        scope: str = TARS_SCOPE,
        expires_in: int = 3599,
        max_page_size: int = 1000,
    ) -> None:
        super().__init__(
            tenant=tenant,
            client_id=client_id,
            client_secret=client_secret,
            scope=scope,
            expires_in=expires_in,
            token_prefix="tars-token",
        )
        self.max_page_size = max_page_size
        #: False makes every search answer its first page, whatever ``page`` asks for.
        self.honour_page = True
        self.prep_lots: list[dict[str, Any]] = []
        self.viruses: list[dict[str, Any]] = []
        #: Served by the Molecules search (besides the molecules the viruses embed).
        self.molecules: list[dict[str, Any]] = []
        #: Called at the start of every search (e.g. a barrier proving concurrency).
        self.on_search: Callable[[RecordedRequest], None] | None = None
        self.route("GET", API_PREFIX + PREP_LOTS, self._search("lot", self._lots))
        self.route("GET", API_PREFIX + VIRUSES, self._search("aliases.name", self._viruses))
        self.route("GET", API_PREFIX + MOLECULES, self._search("name", self._molecules))

    # addresses

    @property
    def resource(self) -> str:
        """The value for ``TARS_RESOURCE``."""
        return self.url + API_PREFIX

    # request log

    def searches(self, collection: str) -> list[str | None]:
        """The ``search`` text of every request to one collection (e.g. ``PREP_LOTS``)."""
        path = API_PREFIX + collection
        return [request.param("search") for request in self.requests if request.path == path]

    # serving

    def _search(
        self, field: str, matches: Callable[[str], list[dict[str, Any]]]
    ) -> Callable[[RecordedRequest], Reply]:
        def answer(request: RecordedRequest) -> Reply:
            if self.on_search is not None:
                self.on_search(request)
            if not self.bearer_ok(request):
                return Reply.json({"message": "Unauthorized"}, 401)
            if request.param("searchFields") != field:
                return Reply.json({"message": f"expected searchFields={field}"}, 400)
            found = matches(request.param("search") or "")
            size = min(int(request.param("pageSize") or 10), self.max_page_size)
            page = int(request.param("page") or 1) if self.honour_page else 1
            body = {
                "data": found[(page - 1) * size : page * size],
                "search": request.param("search"),
                "searchFields": field,
                "totalCount": len(found),
                "pageSize": size,
            }
            return Reply.json(body)

        return answer

    def _lots(self, text: str) -> list[dict[str, Any]]:
        return [lot for lot in self.prep_lots if _contains(lot.get("lot"), text)]

    def _viruses(self, text: str) -> list[dict[str, Any]]:
        return [v for v in self.viruses if any(_contains(n, text) for n in _names(v))]

    def _molecules(self, text: str) -> list[dict[str, Any]]:
        embedded = [m for v in self.viruses for m in v.get("molecules") or []]
        return [
            m
            for m in [*self.molecules, *embedded]
            if _contains(m.get("fullName"), text) or any(_contains(n, text) for n in _names(m))
        ]
