"""The image and its deployments, checked without Docker or a cluster: hadolint on the
Dockerfile, the Kubernetes manifests against the Kubernetes JSON schemas that the
kubernetes-validate package ships (no download: the schemas' absolute references are rewritten
to the local files), deploy/compose.yaml against the Compose specification bundled in
check-jsonschema, and the settings they carry against the settings the code reads.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic_settings import BaseSettings

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "Dockerfile"
KUBERNETES = ROOT / "deploy" / "kubernetes"
COMPOSE = ROOT / "deploy" / "compose.yaml"
SYSTEM_PACKAGES = ROOT / "deploy" / "system-packages.txt"
KUBERNETES_VERSION = "v1.37.0-local-strict"
#: Settings that are secret: they may come only from the Secret.
SECRET_SETTING = re.compile(r".*(PASSWORD|SECRET|API_TOKEN|API_KEYS)|LABTRACKS_USER")
SECRET_NAME = "aind-metadata-graphql"


def _tool(name: str) -> str:
    """A console script of the dev extra, from this interpreter's environment first."""
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    assert found, f"{name} is not installed (it is in the dev extra: pip install -e '.[dev]')"
    return found


def _manifests() -> dict[str, dict[str, Any]]:
    """Every manifest by file name: one document a file."""
    manifests = {}
    for path in sorted(KUBERNETES.glob("*.yaml")):
        documents = [d for d in yaml.safe_load_all(path.read_text()) if d is not None]
        assert len(documents) == 1, f"{path.name}: one resource a file"
        manifests[path.name] = documents[0]
    return manifests


def _of_kind(kind: str) -> list[dict[str, Any]]:
    return [m for m in _manifests().values() if m["kind"] == kind]


def _service_deployment() -> dict[str, Any]:
    [deployment] = [d for d in _of_kind("Deployment") if d["metadata"]["name"] == SECRET_NAME]
    return deployment


def _container() -> dict[str, Any]:
    [container] = _service_deployment()["spec"]["template"]["spec"]["containers"]
    return dict(container)


def _settings_classes() -> list[type[BaseSettings]]:
    """Every settings class of the service."""
    from datasources.labtracks.settings import LabTracksSettings
    from datasources.mgi.settings import MgiSettings
    from datasources.resilience import ResilienceSettings
    from datasources.sharepoint.settings import SharePointSettings
    from datasources.slims.settings import SlimsSettings
    from datasources.smartsheet.settings import (
        FundingSheetSettings,
        PerfusionsSheetSettings,
        ProtocolsSheetSettings,
        SmartsheetSettings,
    )
    from datasources.tars.settings import TarsSettings
    from graphql_service.settings import ServiceSettings

    return [
        LabTracksSettings,
        MgiSettings,
        ResilienceSettings,
        SharePointSettings,
        SlimsSettings,
        FundingSheetSettings,
        PerfusionsSheetSettings,
        ProtocolsSheetSettings,
        SmartsheetSettings,
        TarsSettings,
        ServiceSettings,
    ]


def _setting_names() -> set[str]:
    """Every environment name a settings class of the service reads."""
    return {
        str(cls.model_config.get("env_prefix", "")).upper() + field.upper()
        for cls in _settings_classes()
        for field in cls.model_fields
    }


# --- the Dockerfile -------------------------------------------------------------------------


