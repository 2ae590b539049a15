"""A position read from a procedure's transforms: distances from Bregma or Lambda on fixed
anatomical axes (``resolvers.positions`` reads them)."""

from __future__ import annotations

import strawberry

from resolvers.positions import Position as PositionRecord

AXES_NOTE = (
    "Read from the aind-data-schema transforms (which stay in `json`) when their coordinate "
    "system has Bregma or Lambda as origin and AP/ML/SI axes; null otherwise."
)


@strawberry.type(
    name="Position",
    description=(
        "Where a procedure was aimed, as distances from a skull landmark on fixed anatomical "
        "axes, whatever the axis order and directions of the coordinate system it was written "
        "in. Not part of the aind-data-schema document."
    ),
)
class Position:
    ap: float | None = strawberry.field(
        description="Anterior-posterior distance from the reference; positive is anterior."
    )
    ml: float | None = strawberry.field(
        description=(
            "Medial-lateral distance from the midline at the reference; positive is the "
            "subject's right, negative its left."
        )
    )
    depth: float | None = strawberry.field(
        description=(
            "Distance below the reference; positive is down (inferior). As the request gave "
            "it: the requests do not say whether it was zeroed on the skull or the brain surface."
        )
    )
    unit: str = strawberry.field(
        description='Unit of `ap`, `ml` and `depth`, as aind-data-schema names it ("millimeter").'
    )
    reference: str = strawberry.field(
        description='The landmark the distances start from: "Bregma" or "Lambda".'
    )
    angle: float | None = strawberry.field(
        description=(
            "Tilt in the coronal plane, in degrees: the rotation about the anterior-posterior "
            "axis (right-hand rule about the anterior direction), the one angle surgery "
            "requests record. Null when the document records no rotation."
        )
    )
    sagittal_angle: float | None = strawberry.field(
        description=(
            "Tilt in the sagittal plane, in degrees: the rotation about the medial-lateral axis "
            "(right-hand rule about the subject's right). Null when the document records no "
            "rotation."
        )
    )
    coordinate_system: str = strawberry.field(
        description='Name of the coordinate system the transforms were written in ("BREGMA_ARI").'
    )


def position_view(record: PositionRecord | None) -> Position | None:
    if record is None:
        return None
    return Position(
        ap=record.ap,
        ml=record.ml,
        depth=record.depth,
        unit=record.unit,
        reference=record.reference,
        angle=record.angle,
        sagittal_angle=record.sagittal_angle,
        coordinate_system=record.coordinate_system,
    )
