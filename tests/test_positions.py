"""Positions read from aind-data-schema transforms (resolvers/positions.py) and shown on the
demo's injections and fibers."""

from __future__ import annotations

import json
import math
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aind_data_schema.components.coordinates import (
    CoordinateSystem,
    CoordinateSystemLibrary,
    Rotation,
    Scale,
    Translation,
)
from aind_data_schema_models.coordinates import Origin

from datasources.snapshot import DEMO_SNAPSHOT
from resolvers.backends import Backends
from resolvers.positions import (
    CoordinateSystems,
    Position,
    implant_position,
    injection_positions,
)
from tests.conftest import graphql_client, run_query

ARI = CoordinateSystemLibrary.BREGMA_ARI


def system(library: CoordinateSystem, **update: Any) -> dict[str, Any]:
    return library.model_copy(update=update, deep=True).model_dump(mode="json")


def translation(*values: float | None) -> dict[str, Any]:
    return {"object_type": "Translation", "translation": list(values)}


def rotation(*angles: float, **fields: Any) -> dict[str, Any]:
    return Rotation(angles=list(angles), **fields).model_dump(mode="json")


def injection(name: str, *coordinates: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "object_type": "Brain injection",
        "coordinate_system_name": name,
        "coordinates": list(coordinates),
    }


def in_system(coordinate_system: dict[str, Any]) -> CoordinateSystems:
    return CoordinateSystems.of({}, {"global_coordinate_system": coordinate_system})


def one_site(name: str, site: list[dict[str, Any]], systems: CoordinateSystems) -> Position:
    found = injection_positions(injection(name, site), systems)
    assert found is not None
    (position,) = found
    assert position is not None
    return position


def test_a_bregma_ari_site_reads_as_written() -> None:
    site = [translation(-3.2, -0.5, 4.4), rotation(10.0, 0.0, 0.0)]
    found = injection_positions(injection("BREGMA_ARI", site), in_system(system(ARI)))
    assert found == [
        Position("BREGMA_ARI", "Bregma", "millimeter", -3.2, -0.5, 4.4, 10.0, 0.0),
    ]


def test_axis_order_and_directions_are_honoured() -> None:
    # RAS: ML first, AP second, SI pointing up. The same site as the ARI test.
    ras = system(CoordinateSystemLibrary.BREGMA_RAS)
    site = [translation(-0.5, -3.2, -4.4), rotation(0.0, 10.0, 0.0)]
    found = one_site("BREGMA_RAS", site, in_system(ras))
    assert (found.ap, found.ml, found.depth) == (-3.2, -0.5, 4.4)
    # A rotation about the AP axis, which RAS lists second.
    assert (found.angle, found.sagittal_angle) == (10.0, 0.0)


def test_reversed_axes_negate_values_and_angles() -> None:
    flipped = system(ARI, name="BREGMA_PLS")
    flipped["axes"] = [
        {"object_type": "Axis", "name": "AP", "direction": "Anterior_to_posterior"},
        {"object_type": "Axis", "name": "ML", "direction": "Right_to_left"},
        {"object_type": "Axis", "name": "SI", "direction": "Inferior_to_superior"},
    ]
    site = [translation(3.2, 0.5, -4.4), rotation(-10.0, 5.0, 0.0)]
    found = one_site("BREGMA_PLS", site, in_system(flipped))
    assert (found.ap, found.ml, found.depth) == (-3.2, -0.5, 4.4)
    assert (found.angle, found.sagittal_angle) == (10.0, -5.0)


def test_left_hand_rotations_and_radians_become_right_hand_degrees() -> None:
    site = [
        translation(1.0, 1.0, 2.0),
        rotation(math.pi / 18, 0.0, 0.0, angles_unit="radians", rotation_direction="left_hand"),
    ]
    found = one_site("BREGMA_ARI", site, in_system(system(ARI)))
    assert found.angle == pytest.approx(-10.0)


def test_no_rotation_means_no_angle_recorded() -> None:
    found = one_site("BREGMA_ARI", [translation(1.0, 2.0, 3.0)], in_system(system(ARI)))
    assert (found.angle, found.sagittal_angle) == (None, None)


def test_lambda_is_a_reference_too() -> None:
    lam = system(ARI, name="LAMBDA_ARI", origin=Origin.LAMBDA)
    surgery = {"global_coordinate_system": lam}
    procedures = {"global_coordinate_system": system(ARI)}
    systems = CoordinateSystems.of(surgery, procedures)
    found = one_site("LAMBDA_ARI", [translation(0.5, 1.0, 2.0)], systems)
    assert (found.reference, found.coordinate_system) == ("Lambda", "LAMBDA_ARI")


def test_a_blank_component_stays_unknown() -> None:
    found = one_site("BREGMA_ARI", [translation(-1.0, None, 2.0)], in_system(system(ARI)))
    assert (found.ap, found.ml, found.depth) == (-1.0, None, 2.0)


def test_the_deprecated_depth_axis_counts_when_the_inferior_axis_is_zero() -> None:
    arid = system(CoordinateSystemLibrary.BREGMA_ARID)
    systems = in_system(arid)
    along = one_site("BREGMA_ARID", [translation(1.0, 1.0, 0.0, 3.0)], systems)
    assert along.depth == 3.0
    # Both set: where the surface is would have to be guessed.
    assert injection_positions(
        injection("BREGMA_ARID", [translation(1.0, 1.0, 0.5, 3.0)]), systems
    ) == [None]


