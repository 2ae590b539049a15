"""Publishing resolver statuses into the response: ``extensions.status`` and ``errors[]``."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import strawberry
from graphql import DirectiveLocation, GraphQLBoolean, GraphQLError, value_from_ast
from graphql.utilities import get_operation_ast
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext, Info
from strawberry.types.nodes import Selection

from graphql_service.context import RequestContext
from graphql_service.errors import (
    BAD_USER_INPUT,
    GRAPHQL_VALIDATION_FAILED,
    INTERNAL_SERVER_ERROR,
    field_extensions,
    give_code,
)
from graphql_service.response_paths import with_response_paths
from resolvers.status import Code, FieldStatus, Resolved

T = TypeVar("T")
R = TypeVar("R")

logger = logging.getLogger("graphql_service")

UNEXPECTED = "Unexpected error inside the service; it has been logged."
NON_200 = "non-200"


STATUS_NOTE = (
    " Its status (code, message, sources, validation errors) is in "
    "`extensions.status` under this field's response path."
)


#: Request header limiting ``extensions.status`` to the entries whose code is not 200.
STATUS_HEADER = "aind-status"
STATUS_HEADER_VALUES = ("all", NON_200)


class FieldError(GraphQLError):
    """A field that has no data because of its status (400, 500, 503)."""

    def __init__(self, status: FieldStatus) -> None:
        super().__init__(status.as_json()["message"], extensions=field_extensions(status.code))


@strawberry.directive(
    locations=[DirectiveLocation.QUERY],
    name="status",
    description=(
        "What `extensions.status` lists: with `non_200_only: true`, only the entries whose "
        "code is not 200 (the `AIND-Status: non-200` request header does the same), so an "
        "answer about many subjects lists only those that need a look."
    ),
)
def status_directive(non_200_only: bool = False) -> None:
    """Read by :class:`StatusExtension` from the operation; nothing runs per field."""


def path_key(path: Any) -> str:
    """The response path as a dotted key: aliases as written, list indexes as numbers."""
    return ".".join(str(part) for part in path.as_list())


def publish(info: Info, resolved: Resolved[T], convert: Callable[[T], R]) -> R | None:
    """Record ``resolved``'s status at this field's path; raise for error statuses."""
    context: RequestContext = info.context
    key = path_key(info.path)
    context.statuses[key] = resolved.status
    if resolved.status.is_error:
        raise FieldError(resolved.status)
    value = None if resolved.value is None else convert(resolved.value)
    if resolved.status.validation_errors:
        field = info.path.as_list()
        context.statuses[key] = with_response_paths(resolved.status, field, _below(info), value)
    return value


def publish_items(
    info: Info, items: list[Resolved[T]], convert: Callable[[T], R]
) -> list[R | None]:
    """Publish each list item at its own path.

    A failed item is returned as a GraphQLError *value*: graphql-core then nulls that item alone
    and reports the error at the item's path, so the other items keep their data.
    """
    context: RequestContext = info.context
    prefix = path_key(info.path)
    values: list[Any] = []
    for index, item in enumerate(items):
        context.statuses[f"{prefix}.{index}"] = item.status
        if item.status.is_error:
            values.append(FieldError(item.status))
            continue
        value = None if item.value is None else convert(item.value)
        if item.status.validation_errors:
            # Reading the selections costs more than the rest of publishing: only when needed.
            field = [*info.path.as_list(), index]
            located = with_response_paths(item.status, field, _below(info), value)
            context.statuses[f"{prefix}.{index}"] = located
        values.append(value)
    return values


def _below(info: Info) -> list[Selection]:
    """What the query selects below this field."""
    return info.selected_fields[0].selections


def selects(info: Info, *names: str) -> bool:
    """True when the query selects any of ``names`` anywhere below this field."""
    wanted = set(names)

    def walk(selections: list[Selection]) -> Iterator[str]:
        for selection in selections:
            name = getattr(selection, "name", None)
            if name:
                yield name
            yield from walk(list(getattr(selection, "selections", []) or []))

    return any(name in wanted for name in walk(list(info.selected_fields)))


class StatusExtension(SchemaExtension):
    """Adds ``extensions.status``, gives validation and execution errors their codes and turns
    unexpected resolver failures into masked 500s. (Syntax errors get theirs in
    ``MetadataSchema.process_errors``: the parser cache raises them before any parse hook.)"""

    def on_validate(self) -> Iterator[None]:
        yield
        for error in self.execution_context.pre_execution_errors or []:
            give_code(error, GRAPHQL_VALIDATION_FAILED)

    def on_execute(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if not errors:
            return
        context = self.execution_context.context
        masked: list[GraphQLError] = []
        for error in errors:
            if _unexpected(error):
                masked.append(
                    GraphQLError(
                        UNEXPECTED,
                        nodes=error.nodes,
                        path=error.path,
                        extensions=field_extensions(Code.INTERNAL),
                    )
                )
                if error.path and isinstance(context, RequestContext):
                    key = ".".join(str(part) for part in error.path)
                    context.statuses[key] = FieldStatus(Code.INTERNAL, UNEXPECTED)
            else:
                # Without a path, nothing ran: the variables could not be coerced.
                if error.path:
                    give_code(error, INTERNAL_SERVER_ERROR, int(Code.INTERNAL))
                else:
                    give_code(error, BAD_USER_INPUT)
                masked.append(error)
        result.errors = masked  # type: ignore[union-attr]

    def get_results(self) -> dict[str, Any]:
        context = self.execution_context.context
        if not isinstance(context, RequestContext):
            return {}
        statuses = context.statuses.items()
        if self._non_200_only(context):
            statuses = {k: s for k, s in statuses if s.code != Code.OK}.items()
        return {"status": {key: s.as_json() for key, s in statuses}}

    def _non_200_only(self, context: RequestContext) -> bool:
        headers = getattr(context.request, "headers", None)
        if headers is not None and headers.get(STATUS_HEADER, "").strip().lower() == NON_200:
            return True
        return directive_asks_non_200(self.execution_context)


def directive_asks_non_200(execution: ExecutionContext) -> bool:
    """Whether the operation that ran carries ``@status(non_200_only: true)``."""
    document = execution.graphql_document
    operation = get_operation_ast(document, execution.operation_name) if document else None
    for directive in (operation.directives or ()) if operation else ():
        if directive.name.value != "status":
            continue
        for argument in directive.arguments or ():
            if argument.name.value == "non_200_only":
                value = value_from_ast(argument.value, GraphQLBoolean, execution.variables)
                return value is True
    return False


def status_header_error(value: str | None) -> str | None:
    """What is wrong with an ``AIND-Status`` header (None when absent or valid)."""
    if value is None or value.strip().lower() in STATUS_HEADER_VALUES:
        return None
    return "Header 'AIND-Status' must be 'all' or 'non-200'."


def _unexpected(error: GraphQLError) -> bool:
    """An exception from our own code, as opposed to a status or a query (syntax) error."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


def log_unexpected(errors: list[GraphQLError], request_id: str | None) -> None:
    """Our own bugs are logged with their traceback; statuses and query errors are not."""
    for error in errors:
        if _unexpected(error):
            logger.error(
                "unexpected error at %s (request %s)",
                error.path,
                request_id,
                exc_info=error.original_error,
            )
