"""`simulate --out`: per-turn indicators written as games are played, so memory stays bounded.

Games are played in chunks (`run_games` with one chunk each, seeded as `run_games` seeds its own
chunks, so the numbers are the same as one call for all games). Each chunk's series is written to
the output file and dropped; only what the summary needs is kept (final scores, final indicators,
which moves each country played), a few bytes per game.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from leverage.core.playtest import PlaytestResult, ScriptedMove, run_games

#: Games played side by side in one chunk (the batch axis of one `run_games` call).
CHUNK_GAMES = 10_000


class OutputFileError(OSError):
    """The results file could not be written (not standard output)."""


class ResultSink:
    """A results file being written: a temp file beside the target, renamed when complete."""

    def __init__(self, path: str, header: dict[str, Any]) -> None:
        """Open the temp file; `header` holds the run's settings (scenario, seed, ...)."""
        self.target = Path(path)
        folder = self.target.parent if str(self.target.parent) else Path(".")
        fd, self.tmp = tempfile.mkstemp(prefix=".simulate-", suffix=self.target.suffix,
                                        dir=folder)
        self.handle: TextIO = os.fdopen(fd, "w", encoding="utf-8", newline="")
        self.header = header
        self.start()

    def start(self) -> None:
        """Write what comes before the first game."""

    def write_games(self, first: int, result: PlaytestResult) -> None:
        """Write the series of a chunk of games numbered from `first`."""

    def end(self, result: PlaytestResult) -> None:
        """Write what comes after the last game."""

    def finish(self, result: PlaytestResult) -> None:
        """Complete the file, flush it to disk and put it in place."""
        self.end(result)
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.replace(self.tmp, self.target)

    def discard(self) -> None:
        """Remove the incomplete temp file (after an error or an interrupt)."""
        try:
            self.handle.close()
        except OSError:
            pass
        Path(self.tmp).unlink(missing_ok=True)


class CsvSink(ResultSink):
    """Long format: game, turn, country, indicator, value (one row per number)."""

    def start(self) -> None:
        """The header row."""
        self.writer = csv.writer(self.handle, lineterminator="\n")
        self.writer.writerow(["game", "turn", "country", "indicator", "value"])

    def write_games(self, first: int, result: PlaytestResult) -> None:
        """One row per (game, turn, country, indicator)."""
        assert result.series is not None
        names, codes = result.indicators, result.codes
        for g, game in enumerate(result.series):
            block = game.tolist()
            self.writer.writerows(
                (first + g, t, codes[c], names[i], f"{value:.6g}")
                for t, turn in enumerate(block) for c, row in enumerate(turn)
                for i, value in enumerate(row))


class JsonSink(ResultSink):
    """One JSON document: the settings, then the series game by game, then the roles and
    final scores (known only once every game is played)."""

    def start(self) -> None:
        """The settings and the opening of the series."""
        head = json.dumps(self.header, separators=(",", ":"))
        self.handle.write(head[:-1] + ',"series_axes":["game","turn","country","indicator"],'
                          '"series":[')
        self.count = 0

    def write_games(self, first: int, result: PlaytestResult) -> None:
        """Each game's [turn][country][indicator] values, rounded to 6 decimals."""
        assert result.series is not None
        values = result.series.astype(np.float64).round(6)
        for game in values:
            self.handle.write(("," if self.count else "") + json.dumps(game.tolist(),
                                                                       separators=(",", ":")))
            self.count += 1

    def end(self, result: PlaytestResult) -> None:
        """Roles and final scores, then close the document."""
        roles = [{"country": result.codes[c], "title": result.role_titles[r],
                  "win_rate": result.win_rate(r), "mean_score": result.mean_score(r),
                  "top_moves_in_wins": [[m, s] for m, s in result.top_moves(r, 5)]}
                 for r, c in enumerate(result.role_countries)]
        self.handle.write('],"roles":' + json.dumps(roles, separators=(",", ":"))
                          + ',"final_scores":[')
        for k, row in enumerate(result.final_scores.round(4)):
            self.handle.write(("," if k else "") + json.dumps(row.tolist()))
        self.handle.write("]}\n")


def open_sink(path: str, header: dict[str, Any]) -> ResultSink:
    """The sink for `path`'s format (.csv or .json); OutputFileError when it cannot be made."""
    kind = CsvSink if Path(path).suffix.lower() == ".csv" else JsonSink
    try:
        return kind(path, header)
    except OSError as error:
        raise OutputFileError(error.errno, error.strerror, path) from None


def chunk_sizes(games: int, chunk: int = CHUNK_GAMES) -> list[int]:
    """How many games each chunk plays."""
    return [min(chunk, games - s) for s in range(0, games, chunk)]


def chunk_seeds(seed: int, chunks: int) -> list[Any]:
    """Each chunk's seed, as `run_games` seeds its own chunks: the seed itself for one chunk,
    else streams spawned from it."""
    if chunks == 1:
        return [seed]
    return list(np.random.SeedSequence(seed).spawn(chunks))


def play_streamed(world: Any, state: Any, games: int, turns: int, ai: str, seed: int,
                  script: Sequence[ScriptedMove] | None, sink: ResultSink | None,
                  progress: Callable[[int], None] | None = None,
                  chunk: int = CHUNK_GAMES) -> PlaytestResult:
    """Play every game chunk by chunk, writing each chunk's series to `sink`; the result keeps
    only what the summary reads (series None, final scores, final indicators, moves played)."""
    sizes = chunk_sizes(games, chunk)
    parts: list[PlaytestResult] = []
    first = 0
    for size, chunk_seed in zip(sizes, chunk_seeds(seed, len(sizes)), strict=True):
        part = run_games(world, state, size, turns, ai, chunk_seed, script=script,
                         record=sink is not None, max_batch=size, progress=progress)
        if sink is not None:
            try:
                sink.write_games(first, part)
            except OSError as error:
                raise OutputFileError(error.errno, error.strerror, str(sink.target)) from None
        parts.append(slim(part))
        first += size
    return merge(parts, seed)


def slim(part: PlaytestResult) -> PlaytestResult:
    """A chunk's result without its series, its scores cut to the last turn."""
    return replace(part, series=None, scores=part.scores[:, -1:, :], played=part.played > 0)


def merge(parts: Sequence[PlaytestResult], seed: int) -> PlaytestResult:
    """The chunks' results as one (their games in order)."""
    skips: dict[ScriptedMove, int] = {}
    for part in parts:
        for move, count in part.script_skips:
            skips[move] = skips.get(move, 0) + count
    ordered = tuple(sorted(skips.items(), key=lambda kv: (kv[0].turn, kv[0].country,
                                                          kv[0].move)))
    return replace(parts[0], seed=seed, series=None,
                   scores=np.concatenate([p.scores for p in parts]),
                   played=np.concatenate([p.played for p in parts]),
                   final=np.concatenate([p.final for p in parts]),
                   objectives=np.concatenate([p.objectives for p in parts]),
                   script_skips=ordered, idle=_joined_idle(parts))


def _joined_idle(parts: Sequence[PlaytestResult]) -> np.ndarray | None:
    """The chunks' idle turns as one array (None when a chunk did not keep them)."""
    kept = [p.idle for p in parts]
    return None if any(k is None for k in kept) else np.concatenate(kept)
