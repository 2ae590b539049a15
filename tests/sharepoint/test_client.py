"""SharePointClient (office365 over a loopback Graph): tokens, filters, paging, batching."""

from __future__ import annotations

import httpx
import pytest

from datasources.errors import BackendError
from datasources.sharepoint import SharePointClient, SharePointSettings
from datasources.sharepoint.filters import MAX_FILTER_LENGTH, encoded_length
from tests.servers.graph import GRAPH_SCOPE, PREFER_NON_INDEXED, GraphServer, parse_filter
from tests.sharepoint.conftest import ClientFactory, FakeClock, sharepoint_settings
from tests.sharepoint.items import AIND_SITE, LAS_SITE, LIST_IDS, item_ids, las2020_item

NSB2019 = LIST_IDS["nsb2019"]
LAS2020 = LIST_IDS["las2020"]


async def test_items_of_one_subject_with_their_fields(
    client: SharePointClient, graph: GraphServer
) -> None:
    items = await client.fetch_items("nsb2019", ["700001"])
    assert item_ids(items) == ["1", "4"]
    assert items[0]["fields"]["LabTracks_x0020_ID"] == "700001"
    assert items[0]["fields"]["Title"] == "700001HP"
    [request] = graph.item_requests(AIND_SITE, NSB2019)
    assert request.param("$expand") == "fields"
    assert request.param("$filter") == "fields/LabTracks_x0020_ID eq '700001'"
    assert request.headers["prefer"] == PREFER_NON_INDEXED
    assert request.headers["authorization"] == f"Bearer {graph.issued_tokens[0]}"


async def test_the_configured_graph_url_is_the_root(
    client: SharePointClient, graph: GraphServer
) -> None:
    assert client.service_root_url == graph.graph_url
    await client.fetch_items("las2020", ["700001"])
    assert graph.count("GET", f"/v1.0/sites/{LAS_SITE}/lists/{LAS2020}/items") == 1


async def test_graph_wants_a_token_and_the_prefer_header(
    client: SharePointClient, graph: GraphServer
) -> None:
    # The loopback refuses what Graph refuses, so the client's passing requests show that it
    # sends both; indexing the column lifts the need for the header, as on Graph.
    await client.fetch_items("nsb2019", ["700001"])
    url = graph.url + graph.items_path(AIND_SITE, NSB2019)
    params = {"$expand": "fields", "$filter": "fields/LabTracks_x0020_ID eq '700001'"}
    bearer = {"Authorization": f"Bearer {graph.issued_tokens[0]}"}
    async with httpx.AsyncClient() as http:
        assert (await http.get(url, params=params)).status_code == 401
        wrong = {"Authorization": "Bearer forged"}
        assert (await http.get(url, params=params, headers=wrong)).status_code == 401
        refused = await http.get(url, params=params, headers=bearer)
        assert refused.status_code == 400
        assert PREFER_NON_INDEXED in refused.json()["error"]["message"]
        graph.indexed_columns.add("LabTracks_x0020_ID")
        assert (await http.get(url, params=params, headers=bearer)).status_code == 200


async def test_token_is_fetched_once_and_reused(
    client: SharePointClient, graph: GraphServer
) -> None:
    await client.fetch_items("nsb2019", ["700001"])
    await client.fetch_items("nsb2023", ["700001"])
    await client.fetch_items("las2020", ["700001", "700002"])
    assert graph.token_calls == 1
    [token_request] = [r for r in graph.requests if r.path == graph.token_path]
    assert token_request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert token_request.form() == {
        "grant_type": "client_credentials",
        "client_id": graph.client_id,
        "client_secret": graph.client_secret,
        "scope": GRAPH_SCOPE,
    }


async def test_token_is_renewed_shortly_before_it_expires(
    client: SharePointClient, graph: GraphServer, clock: FakeClock
) -> None:
    await client.fetch_items("nsb2019", ["700001"])
    clock.advance(graph.expires_in - 120)  # well inside its lifetime
    await client.fetch_items("nsb2019", ["700001"])
    assert graph.token_calls == 1
    clock.advance(90)  # within the last minute: renewed before Graph would refuse it
    await client.fetch_items("nsb2019", ["700001"])
    assert graph.token_calls == 2
    last = graph.item_requests(AIND_SITE, NSB2019)[-1]
    assert last.headers["authorization"] == f"Bearer {graph.issued_tokens[1]}"


async def test_a_short_lived_token_is_renewed_halfway(
    make_client: ClientFactory, graph: GraphServer, clock: FakeClock
) -> None:
    graph.expires_in = 60
    client = make_client()
    await client.fetch_items("nsb2019", ["700001"])
    clock.advance(29)
    await client.fetch_items("nsb2019", ["700001"])
    assert graph.token_calls == 1
    clock.advance(2)
    await client.fetch_items("nsb2019", ["700001"])
    assert graph.token_calls == 2


async def test_cache_ttl_caps_token_reuse(
    make_client: ClientFactory, graph: GraphServer, clock: FakeClock
) -> None:
    client = make_client(cache_ttl_seconds=10)
    await client.fetch_items("nsb2019", ["700001"])
    clock.advance(11)
    await client.fetch_items("nsb2019", ["700001"])
    assert graph.token_calls == 2


