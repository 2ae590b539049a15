"""Statuses other than 200, refusals, the domain check, retries, timeouts and closing."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator

import httpx
import pytest

from aind_metadata_graphql_client import (
    AsyncMetadataClient,
    GraphQLResponse,
    InvalidDomainError,
    MetadataClient,
    ServiceConnectionError,
    ServiceTimeoutError,
    ServiceUnreachableError,
)
from aind_metadata_graphql_client.results import field_result, parse_response
from datasources.mgi import MgiSource
from datasources.mgi.settings import MgiSettings
from datasources.snapshot import DEMO_SNAPSHOT
from graphql_service.settings import ServiceSettings
from resolvers.backends import Backends
from tests.client.conftest import DOMAIN, ThreadedASGITransport, demo_app
from tests.conftest import free_port
from tests.servers.base import LoopbackServer, Reply

# the domain


@pytest.mark.parametrize("client_class", [MetadataClient, AsyncMetadataClient])
def test_a_missing_domain_says_what_to_give(client_class: type) -> None:
    for missing in (None, "", "   "):
        with pytest.raises(InvalidDomainError, match="domain is missing") as raised:
            client_class(missing)
        assert "http://127.0.0.1:8000" in str(raised.value)
    with pytest.raises(InvalidDomainError, match="domain is missing"):
        client_class()
    assert issubclass(InvalidDomainError, ValueError)


@pytest.mark.parametrize(
    ("domain", "why"),
    [
        ("aind-metadata-graphql", "not an http"),
        ("ftp://host", "not an http"),
        ("http://", "not an http"),
        ("http://host:port", "malformed port"),
        ("http://host/?q=1", "query or fragment"),
        (8000, "must be a string"),
    ],
)
def test_a_malformed_domain_is_refused(domain: object, why: str) -> None:
    with pytest.raises(InvalidDomainError, match=why):
        MetadataClient(domain)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("domain", "base"),
    [
        ("http://host", "http://host"),
        (" http://host:8000/ ", "http://host:8000"),
        ("https://host/metadata/graphql", "https://host/metadata"),
    ],
)
def test_domain_forms(domain: str, base: str) -> None:
    with MetadataClient(domain) as client:
        assert client.domain == base
        assert repr(client) == f"MetadataClient({base!r})"


# statuses through the real app


def test_backends_not_configured_answer_503() -> None:
    transport = ThreadedASGITransport(demo_app(backends=Backends(mode="unconfigured")))
    try:
        with MetadataClient(DOMAIN, transport=transport) as client:
            result = client.get_subject("650101")
            procedures = client.get_procedures("650101")
    finally:
        transport.shutdown()
    assert (result.status_code, result.data) == (503, None)
    assert result.message == "labtracks is not configured"
    assert [(s.name, s.code, s.configured) for s in result.sources] == [("labtracks", 503, False)]
    assert [(e.code, e.path) for e in result.errors] == [(503, ("subject",))]
    assert procedures.status_code == 503
    assert all(not source.configured for source in procedures.sources)


async def test_an_unreachable_backend_is_named_in_a_partial_answer() -> None:
    closed = f"http://127.0.0.1:{free_port()}/alleles"
    mgi = MgiSource.from_settings(MgiSettings(url=closed, timeout_seconds=2))
    backends = dataclasses.replace(Backends.from_snapshot(DEMO_SNAPSHOT), mgi=mgi)
    app = demo_app(backends=backends)
    async with (
        app.router.lifespan_context(app),
        AsyncMetadataClient(DOMAIN, transport=httpx.ASGITransport(app=app)) as client,
    ):
        result = await client.get_subject("650101")
    assert result.status_code == 207
    assert result.data["subject_id"] == "650101"
    by_name = {source.name: source for source in result.sources}
    assert by_name["labtracks"].code == 200
    assert (by_name["mgi"].code, by_name["mgi"].error) == (503, "connection")


def test_a_malformed_argument_is_400(sync_transport: ThreadedASGITransport) -> None:
    with MetadataClient(DOMAIN, transport=sync_transport) as client:
        result = client.get_histology("650120", end_date_lte="not a date")
    assert (result.status_code, result.data) == (400, None)
    assert "end_date_lte" in result.message
    assert (result.errors[0].code, result.errors[0].error_code) == (400, "BAD_USER_INPUT")


def test_api_key_is_sent_and_a_refusal_is_a_401_result() -> None:
    transport = ThreadedASGITransport(demo_app(ServiceSettings(api_keys="s3cret")))
    try:
        with MetadataClient(DOMAIN, transport=transport) as client:
            refused = client.get_subject("650101")
        with MetadataClient(DOMAIN, transport=transport, api_key="s3cret") as client:
            answered = client.get_subject("650101")
    finally:
        transport.shutdown()
    assert (refused.status_code, refused.data) == (401, None)
    assert (refused.errors[0].code, refused.errors[0].error_code) == (401, "UNAUTHENTICATED")
    assert answered.status_code == 200
    assert transport.requests[-1].headers["x-api-key"] == "s3cret"
    assert "x-api-key" not in transport.requests[0].headers


async def test_an_oversized_document_is_a_413_result() -> None:
    app = demo_app(ServiceSettings(max_query_bytes=150))
    async with (
        app.router.lifespan_context(app),
        AsyncMetadataClient(DOMAIN, transport=httpx.ASGITransport(app=app)) as client,
    ):
        small = await client.get_subject("650101")
        big = await client.get_histology("650120", "2024-01-01", "2024-12-31")
        answer = await client.query("{ project_names }" + " " * 300)
    assert small.status_code == 200
    assert (big.status_code, big.data) == (413, None)
    assert (answer.http_status, answer.data, answer.errors[0].code) == (413, None, 413)


async def test_query_returns_data_errors_and_status(
    async_transport: httpx.ASGITransport,
) -> None:
    document = """query Two($ids: [String!]!) {
      subjects(subject_ids: $ids) { subject_id }
      bad: subject(subject_id: "x1") { subject_id }
    }"""
    async with AsyncMetadataClient(DOMAIN, transport=async_transport) as client:
        answer = await client.query(document, {"ids": ["650101", "650121", "659999"]})
    assert isinstance(answer, GraphQLResponse)
    assert answer.http_status == 200
    assert answer.request_id
    assert answer.data is not None
    assert [s and s["subject_id"] for s in answer.data["subjects"]] == ["650101", "650121", None]
    assert [answer.status[f"subjects.{i}"].code for i in range(3)] == [200, 406, 404]
    assert answer.status["subjects.1"].validation_errors[0].loc[-1] == "sex"
    assert answer.status["bad"].code == 400
    assert [(e.code, e.error_code, e.path) for e in answer.errors] == [
        (400, "BAD_USER_INPUT", ("bad",))
    ]
    listed = answer.status["subjects"]
    assert (listed.code, dict(listed.items)) == (207, {200: 1, 404: 1, 406: 1})
    assert listed.message == "3 subjects: 1 valid, 1 not found, 1 invalid."


def test_an_error_from_a_service_before_string_codes_keeps_its_number() -> None:
    body = {"data": None, "errors": [{"message": "m", "extensions": {"code": 503}}]}
    [error] = parse_response(200, body).errors
    assert (error.code, error.error_code) == (503, None)


def test_warnings_reach_the_result() -> None:
    warning = "tars not configured: injection materials are as the request wrote them"
    status = {"procedures": {"code": 200, "message": "Valid Model.", "warnings": [warning]}}
    answer = parse_response(200, {"data": {"procedures": {}}, "extensions": {"status": status}})
    assert field_result(answer, "procedures").warnings == (warning,)


def test_query_refuses_an_empty_document(sync_transport: ThreadedASGITransport) -> None:
    with MetadataClient(DOMAIN, transport=sync_transport) as client, pytest.raises(ValueError):
        client.query("  ")


# connections: retried only when no connection was made


class Counting(httpx.HTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.attempts = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.attempts += 1
        return super().handle_request(request)


class AsyncCounting(httpx.AsyncHTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.attempts = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.attempts += 1
        return await super().handle_async_request(request)


def test_a_refused_connection_is_retried_a_bounded_number_of_times() -> None:
    transport = Counting()
    domain = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    started = time.monotonic()
    with (
        MetadataClient(domain, retries=2, backoff=0.05, transport=transport) as client,
        pytest.raises(ServiceUnreachableError, match="3 attempts") as raised,
    ):
        client.get_subject("650101")
    assert transport.attempts == 3
    assert raised.value.attempts == 3
    assert raised.value.url == f"{domain}/graphql"
    assert isinstance(raised.value.__cause__, httpx.ConnectError)
    assert 0.15 <= time.monotonic() - started < 5  # backoff 0.05 + 0.1, then gives up


async def test_async_retries_likewise_and_none_when_asked() -> None:
    domain = f"http://127.0.0.1:{free_port()}"
    for retries in (0, 3):
        transport = AsyncCounting()
        async with AsyncMetadataClient(
            domain, retries=retries, backoff=0.01, transport=transport
        ) as client:
            with pytest.raises(ServiceUnreachableError):
                await client.get_project_names()
        assert transport.attempts == retries + 1


@pytest.fixture
def loopback() -> Iterator[LoopbackServer]:
    with LoopbackServer() as server:
        yield server


def test_an_http_500_is_a_result_never_retried(loopback: LoopbackServer) -> None:
    loopback.route("POST", "/graphql", lambda _request: Reply.text("Internal Server Error", 500))
    with MetadataClient(loopback.url, retries=3, backoff=0.01) as client:
        result = client.get_subject("650101")
    assert (result.status_code, result.data) == (500, None)
    assert "HTTP 500" in result.message
    assert loopback.count("POST", "/graphql") == 1


async def test_an_http_503_answer_is_not_retried(loopback: LoopbackServer) -> None:
    body = {"errors": [{"message": "overloaded", "extensions": {"code": 503}}]}
    loopback.respond("POST", "/graphql", body, status=503)
    async with AsyncMetadataClient(loopback.url, retries=3, backoff=0.01) as client:
        result = await client.get_procedures("650101")
    assert (result.status_code, result.message) == (503, "overloaded")
    assert loopback.count() == 1


def test_an_answer_that_is_not_graphql(loopback: LoopbackServer) -> None:
    loopback.route("POST", "/graphql", lambda _request: Reply.text("<html>proxy</html>"))
    with MetadataClient(loopback.url) as client:
        answer = client.query("{ project_names }")
    assert (answer.http_status, answer.data) == (200, None)
    assert answer.errors[0].code == 502


def test_a_slow_answer_times_out_without_a_retry(loopback: LoopbackServer) -> None:
    loopback.respond("POST", "/graphql", {"data": {"project_names": []}})
    loopback.latency = 2.0
    with (
        MetadataClient(loopback.url, timeout=0.3, retries=3, backoff=0.01) as client,
        pytest.raises(ServiceTimeoutError, match="did not answer in time"),
    ):
        client.get_project_names()
    assert loopback.count() == 1


async def test_a_dropped_connection_is_not_retried(loopback: LoopbackServer) -> None:
    loopback.drop_next(1)
    async with AsyncMetadataClient(loopback.url, retries=3, backoff=0.01) as client:
        with pytest.raises(ServiceConnectionError) as raised:
            await client.get_project_names()
    assert not isinstance(raised.value, ServiceUnreachableError | ServiceTimeoutError)
    assert loopback.count() == 1


def test_headers_sent(loopback: LoopbackServer) -> None:
    loopback.respond("POST", "/graphql", {"data": {"project_names": ["A"]}})
    with MetadataClient(loopback.url, api_key="k-1") as client:
        result = client.get_project_names()
    assert (result.status_code, result.data) == (200, ["A"])
    (request,) = loopback.requests
    assert request.headers["x-api-key"] == "k-1"
    assert request.headers["user-agent"].startswith("aind-metadata-graphql-client/")
    assert request.json() == {"query": "query ProjectNames { project_names }"}


# closing


def test_with_closes_the_http_client() -> None:
    with MetadataClient("http://127.0.0.1:1") as client:
        assert not client._http.is_closed
    assert client._http.is_closed
    other = MetadataClient("http://127.0.0.1:1")
    other.close()
    assert other._http.is_closed


async def test_async_with_closes_the_http_client() -> None:
    async with AsyncMetadataClient("http://127.0.0.1:1") as client:
        assert not client._http.is_closed
    assert client._http.is_closed
    other = AsyncMetadataClient("http://127.0.0.1:1")
    await other.aclose()
    assert other._http.is_closed
