"""``aind-metadata-graphql record``: ask live backends about subjects, keep a snapshot.

The service itself asks: every subject's full query (subject with alleles and funding,
procedures, perfusions, intended measurements, SLIMS records), each ``--lot``'s injection
materials and each ``--instrument``'s SLIMS documents run in-process against recording
backends (:mod:`resolvers.recording`), so everything the answers
lead to (prep lots, protocols, alleles) is fetched exactly as ``serve`` fetches it. The
directory written then answers those queries identically under ``serve --snapshot``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx

from graphql_service.app import create_app
from graphql_service.settings import ServiceSettings
from resolvers.recording import Recording

logger = logging.getLogger("graphql_service.record")

SUBJECT_QUERY = """query($id: String!) {
  subject(subject_id: $id) {
    subject_id
    json
    subject_details { ... on MouseSubject { genotype alleles { registry_identifier } } }
    funding { project_name grant_number }
  }
  procedures(subject_id: $id) { json }
  perfusions(subject_id: $id) { json }
  intended_measurements(subject_id: $id) { fiber_name }
}"""
#: SLIMS' own root fields (each answers 503 "not configured" without SLIMS).
SLIMS_QUERY = """query($id: String!) {
  histology(subject_id: $id) { json }
  water_restriction(subject_id: $id) { json }
  sessions(subject_id: $id) { json }
  smartspim_imaging(subject_id: $id) { json }
  viral_injections(subject_id: $id) { json }
}"""
INSTRUMENT_QUERY = """query($id: String!) {
  instrument(instrument_id: $id) { json }
}"""
LOT_QUERY = """query($lot: String!) {
  injection_materials(prep_lot_number: $lot) { name }
}"""


async def record(
    recording: Recording,
    subject_ids: Sequence[str],
    lots: Sequence[str],
    directory: Path,
    *,
    instruments: Sequence[str] = (),
) -> list[Path]:
    """Ask the recording backends about ``subject_ids``, ``lots`` and ``instruments`` (SLIMS
    instrument ids, with their attached documents); write ``directory``."""
    # No API keys, no deadline: the process asks itself.
    settings = ServiceSettings(api_keys=(), request_deadline_seconds=None)
    app = create_app(settings, backends=recording.backends)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://record") as client:
            for subject_id in subject_ids:
                await _ask(client, SUBJECT_QUERY, {"id": subject_id})
                if recording.backends.slims is not None:
                    await _ask(client, SLIMS_QUERY, {"id": subject_id})
            for lot in lots:
                await _ask(client, LOT_QUERY, {"lot": lot})
            for instrument_id in instruments:
                await _ask(client, INSTRUMENT_QUERY, {"id": instrument_id})
        # Inside the lifespan: the backends are closed when it ends.
        return await recording.finish(subject_ids, directory)


async def _ask(client: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> None:
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    body = response.json()
    for path, status in (body.get("extensions") or {}).get("status", {}).items():
        code = status.get("code")
        if isinstance(code, int) and code >= 500:
            logger.warning("%s %s: %s %s", variables, path, code, status.get("message", ""))
