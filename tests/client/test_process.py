"""End to end: the clients against a real `aind-metadata-graphql serve --demo` on 127.0.0.1."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

from aind_metadata_graphql_client import (
    AsyncMetadataClient,
    MetadataClient,
    ServiceUnreachableError,
)
from tests.conftest import start_service, stop_service


def test_sync_client_over_http(service_url: str) -> None:
    with MetadataClient(service_url, timeout=30) as client:
        subject = client.get_subject("650101")
        invalid = client.get_subject("650121")
        procedures = client.get_procedures("650101")
    assert (subject.status_code, subject.data["subject_id"]) == (200, "650101")
    assert [source.name for source in subject.sources] == ["labtracks", "mgi"]
    assert invalid.status_code == 406
    assert invalid.validation_errors[0].loc[-1] == "sex"
    assert procedures.status_code == 200
    assert procedures.data["object_type"] == "Procedures"


async def test_async_client_concurrent_calls_over_http(service_url: str) -> None:
    async with AsyncMetadataClient(service_url, timeout=30) as client:
        histology, sessions, names, missing = await asyncio.gather(
            client.get_histology("650118"),
            client.get_ecephys_sessions("650120"),
            client.get_project_names(),
            client.get_subject("659999"),
        )
    assert [p["procedure_type"] for p in histology.data] == ["Delipidation"]
    assert sessions.status_code == 406
    assert sessions.data[0]["object_type"] == "Acquisition"
    assert names.status_code == 200
    assert "Demo Imaging" in names.data
    assert (missing.status_code, missing.data) == (404, None)


def test_a_stopped_service_is_unreachable_after_the_retries() -> None:
    url, process = start_service(["--demo"])
    try:
        with MetadataClient(url, retries=1, backoff=0.01) as client:
            assert client.get_project_names().status_code == 200
            stop_service(process)
            with pytest.raises(ServiceUnreachableError, match="2 attempts"):
                client.get_project_names()
    finally:
        if process.poll() is None:
            stop_service(process)


def test_the_readme_examples_run(service_url: str) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("## Python client\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 2
    for block in blocks:
        code = block.replace("http://127.0.0.1:8000", service_url)
        exec(compile(code, "README.md", "exec"), {"__name__": "__main__"})
