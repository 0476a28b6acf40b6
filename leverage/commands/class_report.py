"""`python main.py class-report SAVE...`: several games of one scenario side by side in one HTML
page (outcomes, moves with reasons, where each game ended), written to Documents/Leverage or
--out."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import IO, Any


def run_class_report(saves: list[str], out: str | None, stream: IO[str]) -> int:
    """Load the saves, write the page and print where; 1 with a message when one cannot be read."""
    from leverage.report.classes import MixedScenariosError, class_report_html
    from leverage.report.debrief import documents_dir
    from leverage.storage import atomic_write_text, load_save, slug

    games: list[Any] = []
    for path in saves:
        try:
            games.append(load_save(path))
        except Exception as error:  # a damaged or foreign file is reported, never a traceback
            stream.write(f"{path}: {error}\n")
            return 1
    try:
        page = class_report_html(games, [Path(p).stem for p in saves])
    except (MixedScenariosError, ValueError) as error:
        stream.write(f"class-report: {error}\n")
        return 1
    if out is None:
        stamp = _dt.datetime.now(_dt.UTC).strftime("%Y%m%d-%H%M%S")
        target = documents_dir() / f"classes-{slug(games[0].world.scenario_id)}-{stamp}.html"
    else:
        target = Path(out)
    atomic_write_text(target, page)
    stream.write(f"{len(games)} games compared: {target}\n")
    return 0
