"""Several games of one scenario side by side (several classes, or several machines in one
class): outcomes, the moves people played with their reasons, and where each game ended, in one
self-contained HTML page."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from leverage.core.vocab import indicator
from leverage.report.debrief import _CSS, KEY_INDICATORS, _fmt

if TYPE_CHECKING:
    from leverage.session import Session


class MixedScenariosError(ValueError):
    """The games compared are not all of the same scenario."""


def _label(session: Session, index: int, label: str | None) -> str:
    """A game's column heading: its given label, else 'Game N (seed S)'."""
    return label or f"Game {index + 1} (seed {session.seed})"


def _outcomes(games: Sequence[Session], labels: Sequence[str]) -> list[str]:
    """Each role's final score and verdict in each game."""
    world = games[0].world
    head = "".join(f"<th>{escape(label)}</th>" for label in labels)
    out = ["<h2>Outcomes</h2>", f'<table><tr><th class="l">Role</th>{head}</tr>']
    for role in world.roles:
        code = world.codes[role.country]
        cells = []
        for game in games:
            won = code in game.winners()
            who = game.player_name(code) if game.players[code].human else "computer"
            cells.append(f'<td><span class="{"won" if won else "lost"}">'
                         f"{game.scores()[code]:.0f}</span> ({escape(who)})</td>")
        out.append(f'<tr><td class="l">{escape(role.title)} (needs {role.win:g})</td>'
                   f"{''.join(cells)}</tr>")
    out.append("</table>")
    return out


def _moves(games: Sequence[Session], labels: Sequence[str]) -> list[str]:
    """Turn by turn, the moves people played in each game, with their reasons."""
    turns = max(g.state.turn for g in games)
    head = "".join(f"<th>{escape(label)}</th>" for label in labels)
    out = ["<h2>Moves and reasons, turn by turn</h2>",
           f'<table><tr><th>Turn</th>{head}</tr>']
    for turn in range(1, turns + 1):
        cells = []
        for game in games:
            world = game.world
            lines = []
            for m in game.log:
                if m.turn != turn or m.computer:
                    continue
                name = world.names[world.country(m.country)]
                target = "" if m.target == m.country else \
                    f" on {world.names[world.country(m.target)]}"
                reason = f' <span class="reason">&ldquo;{escape(m.reason)}&rdquo;</span>' \
                    if m.reason else ""
                lines.append(f"<b>{escape(name)}</b>: {escape(m.move_name)}{escape(target)}"
                             f"{reason}")
            cells.append(f'<td class="l">{"<br>".join(lines) or "-"}</td>')
        out.append(f"<tr><td>{turn}</td>{''.join(cells)}</tr>")
    out.append("</table>")
    return out


def _endings(games: Sequence[Session], labels: Sequence[str]) -> list[str]:
    """Where each game ended: the key indicators of each role's country."""
    world = games[0].world
    head = "".join(f"<th>{escape(label)}</th>" for label in labels)
    out = ["<h2>Where each game ended</h2>",
           f'<table><tr><th class="l">Indicator</th>{head}</tr>']
    for role in world.roles:
        code = world.codes[role.country]
        for name in KEY_INDICATORS:
            values = [float(g.series(code, name)[-1]) for g in games]
            if all(abs(v) < 1e-12 for v in values):
                continue  # an indicator this country does not have
            info = indicator(name)
            cells = "".join(f"<td>{_fmt(v)}</td>" for v in values)
            out.append(f'<tr><td class="l">{escape(world.names[role.country])}: '
                       f"{escape(info.label)} ({escape(info.unit)})</td>{cells}</tr>")
    out.append("</table>")
    return out


def class_report_html(games: Sequence[Session], labels: Sequence[str | None] = ()) -> str:
    """The comparison page of `games` (all of one scenario, else MixedScenariosError)."""
    if not games:
        raise ValueError("no games to compare")
    ids = {g.world.scenario_id for g in games}
    if len(ids) > 1:
        raise MixedScenariosError(
            f"the games are of different scenarios ({', '.join(sorted(ids))}); compare games of "
            "one scenario")
    given = list(labels) + [None] * (len(games) - len(labels))
    names = [_label(g, k, given[k]) for k, g in enumerate(games)]
    title = games[0].world.title
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>Classes compared: {escape(title)}</title><style>{_CSS}</style></head><body>",
             f"<h1>Classes compared: {escape(title)}</h1>",
             f'<p class="meta">{len(games)} games of the same scenario, side by side.</p>']
    parts += _outcomes(games, names) + _moves(games, names) + _endings(games, names)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