async def test_zero_cache_ttl_takes_a_new_token_per_request(
    make_client: ClientFactory, graph: GraphServer
) -> None:
    client = make_client(cache_ttl_seconds=0)
    await client.fetch_items("nsb2019", ["700001"])
    await client.fetch_items("nsb2019", ["700002"])
    assert graph.token_calls == 2
    sent = [r.headers["authorization"] for r in graph.item_requests(AIND_SITE, NSB2019)]
    assert sent == [f"Bearer {token}" for token in graph.issued_tokens]


async def test_a_refused_token_is_replaced_once(
    client: SharePointClient, graph: GraphServer
) -> None:
    await client.fetch_items("nsb2019", ["700001"])
    graph.revoke_tokens()
    items = await client.fetch_items("nsb2019", ["700001"])
    assert item_ids(items) == ["1", "4"]
    assert graph.token_calls == 2
    first, second = graph.issued_tokens
    sent = [r.headers["authorization"] for r in graph.item_requests(AIND_SITE, NSB2019)]
    assert sent == [f"Bearer {first}", f"Bearer {first}", f"Bearer {second}"]


async def test_a_wrong_secret_fails_with_a_safe_message(
    make_client: ClientFactory, graph: GraphServer
) -> None:
    client = make_client(client_secret="not-the-secret")
    with pytest.raises(BackendError) as raised:
        await client.fetch_items("nsb2019", ["700001"])
    assert str(raised.value) == "token endpoint answered HTTP 401"
    assert graph.count("GET") == 0


async def test_paging_is_followed_to_the_end(client: SharePointClient, graph: GraphServer) -> None:
    graph.page_size = 2
    graph.items[LAS2020] = [
        las2020_item(100 + n, "700007" if n % 2 else "700008", nROID1="700007") for n in range(7)
    ]
    items = await client.fetch_items("las2020", ["700007"])
    assert item_ids(items) == [str(100 + n) for n in range(7)]
    requests = graph.item_requests(LAS_SITE, LAS2020)
    assert [r.param("$skiptoken") for r in requests] == [None, "2", "4", "6"]
    # Every page carries the filter, the expansion, the header and the token.
    assert {r.param("$filter") for r in requests} == {requests[0].param("$filter")}
    assert all(r.param("$expand") == "fields" for r in requests)
    assert all(r.headers["prefer"] == PREFER_NON_INDEXED for r in requests)
    assert all(r.headers["authorization"].startswith("Bearer ") for r in requests)


async def test_a_next_link_to_another_host_is_not_followed(
    client: SharePointClient, graph: GraphServer
) -> None:
    path = graph.items_path(AIND_SITE, NSB2019)
    graph.respond(
        "GET",
        path,
        {"value": [], "@odata.nextLink": "http://198.51.100.7/v1.0/steal?token=1"},
    )
    with pytest.raises(BackendError, match="next page link outside"):
        await client.fetch_items("nsb2019", ["700001"])
    assert graph.count("GET", path) == 1


async def test_a_quote_in_a_subject_id_cannot_widen_the_filter(
    client: SharePointClient, graph: GraphServer
) -> None:
    hostile = "x' or fields/Title eq '700001"
    assert await client.fetch_items("las2020", [hostile]) == []
    [sent] = graph.filters(LAS_SITE, LAS2020)
    assert {value for _, value in parse_filter(sent)} == {hostile}


async def test_many_subjects_are_split_into_batches_and_items_kept_once(
    client: SharePointClient, graph: GraphServer
) -> None:
    # 700002 and 700005 share item 32 and sit at opposite ends of a long request.
    ids = ["700002", *(str(800000 + n) for n in range(60)), "700001", "700005"]
    items = await client.fetch_items("las2020", ids)
    assert sorted(item_ids(items)) == ["31", "32"]
    sent = graph.filters(LAS_SITE, LAS2020)
    assert len(sent) > 1
    assert all(encoded_length(f) <= MAX_FILTER_LENGTH for f in sent)
    asked = [value for f in sent for _, value in parse_filter(f)]
    assert set(asked) == set(ids)
    batch_of = {value: index for index, f in enumerate(sent) for _, value in parse_filter(f)}
    assert batch_of["700002"] != batch_of["700005"]


async def test_graph_errors_become_backend_errors_without_the_body(
    client: SharePointClient, graph: GraphServer
) -> None:
    graph.fail_list(NSB2019, 500)
    with pytest.raises(BackendError) as raised:
        await client.fetch_items("nsb2019", ["700001"])
    assert str(raised.value) == "Graph answered HTTP 500"


async def test_an_unknown_list_is_a_backend_error(
    make_client: ClientFactory, graph: GraphServer
) -> None:
    client = make_client(nsb_2019_list_id="no-such-list")
    with pytest.raises(BackendError, match="HTTP 404"):
        await client.fetch_items("nsb2019", ["700001"])


async def test_ping_asks_every_configured_list(
    make_client: ClientFactory, graph: GraphServer
) -> None:
    client = make_client(nsb_present_list_id=None)
    await client.ping()
    lists = {r.path.rsplit("/", 1)[-1] for r in graph.requests if r.method == "GET"}
    assert lists == {LIST_IDS["nsb2019"], LIST_IDS["nsb2023"], LIST_IDS["las2020"]}
    assert client.lists == frozenset({"nsb2019", "nsb2023", "las2020"})


def test_unconfigured_settings_make_no_client(graph: GraphServer) -> None:
    with pytest.raises(ValueError, match="not configured"):
        SharePointClient.from_settings(sharepoint_settings(graph, client_secret=None))
    with pytest.raises(ValueError, match="not configured"):
        SharePointClient.from_settings(SharePointSettings.model_construct())