def test_hadolint_passes() -> None:
    result = subprocess.run(
        [_tool("hadolint"), "--no-color", "--failure-threshold", "style", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_shape() -> None:
    text = DOCKERFILE.read_text()
    assert "ARG PYTHON_IMAGE=python:3.11-slim" in text
    assert "ARG MSODBCSQL18_DEB=" in text
    assert "deploy/system-packages.txt" in text
    assert "odbcinst -i -d -f /tmp/deploy/odbc/freetds.ini" in text
    assert 'ARG EXTRAS="server"' in text  # the server extra only, unless a build asks for more
    assert 'pip install --no-cache-dir ".[${EXTRAS}]"' in text
    assert "[dev]" not in text
    [user] = re.findall(r"^USER (\S+)$", text, flags=re.MULTILINE)
    uid = user.split(":")[0]
    assert uid.isdigit()
    assert uid != "0"
    assert re.search(r"^HEALTHCHECK .*python.*urllib.*/health", text, flags=re.MULTILINE | re.S)
    assert "AIND_GRAPHQL_PORT" in text.split("HEALTHCHECK", 1)[1]
    assert "curl" not in text


def test_build_context_holds_what_the_dockerfile_copies() -> None:
    ignore = (ROOT / ".dockerignore").read_text().split()
    assert "*" in ignore
    sources = [line.split()[1:-1] for line in DOCKERFILE.read_text().splitlines()]
    copied = {
        s
        for line, src in zip(DOCKERFILE.read_text().splitlines(), sources, strict=True)
        if line.startswith("COPY ")
        for s in src
    }
    copied.add("deploy")  # bind-mounted by the RUN that installs the system packages
    for path in copied:
        assert f"!{path}" in ignore, f".dockerignore leaves out {path}"
        assert (ROOT / path).exists()


def test_system_packages_are_shared_with_ci() -> None:
    packages = [
        line.split("#", 1)[0].strip()
        for line in SYSTEM_PACKAGES.read_text().splitlines()
        if line.split("#", 1)[0].strip()
    ]
    assert {"unixodbc", "tdsodbc"} <= set(packages)
    assert "deploy/system-packages.txt" in (ROOT / "scripts" / "system-deps.sh").read_text()


# --- Kubernetes -----------------------------------------------------------------------------


def _local_schema(source: Path, target: Path) -> None:
    """Copy one bundled schema, dropping its https ``$id`` and pointing its references at the
    local ``_definitions.json``, so that nothing is fetched."""

    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                key: (
                    value.replace("/api/_definitions.json#", "_definitions.json#")
                    if key == "$ref" and isinstance(value, str)
                    else rewrite(value)
                )
                for key, value in node.items()
                if key != "$id"
            }
        if isinstance(node, list):
            return [rewrite(item) for item in node]
        return node

    target.write_text(json.dumps(rewrite(json.loads(source.read_text()))))


def _schema_file(kind: str, api_version: str) -> str:
    group, _, version = api_version.rpartition("/")
    return (
        "-".join(part for part in (kind.lower(), group.split(".")[0], version) if part) + ".json"
    )


@pytest.fixture(scope="module")
def kubernetes_schemas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import kubernetes_validate

    bundled = Path(kubernetes_validate.__file__).parent / "kubernetes-json-schema"
    bundled /= KUBERNETES_VERSION
    directory = tmp_path_factory.mktemp("kubernetes-schemas")
    _local_schema(bundled / "_definitions.json", directory / "_definitions.json")
    for manifest in _manifests().values():
        name = _schema_file(manifest["kind"], manifest["apiVersion"])
        if not (directory / name).exists():
            _local_schema(bundled / name, directory / name)
    return directory


def test_manifests_validate_against_the_kubernetes_schemas(kubernetes_schemas: Path) -> None:
    by_schema: dict[str, list[str]] = {}
    for file_name, manifest in _manifests().items():
        schema = _schema_file(manifest["kind"], manifest["apiVersion"])
        by_schema.setdefault(schema, []).append(str(KUBERNETES / file_name))
    assert set(by_schema) == {
        "configmap-v1.json",
        "deployment-apps-v1.json",
        "service-v1.json",
        "horizontalpodautoscaler-autoscaling-v2.json",
        "poddisruptionbudget-policy-v1.json",
    }
    for schema, files in by_schema.items():
        result = subprocess.run(
            [_tool("check-jsonschema"), "--schemafile", str(kubernetes_schemas / schema), *files],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_catches_a_mistake(kubernetes_schemas: Path, tmp_path: Path) -> None:
    broken = _service_deployment()
    broken["spec"]["replicas"] = "two"
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(broken))
    result = subprocess.run(
        [
            _tool("check-jsonschema"),
            "--schemafile",
            str(kubernetes_schemas / "deployment-apps-v1.json"),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "replicas" in result.stdout


def test_deployment_probes_resources_and_security() -> None:
    pod = _service_deployment()["spec"]["template"]["spec"]
    container = _container()
    assert container["readinessProbe"]["httpGet"]["path"] == "/ready"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health"
    assert container["resources"]["requests"]["cpu"]
    assert container["resources"]["limits"]["memory"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] == 10001  # the image's USER
    assert container["securityContext"]["allowPrivilegeEscalation"] is False


def test_settings_are_real_and_secrets_come_only_from_the_secret() -> None:
    names = _setting_names()
    [config_map] = _of_kind("ConfigMap")
    container = _container()
    assert container["envFrom"] == [{"configMapRef": {"name": config_map["metadata"]["name"]}}]
    for key in config_map["data"]:
        assert key in names, f"ConfigMap: {key} is not a setting the service reads"
        assert not SECRET_SETTING.fullmatch(key), f"ConfigMap holds secret {key}"
    secret_refs = set()
    for entry in container["env"]:
        assert entry["name"] in names, f"env: {entry['name']} is not a setting"
        if "value" in entry:
            assert not SECRET_SETTING.fullmatch(entry["name"]), f"env: {entry['name']} in clear"
            continue
        ref = entry["valueFrom"]["secretKeyRef"]
        assert ref == {"name": SECRET_NAME, "key": entry["name"], "optional": True}
        secret_refs.add(entry["name"])
    assert {
        "LABTRACKS_PASSWORD",
        "SHAREPOINT_CLIENT_SECRET",
        "TARS_CLIENT_SECRET",
        "SMARTSHEET_PERFUSIONS_API_TOKEN",
        "SMARTSHEET_FUNDING_API_TOKEN",
        "SMARTSHEET_PROTOCOLS_API_TOKEN",
        "SLIMS_PASSWORD",
        "AIND_GRAPHQL_API_KEYS",
    } <= secret_refs
    prefixes = {name.split("_", 1)[0] for name in config_map["data"]} | {
        name.split("_", 1)[0] for name in secret_refs
    }
    assert prefixes >= {"LABTRACKS", "SHAREPOINT", "TARS", "SMARTSHEET", "SLIMS", "AIND"}


def test_config_map_values_load(monkeypatch: pytest.MonkeyPatch) -> None:
    """The template's values, empty ones included, pass every settings class; the backends it
    leaves empty are "not configured"."""
    [config_map] = _of_kind("ConfigMap")
    for name in _setting_names():
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("AWS_PARAM_STORE_NAME", raising=False)
    for key, value in config_map["data"].items():
        monkeypatch.setenv(key, value)
    loaded = {cls.__name__: cls() for cls in _settings_classes()}
    for name in ("LabTracksSettings", "SharePointSettings", "TarsSettings", "SlimsSettings"):
        assert loaded[name].configured is False  # type: ignore[attr-defined]
    assert loaded["ServiceSettings"].redis_url == config_map["data"]["AIND_GRAPHQL_REDIS_URL"]  # type: ignore[attr-defined]


def test_redis_url_names_the_redis_service() -> None:
    [config_map] = _of_kind("ConfigMap")
    url = config_map["data"]["AIND_GRAPHQL_REDIS_URL"]
    services = {s["metadata"]["name"]: s for s in _of_kind("Service")}
    match = re.fullmatch(r"redis://([a-z0-9-]+):(\d+)/\d+", url)
    assert match, url
    redis = services[match.group(1)]
    assert redis["spec"]["ports"][0]["port"] == int(match.group(2))
    [redis_deployment] = [
        d for d in _of_kind("Deployment") if d["metadata"]["name"] == match.group(1)
    ]
    labels = redis_deployment["spec"]["template"]["metadata"]["labels"]
    assert redis["spec"]["selector"].items() <= labels.items()


def test_service_hpa_and_pdb_point_at_the_deployment() -> None:
    deployment = _service_deployment()
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    [service] = [s for s in _of_kind("Service") if s["metadata"]["name"] == SECRET_NAME]
    assert service["spec"]["selector"].items() <= labels.items()
    assert service["spec"]["ports"][0]["targetPort"] == "http"
    [hpa] = _of_kind("HorizontalPodAutoscaler")
    assert hpa["spec"]["scaleTargetRef"]["name"] == deployment["metadata"]["name"]
    assert hpa["spec"]["minReplicas"] >= 2
    [pdb] = _of_kind("PodDisruptionBudget")
    assert pdb["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert pdb["spec"]["minAvailable"] < hpa["spec"]["minReplicas"]


# --- Compose --------------------------------------------------------------------------------


def test_compose_validates_against_the_compose_spec() -> None:
    result = subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(COMPOSE)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_runs_two_replicas_with_redis_on_loopback() -> None:
    compose = yaml.safe_load(COMPOSE.read_text())
    graphql = compose["services"]["graphql"]
    assert graphql["deploy"]["replicas"] == 2
    assert all(port.startswith("127.0.0.1:") for port in graphql["ports"])
    assert graphql["environment"]["AIND_GRAPHQL_REDIS_URL"].startswith("redis://redis:")
    assert graphql["depends_on"]["redis"]["condition"] == "service_healthy"
    assert "redis" in compose["services"]
    assert set(graphql["environment"]) <= _setting_names()
