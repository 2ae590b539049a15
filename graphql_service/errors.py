"""The shape of every error the service answers, in ``errors[]`` or as a whole response.

Each error carries ``extensions.code``, a string a client can switch on (GraphQL servers'
customary names where one exists), and ``extensions.status``, the number: a field's status
code (400, 500, 503) or, for a request refused before GraphQL ran, its HTTP status (401,
413, 415...).
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError
from starlette.responses import JSONResponse

from resolvers.status import Code

#: The document is not GraphQL (syntax, or more tokens than allowed).
GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
#: The document does not fit the schema or a limit (depth, aliases, root fields...).
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
#: An argument or variable is malformed (a subject id that is not a number...).
BAD_USER_INPUT = "BAD_USER_INPUT"
#: The operation to run cannot be told (several in the document, none named).
OPERATION_RESOLUTION_FAILURE = "OPERATION_RESOLUTION_FAILURE"
#: A backend the field needs is unreachable, timed out or not configured.
BACKEND_UNAVAILABLE = "BACKEND_UNAVAILABLE"
#: A bug in the service; the message is masked, the traceback logged.
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
#: The HTTP request is not a GraphQL request (a body that is not JSON, no query...).
BAD_REQUEST = "BAD_REQUEST"
UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
UNAUTHENTICATED = "UNAUTHENTICATED"

#: The string code of a field that has no data because of its status.
FIELD_CODES: dict[Code, str] = {
    Code.BAD_REQUEST: BAD_USER_INPUT,
    Code.INTERNAL: INTERNAL_SERVER_ERROR,
    Code.UNAVAILABLE: BACKEND_UNAVAILABLE,
}


def error_extensions(code: str, status: int) -> dict[str, Any]:
    return {"code": code, "status": status}


def field_extensions(status: Code) -> dict[str, Any]:
    return error_extensions(FIELD_CODES.get(status, INTERNAL_SERVER_ERROR), int(status))


def has_code(error: GraphQLError) -> bool:
    return isinstance((error.extensions or {}).get("code"), str)


def give_code(error: GraphQLError, code: str, status: int = int(Code.BAD_REQUEST)) -> None:
    """Give ``error`` a code unless an earlier step already did."""
    if not has_code(error):
        error.extensions = {**(error.extensions or {}), **error_extensions(code, status)}


def error_response(message: str, code: str, status: int) -> JSONResponse:
    """A whole response holding one GraphQL-shaped error, with ``status`` as its HTTP status."""
    body = {"errors": [{"message": message, "extensions": error_extensions(code, status)}]}
    return JSONResponse(body, status_code=status)
