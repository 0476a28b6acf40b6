"""The debrief of a game: one self-contained HTML page, and the indicators as CSV and JSON.

The page holds the scores and objectives of every role, charts and tables of the key indicators
turn by turn, the move log with the players' reasons, the news, what really happened and the
discussion questions.  It needs no other file: styles and charts (SVG) are inline.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from leverage.core.vocab import INDICATOR_NAMES, indicator

if TYPE_CHECKING:
    from leverage.session import Session

#: Indicators shown in the page's charts and tables (the CSV/JSON hold them all).
KEY_INDICATORS: tuple[str, ...] = (
    "gdp", "growth", "inflation", "reserves", "oil_output", "oil_exports", "debt", "stability",
    "emigrants", "pay_usd",
)


@dataclass(frozen=True)
class DebriefFiles:
    """The files written by `export_debrief`."""

    html: Path
    csv: Path
    json: Path


# ------------------------------------------------------------------ data
def _get(obj: Any, name: str, default: Any = None) -> Any:
    """Field `name` of a model object or mapping, or `default`."""
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _plain(value: Any) -> Any:
    """A scenario value (plain, or a {value, source} mapping/model) as a plain number or text."""
    inner = _get(value, "value", None)
    if inner is not None and not isinstance(value, int | float | str):
        return _plain(inner)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    return str(value)


def _number(value: float) -> float | None:
    """A float for JSON (None for NaN and infinities)."""
    return float(value) if math.isfinite(value) else None


def _score_series(session: Session) -> dict[str, list[float]]:
    """Each role's score after every turn, by country code."""
    per_state = [session.scores_of(s) for s in session.states]
    return {code: [scores[code] for scores in per_state] for code in per_state[0]}


def _dates(session: Session) -> list[str]:
    """The date label of each state (the start, then after each turn)."""
    from leverage.session import date_label

    return [date_label(session.world, s.turn + 1) for s in session.states]


def _history(session: Session) -> dict[str, Any]:
    """What really happened, from the scenario's history section."""
    history = _get(session.loaded.scenario, "history", None)
    if history is None:
        return {"summary": "", "events": [], "moves": [], "series": {}}
    events = [{"date": _plain(_get(e, "date")), "text": str(_get(e, "text", "")),
               "source": _plain(_get(e, "source"))} for e in _get(history, "events", None) or []]
    moves = [{"date": _plain(_get(m, "date")), "by": str(_get(m, "by", "")),
              "move": str(_get(m, "move", "")), "target": _plain(_get(m, "target"))}
             for m in _get(history, "moves", None) or []]
    series: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for name, by_country in (_get(history, "series", None) or {}).items():
        for code, points in (by_country or {}).items():
            series.setdefault(str(name), {})[str(code)] = [
                {"date": _plain(_get(p, "date")), "value": _plain(_get(p, "value")),
                 "source": _plain(_get(p, "source"))} for p in points or []]
    return {"summary": str(_get(history, "summary", "") or ""), "events": events, "moves": moves,
            "series": series}


def _sources(session: Session) -> list[dict[str, Any]]:
    """The scenario's sources."""
    return [{"id": str(_get(s, "id", "")), "title": str(_get(s, "title", "")),
             "outlet": str(_get(s, "outlet", "") or ""), "date": _plain(_get(s, "date")),
             "url": str(_get(s, "url", "") or "")}
            for s in _get(session.loaded.scenario, "sources", None) or []]


def _move_name(session: Session, move_id: str) -> str:
    """A move's name from its id (the id when the scenario has no such move)."""
    world = session.world
    try:
        return str(world.moves[world.move_index(move_id)].name)
    except KeyError:
        return move_id


def debrief_data(session: Session) -> dict[str, Any]:
    """Everything in the debrief as JSON-able data."""
    world = session.world
    indicators = {code: {name: [_number(v) for v in session.series(code, name).tolist()]
                         for name in INDICATOR_NAMES} for code in world.codes}
    relations = {f"{a}-{b}": [_number(v) for v in session.relation_series(a, b).tolist()]
                 for k, a in enumerate(world.codes) for b in world.codes[k + 1:]}
    roles = []
    for role in world.roles:
        code = world.codes[role.country]
        roles.append({
            "country": code, "title": role.title, "player": session.player_name(code),
            "kind": session.players[code].kind if code in session.players else "computer",
            "level": session.players[code].level if code in session.players else "",
            "score": session.scores()[code], "win": float(role.win),
            "won": code in session.winners(),
            "objectives": [{"text": t, "value": _number(v), "goal": g, "fail": f,
                            "attainment": a} for t, v, g, f, a in session.objective_status(code)],
        })
    return {
        "scenario": {"id": world.scenario_id, "title": world.title,
                     "summary": str(_get(session.loaded.scenario, "summary", "") or "")},
        "seed": session.seed, "turns_played": session.state.turn, "turns": session.turns,
        "over": session.is_over, "dates": _dates(session), "countries": list(world.codes),
        "names": dict(zip(world.codes, world.names, strict=True)),
        "roles": roles, "scores": _score_series(session),
        "indicators": indicators, "relations": relations,
        "log": [{"turn": m.turn, "country": m.country, "move": m.move_id, "name": m.move_name,
                 "target": m.target, "reason": m.reason, "computer": m.computer}
                for m in session.log],
        "answers": [{"turn": a.turn, "country": a.country, "proposer": a.proposer,
                     "move": a.move_id, "name": _move_name(session, a.move_id),
                     "accepted": a.accepted} for a in session.answers_log],
        "news": [{"turn": r.turn, "date": r.date, "title": str(_get(n, "title", "")),
                  "text": str(_get(n, "text", ""))} for r in session.reports for n in r.news],
        "history": _history(session), "sources": _sources(session),
        "questions": [str(q) for q in _get(session.loaded.scenario, "questions", None) or []],
    }