@pytest.mark.parametrize(
    "coordinate_system",
    [
        system(ARI, origin=Origin.TIP),
        system(CoordinateSystemLibrary.SPIM_RPI, name="BREGMA_ARI"),  # origin "Origin"
        system(CoordinateSystemLibrary.MPM_MANIP_RFB, name="BREGMA_ARI", origin=Origin.BREGMA),
    ],
    ids=["tip origin", "image origin", "x/y/z axes"],
)
def test_no_position_outside_a_skull_frame(coordinate_system: dict[str, Any]) -> None:
    site = injection("BREGMA_ARI", [translation(1.0, 2.0, 3.0)])
    assert injection_positions(site, in_system(coordinate_system)) is None


def test_no_position_when_the_named_system_is_not_declared() -> None:
    site = injection("BREGMA_ARI", [translation(1.0, 2.0, 3.0)])
    assert injection_positions(site, CoordinateSystems.of({}, {})) is None
    assert injection_positions(site, in_system(system(ARI, name="OTHER"))) is None


@pytest.mark.parametrize(
    "transforms",
    [
        [],
        [translation(1.0, 2.0)],  # one component short
        [translation(1.0, 2.0, 3.0), translation(1.0, 2.0, 3.0)],
        [translation(1.0, 2.0, 3.0), Scale(scale=[1, 1, 1]).model_dump(mode="json")],
        [Translation(translation=[1, 2, 3], reference_coordinate_system="local").model_dump()],
        [translation(1.0, 2.0, 3.0), rotation(0.0, 0.0, 45.0)],  # about the vertical axis
        [translation(1.0, "2", 3.0)],
        "not a list",
    ],
    ids=[
        "empty",
        "short",
        "two translations",
        "scale",
        "local",
        "vertical rotation",
        "text",
        "not a list",
    ],
)
def test_an_unexpected_entry_is_null_and_keeps_its_place(transforms: Any) -> None:
    good = [translation(1.0, 2.0, 3.0)]
    found = injection_positions(injection("BREGMA_ARI", good, transforms), in_system(system(ARI)))
    assert found is not None
    assert found[0] is not None
    assert found[1] is None


def test_an_implant_is_read_in_the_global_system() -> None:
    implant = {
        "object_type": "Probe implant",
        "device_config": {"transform": [translation(1.2, 1.0, 4.3), rotation(10.0, 0.0, 0.0)]},
    }
    found = implant_position(implant, in_system(system(ARI)))
    assert found == Position("BREGMA_ARI", "Bregma", "millimeter", 1.2, 1.0, 4.3, 10.0, 0.0)
    assert implant_position(implant, CoordinateSystems()) is None
    assert implant_position({"object_type": "Probe implant"}, in_system(system(ARI))) is None


# The demo, through the ASGI app.

POSITIONS = """query($id: String!) { procedures(subject_id: $id) { subject_procedures {
  ... on Surgery { procedures {
    __typename
    ... on BrainInjection { positions { ap ml depth unit reference angle coordinate_system } }
    ... on ProbeImplant { position { ap ml depth unit reference angle } }
  } }
} } }"""


@pytest.fixture
async def demo() -> AsyncIterator[httpx.AsyncClient]:
    async with graphql_client(Backends.from_snapshot(DEMO_SNAPSHOT)) as client:
        yield client


def steps(body: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [
        step
        for procedure in body["data"]["procedures"]["subject_procedures"]
        for step in procedure.get("procedures") or []
        if step["__typename"] == kind
    ]


async def test_demo_injection_sites_read_without_parsing_json(demo: httpx.AsyncClient) -> None:
    body = await run_query(demo, POSITIONS, {"id": "650107"})
    assert "errors" not in body
    sites = [step["positions"] for step in steps(body, "BrainInjection")]
    # The NSB 2019 injection at two depths, then the NSB 2023 one.
    assert sites == [
        [
            {"ap": -2.0, "ml": -1.5, "depth": 1.2, "unit": "millimeter", "reference": "Bregma",
             "angle": 0.0, "coordinate_system": "BREGMA_ARI"},
            {"ap": -2.0, "ml": -1.5, "depth": 1.6, "unit": "millimeter", "reference": "Bregma",
             "angle": 0.0, "coordinate_system": "BREGMA_ARI"},
        ],
        [
            {"ap": -1.7, "ml": 2.9, "depth": 2.5, "unit": "millimeter", "reference": "Bregma",
             "angle": 0.0, "coordinate_system": "BREGMA_ARI"},
        ],
    ]  # fmt: skip


async def test_demo_fiber_tips_read_without_parsing_json(demo: httpx.AsyncClient) -> None:
    body = await run_query(demo, POSITIONS, {"id": "650101"})
    assert "errors" not in body
    tips = [step["position"] for step in steps(body, "ProbeImplant")]
    assert tips == [
        {"ap": -3.2, "ml": -0.5, "depth": 4.2, "unit": "millimeter", "reference": "Bregma",
         "angle": 0.0},
        {"ap": 1.2, "ml": 1.0, "depth": 4.3, "unit": "millimeter", "reference": "Bregma",
         "angle": 10.0},
    ]  # fmt: skip


README = Path(__file__).resolve().parents[1] / "README.md"
README_EXAMPLE = "**Positions and provenance without parsing JSON.**"


async def test_the_readme_example_is_what_the_demo_answers(demo: httpx.AsyncClient) -> None:
    section = README.read_text(encoding="utf-8").split(README_EXAMPLE, 1)[1]
    query = section.split("```graphql\n", 1)[1].split("```", 1)[0]
    shown = json.loads("[" + section.split("```json\n", 1)[1].split("```", 1)[0] + "]")
    body = await run_query(demo, query)
    assert "errors" not in body
    # The NSB 2023 request's surgery: its injection, then its fiber.
    surgery = body["data"]["procedures"]["subject_procedures"][1]
    assert surgery["procedures"] == shown
