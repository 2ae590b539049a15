"""Optional OpenTelemetry tracing (graphql_service/tracing.py): spans in memory, no network."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from datasources.mgi import MgiSettings, MgiSource
from graphql_service import tracing
from graphql_service.settings import ServiceSettings
from resolvers.backends import Backends
from tests.conftest import graphql_client, run_query
from tests.servers.mgi import MgiServer
from tests.snapshots import MGI_ANSWERS

ROOT = Path(__file__).resolve().parents[1]
NAMED = 'query AlleleByName { mgi_allele(allele_name: "Pvalb-IRES-Cre") { name } }'
ENDPOINT_VARIABLES = (tracing.ENDPOINT_VARIABLE, *tracing.STANDARD_VARIABLES)


@pytest.fixture
def exported(monkeypatch: pytest.MonkeyPatch) -> Iterator[InMemorySpanExporter]:
    """Tracing configured, its spans kept in memory instead of sent."""
    for name in ENDPOINT_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("OTEL_SDK_DISABLED", raising=False)
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    monkeypatch.setenv(tracing.ENDPOINT_VARIABLE, "http://collector.invalid:4318")
    exporter = InMemorySpanExporter()
    endpoints: list[str] = []

    def in_memory(endpoint: str) -> SimpleSpanProcessor:
        endpoints.append(endpoint)
        return SimpleSpanProcessor(exporter)

    monkeypatch.setattr(tracing, "make_processor", in_memory)
    yield exporter
    assert endpoints == ["http://collector.invalid:4318/v1/traces"]


def _request_spans(spans: tuple[ReadableSpan, ...]) -> list[ReadableSpan]:
    return [span for span in spans if span.kind == SpanKind.SERVER]


def _children(spans: tuple[ReadableSpan, ...], parent: ReadableSpan) -> list[ReadableSpan]:
    assert parent.context is not None
    return [
        span
        for span in spans
        if span.parent is not None and span.parent.span_id == parent.context.span_id
    ]


async def test_a_graphql_request_has_its_span_and_backend_children(
    exported: InMemorySpanExporter,
) -> None:
    with MgiServer(MGI_ANSWERS) as server:
        backends = Backends(mgi=MgiSource.from_settings(MgiSettings(url=server.endpoint)))
        async with graphql_client(backends) as client:
            response = await client.post(
                "/graphql", json={"query": NAMED}, headers={"X-Request-ID": "trace-me-1"}
            )
    assert response.status_code == 200
    assert response.json()["data"]["mgi_allele"]
    spans = exported.get_finished_spans()
    [request] = _request_spans(spans)
    assert request.name == "POST /graphql"
    assert request.attributes is not None
    assert request.attributes["http.request.method"] == "POST"
    assert request.attributes["http.route"] == "/graphql"
    assert request.attributes["http.response.status_code"] == 200
    assert request.attributes["graphql.operation.name"] == "AlleleByName"
    assert request.attributes["aind.request_id"] == "trace-me-1"
    assert request.attributes["aind.outcome"] == "ok"
    assert request.status.status_code != StatusCode.ERROR
    calls = _children(spans, request)
    assert calls, "no backend span"
    for call in calls:
        assert call.kind == SpanKind.CLIENT
        assert call.name == "backend mgi"
        assert call.attributes is not None
        assert call.attributes["aind.backend.name"] == "mgi"
        assert call.attributes["aind.backend.code"] == 200
        assert isinstance(call.attributes["aind.backend.ms"], float)
        assert "error.type" not in call.attributes
        assert call.status.status_code != StatusCode.ERROR
        assert call.start_time is not None
        assert call.end_time is not None
        assert request.start_time is not None
        assert request.end_time is not None
        assert request.start_time <= call.start_time <= call.end_time <= request.end_time


async def test_a_failing_backend_marks_its_span_with_the_failure_kind(
    exported: InMemorySpanExporter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIND_GRAPHQL_RETRIES", "0")
    with MgiServer(MGI_ANSWERS) as server:
        server.fail_next(100, 500)
        backends = Backends(mgi=MgiSource.from_settings(MgiSettings(url=server.endpoint)))
        async with graphql_client(backends, ServiceSettings(ready_probe_seconds=60)) as client:
            body = await run_query(client, NAMED)
    assert body["errors"]
    spans = exported.get_finished_spans()
    [request] = _request_spans(spans)
    assert request.attributes is not None
    assert request.attributes["aind.outcome"] == "error"
    [call] = _children(spans, request)
    assert call.attributes is not None
    assert call.attributes["aind.backend.name"] == "mgi"
    assert call.attributes["aind.backend.code"] == 503
    assert call.attributes["aind.backend.error"] == "http_status"
    assert call.attributes["error.type"] == "http_status"
    assert call.status.status_code == StatusCode.ERROR
    assert call.status.description == "http_status"


async def test_a_callers_traceparent_is_the_request_spans_parent(
    exported: InMemorySpanExporter,
) -> None:
    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    parent = f"00-{trace_id}-00f067aa0ba902b7-01"
    async with graphql_client(Backends()) as client:
        response = await client.get("/health", headers={"traceparent": parent})
    assert response.status_code == 200
    [request] = _request_spans(exported.get_finished_spans())
    assert request.name == "GET /health"
    assert request.context is not None
    assert request.parent is not None
    assert format(request.context.trace_id, "032x") == trace_id
    assert format(request.parent.span_id, "016x") == "00f067aa0ba902b7"


def test_which_variables_turn_tracing_on() -> None:
    assert tracing.configured_endpoint({}) is None
    assert tracing.configured_endpoint({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"}) == ""
    assert (
        tracing.configured_endpoint({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://c/v1/traces"})
        == ""
    )
    own = {tracing.ENDPOINT_VARIABLE: "http://c:4318/"}
    assert tracing.configured_endpoint(own) == "http://c:4318/v1/traces"
    assert tracing.configured_endpoint({**own, "OTEL_SDK_DISABLED": "true"}) is None
    assert tracing.tracing_middleware({}) == []


def test_the_real_processor_batches_to_the_otlp_http_exporter() -> None:
    processor = tracing.make_processor("http://c:4318/v1/traces")
    try:
        assert isinstance(processor, BatchSpanProcessor)
    finally:
        processor.shutdown()


#: Records who imports OpenTelemetry: the first importing module that is neither importlib nor
#: OpenTelemetry itself (redis-py, for one, loads its metrics SDK whenever it is installed).
_OFF = """
import sys

