"""aind-metadata-service 0.24's response envelope: ``{"message": ..., "data": ...}``.

0.24's status codes and messages, from our statuses (docs/architecture.md, Status):

| ours | 0.24 | message | data |
|---|---|---|---|
| 200, one document | 200 | "Valid Model." | the document |
| 406, one document | 406 | "Validation Errors: ..." (every error) | the document |
| several (or 300) | 300 | "Multiple Items Found. All Models Valid." (or: the errors) | list |
| 207 | 207 | "There was an error retrieving records from one or more of the databases." | data |
| 404, or nothing found | 404 | "No Data Found." | null |
| 400 | 400 | ours, naming the parameter | null |
| 503 | 503 | "Connection Error." | null |
| 500 | 500 | "Internal Server Error." | null |

0.24 answered most backend failures with 500 "Internal Server Error." and TARS' with 503
"Connection Error."; here every backend failure is 503 "Connection Error.", and 500 is kept
for this service's own bugs. Two keys beyond 0.24's: ``validation_errors`` (every error as
``{"loc", "msg"}``, when there are any) and ``sources`` (each backend asked, with its code),
which 0.24 clients ignore.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from starlette.responses import JSONResponse

from graphql_service.rest.routes import Kind, RestRoute
from resolvers.status import Code, FieldStatus, Resolved

VALID = "Valid Model."
NOT_FOUND = "No Data Found."
MULTIPLE = "Multiple Items Found."
PARTIAL = "There was an error retrieving records from one or more of the databases."
CONNECTION_ERROR = "Connection Error."
INTERNAL = "Internal Server Error."
UNVALIDATED = "Valid Request Format. Models have not been validated."
FROM_SLIMS = "Data from SLIMS"
SUCCESS = "Success"


def v024_response(
    route: RestRoute, values: dict[str, Any], resolved: Resolved[Any]
) -> JSONResponse:
    status = resolved.status
    if status.code == Code.BAD_REQUEST:
        return _envelope(400, status.message, None, status)
    if status.code == Code.UNAVAILABLE:
        return _envelope(503, CONNECTION_ERROR, None, status)
    if status.code == Code.INTERNAL:
        return _envelope(500, INTERNAL, None, status)
    documents = [] if resolved.value is None else route.documents(resolved.value)
    if route.kind is Kind.V024_NAMES:
        return _envelope(200, SUCCESS, documents, status)
    if not documents:
        return _nothing(route, status)
    if route.kind is Kind.V024_SLIMS:
        if status.code == Code.PARTIAL:
            return _envelope(207, PARTIAL, documents, status)
        return _envelope(200, FROM_SLIMS, documents, status)
    data: Any = documents[0] if len(documents) == 1 else documents
    if status.code == Code.PARTIAL:
        return _envelope(207, PARTIAL, data, status)
    validated = route.kind is not Kind.V024_UNVALIDATED
    if len(documents) > 1 or status.code == Code.MULTIPLE:
        if not validated:
            message = f"{MULTIPLE} Models have not been validated."
        elif _invalid(status):
            message = f"{MULTIPLE} Validation Errors: {_per_document(route, status)}"
        else:
            message = f"{MULTIPLE} All Models Valid."
        return _envelope(300, message, documents, status)
    if not validated:
        return _envelope(422, UNVALIDATED, data, status)
    if _invalid(status):
        return _envelope(406, f"Validation Errors: {_per_document(route, status)}", data, status)
    return _envelope(200, VALID, data, status)


def _nothing(route: RestRoute, status: FieldStatus) -> JSONResponse:
    """No document: 404, unless the backends that answered had something the mapping could
    not carry (406) or some failed (207)."""
    if status.code == Code.INVALID:
        return _envelope(406, f"Validation Errors: {_per_document(route, status)}", None, status)
    if status.code == Code.PARTIAL:
        return _envelope(207, PARTIAL, None, status)
    return _envelope(404, NOT_FOUND, None, status)


def _invalid(status: FieldStatus) -> bool:
    return status.code == Code.INVALID or bool(status.validation_errors)


def _envelope(code: int, message: str, data: Any, status: FieldStatus) -> JSONResponse:
    content: dict[str, Any] = {"message": message, "data": data}
    if status.validation_errors:
        content["validation_errors"] = list(status.validation_errors)
    if status.sources:
        content["sources"] = [source.as_json() for source in status.sources]
    return JSONResponse(content, status_code=code)


def _per_document(route: RestRoute, status: FieldStatus) -> str:
    """Every validation error, in the layout of pydantic's own report (which 0.24 put in its
    messages) but without the input values; one report per invalid document, comma-joined."""
    if not status.validation_errors:
        return status.message  # 406 for what the mapping could not carry (see "unmapped")
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for error in status.validation_errors:
        loc = [str(part) for part in error.get("loc", [])]
        key = loc[0] if route.indexed_errors and loc else ""
        rest = loc[1:] if route.indexed_errors and loc else loc
        groups[key].append({"loc": rest, "msg": str(error.get("msg", ""))})
    reports = [_report(route.model or "Model", errors) for errors in groups.values()]
    text = ", ".join(reports)
    if status.message and status.code == Code.INVALID:
        text = f"{text}; {status.message}"
    return text


def _report(model: str, errors: list[dict[str, Any]]) -> str:
    count = len(errors)
    lines = [f"{count} validation error{'s' if count != 1 else ''} for {model}"]
    for error in errors:
        lines.append(".".join(error["loc"]) or "(document)")
        lines.append(f"  {error['msg']}")
    return "\n".join(lines)
