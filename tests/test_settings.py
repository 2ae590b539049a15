"""Settings from the environment and from an AWS Systems Manager parameter (loopback SSM)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from datasources.labtracks import LabTracksSettings
from datasources.mgi import MgiSettings
from datasources.settings import _read_parameter
from graphql_service.settings import ServiceSettings
from resolvers.backends import BACKEND_PREFIXES, Backends, backend_settings_given
from tests.servers.base import LoopbackServer, RecordedRequest, Reply

PARAMETER = {
    "LABTRACKS_SERVER": "db.example.internal",
    "LABTRACKS_DATABASE": "LabTracks",
    "LABTRACKS_USER": "reader",
    "LABTRACKS_PASSWORD": "from-the-parameter",
    "MGI_URL": "http://127.0.0.1:9/mgi",
    "AIND_GRAPHQL_WORKERS": "3",
}


class SsmServer(LoopbackServer):
    """AWS Systems Manager's JSON 1.1 protocol, GetParameter only."""

    def __init__(self, parameters: dict[str, str]) -> None:
        super().__init__()
        self.parameters = parameters
        self.route("POST", "/", self._dispatch)

    def _dispatch(self, request: RecordedRequest) -> Reply:
        if request.headers.get("x-amz-target") != "AmazonSSM.GetParameter":
            return Reply.json({"__type": "InvalidAction"}, 400)
        name = request.json()["Name"]
        if name not in self.parameters:
            return Reply.json({"__type": "ParameterNotFound", "message": name}, 400)
        value = self.parameters[name]
        return Reply.json({"Parameter": {"Name": name, "Type": "SecureString", "Value": value}})


@pytest.fixture
def ssm(monkeypatch: pytest.MonkeyPatch) -> Iterator[SsmServer]:
    with SsmServer({"/aind/metadata": json.dumps(PARAMETER)}) as server:
        monkeypatch.setenv("AWS_ENDPOINT_URL_SSM", server.url)
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
        monkeypatch.setenv("AWS_DEFAULT_REGION", "us-west-2")
        monkeypatch.setenv("AWS_PARAM_STORE_NAME", "/aind/metadata")
        for name in PARAMETER:
            monkeypatch.delenv(name, raising=False)
        _read_parameter.cache_clear()
        yield server
        _read_parameter.cache_clear()


def test_parameter_store_fills_settings(ssm: SsmServer) -> None:
    settings = LabTracksSettings()
    assert settings.server == "db.example.internal"
    assert settings.password is not None
    assert settings.password.get_secret_value() == "from-the-parameter"
    assert settings.configured
    assert MgiSettings().url == "http://127.0.0.1:9/mgi"
    assert backend_settings_given()


def test_service_settings_come_from_the_parameter_too(ssm: SsmServer) -> None:
    """A deployment keeps everything in one parameter, the number of workers included."""
    assert ServiceSettings().workers == 3


def test_environment_overrides_the_parameter(
    ssm: SsmServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LABTRACKS_SERVER", "override.internal")
    assert LabTracksSettings().server == "override.internal"
    assert LabTracksSettings().database == "LabTracks"


def test_parameter_is_read_once(ssm: SsmServer) -> None:
    LabTracksSettings()
    MgiSettings()
    LabTracksSettings()
    assert ssm.count("POST", "/") == 1


async def test_no_backend_settings_means_nothing_configured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Never the demo without asking: a missing secret mount must not serve synthetic mice."""
    import os

    for name in list(os.environ):
        if name.startswith(BACKEND_PREFIXES):
            monkeypatch.delenv(name)
    monkeypatch.delenv("AWS_PARAM_STORE_NAME", raising=False)
    assert not backend_settings_given()
    nothing = Backends.from_environment()
    await nothing.aclose()
    assert nothing.mode == "unconfigured"
    assert set(nothing.present().values()) == {None}
    monkeypatch.setenv("MGI_URL", "http://127.0.0.1:9/mgi")
    live = Backends.from_environment()
    await live.aclose()
    assert live.mode == "live"
    assert live.labtracks is None  # only MGI was configured
    assert live.mgi is not None
