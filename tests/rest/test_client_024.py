"""The published aind-metadata-service 0.24 client against the suite's `serve --demo` process.

``AindMetadataServiceClient`` (``aind_metadata_service/client.py`` of the 0.24.0 wheel) runs in
its own virtual environment, cached in ``.cache/compat-0.24/`` at the repository root (created
once, reused while it imports). That client imports only ``requests``; the wheel's ``client``
extra is ``requests`` too, but its base requirements (aind-metadata-mapper, aind-data-schema
1.x) are the server's, so the package is installed without them. Every ``get_*`` method the
client has is called, and each answer's status code and ``message`` are checked.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, NoReturn

import pytest

from tests.conftest import IN_CI

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".cache" / "compat-0.24"
#: Written after the venv imports the client; without it the venv is rebuilt.
READY = VENV / "ready"
PACKAGE = "aind-metadata-service==0.24.0"
IMPORT_CHECK = "from aind_metadata_service.client import AindMetadataServiceClient"

VALID = "Valid Model."
NOT_FOUND = "No Data Found."
MULTIPLE_VALID = "Multiple Items Found. All Models Valid."
SLIMS = "Data from SLIMS"
#: 406's message starts so, then lists every validation error.
INVALID = "Validation Errors: "

#: (client method, positional args, keyword args, status code, message; INVALID: a prefix).
CALLS: list[tuple[str, list[str], dict[str, str], int, str]] = [
    ("get_subject", ["650101"], {}, 200, VALID),
    ("get_subject", ["650121"], {}, 406, INVALID),
    ("get_subject", ["999999"], {}, 404, NOT_FOUND),
    ("get_procedures", ["650107"], {}, 200, VALID),
    ("get_procedures", ["650120"], {}, 406, INVALID),
    ("get_procedures", ["650108"], {}, 404, NOT_FOUND),
    ("get_intended_measurements", ["650101"], {}, 300, MULTIPLE_VALID),
    ("get_intended_measurements", ["650105"], {}, 404, NOT_FOUND),
    ("get_injection_materials", ["DEMO-LOT-002"], {}, 200, VALID),
    ("get_injection_materials", ["NOPE"], {}, 404, NOT_FOUND),
    ("get_ecephys_sessions", ["650120"], {}, 200, SLIMS),
    ("get_ecephys_sessions", ["650118"], {}, 404, NOT_FOUND),
    ("get_protocols", ["Demo Headframe Implantation"], {}, 200, VALID),
    ("get_protocols", ["Nothing by this name"], {}, 404, NOT_FOUND),
    ("get_mgi_allele", ["Pvalb-IRES-Cre"], {}, 200, VALID),
    ("get_mgi_allele", ["No-Such-Allele"], {}, 404, NOT_FOUND),
    ("get_perfusions", ["650107"], {}, 200, VALID),
    ("get_perfusions", ["650102"], {}, 404, NOT_FOUND),
    ("get_funding", ["Demo Cell Types"], {}, 300, MULTIPLE_VALID),
    ("get_funding", ["Nobody's project"], {}, 404, NOT_FOUND),
    ("get_project_names", [], {}, 200, "Success"),
    ("get_smartspim_imaging", [], {"subject_id": "650120"}, 200, SLIMS),
    (
        "get_smartspim_imaging",
        [],
        {"subject_id": "650120", "start_date_gte": "2025-01-01"},
        404,
        NOT_FOUND,
    ),
    ("get_histology", [], {"subject_id": "650118"}, 200, SLIMS),
    (
        "get_histology",
        [],
        {"subject_id": "650120", "start_date_gte": "2024-07-01", "end_date_lte": "2024-12-31"},
        200,
        SLIMS,
    ),
    ("get_histology", [], {"subject_id": "650101"}, 404, NOT_FOUND),
]

#: Runs in the 0.24 venv: reads {"domain", "calls"} on stdin, prints one JSON object.
SCRIPT = """
import json, sys
from aind_metadata_service.client import AindMetadataServiceClient

request = json.load(sys.stdin)
client = AindMetadataServiceClient(domain=request["domain"])
answers = []
for name, args, kwargs in request["calls"]:
    response = getattr(client, name)(*args, **kwargs)
    body = response.json()
    answers.append({
        "method": name,
        "status": response.status_code,
        "message": body.get("message"),
        "has_data": body.get("data") is not None,
    })
methods = sorted(n for n in dir(AindMetadataServiceClient) if n.startswith("get_"))
print(json.dumps({"methods": methods, "answers": answers}))
"""


def _python() -> Path:
    return VENV / "bin" / "python"


def _imports() -> bool:
    if not READY.exists() or not _python().exists():
        return False
    check = subprocess.run([str(_python()), "-c", IMPORT_CHECK], capture_output=True, timeout=60)
    return check.returncode == 0


def _unavailable(reason: str) -> NoReturn:
    """Skip where PyPI cannot be reached; in CI it can, so fail there."""
    if IN_CI:
        pytest.fail(reason)
    pytest.skip(reason)


def client_venv() -> Path:
    """The cached venv's python, built on first use (a few seconds)."""
    if _imports():
        return _python()
    shutil.rmtree(VENV, ignore_errors=True)
    VENV.parent.mkdir(parents=True, exist_ok=True)
    pip = [str(_python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    steps = [
        [sys.executable, "-m", "venv", str(VENV)],
        [*pip, "--timeout", "30", "requests"],
        [*pip, "--timeout", "30", "--no-deps", PACKAGE],
    ]
    for step in steps:
        try:
            done = subprocess.run(step, capture_output=True, text=True, timeout=300)
        except subprocess.TimeoutExpired:
            shutil.rmtree(VENV, ignore_errors=True)
            _unavailable(f"could not build the {PACKAGE} client venv: {step[-1]} timed out")
        if done.returncode != 0:
            shutil.rmtree(VENV, ignore_errors=True)
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            _unavailable(f"could not build the {PACKAGE} client venv (is PyPI reachable?): {tail}")
    READY.write_text(PACKAGE + "\n")
    if not _imports():
        pytest.fail(f"the {PACKAGE} venv does not import its client")
    return _python()


@pytest.fixture(scope="module")
def answers(service_url: str) -> dict[str, Any]:
    """Every call's answer, from one run of the 0.24 client against the suite's demo process."""
    python = client_venv()
    request = {"domain": service_url, "calls": [[m, a, k] for m, a, k, *_ in CALLS]}
    done = subprocess.run(
        [str(python), "-c", SCRIPT],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_every_client_method_is_called(answers: dict[str, Any]) -> None:
    assert sorted({method for method, *_ in CALLS}) == answers["methods"]


@pytest.mark.parametrize(
    ("index", "call"),
    list(enumerate(CALLS)),
    ids=[f"{c[0]}({', '.join([*c[1], *c[2].values()])})" for c in CALLS],
)
def test_status_and_message(
    answers: dict[str, Any], index: int, call: tuple[str, list[str], dict[str, str], int, str]
) -> None:
    method, _, _, code, message = call
    answer = answers["answers"][index]
    assert answer["method"] == method
    assert answer["status"] == code, answer
    if message == INVALID:
        assert answer["message"].startswith(INVALID), answer
    else:
        assert answer["message"] == message, answer
    assert answer["has_data"] == (code not in (400, 404)), answer
