"""`validate --playtest`: a quick batch of games after the checks, with balance warnings.

Plays `games` games (computer players on every country, normal level unless told, the
scenario's length) and warns,
at the line of the role, move or event concerned:
- a role whose win rate is outside 20-60% (docs/balance.md);
- a move played in more than 80% of a role's wins, and clearly more often than in its other
  games (a dominant move; judged when the role won at least 10 games);
- a move never played and an event that never fired in any game.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from leverage.scenario.errors import WARNING, Problem

#: Games played by default, the computer players' level and the balance targets.
PLAYTEST_GAMES = 200
#: The level the balance targets of docs/balance.md are set for: easy players win far less often
#: (The Gold Route: every role 2-10% with easy players, 38-51% with normal ones).
PLAYTEST_LEVEL = "normal"
WIN_RANGE = (0.2, 0.6)
DOMINANT_SHARE = 0.8
#: A move is dominant only when it is also played clearly more often in wins than in the other
#: games (a move every game plays decides nothing), and when the role won often enough to judge.
DOMINANT_MARGIN = 0.1
MIN_WINS = 10


def playtest_problems(path: str, games: int = PLAYTEST_GAMES, seed: int = 0,
                      level: str = PLAYTEST_LEVEL) -> list[Problem]:
    """The playtest warnings of a scenario that has no errors (none for a library file)."""
    from leverage.core.playtest import run_games
    from leverage.scenario import load_scenario
    from leverage.scenario.loader import load_file

    loaded = load_scenario(path)
    world = loaded.world
    with np.errstate(all="ignore"):  # the model clips what overflows; nothing to print
        result = run_games(world, loaded.state, games, int(world.turns), level, seed,
                           record=False)
    places = Places(load_file(path).root, path)
    note = f"in {games} playtest games ({level} players, seed {seed})"
    problems = list(_role_problems(result, places, note))
    problems += _unused_problems(world, result, places, note)
    return problems


class Places:
    """Where roles, moves and events are written in a scenario file (1-based line, column)."""

    def __init__(self, root: Any, path: str) -> None:
        """Index the top-level `roles`, `moves` and `events` of a loaded document."""
        self.path = path
        self.root = root

    def _at(self, node: Any) -> tuple[int, int]:
        """A node's position, or the top of the file."""
        return (node.line, node.col) if node is not None else (1, 1)

    def role(self, code: str) -> tuple[int, int]:
        """The key of the role `code` under `roles`."""
        roles = self.root.get("roles")
        return self._at(roles.key_node(code) if roles is not None else None)

    def item(self, section: str, ident: str) -> tuple[int, int]:
        """The entry of `section` whose `id` (or, for a library move, `use`) is `ident`."""
        items = self.root.get(section)
        for node in getattr(items, "items", []):
            for key in ("id", "use"):
                value = node.get(key) if node.kind == "map" else None
                if value is not None and value.text == ident:
                    return self._at(node)
        return (1, 1)

    def warning(self, where: tuple[int, int], message: str) -> Problem:
        """A warning at `where`."""
        return Problem(self.path, where[0], where[1], WARNING, message)


def _role_problems(result: Any, places: Places, note: str) -> Iterable[Problem]:
    """Win rates outside the targets, and dominant moves, per role."""
    low, high = WIN_RANGE
    for r, country in enumerate(result.role_countries):
        code = result.codes[country]
        rate = result.win_rate(r)
        if not low <= rate <= high:
            verdict = "too often" if rate > high else "too rarely"
            yield places.warning(places.role(code), (
                f"role {code} ({result.role_titles[r]}) won {rate:.0%} {note}: "
                f"{verdict} (aim for {low:.0%}-{high:.0%}; see docs/authoring.md, Checking "
                "balance)"))
        won = np.asarray(result.wins[:, r])
        if won.sum() < MIN_WINS or won.all():
            continue
        used = np.asarray(result.played)[:, country, :] > 0
        in_wins, in_losses = used[won].mean(axis=0), used[~won].mean(axis=0)
        for k, move in enumerate(result.move_ids):
            if in_wins[k] > DOMINANT_SHARE and in_wins[k] > in_losses[k] + DOMINANT_MARGIN:
                yield places.warning(places.item("moves", move), (
                    f"move '{move}' was played in {in_wins[k]:.0%} of {code}'s {int(won.sum())} "
                    f"wins but {in_losses[k]:.0%} of its other games {note}: a dominant move "
                    f"(more than {DOMINANT_SHARE:.0%} of the wins); make it depend on the "
                    "situation with a `when`"))


def _unused_problems(world: Any, result: Any, places: Places, note: str) -> list[Problem]:
    """Moves no country ever played, events that never fired."""
    problems: list[Problem] = []
    played = np.asarray(result.played).sum(axis=(0, 1))
    for k, move in enumerate(world.moves):
        if played[k] == 0:
            problems.append(places.warning(places.item("moves", move.id), (
                f"move '{move.id}' was never played {note}: check its `when`, its cost and "
                "whether it helps its players' objectives")))
    if result.fired is not None:
        fired = np.asarray(result.fired).sum(axis=0)
        for k, event in enumerate(world.events):
            if fired[k] == 0:
                problems.append(places.warning(places.item("events", event.id), (
                    f"event '{event.id}' never fired {note}: check its date, `when`, "
                    "`unless` and chance")))
    return problems
