"""Fixtures for the simulation core tests: the small test World and its starting State."""

from __future__ import annotations

import pytest

from leverage.core.state import State
from leverage.core.world import World
from tests.core.factory import make_state, make_world


@pytest.fixture(scope="module")
def world() -> World:
    """The test World (built once per module; it is immutable)."""
    return make_world()


@pytest.fixture()
def state(world: World) -> State:
    """The starting State, one game."""
    return make_state(world)
