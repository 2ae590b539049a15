"""Query limits and the introspection switch, through the ASGI app."""

from __future__ import annotations

from pathlib import Path

from graphql_service.settings import ServiceSettings
from resolvers.backends import Backends
from tests.conftest import graphql_client, run_query
from tests.snapshots import COLONY, write_snapshot

DEEP = '{ subject(subject_id: "700101") { subject_details { ... on MouseSubject { housing { light_cycle { lights_on_time } } } } } }'  # noqa: E501


async def test_depth_alias_and_token_limits(tmp_path: Path) -> None:
    snapshot = write_snapshot(tmp_path / "s", COLONY, None)
    settings = ServiceSettings(max_query_depth=3, max_aliases=2, max_tokens=60)
    async with graphql_client(Backends.from_snapshot(snapshot), settings) as client:
        deep = await run_query(client, DEEP)
        aliases = await run_query(
            client,
            '{ a: subject(subject_id: "1") { subject_id } b: subject(subject_id: "2") '
            '{ subject_id } c: subject(subject_id: "3") { subject_id } }',
        )
        many = 'subject(subject_id: "1") { subject_id } ' * 8
        tokens = await run_query(client, "{ " + many + "}")
        # The same document twice: the second answer comes from the validation cache, and
        # must still be refused.
        again = await run_query(client, DEEP)
    assert "exceeds maximum operation depth" in deep["errors"][0]["message"]
    assert again["errors"] == deep["errors"]
    assert "aliases" in aliases["errors"][0]["message"].lower()
    assert "token" in tokens["errors"][0]["message"].lower()
    assert deep.get("data") is None


async def test_introspection_can_be_switched_off(tmp_path: Path) -> None:
    snapshot = write_snapshot(tmp_path / "s", COLONY, None)
    query = "{ __schema { queryType { name } } }"
    async with graphql_client(Backends.from_snapshot(snapshot)) as client:
        allowed = await run_query(client, query)
    closed = ServiceSettings(introspection=False)
    async with graphql_client(Backends.from_snapshot(snapshot), closed) as client:
        refused = await run_query(client, query)
        still_works = await run_query(client, '{ subject(subject_id: "700101") { subject_id } }')
    assert allowed["data"]["__schema"]["queryType"]["name"] == "Query"
    assert "introspection" in refused["errors"][0]["message"].lower()
    assert still_works["data"]["subject"]["subject_id"] == "700101"
