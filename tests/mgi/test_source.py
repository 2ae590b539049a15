"""MgiSource through the real client against the loopback MGI server."""

from __future__ import annotations

import asyncio
import socket
import threading

import pytest
from aind_data_schema_models.pid_names import PIDName
from aind_data_schema_models.registries import Registry

from datasources.cache import MemoryCache
from datasources.mgi import MgiSettings, MgiSource
from datasources.result import Code
from tests.mgi.conftest import SourceFactory
from tests.servers.base import RecordedRequest, Reply
from tests.servers.mgi import MgiServer, bucket, summary_row


async def test_one_exact_hit_is_200_with_a_valid_pidname(
    mgi: MgiSource, mgi_server: MgiServer
) -> None:
    result = await mgi.allele("Pvalb-IRES-Cre")
    assert result.code == Code.OK
    assert result.name == "mgi"
    assert list(result.records) == [
        {
            "name": "Pvalb<tm1(cre)Arbr>",
            "abbreviation": None,
            "registry": Registry.MGI.value,
            "registry_identifier": "MGI:3590684",
        }
    ]
    PIDName.model_validate(result.records[0])
    [request] = mgi_server.requests
    assert request.method == "GET"
    assert request.path == mgi_server.path
    assert request.param("queryType") == "exactPhrase"
    assert request.param("query") == "Pvalb-IRES-Cre"


async def test_name_with_parentheses_reaches_mgi_intact(
    mgi: MgiSource, mgi_server: MgiServer
) -> None:
    result = await mgi.allele("Ai32(RCL-ChR2(H134R)_EYFP)")
    assert result.code == Code.OK
    assert result.records[0]["registry_identifier"] == "MGI:9800032"
    assert mgi_server.queries() == ["Ai32(RCL-ChR2(H134R)_EYFP)"]


async def test_near_misses_are_not_alleles(mgi: MgiSource, mgi_server: MgiServer) -> None:
    result = await mgi.allele("Near-Cre")
    assert result.code == Code.NOT_FOUND
    assert result.records == ()
    assert mgi_server.count() == 1


async def test_several_exact_hits_are_300(mgi: MgiSource) -> None:
    result = await mgi.allele("Two-Cre")
    assert result.code == Code.MULTIPLE
    assert [r["registry_identifier"] for r in result.records] == ["MGI:9800201", "MGI:9800202"]


async def test_unknown_name_is_404(mgi: MgiSource, mgi_server: MgiServer) -> None:
    result = await mgi.allele("Xyz-Unknown-Cre")
    assert result.code == Code.NOT_FOUND
    assert mgi_server.queries() == ["Xyz-Unknown-Cre"]


async def test_empty_name_is_400_without_asking_mgi(mgi: MgiSource, mgi_server: MgiServer) -> None:
    result = await mgi.allele("  ")
    assert result.code == Code.BAD_REQUEST
    assert mgi_server.count() == 0


async def test_server_error_is_503_with_safe_message_and_not_cached(
    mgi: MgiSource, mgi_server: MgiServer
) -> None:
    mgi_server.fail_next(1, 500, {"trace": "java.lang.NullPointerException at Solr"})
    failed = await mgi.allele("Pvalb-IRES-Cre")
    assert failed.code == Code.UNAVAILABLE
    assert failed.failed
    assert failed.message == "mgi: MGI answered HTTP 500"
    assert failed.records == ()
    retried = await mgi.allele("Pvalb-IRES-Cre")
    assert retried.code == Code.OK
    assert mgi_server.count() == 2


async def test_body_that_is_not_a_bucket_is_503(mgi: MgiSource, mgi_server: MgiServer) -> None:
    mgi_server.route("GET", mgi_server.path, lambda _r: Reply.text("<html>down</html>"))
    result = await mgi.allele("Pvalb-IRES-Cre")
    assert result.code == Code.UNAVAILABLE
    assert result.message == "mgi: MGI sent an answer that is not an allele bucket"
    assert "html" not in result.message


async def test_latency_beyond_timeout_is_503(
    make_source: SourceFactory, mgi_server: MgiServer
) -> None:
    source = make_source(timeout_seconds=0.2)
    mgi_server.latency = 5.0
    result = await source.allele("Pvalb-IRES-Cre")
    assert result.code == Code.UNAVAILABLE
    assert result.message == "mgi timed out"


async def test_dropped_connection_is_503(mgi: MgiSource, mgi_server: MgiServer) -> None:
    mgi_server.drop_next(3)  # outlasts the two retries
    result = await mgi.allele("Pvalb-IRES-Cre")
    assert result.code == Code.UNAVAILABLE
    assert result.message == "mgi is unavailable"
    assert result.error == "connection"
    assert mgi_server.count() == 3


async def test_one_dropped_connection_is_retried(mgi: MgiSource, mgi_server: MgiServer) -> None:
    mgi_server.drop_next(1)
    result = await mgi.allele("Pvalb-IRES-Cre")
    assert result.code == Code.OK
    assert mgi_server.count() == 2


