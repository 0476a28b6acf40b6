"""What one team sees on its own device, built from the session's own calls.

Each view is a JSON-able dict for one role only: its private briefing, objectives, indicators,
move cards (cost, targets, why one is not available), its plan, proposals and bloc votes waiting
for its answer, and the last turn's results. Nothing of another team's plan or briefing is in it.
Student text (reasons) is sent as plain strings; the page shows it with `textContent`.
"""

from __future__ import annotations

import math
from typing import Any

#: Indicators on the team page, most important first.
TEAM_INDICATORS: tuple[str, ...] = (
    "gdp", "growth", "inflation", "reserves", "stability", "oil_output", "oil_exports", "debt",
    "frozen", "gold_home", "emigrants",
)
#: Indicators whose "why" (largest causes of the change) the results show.
WHY_INDICATORS: tuple[str, ...] = ("gdp", "inflation", "reserves", "stability")


def finite(value: float) -> float | None:
    """A number JSON can carry (None for NaN or infinity)."""
    value = float(value)
    return value if math.isfinite(value) else None


def briefing(session: Any, role: str) -> dict[str, Any]:
    """The role's private briefing, title and objectives."""
    world = session.world
    meta = getattr(session.loaded, "scenario", None)
    entry = (getattr(meta, "roles", None) or {}).get(role)
    title = next((r.title for r in world.roles if world.codes[r.country] == role), "")
    objectives = [{"text": text, "value": finite(value), "goal": goal, "fail": fail,
                   "attainment": finite(att)}
                  for text, value, goal, fail, att in session.objective_status(role)]
    return {"title": str(getattr(entry, "title", "") or title),
            "text": str(getattr(entry, "briefing", "") or ""), "objectives": objectives,
            "score": finite(session.scores().get(role, 0.0)),
            "win": next((r.win for r in world.roles if world.codes[r.country] == role), None)}


def indicators(session: Any, role: str) -> list[dict[str, Any]]:
    """The role's indicators now and a turn ago, with what each means (tooltips)."""
    from leverage.core.vocab import INDICATORS

    info = {i.name: i for i in INDICATORS}
    rows = []
    world = session.world
    i = world.country(role)
    for name in TEAM_INDICATORS:
        if name not in info:
            continue
        try:  # now and a turn ago (the whole series is not needed)
            series = [float(s.get(name, world.params)[0, i]) for s in session.states[-2:]]
        except (KeyError, ValueError):
            continue
        if all(v == 0.0 for v in series):
            continue  # not for this country (no oil, no gold abroad)
        item = info[name]
        rows.append({"name": name, "label": item.label, "unit": item.unit,
                     "value": finite(series[-1]),
                     "previous": finite(series[-2]) if len(series) > 1 else None,
                     "meaning": item.meaning, "moved_by": item.moved_by})
    return rows


def options(session: Any, role: str, kept: dict[str, Any] | None = None) -> list[Any]:
    """`session.options(role)`, worked out once per state: what a plan changes (the budget
    left, the cards planned) is filled in afresh each time, as `Session.options` does."""
    from dataclasses import replace

    if kept is None:
        return list(session.options(role))
    cached = kept.get(role)
    if cached is None or cached[0] is not session.state or cached[1] != session.is_over:
        cached = kept[role] = (session.state, session.is_over, session.options(role))
    left = session.budget_left(role)
    planned = {m.move_id for m in session.planned(role)}
    return [replace(card, affordable=card.cost <= left + 1e-9, planned=card.id in planned)
            for card in cached[2]]


