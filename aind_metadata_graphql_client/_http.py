"""What the sync and async clients share: the endpoint, headers, errors and the retry policy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from aind_metadata_graphql_client.results import GraphQLResponse, parse_response

__all__ = [
    "InvalidDomainError",
    "MetadataClientError",
    "ServiceConnectionError",
    "ServiceTimeoutError",
    "ServiceUnreachableError",
]

VERSION = "0.1.0"
USER_AGENT = f"aind-metadata-graphql-client/{VERSION}"
DOMAIN_HELP = (
    'Give the service\'s base URL, e.g. MetadataClient("http://aind-metadata-graphql") on the '
    'institute\'s network, or MetadataClient("http://127.0.0.1:8000") for `make demo`.'
)


class MetadataClientError(Exception):
    """Base of every error the client raises (an HTTP answer is a result, never an error)."""


class InvalidDomainError(MetadataClientError, ValueError):
    """The domain is missing or is not an http(s) URL."""


class ServiceConnectionError(MetadataClientError):
    """The request got no HTTP answer (the connection failed or was lost)."""

    def __init__(self, message: str, url: str, attempts: int = 1) -> None:
        super().__init__(message)
        self.url = url
        self.attempts = attempts


class ServiceUnreachableError(ServiceConnectionError):
    """No connection could be made, after every retry."""


class ServiceTimeoutError(ServiceConnectionError):
    """The service did not answer within the timeout (not retried: the query was sent)."""


def graphql_endpoint(domain: object) -> str:
    """``{domain}/graphql``, or :class:`InvalidDomainError` saying what is wrong."""
    if domain is None or (isinstance(domain, str) and not domain.strip()):
        raise InvalidDomainError(f"The service domain is missing. {DOMAIN_HELP}")
    if not isinstance(domain, str):
        raise InvalidDomainError(
            f"The service domain must be a string, not {type(domain).__name__}. {DOMAIN_HELP}"
        )
    parts = urlsplit(domain.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidDomainError(f"{domain!r} is not an http(s) URL. {DOMAIN_HELP}")
    try:
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        raise InvalidDomainError(f"{domain!r} has a malformed port. {DOMAIN_HELP}") from None
    if parts.query or parts.fragment:
        raise InvalidDomainError(
            f"{domain!r} has a query or fragment; give the base URL only. {DOMAIN_HELP}"
        )
    path = parts.path.rstrip("/")
    if not path.endswith("/graphql"):
        path = f"{path}/graphql"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def make_timeout(timeout: float | httpx.Timeout) -> httpx.Timeout:
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if timeout <= 0:
        raise ValueError("timeout must be a positive number of seconds")
    # Connecting never takes long when the service is up: fail over to a retry sooner.
    return httpx.Timeout(timeout, connect=min(timeout, 10.0))


def make_headers(api_key: str | None) -> dict[str, str]:
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    if api_key:
        headers["X-API-Key"] = api_key
    return headers


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Retries after connection failures only: the request never reached the service, so
    sending it again cannot run it twice. An HTTP answer, whatever its status, is final."""

    retries: int
    backoff: float
    max_backoff: float = 8.0

    def __post_init__(self) -> None:
        if self.retries < 0:
            raise ValueError("retries must be 0 or more")
        if self.backoff < 0:
            raise ValueError("backoff must be 0 or more seconds")

    @staticmethod
    def retryable(error: httpx.TransportError) -> bool:
        return isinstance(error, httpx.ConnectError | httpx.ConnectTimeout)

    def delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
        return float(min(self.max_backoff, self.backoff * 2 ** (attempt - 1)))


def payload(document: str, variables: dict[str, Any] | None) -> dict[str, Any]:
    if not isinstance(document, str) or not document.strip():
        raise ValueError("the GraphQL document must be a non-empty string")
    body: dict[str, Any] = {"query": document}
    if variables:
        body["variables"] = variables
    return body


def read_answer(response: httpx.Response) -> GraphQLResponse:
    try:
        body = response.json()
    except ValueError:
        body = None
    return parse_response(response.status_code, body, response.headers.get("x-request-id"))


def connection_error(
    error: httpx.TransportError, url: str, attempts: int
) -> ServiceConnectionError:
    """The error to raise for a transport failure that is not (or no longer) retried."""
    if RetryPolicy.retryable(error):
        tries = "attempt" if attempts == 1 else "attempts"
        return ServiceUnreachableError(
            f"could not connect to {url} ({attempts} {tries}): {error}", url, attempts
        )
    if isinstance(error, httpx.TimeoutException):
        return ServiceTimeoutError(f"{url} did not answer in time: {error}", url, attempts)
    return ServiceConnectionError(f"no answer from {url}: {error!r}", url, attempts)