def csv_column(name: str) -> str:
    """A readable CSV column name: the indicator's label and unit ('Inflation (%/yr)')."""
    info = indicator(name)
    return f"{info.label} ({info.unit})" if info.unit else info.label


def rounded(value: float, digits: int = 4) -> str:
    """A value with `digits` significant digits, without exponent or trailing zeros."""
    if not math.isfinite(value):
        return ""
    if value == 0:
        return "0"
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(value))))
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def indicators_csv(session: Session) -> str:
    """Per-turn indicators: one row per turn and country, one column per indicator, readable
    column names and numbers rounded to four significant digits."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Turn", "Date", "Country", "Code", *map(csv_column, INDICATOR_NAMES)])
    dates = _dates(session)
    world = session.world
    columns = {code: [session.series(code, name) for name in INDICATOR_NAMES]
               for code in world.codes}
    for k, state in enumerate(session.states):
        for code, name in zip(world.codes, world.names, strict=True):
            values = [rounded(float(series[k])) for series in columns[code]]
            writer.writerow([state.turn, dates[k], name, code, *values])
    return out.getvalue()


# ------------------------------------------------------------------ HTML
_CSS = """
body{font-family:"Noto Sans",Arial,sans-serif;margin:2em auto;max-width:1100px;color:#1d2430;
line-height:1.45;padding:0 1em}
h1{margin-bottom:.2em}h2{border-bottom:2px solid #c9d2de;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.92em}
th,td{border:1px solid #c9d2de;padding:.25em .55em;text-align:right}
th{background:#eef2f7}td.l,th.l{text-align:left}
.won{color:#1a7f37;font-weight:bold}.lost{color:#a40e26}
.meta{color:#5a6472}.reason{font-style:italic;color:#37414f}
.chart{display:inline-block;margin:0 1em 1em 0;vertical-align:top}
.bar{display:inline-block;height:.8em;background:#3b73b9}
blockquote{border-left:4px solid #c9d2de;margin:.5em 0;padding-left:1em}
"""
_PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#f0e442",
            "#000000")


def _fmt(value: float | None) -> str:
    """A number for a table cell."""
    if value is None or not math.isfinite(value):
        return "-"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _svg_chart(title: str, dates: Sequence[str], lines: dict[str, list[float | None]],
               colours: dict[str, str]) -> str:
    """A small inline SVG line chart, one line per country."""
    width, height, pad, left = 320, 170, 30, 50
    values = [v for line in lines.values() for v in line if v is not None]
    if not values or len(dates) < 2:
        return ""
    low, high = min(values), max(values)
    if high - low < 1e-12:
        low, high = low - 1, high + 1
    step_x = (width - left - pad) / (len(dates) - 1)

    def point(k: int, v: float) -> str:
        """SVG coordinates of value v at turn k."""
        y = height - pad - (v - low) / (high - low) * (height - 2 * pad)
        return f"{left + k * step_x:.1f},{y:.1f}"

    parts = [f'<svg class="chart" width="{width}" height="{height}" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
             f'<text x="{left}" y="14" font-size="12" font-weight="bold">{escape(title)}</text>',
             f'<text x="{left - 4}" y="{pad + 4}" font-size="9" text-anchor="end">'
             f'{escape(_fmt(high))}</text>',
             f'<text x="{left - 4}" y="{height - pad}" font-size="9" text-anchor="end">'
             f'{escape(_fmt(low))}</text>',
             f'<text x="{left}" y="{height - 8}" font-size="9">{escape(dates[0])}</text>',
             f'<text x="{width - pad}" y="{height - 8}" font-size="9" text-anchor="end">'
             f'{escape(dates[-1])}</text>',
             f'<rect x="{left}" y="{pad}" width="{width - left - pad}" '
             f'height="{height - 2 * pad}" fill="none" stroke="#c9d2de"/>']
    for code, line in lines.items():
        pts = " ".join(point(k, v) for k, v in enumerate(line) if v is not None)
        parts.append(f'<polyline fill="none" stroke-width="2" stroke="{colours[code]}" '
                     f'points="{pts}"><title>{escape(code)}</title></polyline>')
    parts.append("</svg>")
    return "".join(parts)


def _roles_html(data: dict[str, Any]) -> list[str]:
    """Scores and objectives per role."""
    out = ["<h2>Scores and objectives</h2>"]
    for role in data["roles"]:
        verdict = ('<span class="won">won</span>' if role["won"]
                   else '<span class="lost">did not win</span>')
        who = "computer, " + role["level"] if role["kind"] == "computer" else "played by people"
        out.append(f'<h3>{escape(role["title"])} ({escape(role["country"])}): '
                   f'{role["score"]:.0f}/100, {verdict} <span class="meta">(needed '
                   f'{role["win"]:.0f}; {escape(role["player"])}, {escape(who)})</span></h3>')
        out.append('<table><tr><th class="l">Objective</th><th>Now</th><th>Goal</th>'
                   "<th>Fail</th><th>Attained</th></tr>")
        for o in role["objectives"]:
            share = max(0.0, min(1.0, o["attainment"]))
            out.append(f'<tr><td class="l">{escape(o["text"])}</td><td>{_fmt(o["value"])}</td>'
                       f'<td>{_fmt(o["goal"])}</td><td>{_fmt(o["fail"])}</td>'
                       f'<td><span class="bar" style="width:{share * 60:.0f}px"></span> '
                       f"{share * 100:.0f}%</td></tr>")
        out.append("</table>")
    return out


def _indicators_html(data: dict[str, Any]) -> list[str]:
    """Charts and per-turn tables of the key indicators."""
    codes, dates = data["countries"], data["dates"]
    colours = {c: _PALETTE[k % len(_PALETTE)] for k, c in enumerate(codes)}
    legend = " ".join(f'<span style="color:{colours[c]}">&#9632; {escape(c)} '
                      f'{escape(data["names"][c])}</span>' for c in codes)
    charted = [r["country"] for r in data["roles"]] or codes
    out = ["<h2>Indicators, turn by turn</h2>",
           '<p class="meta">Each country has its own scale: a small economy\'s changes show as '
           "clearly as a large one's.</p>", f"<p>{legend}</p>"]
    for name in KEY_INDICATORS:
        info = indicator(name)
        out.append("<div>")
        for c in charted:
            line = data["indicators"][c][name]
            if all(v is None or abs(v) < 1e-12 for v in line):
                continue  # an indicator this country does not have (no emigration, no gold abroad)
            out.append(_svg_chart(f"{info.label} ({info.unit}): {data['names'][c]}", dates,
                                  {c: line}, colours))
        out.append("</div>")
    for name in KEY_INDICATORS:
        info = indicator(name)
        out.append(f"<h3>{escape(info.label)} ({escape(info.unit)})</h3>"
                   f'<p class="meta">{escape(info.meaning)}</p>')
        head = "".join(f'<th title="{escape(data["names"][c])}">{escape(data["names"][c])}</th>'
                       for c in codes)
        out.append(f'<table><tr><th class="l">Date</th>{head}</tr>')
        for k, date in enumerate(dates):
            cells = "".join(f"<td>{_fmt(data['indicators'][c][name][k])}</td>" for c in codes)
            out.append(f'<tr><td class="l">{escape(date)}</td>{cells}</tr>')
        out.append("</table>")
    return out


def _log_html(data: dict[str, Any]) -> list[str]:
    """The move log with reasons, and the news."""
    out = ["<h2>Moves played</h2>"]
    if not data["log"]:
        out.append("<p>No moves were played.</p>")
    else:
        out.append('<table><tr><th>Turn</th><th class="l">Country</th><th class="l">Move</th>'
                   '<th class="l">Target</th><th class="l">Reason given</th></tr>')
        for m in data["log"]:
            reason = escape(m["reason"]) if m["reason"] else (
                "(computer)" if m["computer"] else "")
            names = data["names"]
            target = "" if m["target"] == m["country"] else names.get(m["target"], m["target"])
            out.append(f'<tr><td>{m["turn"]}</td><td class="l">'
                       f'{escape(names.get(m["country"], m["country"]))}</td>'
                       f'<td class="l">{escape(m["name"])}</td><td class="l">'
                       f'{escape(target)}</td><td class="l reason">{reason}</td></tr>')
        out.append("</table>")
    if data["answers"]:
        out.append("<h3>Answers to proposals</h3><ul>")
        for a in data["answers"]:
            verb = "accepted" if a["accepted"] else "declined"
            names = data["names"]
            out.append(f'<li>Turn {a["turn"]}: {escape(names.get(a["country"], a["country"]))} '
                       f'{verb} &ldquo;{escape(a["name"])}&rdquo; from '
                       f'{escape(names.get(a["proposer"], a["proposer"]))}</li>')
        out.append("</ul>")
    if data["news"]:
        out.append("<h2>News</h2><ul>")
        for n in data["news"]:
            out.append(f'<li><b>{escape(n["date"])}: {escape(n["title"])}</b> '
                       f'{escape(n["text"])}</li>')
        out.append("</ul>")
    return out


def _history_html(data: dict[str, Any]) -> list[str]:
    """What really happened, the discussion questions and the sources."""
    history = data["history"]
    out = ["<h2>What really happened</h2>"]
    if history["summary"]:
        out.append(f"<p>{escape(history['summary'])}</p>")
    if history["events"]:
        out.append("<ul>")
        out.extend(f'<li><b>{escape(str(e["date"]))}</b>: {escape(e["text"])}</li>'
                   for e in history["events"])
        out.append("</ul>")
    if history["series"]:
        out.append("<h3>Real figures</h3>")
        out.append('<table><tr><th class="l">Indicator</th><th class="l">Country</th>'
                   '<th class="l">Date</th><th>Real value</th><th class="l">Source</th></tr>')
        for name, by_country in sorted(history["series"].items()):
            label = indicator(name).label if name in INDICATOR_NAMES else name
            for code, points in sorted(by_country.items()):
                for point in points:
                    value = point["value"]
                    shown = _fmt(float(value)) if isinstance(value, int | float) else "-"
                    out.append(f'<tr><td class="l">{escape(label)}</td><td class="l">'
                               f'{escape(code)}</td><td class="l">{escape(str(point["date"]))}'
                               f"</td><td>{shown}</td><td class=\"l\">"
                               f'{escape(str(point["source"] or ""))}</td></tr>')
        out.append("</table>")
    if data["questions"]:
        out.append("<h2>Questions for discussion</h2><ol>")
        out.extend(f"<li>{escape(q)}</li>" for q in data["questions"])
        out.append("</ol>")
    if data["sources"]:
        out.append("<h2>Sources</h2><ul>")
        for s in data["sources"]:
            title = escape(s["title"])
            if s["url"].startswith(("http://", "https://")):
                title = f'<a href="{escape(s["url"])}">{title}</a>'
            out.append(f"<li>{title}, {escape(s['outlet'])}, {escape(str(s['date'] or ''))}</li>")
        out.append("</ul>")
    return out


def debrief_html(session: Session) -> str:
    """The debrief as one self-contained HTML page."""
    data = debrief_data(session)
    scenario = data["scenario"]
    status = "final" if data["over"] else f"after {data['turns_played']} of {data['turns']} turns"
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Debrief: {escape(scenario['title'])}</title><style>{_CSS}</style></head><body>",
        f"<h1>Debrief: {escape(scenario['title'])}</h1>",
        f'<p class="meta">{escape(data["dates"][0])} to {escape(data["dates"][-1])}, '
        f"{escape(status)}; seed {data['seed']}.</p>",
        f"<p>{escape(scenario['summary'])}</p>",
    ]
    parts += _roles_html(data) + _indicators_html(data) + _log_html(data) + _history_html(data)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def documents_dir() -> Path:
    """Where exports go: Documents/Leverage (platformdirs' user documents folder), a folder a
    teacher finds; LEVERAGE_DOCUMENTS_DIR overrides it."""
    import os

    override = os.environ.get("LEVERAGE_DOCUMENTS_DIR")
    if override:
        return Path(override)
    from platformdirs import user_documents_dir

    return Path(user_documents_dir()) / "Leverage"


def export_debrief(session: Session, folder: Path | str | None = None,
                   stem: str | None = None) -> DebriefFiles:
    """Write the HTML page, the CSV and the JSON of the debrief into `folder` (by default
    Documents/Leverage), each written atomically."""
    from leverage.storage import atomic_write_text, slug

    directory = Path(folder) if folder is not None else documents_dir()
    if stem is None:
        stamp = _dt.datetime.now(_dt.UTC).strftime("%Y%m%d-%H%M%S")
        stem = f"debrief-{slug(session.world.scenario_id)}-{stamp}"
    files = DebriefFiles(directory / f"{stem}.html", directory / f"{stem}.csv",
                         directory / f"{stem}.json")
    atomic_write_text(files.html, debrief_html(session))
    atomic_write_text(files.csv, indicators_csv(session))
    atomic_write_text(files.json, json.dumps(debrief_data(session), indent=1) + "\n")
    return files
