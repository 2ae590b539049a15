"""What the service answers, as typed, immutable objects.

The service's JSON (``data``, ``errors[]`` and ``extensions.status``, described in the README's
"Status: what every answer tells you") is read here into frozen dataclasses. Parsing is lenient:
a key the service does not send gets its default, so an older or newer service still reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

__all__ = [
    "FieldStatus",
    "GraphQLError",
    "GraphQLResponse",
    "MetadataResult",
    "Source",
    "ValidationError",
]

PathPart = str | int


@dataclass(frozen=True, slots=True)
class Source:
    """One backend's part in an answer: its own code and elapsed milliseconds.

    ``error`` is the kind of failure for a failed backend ("connection", "timeout",
    "http_status", "bad_response", "circuit_open", "internal"), else ``None``.
    """

    name: str
    code: int
    ms: float = 0.0
    message: str = ""
    error: str | None = None
    configured: bool = True
    #: What this backend's records asked for that the service could not map, one sentence each.
    unmapped: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ValidationError:
    """Why a record fails aind-data-schema validation (406): where in the document (``loc``),
    what is wrong (``msg``) and, when the query selected the node, where it is in the response
    (``path``)."""

    loc: tuple[PathPart, ...]
    msg: str
    path: tuple[PathPart, ...] = ()


@dataclass(frozen=True, slots=True)
class FieldStatus:
    """The ``extensions.status`` entry of one response field."""

    code: int
    message: str = ""
    sources: tuple[Source, ...] = ()
    validation_errors: tuple[ValidationError, ...] = ()
    #: What the answer lacks because a completing backend (TARS, MGI...) could not add it.
    warnings: tuple[str, ...] = ()
    #: A list field's items counted by their codes (``{200: 21, 404: 7}``).
    items: Mapping[int, int] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class GraphQLError:
    """One ``errors[]`` entry.

    ``code`` is its numeric status, ``extensions.status`` (400, 401, 413, 503...; services
    before the string codes sent it as ``extensions.code``); ``error_code`` is the string
    ``extensions.code`` (``BAD_USER_INPUT``, ``BACKEND_UNAVAILABLE``...).
    """

    message: str
    code: int | None = None
    path: tuple[PathPart, ...] = ()
    extensions: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    error_code: str | None = None


@dataclass(frozen=True, slots=True)
class GraphQLResponse:
    """A whole answer to :meth:`MetadataClient.query`.

    ``status`` maps each response path (``"subject"``, ``"subjects.3"``, an alias) to its
    :class:`FieldStatus`; ``http_status`` is the HTTP status of the answer (200 for every
    answered query, 401 without a valid API key, 413 for an oversized document...).
    """

    data: dict[str, Any] | None
    errors: tuple[GraphQLError, ...] = ()
    status: Mapping[str, FieldStatus] = field(default_factory=lambda: MappingProxyType({}))
    http_status: int = 200
    #: The service's ``x-request-id`` for this answer: quote it when reporting a problem.
    request_id: str | None = None


@dataclass(frozen=True, slots=True)
class MetadataResult:
    """What one ``get_...`` method returns.

    ``data`` is the aind-data-schema document (a ``dict``), or a list of them, exactly as the
    service serialises it; ``None`` when there is none. ``status_code`` is the field's status
    (200 valid, 406 invalid but returned, 404 none, 300 several, 207 partial, 400 bad argument,
    503 a backend unavailable, 500 a service failure) or, for an answer refused before the query
    ran, the refusal's code (401, 413...).
    """

    data: Any
    status_code: int
    message: str = ""
    sources: tuple[Source, ...] = ()
    validation_errors: tuple[ValidationError, ...] = ()
    #: The ``errors[]`` entries of this field (or of the whole answer when it was refused).
    errors: tuple[GraphQLError, ...] = ()
    request_id: str | None = None
    #: What the answer lacks because a completing backend could not add it (see FieldStatus).
    warnings: tuple[str, ...] = ()


def _int(value: Any, default: int) -> int:
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return default


def _path(value: Any) -> tuple[PathPart, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(part if isinstance(part, int) else str(part) for part in value)


def parse_source(entry: Any) -> Source:
    entry = entry if isinstance(entry, Mapping) else {}
    ms = entry.get("ms")
    unmapped = entry.get("unmapped")
    return Source(
        name=str(entry.get("name", "")),
        code=_int(entry.get("code"), 0),
        ms=float(ms) if isinstance(ms, int | float) and not isinstance(ms, bool) else 0.0,
        message=str(entry.get("message") or ""),
        error=str(entry["error"]) if entry.get("error") else None,
        configured=entry.get("configured", True) is not False,
        unmapped=tuple(str(item) for item in unmapped) if isinstance(unmapped, list) else (),
    )


def parse_status(entry: Any) -> FieldStatus:
    entry = entry if isinstance(entry, Mapping) else {}
    sources = entry.get("sources")
    errors = entry.get("validation_errors")
    warnings = entry.get("warnings")
    items = entry.get("items")
    return FieldStatus(
        code=_int(entry.get("code"), 0),
        message=str(entry.get("message") or ""),
        sources=tuple(parse_source(s) for s in sources) if isinstance(sources, list) else (),
        validation_errors=tuple(
            ValidationError(
                _path(error.get("loc")) if isinstance(error, Mapping) else (),
                str(error.get("msg", "")) if isinstance(error, Mapping) else str(error),
                _path(error.get("path")) if isinstance(error, Mapping) else (),
            )
            for error in errors
        )
        if isinstance(errors, list)
        else (),
        warnings=tuple(map(str, warnings)) if isinstance(warnings, list) else (),
        items=MappingProxyType(
            {
                _int(code, 0): _int(count, 0)
                for code, count in (items.items() if isinstance(items, Mapping) else ())
            }
        ),
    )


def parse_error(entry: Any) -> GraphQLError:
    if not isinstance(entry, Mapping):
        return GraphQLError(str(entry))
    extensions = entry.get("extensions")
    extensions = extensions if isinstance(extensions, Mapping) else {}
    name = extensions.get("code")
    code = _int(extensions.get("status", name), -1)
    return GraphQLError(
        message=str(entry.get("message", "")),
        code=None if code < 0 else code,
        path=_path(entry.get("path")),
        extensions=MappingProxyType(dict(extensions)),
        error_code=name if isinstance(name, str) and not name.isdigit() else None,
    )


def parse_response(http_status: int, body: Any, request_id: str | None = None) -> GraphQLResponse:
    """Read a decoded JSON body (or ``None`` when the body was not JSON)."""
    if not isinstance(body, Mapping):
        code = http_status if http_status >= 400 else 502
        message = (
            f"the service answered HTTP {http_status} with a body that is not a GraphQL answer"
        )
        error = GraphQLError(message, code)
        return GraphQLResponse(None, (error,), http_status=http_status, request_id=request_id)
    data = body.get("data")
    errors = body.get("errors")
    extensions = body.get("extensions")
    status = extensions.get("status") if isinstance(extensions, Mapping) else None
    return GraphQLResponse(
        data=dict(data) if isinstance(data, Mapping) else None,
        errors=tuple(parse_error(e) for e in errors) if isinstance(errors, list) else (),
        status=MappingProxyType(
            {str(key): parse_status(value) for key, value in status.items()}
            if isinstance(status, Mapping)
            else {}
        ),
        http_status=http_status,
        request_id=request_id,
    )


def unwrap(value: Any) -> Any:
    """``{"json": document}`` nodes (and lists of them) to the documents themselves."""
    if isinstance(value, list):
        return [unwrap(item) for item in value]
    if isinstance(value, Mapping) and set(value) == {"json"}:
        return value["json"]
    return value


def field_result(response: GraphQLResponse, field_name: str) -> MetadataResult:
    """The result of one root field of ``response``."""
    data = unwrap((response.data or {}).get(field_name))
    errors = tuple(
        error for error in response.errors if not error.path or error.path[0] == field_name
    )
    status = response.status.get(field_name)
    if status is not None:
        return MetadataResult(
            data,
            status.code,
            status.message,
            status.sources,
            status.validation_errors,
            errors,
            response.request_id,
            status.warnings,
        )
    if errors:
        fallback = response.http_status if response.http_status >= 400 else 500
        first = errors[0]
        code = first.code if first.code is not None else fallback
        return MetadataResult(
            data, code, first.message, errors=errors, request_id=response.request_id
        )
    if response.http_status != 200:
        message = f"the service answered HTTP {response.http_status}"
        return MetadataResult(data, response.http_status, message, request_id=response.request_id)
    code, message = (200, "") if data is not None else (404, "No data found.")
    return MetadataResult(data, code, message, request_id=response.request_id)
