"""Fixtures for the simulation core tests: the small test World and its starting State."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # lets the tests import tests.core.factory
    sys.path.insert(0, str(ROOT))

from game.core.state import State  # noqa: E402
from game.core.world import World  # noqa: E402
from tests.core.factory import make_state, make_world  # noqa: E402


@pytest.fixture(scope="module")
def world() -> World:
    """The test World (built once per module; it is immutable)."""
    return make_world()


@pytest.fixture()
def state(world: World) -> State:
    """The starting State, one game."""
    return make_state(world)
