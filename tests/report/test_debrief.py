"""Tests of the debrief export: the HTML page, the CSV and the JSON."""

from __future__ import annotations

import csv
import io
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from leverage.core.actions import Move
from leverage.core.vocab import INDICATOR_NAMES
from leverage.report import debrief_data, debrief_html, export_debrief, indicators_csv
from leverage.report.debrief import KEY_INDICATORS, csv_column
from leverage.session import PlayerConfig, Session

MINI = Path(__file__).parent / "data" / "mini_scenario.yaml"


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Session:
    """A finished three-turn game with a reason that needs escaping."""
    from leverage.scenario import load_scenario

    folder = tmp_path_factory.mktemp("scenarios")
    shutil.copy(MINI, folder / MINI.name)
    loaded = load_scenario(str(folder / MINI.name))
    players = {"VEN": PlayerConfig("human", "normal", "Team <A>"),
               "USA": PlayerConfig("computer", "easy")}
    game = Session.new(loaded, players, seed=1, turns=3)
    game.autosave = False
    game.plan("VEN", Move("print_money", "VEN", "VEN", reason="<script>alert(1)</script> wages"))
    for _ in range(3):
        game.end_turn()
    return game


class _Checker(HTMLParser):
    """Collects tags and text, and checks that every opened table is closed."""

    def __init__(self) -> None:
        """Start with nothing seen."""
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Count an opening tag."""
        self.tags.append(tag)
        self.depth += tag == "table"

    def handle_endtag(self, tag: str) -> None:
        """Count a closing tag."""
        self.depth -= tag == "table"

    def handle_data(self, data: str) -> None:
        """Keep the text."""
        self.text.append(data)


def test_html_page_holds_every_part(session: Session) -> None:
    """Scores, objectives, indicators, the move log with reasons, history and questions."""
    page = debrief_html(session)
    checker = _Checker()
    checker.feed(page)
    text = " ".join(checker.text)
    assert checker.depth == 0 and "script" not in checker.tags
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "Debrief: Mini test scenario" in text
    assert "Government of Venezuela" in text and "Keep usable reserves above $8bn" in text
    assert "Team <A>" in text
    assert "What really happened" in text and "The US sanctions the state oil company." in text
    assert "Did the oil embargo change the government's course?" in text
    assert "Print money" in text and "wages" in text
    assert "Jul 2018" in text and "Apr 2019" in text
    assert "Real figures" in text and "2019-01" in text
    assert checker.tags.count("svg") >= 5
    assert "http" not in page.replace("https://example.org/article", "").replace(
        "http://www.w3.org/2000/svg", "")  # nothing fetched from elsewhere


def test_csv_has_a_row_per_turn_and_country(session: Session) -> None:
    """(turns + 1) x countries rows; every indicator a column; values match the session."""
    rows = list(csv.DictReader(io.StringIO(indicators_csv(session))))
    assert len(rows) == 4 * 4
    assert list(rows[0])[:4] == ["Turn", "Date", "Country", "Code"]
    assert {csv_column(n) for n in INDICATOR_NAMES} <= set(rows[0])
    assert "Inflation (%/yr)" in rows[0]
    last_ven = [r for r in rows if r["Code"] == "VEN"][-1]
    assert last_ven["Turn"] == "3" and last_ven["Date"] == "Apr 2019"
    assert last_ven["Country"] == session.world.names[session.world.country("VEN")]
    real = float(session.series("VEN", "inflation")[-1])
    assert float(last_ven["Inflation (%/yr)"]) == pytest.approx(real, rel=1e-3)
    assert all(len(v.replace("-", "").replace(".", "").lstrip("0")) <= 5
               for r in rows for k, v in r.items() if k not in ("Turn", "Date", "Country", "Code")
               and v and abs(float(v)) < 1e4), "numbers keep four significant digits"


def test_the_page_names_countries_and_moves_not_ids(session: Session) -> None:
    """The move log and answers use countries' and moves' names; charts have one axis each."""
    page = debrief_html(session)
    log = page[page.index("<h2>Moves played</h2>"):page.index("<h2>What really happened")]
    assert "<td class=\"l\">VEN</td>" not in log and "Venezuela" in log
    assert "print_money" not in log
    assert page.count("<svg") > len(KEY_INDICATORS), "a chart per country, each with its axis"


def test_json_has_series_scores_and_log(session: Session) -> None:
    """JSON-able, with indicator series per country, score series and the log."""
    data = json.loads(json.dumps(debrief_data(session)))
    assert data["over"] is True and data["turns_played"] == 3
    assert len(data["indicators"]["VEN"]["gdp"]) == 4
    assert set(data["scores"]) == {"VEN", "USA", "RUS"} and len(data["scores"]["VEN"]) == 4
    assert data["log"][0]["reason"].endswith("wages")
    assert data["questions"][1] == "Who gained from the gold trade?"
    assert data["sources"][0]["outlet"] == "Test Outlet"
    assert len(data["relations"]) == 6
    assert data["history"]["series"]["stability"]["VEN"][1] == {
        "date": "2019-01", "value": 30.0, "source": None}


def test_export_writes_three_files(session: Session, tmp_path: Path) -> None:
    """HTML, CSV and JSON side by side, named after the scenario."""
    files = export_debrief(session, tmp_path / "out", stem="class")
    assert files.html.read_text().startswith("<!DOCTYPE html>")
    assert files.csv.read_text().startswith("Turn,Date,Country,Code,")
    assert json.loads(files.json.read_text())["scenario"]["id"] == "mini_test"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "class.csv", "class.html", "class.json"]


def test_default_folder_is_documents_leverage(session: Session, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a folder the debrief goes to Documents/Leverage (the override in tests)."""
    monkeypatch.setenv("LEVERAGE_DOCUMENTS_DIR", str(tmp_path / "Leverage"))
    files = export_debrief(session)
    assert files.html.parent == tmp_path / "Leverage"
    assert files.html.name.startswith("debrief-mini_test-")
