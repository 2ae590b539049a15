"""Request limits enforced before GraphQL parses anything, and the root-field validation rule."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from graphql import FieldNode, FragmentSpreadNode, GraphQLError, InlineFragmentNode
from graphql.language import OperationDefinitionNode, SelectionSetNode
from graphql.validation import ASTValidationContext, ASTValidationRule
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphql_service.errors import PAYLOAD_TOO_LARGE, error_response

#: HTTP status (and ``extensions.status``) of a request refused for its size.
TOO_LARGE = 413


def _too_large(message: str) -> JSONResponse:
    # GraphQL-shaped, so clients read refusals the same way as any other error.
    return error_response(message, PAYLOAD_TOO_LARGE, TOO_LARGE)


def _document_sizes(body: bytes) -> list[int]:
    """UTF-8 sizes of the ``query`` documents a JSON body carries (none when it is not JSON)."""
    try:
        parsed: Any = json.loads(body)
    except ValueError:
        return []  # the GraphQL view answers malformed JSON itself
    requests = parsed if isinstance(parsed, list) else [parsed]
    return [
        len(item["query"].encode())
        for item in requests
        if isinstance(item, dict) and isinstance(item.get("query"), str)
    ]


class RequestSizeLimit:
    """Refuses oversized bodies and documents at ``path`` before anything parses them.

    The body is counted while it streams in (a missing or false Content-Length cannot get past),
    and the GraphQL document is measured in bytes before the parser sees it: the parser's own
    token limit only applies once a whole document has been read and tokenised.
    """

    def __init__(self, app: ASGIApp, path: str, max_query_bytes: int, max_body_bytes: int) -> None:
        self.app = app
        self.path = path
        self.max_query_bytes = max_query_bytes
        self.max_body_bytes = max_body_bytes

    def _query_message(self, size: int) -> str:
        return (
            f"The query document is {size} bytes; the limit is {self.max_query_bytes} bytes "
            "(AIND_GRAPHQL_MAX_QUERY_BYTES)."
        )

    def _body_message(self) -> str:
        return (
            f"The request body exceeds the limit of {self.max_body_bytes} bytes "
            "(AIND_GRAPHQL_MAX_BODY_BYTES)."
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        if scope["method"] == "GET":
            raw = scope.get("query_string", b"")
            if len(raw) > self.max_body_bytes:
                await _too_large(self._body_message())(scope, receive, send)
                return
            for name, value in parse_qsl(raw.decode("latin-1"), keep_blank_values=True):
                size = len(value.encode())
                if name == "query" and size > self.max_query_bytes:
                    await _too_large(self._query_message(size))(scope, receive, send)
                    return
            await self.app(scope, receive, send)
            return
        if scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        body = await self._read_body(scope, receive)
        if body is None:
            await _too_large(self._body_message())(scope, receive, send)
            return
        for size in _document_sizes(body):
            if size > self.max_query_bytes:
                await _too_large(self._query_message(size))(scope, receive, send)
                return
        await self.app(scope, _replay(body, receive), send)

    async def _read_body(self, scope: Scope, receive: Receive) -> bytes | None:
        """The whole body, or None as soon as it is known to exceed the limit."""
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.max_body_bytes:
                return None
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the already-read body over once, then defers to the server."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def root_fields_rule(max_root_fields: int) -> type[ASTValidationRule]:
    """A rule refusing operations that select more than ``max_root_fields`` root fields.

    Each root field is a separate backend lookup, so the count bounds the work one request
    starts; fields reached through fragments at the root count too.
    """

    class MaxRootFields(ASTValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            count = _count_fields(self.context, node.selection_set, set())
            if count > max_root_fields:
                self.report_error(
                    GraphQLError(
                        f"The operation selects {count} root fields; the limit is "
                        f"{max_root_fields} (AIND_GRAPHQL_MAX_ROOT_FIELDS).",
                        node,
                    )
                )

    return MaxRootFields


def _count_fields(
    context: ASTValidationContext, selection_set: SelectionSetNode, seen: set[str]
) -> int:
    count = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            count += 1
        elif isinstance(selection, InlineFragmentNode):
            count += _count_fields(context, selection.selection_set, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = context.get_fragment(name)
            # A fragment spread twice adds its fields once; cycles are another rule's error.
            if fragment is not None and name not in seen:
                seen.add(name)
                count += _count_fields(context, fragment.selection_set, seen)
    return count