class Who:
    importers = set()

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "opentelemetry":
            frame = sys._getframe(1)
            while frame is not None:
                module = str(frame.f_globals.get("__name__", ""))
                if not module.startswith(("importlib", "opentelemetry")):
                    self.importers.add(module)
                    break
                frame = frame.f_back
        return None

sys.meta_path.insert(0, Who())
from graphql_service.app import create_app
from graphql_service.settings import ServiceSettings
create_app(ServiceSettings())
assert "graphql_service.tracing" in sys.modules
layers = {"graphql_service", "resolvers", "datasources"}
ours = sorted(m for m in Who.importers if m.split(".")[0] in layers)
assert not ours, ours
for name in ("opentelemetry.sdk.trace", "opentelemetry.exporter", "opentelemetry.propagate"):
    assert name not in sys.modules, name
print("untraced")
"""

_MISSING = """
import importlib.abc, logging, sys

class NoOpenTelemetry(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "opentelemetry":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, NoOpenTelemetry())
logging.basicConfig(level=logging.WARNING, format="%(name)s %(message)s")
from graphql_service.app import create_app
from graphql_service.settings import ServiceSettings
from graphql_service.tracing import configured_endpoint
create_app(ServiceSettings())
print("endpoint", configured_endpoint())
"""


def _python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in ENDPOINT_VARIABLES and key != "OTEL_SDK_DISABLED"
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_with_tracing_off_nothing_of_opentelemetry_is_imported() -> None:
    done = _python(_OFF)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "untraced"


def test_without_opentelemetry_installed_the_app_builds_and_serves_untraced() -> None:
    off = _python(_MISSING)
    assert off.returncode == 0, off.stderr
    assert "endpoint None" in off.stdout
    assert "OpenTelemetry is not installed" not in off.stderr
    on = _python(_MISSING, AIND_GRAPHQL_OTLP_ENDPOINT="http://collector.invalid:4318")
    assert on.returncode == 0, on.stderr
    assert "OpenTelemetry is not installed" in on.stderr
    assert "install aind-metadata-graphql[tracing]" in on.stderr
