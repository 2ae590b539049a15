"""What every resolver of one request can reach."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from resolvers.request import RequestResolvers
from resolvers.status import FieldStatus


@dataclass
class RequestContext:
    resolvers: RequestResolvers
    request_id: str
    #: Field statuses of this response, keyed by response path ("subjects.0", "alias").
    statuses: dict[str, FieldStatus] = field(default_factory=dict)
    request: Any = None
    response: Any = None
