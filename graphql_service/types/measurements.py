"""Intended measurements of fiber implants (service-local: aind-data-schema has no place)."""

from __future__ import annotations

from typing import Any

import strawberry

from graphql_service.types.base import JSON, json_field


@strawberry.type(
    name="IntendedMeasurement",
    description=(
        "What a fiber implant is meant to measure in each photometry channel, as the NSB 2023 "
        "surgery request asked. `fiber_name` matches the fiber's name in `procedures`."
    ),
)
class IntendedMeasurement:
    fiber_name: str | None = strawberry.field(
        description="The fiber's name (e.g. Fiber_0), as in the fiber implants of `procedures`."
    )
    intended_measurement_R: str | None = strawberry.field(  # noqa: N815
        description='What the red channel is to measure, as the request says (e.g. "dopamine"); '
        "null when left empty or N/A."
    )
    intended_measurement_G: str | None = strawberry.field(  # noqa: N815
        description='What the green channel is to measure (e.g. "calcium"); null when left '
        "empty or N/A."
    )
    intended_measurement_B: str | None = strawberry.field(  # noqa: N815
        description="What the blue channel is to measure; null when left empty or N/A."
    )
    intended_measurement_Iso: str | None = strawberry.field(  # noqa: N815
        description='What the isosbestic channel is to measure (e.g. "control"); null when left '
        "empty or N/A."
    )
    json: JSON = json_field()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IntendedMeasurement:
        return cls(
            fiber_name=data.get("fiber_name"),
            intended_measurement_R=data.get("intended_measurement_R"),
            intended_measurement_G=data.get("intended_measurement_G"),
            intended_measurement_B=data.get("intended_measurement_B"),
            intended_measurement_Iso=data.get("intended_measurement_Iso"),
            json=JSON(data),
        )


def measurements_view(items: list[dict[str, Any]]) -> list[IntendedMeasurement]:
    return [IntendedMeasurement.from_dict(item) for item in items]
