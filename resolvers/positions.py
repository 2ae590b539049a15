"""Injection sites and implant positions read from aind-data-schema 2.x transforms.

A 2.x document writes a position as a list of transforms (a ``Translation``, maybe a
``Rotation``) along the axes of a named coordinate system that the surgery or the procedures
document declares. This module reads such a list back as distances from Bregma or Lambda on
fixed anatomical axes, so that a reader need not know the system's axis order or directions:

* ``ap``: positive anterior; ``ml``: positive to the subject's right; ``depth``: positive
  below the origin (inferior). A system whose axis runs the other way has its value negated.
* ``angle``: the rotation about the anterior-posterior axis (a tilt in the coronal plane, the
  one angle the surgery request forms ask for), ``sagittal_angle`` the rotation about the
  medial-lateral axis; both in degrees, right-hand rule about the anterior and right
  directions.

Anything else yields no position rather than a guess: a system whose origin is not Bregma or
Lambda, axes other than AP/ML/SI (and the deprecated Depth), a transform list that is not one
translation with at most one rotation, a translation in a probe's local system, a rotation about
the vertical axis. The transforms themselves stay in the document (``json``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["CoordinateSystems", "Position", "implant_position", "injection_positions"]

REFERENCES = frozenset({"Bregma", "Lambda"})

#: Axis name -> {direction: sign that makes the value anterior, right or inferior positive}.
_AXES: dict[str, dict[str, float]] = {
    "AP": {"Posterior_to_anterior": 1.0, "Anterior_to_posterior": -1.0},
    "ML": {"Left_to_right": 1.0, "Right_to_left": -1.0},
    "SI": {"Superior_to_inferior": 1.0, "Inferior_to_superior": -1.0},
    # Deprecated in 2.x (BREGMA_ARID): a distance along the insertion, down from the surface.
    "Depth": {"Up_to_down": 1.0, "Down_to_up": -1.0},
}
_ROTATION_AXES = "xyz"
_DEGREES_PER = {"degrees": 1.0, "radians": 180.0 / math.pi}
_HANDS = {"right_hand": 1.0, "left_hand": -1.0}


@dataclass(frozen=True, slots=True)
class Position:
    """A point on anatomical axes from a skull landmark (see the module docstring)."""

    coordinate_system: str
    reference: str
    unit: str
    ap: float | None
    ml: float | None
    depth: float | None
    angle: float | None = None
    sagittal_angle: float | None = None


@dataclass(frozen=True, slots=True)
class CoordinateSystems:
    """The coordinate systems a surgery's positions may be written in: the surgery's own, then
    those of the procedures document holding it (aind-data-schema lets a surgery declare a
    system only when it differs from the document's)."""

    systems: tuple[Mapping[str, Any], ...] = ()
    global_system: Mapping[str, Any] | None = None

    @classmethod
    def of(
        cls, surgery: Mapping[str, Any], procedures: Mapping[str, Any] | None = None
    ) -> CoordinateSystems:
        outer = procedures or {}
        # The deprecated ``coordinate_system`` of a procedures document is its global system.
        candidates = (
            surgery.get("coordinate_system"),
            surgery.get("global_coordinate_system"),
            outer.get("global_coordinate_system"),
            outer.get("coordinate_system"),
        )
        systems = tuple(s for s in candidates if isinstance(s, Mapping))
        global_system = next(
            (
                s
                for s in (
                    surgery.get("global_coordinate_system"),
                    outer.get("global_coordinate_system"),
                    outer.get("coordinate_system"),
                )
                if isinstance(s, Mapping)
            ),
            None,
        )
        return cls(systems, global_system)

    def named(self, name: Any) -> Mapping[str, Any] | None:
        if not isinstance(name, str):
            return None
        return next((s for s in self.systems if s.get("name") == name), None)


def injection_positions(
    injection: Mapping[str, Any], systems: CoordinateSystems
) -> list[Position | None] | None:
    """One position per entry of a brain injection's ``coordinates`` (None for an entry that
    cannot be read); None when its coordinate system is not one from Bregma or Lambda."""
    system = systems.named(injection.get("coordinate_system_name"))
    frame = _Frame.of(system) if system is not None else None
    coordinates = injection.get("coordinates")
    if frame is None or not isinstance(coordinates, list):
        return None
    return [frame.position(entry) for entry in coordinates]


def implant_position(implant: Mapping[str, Any], systems: CoordinateSystems) -> Position | None:
    """Where a probe implant's configured transform places it in the global coordinate system
    (for a fiber, its tip); None when that system is not one from Bregma or Lambda."""
    config = implant.get("device_config")
    if not isinstance(config, Mapping) or systems.global_system is None:
        return None
    frame = _Frame.of(systems.global_system)
    return frame.position(config.get("transform")) if frame is not None else None


@dataclass(frozen=True, slots=True)
class _Frame:
    """A coordinate system from Bregma or Lambda: its name, origin, unit and axes."""

    name: str
    reference: str
    unit: str
    axes: tuple[tuple[str, float], ...]  # (axis name, sign) in the system's order

    @classmethod
    def of(cls, system: Mapping[str, Any]) -> _Frame | None:
        reference, unit, name = system.get("origin"), system.get("axis_unit"), system.get("name")
        if reference not in REFERENCES or not isinstance(unit, str) or not isinstance(name, str):
            return None
        axes: list[tuple[str, float]] = []
        for axis in system.get("axes") or []:
            axis_name = axis.get("name") if isinstance(axis, Mapping) else None
            signs = _AXES.get(axis_name) if isinstance(axis_name, str) else None
            sign = signs.get(axis.get("direction")) if signs is not None else None
            if axis_name is None or sign is None:
                return None
            axes.append((axis_name, sign))
        names = [axis_name for axis_name, _ in axes]
        if len(set(names)) != len(names) or not {"AP", "ML", "SI"} <= set(names):
            return None
        return cls(name, reference, unit, tuple(axes))

    def position(self, transforms: Any) -> Position | None:
        try:
            return self._read(transforms)
        except _UnreadableError:
            return None

    def _read(self, transforms: Any) -> Position:
        if not isinstance(transforms, list):
            raise _UnreadableError("not a transform list")
        translations = _of_type(transforms, "Translation")
        rotations = _of_type(transforms, "Rotation")
        if len(translations) != 1 or len(rotations) > 1:
            raise _UnreadableError("not one translation with at most one rotation")
        if len(translations) + len(rotations) != len(transforms):
            raise _UnreadableError("a scale or an affine transform")
        values = self._along_axes(translations[0])
        # No rotation: the request gave no angle, which is not the same as a zero one.
        angles = self._angles(rotations[0]) if rotations else {}
        unrotated = 0.0 if rotations else None
        return Position(
            coordinate_system=self.name,
            reference=self.reference,
            unit=self.unit,
            ap=values.get("AP"),
            ml=values.get("ML"),
            depth=_depth(values.get("SI"), values.get("Depth")),
            angle=angles.get("AP", unrotated),
            sagittal_angle=angles.get("ML", unrotated),
        )

    def _along_axes(self, translation: Mapping[str, Any]) -> dict[str, float | None]:
        """The translation's components by axis name, signed anterior/right/inferior."""
        components = translation.get("translation")
        if translation.get("reference_coordinate_system", "global") != "global":
            raise _UnreadableError("relative to a device's own system, not to the skull")
        if not isinstance(components, list) or len(components) != len(self.axes):
            raise _UnreadableError("not one component per axis")
        values: dict[str, float | None] = {}
        for (name, sign), component in zip(self.axes, components, strict=True):
            number = _number(component)
            # A component the request left blank stays unknown rather than zero.
            values[name] = None if number is None else _clean(sign * number)
        return values

    def _angles(self, rotation: Mapping[str, Any]) -> dict[str, float]:
        """Rotation angles in degrees by axis name."""
        angles, order = rotation.get("angles"), rotation.get("axis_order", _ROTATION_AXES)
        scale = _DEGREES_PER.get(rotation.get("angles_unit", "degrees"))
        hand = _HANDS.get(rotation.get("rotation_direction", "right_hand"))
        if not isinstance(angles, list) or not isinstance(order, str) or len(order) != len(angles):
            raise _UnreadableError("angles and axis order do not match")
        if scale is None or hand is None or rotation.get("reference_coordinate_system") == "local":
            raise _UnreadableError("a rotation in units, hand or system not read here")
        found: dict[str, float] = {}
        for letter, value in zip(order.casefold(), angles, strict=True):
            index = _ROTATION_AXES.find(letter)
            number = _number(value)
            if index < 0 or index >= len(self.axes) or number is None:
                raise _UnreadableError("an angle about no axis of the system, or a blank one")
            name, sign = self.axes[index]
            found[name] = _clean(hand * sign * scale * number)
        if found.get("SI", 0.0) != 0.0 or found.get("Depth", 0.0) != 0.0:
            raise _UnreadableError("a rotation about the vertical axis")
        return found


class _UnreadableError(ValueError):
    """A transform this module does not read as a position."""


def _of_type(transforms: Iterable[Any], kind: str) -> list[Mapping[str, Any]]:
    return [t for t in transforms if isinstance(t, Mapping) and t.get("object_type") == kind]


def _number(value: Any) -> float | None:
    """A finite number, or None for a blank component."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _UnreadableError("not a number")
    return float(value)


def _clean(value: float) -> float:
    # Negating 0.0 gives -0.0, which prints as "-0.0": a zero is a zero.
    return value + 0.0


def _depth(inferior: float | None, along: float | None) -> float | None:
    """Depth below the origin. The deprecated Depth axis counts along the insertion from the
    surface; it is taken only when the inferior axis says nothing, since adding the two would
    presume where the surface is."""
    if along is None or along == 0.0:
        return inferior
    if inferior is None or inferior == 0.0:
        return along
    raise _UnreadableError("a depth on both the inferior and the insertion axis")