def cards(session: Any, role: str, kept: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The role's move cards this turn: cost, targets, and why a card is not available."""
    world = session.world
    rows = []
    for card in options(session, role, kept):
        why = card.why_not
        if card.legal and not card.affordable and not card.planned:
            why = f"It costs {card.cost:g} political capital; not enough is left this turn."
        rows.append({"id": card.id, "name": card.name, "summary": card.summary,
                     "description": card.description, "kind": card.kind, "cost": card.cost,
                     "targets": [{"code": t, "name": world.names[world.country(t)]}
                                 for t in card.targets],
                     "available": card.legal and card.affordable, "planned": card.planned,
                     "effects": list(card.effects), "why_not": why, "source": card.source})
    return rows


def planned(session: Any, role: str) -> list[dict[str, Any]]:
    """The moves the team has planned this turn, with their reasons."""
    world = session.world
    rows = []
    for move in session.planned(role):
        m = world.move_index(move.move_id)
        rows.append({"move": move.move_id, "name": world.moves[m].name, "target": move.target,
                     "target_name": world.names[world.country(move.target)],
                     "cost": float(world.moves[m].cost), "reason": move.reason})
    return rows


def inbox(session: Any, role: str) -> list[dict[str, Any]]:
    """Proposals waiting for the team's answer, with the answer given so far."""
    world = session.world
    return [{"proposer": p.proposer, "proposer_name": world.names[world.country(p.proposer)],
             "move": p.move_id, "name": p.name, "summary": p.summary,
             "effects": list(p.effects), "answer": session.response(role, p)}
            for p in session.inbox(role)]


def outbox(session: Any, role: str) -> list[dict[str, Any]]:
    """Offers the team made that wait for an answer (sent last turn, or planned now)."""
    world = session.world
    return [{"partner": p.partner, "partner_name": world.names[world.country(p.partner)],
             "move": p.move_id, "name": p.name, "status": p.status}
            for p in session.outbox(role)]


def votes(session: Any, role: str) -> list[dict[str, Any]]:
    """Applications to a bloc the team votes on, with its vote so far."""
    world = session.world
    plan = session.plan_snapshot().get("votes", {}).get(role, [])
    given = {(a, b): y for a, b, y in plan}
    return [{"applicant": a.applicant, "applicant_name": world.names[world.country(a.applicant)],
             "bloc": a.bloc, "bloc_name": a.bloc_name, "consensus": a.consensus,
             "vote": given.get((a.applicant, a.bloc))}
            for a in session.bloc_applications(role)]


def results(session: Any, role: str, report: Any) -> dict[str, Any] | None:
    """The last turn's results for the team: news, its score change, its moves and the largest
    causes of its main indicators' changes."""
    if report is None:
        return None
    world = session.world
    news = [{"title": str(getattr(n, "title", "")), "text": str(getattr(n, "text", "")),
             "kind": str(getattr(n, "kind", ""))} for n in report.news]
    moves = [{"country": m.country, "name": m.move_name, "target": m.target,
              "reason": m.reason if m.country == role else ""}
             for m in report.moves if m.public or m.country == role]
    why = []
    explanation = report.explanation
    i = world.country(role)
    for name in WHY_INDICATORS:
        top = explanation.top(name, i, k=4) if explanation is not None else []
        parts = [{"cause": explanation.mechanisms.get(cause, cause), "value": finite(value)}
                 for cause, value in top if abs(value) > 1e-9]
        if parts:
            why.append({"indicator": name, "parts": parts})
    return {"turn": report.turn, "date": report.date, "news": news, "moves": moves,
            "score": finite(report.scores.get(role, 0.0)),
            "score_change": finite(report.score_changes.get(role, 0.0)), "why": why}


def forecast_chart(session: Any, role: str, move_id: str, target: str, forecast: Any
                   ) -> dict[str, Any]:
    """A forecast for the team's page: for each indicator of its country, P10/P50/P90 turn by
    turn with the move and without it (the same futures otherwise)."""
    from leverage.core.vocab import INDICATORS

    info = {i.name: i for i in INDICATORS}
    world = session.world
    i = world.country(role)
    charts = []
    for k, name in enumerate(forecast.indicators):
        item = info.get(name)
        with_move = [[finite(v) for v in forecast.with_move[t, :, k, i]]
                     for t in range(forecast.with_move.shape[0])]
        without = [[finite(v) for v in forecast.without[t, :, k, i]]
                   for t in range(forecast.without.shape[0])]
        charts.append({"name": name, "label": item.label if item else name,
                       "unit": item.unit if item else "", "with": with_move,
                       "without": without})
    m = world.move_index(move_id)
    return {"move": move_id, "name": world.moves[m].name, "target": target,
            "target_name": world.names[world.country(target)], "futures": forecast.futures,
            "turns": forecast.turns, "date": session.date, "charts": charts}


def turn_parts(session: Any, role: str, report: Any, kept: dict[str, Any] | None = None
               ) -> dict[str, Any]:
    """The parts of a team's view that only a new turn (or a turn taken back) changes: its
    briefing and scores, its indicators, the last turn's results. Worked out once per state
    and report when `kept` is given (plans, answers and ready change none of them)."""
    state, over = session.state, bool(session.is_over)
    cached = kept.get(role) if kept is not None else None
    if cached is not None and cached[0] is state and cached[1] is report and cached[2] == over:
        return dict(cached[3])
    parts = {"briefing": briefing(session, role), "indicators": indicators(session, role),
             "results": results(session, role, report)}
    if kept is not None:
        kept[role] = (state, report, over, parts)
    return dict(parts)


def team_view(classroom: Any, role: str) -> dict[str, Any]:
    """Everything the team playing `role` sees now (its own role only)."""
    session = classroom.session
    world = session.world
    i = world.country(role)
    view: dict[str, Any] = {
        "type": "view", "role": role, "country": world.names[i],
        "turn": session.turn, "turns": session.turns, "date": session.date,
        "over": session.is_over, "ask_reasons": session.ask_reasons,
        "ready": session.is_ready(role), "resolving": classroom.resolving is not None,
        **turn_parts(session, role, classroom.last_report, classroom.kept_parts),
        "forecast": classroom.forecasts.get(role),
    }
    if session.is_over:
        view.update(budget=0.0, left=0.0, cards=[], planned=[], inbox=[], votes=[], outbox=[])
        return view
    view.update(budget=session.budget(role), left=session.budget_left(role),
                cards=cards(session, role, classroom.kept_options),
                planned=planned(session, role),
                inbox=inbox(session, role), votes=votes(session, role),
                outbox=outbox(session, role))
    return view