async def test_unreachable_mgi_is_503() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = MgiSettings(url=f"http://127.0.0.1:{port}/quicksearch/alleleBucket")
    source = MgiSource.from_settings(settings)
    try:
        result = await source.allele("Pvalb-IRES-Cre")
    finally:
        await source.aclose()
    assert result.code == Code.UNAVAILABLE
    assert result.message == "mgi is unavailable"


async def test_distinct_names_are_looked_up_concurrently(
    mgi: MgiSource, mgi_server: MgiServer
) -> None:
    names = [f"Cre-{index}" for index in range(6)]
    for index, name in enumerate(names):
        mgi_server.alleles[name] = bucket(summary_row(f"C{index}<tm1>", f"MGI:97000{index}"))
    # Every request waits until all have arrived: sequential lookups could never pass.
    barrier = threading.Barrier(len(names), timeout=10)

    def all_together(request: RecordedRequest) -> Reply:
        barrier.wait()
        return mgi_server.answer(request)

    mgi_server.route("GET", mgi_server.path, all_together)
    results = await mgi.alleles(names)
    assert list(results) == names
    assert all(result.code == Code.OK for result in results.values())
    assert sorted(q or "" for q in mgi_server.queries()) == sorted(names)


async def test_duplicate_names_are_one_lookup_and_then_cached(
    mgi: MgiSource, mgi_server: MgiServer
) -> None:
    names = ["Pvalb-IRES-Cre", "Two-Cre", "Pvalb-IRES-Cre", "Unknown-Cre", "Two-Cre"]
    first = await mgi.alleles(names)
    assert list(first) == ["Pvalb-IRES-Cre", "Two-Cre", "Unknown-Cre"]
    assert [r.code for r in first.values()] == [Code.OK, Code.MULTIPLE, Code.NOT_FOUND]
    assert sorted(q or "" for q in mgi_server.queries()) == sorted(set(names))

    mgi_server.clear_log()
    second = await mgi.alleles(names)
    assert mgi_server.count() == 0
    assert {name: r.code for name, r in second.items()} == {
        name: r.code for name, r in first.items()
    }
    assert second["Pvalb-IRES-Cre"].records == first["Pvalb-IRES-Cre"].records


async def test_concurrent_calls_for_one_name_share_one_lookup(
    mgi: MgiSource, mgi_server: MgiServer
) -> None:
    results = await asyncio.gather(*(mgi.allele("Pvalb-IRES-Cre") for _ in range(10)))
    assert {result.code for result in results} == {Code.OK}
    assert mgi_server.count() == 1


async def test_a_caller_giving_up_does_not_cancel_the_shared_lookup(
    mgi: MgiSource, mgi_server: MgiServer
) -> None:
    impatient = asyncio.create_task(mgi.allele("Pvalb-IRES-Cre"))
    patient = asyncio.create_task(mgi.allele("Pvalb-IRES-Cre"))
    await asyncio.sleep(0)
    impatient.cancel()
    result = await patient
    assert result.code == Code.OK
    assert impatient.cancelled()
    assert mgi_server.count() == 1


async def test_cache_is_shared_between_sources(
    make_source: SourceFactory, mgi_server: MgiServer
) -> None:
    cache = MemoryCache()
    assert (await make_source(cache).allele("Two-Cre")).code == Code.MULTIPLE
    again = await make_source(cache).allele("Two-Cre")
    assert again.code == Code.MULTIPLE
    assert len(again.records) == 2
    assert mgi_server.count() == 1


async def test_zero_ttl_caches_nothing(make_source: SourceFactory, mgi_server: MgiServer) -> None:
    source = make_source(cache_ttl_seconds=0)
    await source.allele("Pvalb-IRES-Cre")
    await source.allele("Pvalb-IRES-Cre")
    assert mgi_server.count() == 2


async def test_ping(mgi: MgiSource, mgi_server: MgiServer) -> None:
    assert (await mgi.ping()).code == Code.OK
    mgi_server.fail_next(3, 502)
    down = await mgi.ping()
    assert down.code == Code.UNAVAILABLE
    assert down.message == "mgi: MGI answered HTTP 502"


def test_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MGI_CACHE_TTL_SECONDS", "MGI_MAX_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MGI_URL", "http://127.0.0.1:9/quicksearch/alleleBucket")
    monkeypatch.setenv("MGI_TIMEOUT_SECONDS", "1.5")
    settings = MgiSettings()
    assert settings.url == "http://127.0.0.1:9/quicksearch/alleleBucket"
    assert settings.timeout_seconds == 1.5
    assert settings.cache_ttl_seconds == 86400
    assert settings.max_concurrency == 8
    assert settings.configured


def test_empty_url_is_not_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MGI_URL", "")
    settings = MgiSettings()
    assert not settings.configured
    with pytest.raises(ValueError, match="not configured"):
        MgiSource.from_settings(settings)
