"""Publishing resolver statuses into the response: ``extensions.status`` and ``errors[]``."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types import Info
from strawberry.types.nodes import Selection

from graphql_service.context import RequestContext
from resolvers.status import Code, FieldStatus, Resolved

T = TypeVar("T")
R = TypeVar("R")

logger = logging.getLogger("graphql_service")

UNEXPECTED = "Unexpected error inside the service; it has been logged."


STATUS_NOTE = (
    " Its status (code, message, sources, validation errors) is in "
    "`extensions.status` under this field's response path."
)


class FieldError(GraphQLError):
    """A field that has no data because of its status (400, 500, 503)."""

    def __init__(self, status: FieldStatus) -> None:
        super().__init__(status.as_json()["message"], extensions={"code": int(status.code)})


def path_key(path: Any) -> str:
    """The response path as a dotted key: aliases as written, list indexes as numbers."""
    return ".".join(str(part) for part in path.as_list())


def publish(info: Info, resolved: Resolved[T], convert: Callable[[T], R]) -> R | None:
    """Record ``resolved``'s status at this field's path; raise for error statuses."""
    context: RequestContext = info.context
    context.statuses[path_key(info.path)] = resolved.status
    if resolved.status.is_error:
        raise FieldError(resolved.status)
    return None if resolved.value is None else convert(resolved.value)


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
        else:
            values.append(None if item.value is None else convert(item.value))
    return values


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
    """Adds ``extensions.status`` and turns unexpected resolver failures into masked 500s."""

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
                        extensions={"code": int(Code.INTERNAL)},
                    )
                )
                if error.path and isinstance(context, RequestContext):
                    key = ".".join(str(part) for part in error.path)
                    context.statuses[key] = FieldStatus(Code.INTERNAL, UNEXPECTED)
            else:
                masked.append(error)
        result.errors = masked  # type: ignore[union-attr]

    def get_results(self) -> dict[str, Any]:
        context = self.execution_context.context
        if not isinstance(context, RequestContext):
            return {}
        return {"status": {key: s.as_json() for key, s in context.statuses.items()}}


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
