"""Tests of the played game: planning, turns, proposals, votes, undo, scores and the ledger."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from leverage.core.actions import IllegalMoveError, Move
from leverage.scenario import LoadedScenario
from leverage.session import (
    GameOverError,
    NothingToUndoError,
    PlayerConfig,
    Session,
    SetupError,
    attainment,
    states_equal,
)

MINI = Path(__file__).parent / "report" / "data" / "mini_scenario.yaml"
HUMAN = PlayerConfig("human", "normal", "Class A")
EASY = PlayerConfig("computer", "easy")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> LoadedScenario:
    """The mini scenario, loaded once."""
    from leverage.scenario import load_scenario

    folder = tmp_path_factory.mktemp("scenarios")
    shutil.copy(MINI, folder / MINI.name)
    return load_scenario(str(folder / MINI.name))


def new_game(loaded: LoadedScenario, seed: int = 7, turns: int | None = None,
             players: dict[str, PlayerConfig] | None = None) -> Session:
    """VEN and TUR played by people, the rest by the easy computer."""
    chosen = {"VEN": HUMAN, "USA": EASY, "RUS": EASY, "TUR": PlayerConfig("human", "easy", "B")}
    chosen.update(players or {})
    return Session.new(loaded, chosen, seed=seed, turns=turns)


def test_a_new_game_starts_at_the_first_turn(loaded: LoadedScenario) -> None:
    """Turn 1, the scenario's start date, people in scenario order."""
    session = new_game(loaded)
    assert session.turn == 1
    assert session.date == "Jul 2018"
    assert not session.is_over
    assert session.human_countries() == ["VEN", "TUR"]
    assert session.current_human == "VEN"
    assert session.finish_planning("VEN") == "TUR"
    assert session.finish_planning("TUR") is None
    assert len(session.states) == 1 and session.log == [] and session.reports == []
    assert session.player_name("VEN") == "Class A"
    assert session.player_name("USA") == "United States"


def test_setup_errors_are_clear(loaded: LoadedScenario) -> None:
    """Unknown countries, kinds, levels and lengths are refused with the allowed values."""
    with pytest.raises(SetupError, match="no country 'XXX'"):
        Session.new(loaded, {"XXX": HUMAN}, seed=1)
    with pytest.raises(SetupError, match="human, computer"):
        PlayerConfig("robot", "easy")
    with pytest.raises(SetupError, match="easy, normal, hard, history"):
        PlayerConfig("computer", "impossible")
    with pytest.raises(SetupError, match="1 to 60 turns, not 0"):
        new_game(loaded, turns=0)
    with pytest.raises(SetupError, match="seed must be a whole number"):
        new_game(loaded, seed=-1)


def test_options_list_legal_targets_and_costs(loaded: LoadedScenario) -> None:
    """VEN's cards: refining gold may go to Turkey only; the US's moves are not VEN's cards."""
    session = new_game(loaded)
    cards = {c.id: c for c in session.options("VEN")}
    assert "oil_embargo" not in cards and "lend" not in cards
    assert cards["refine_gold"].targets == ("TUR",)
    assert cards["refine_gold"].legal and cards["refine_gold"].kind == "proposal"
    assert cards["refine_gold"].cost == 1.0
    assert set(cards["condemn"].targets) == {"USA", "RUS", "TUR"}
    us_cards = {c.id: c for c in session.options("USA")}
    assert not us_cards["lift_oil_embargo"].legal  # no oil embargo in force yet
    assert us_cards["lift_oil_embargo"].why_not.endswith(
        "only when United States has oil sanctions on Venezuela")
    assert us_cards["oil_embargo"].why_not == ""
    assert us_cards["oil_embargo"].legal


def test_plan_spends_the_budget_and_unplan_gives_it_back(loaded: LoadedScenario) -> None:
    """Budget 3: two moves of 1 leave 1; removing one gives it back."""
    session = new_game(loaded)
    assert session.budget_left("VEN") == pytest.approx(3.0)
    session.plan("VEN", Move("refine_gold", "VEN", "TUR", reason="We need cash"))
    session.plan("VEN", Move("print_money", "VEN", "VEN"))
    assert session.budget_left("VEN") == pytest.approx(1.0)
    assert [m.move_id for m in session.planned("VEN")] == ["refine_gold", "print_money"]
    assert {c.id for c in session.options("VEN") if c.planned} == {"refine_gold", "print_money"}
    session.unplan("VEN", "print_money")
    assert session.budget_left("VEN") == pytest.approx(2.0)
    assert [p.status for p in session.outbox("VEN")] == ["planned"]


def test_illegal_plans_say_why(loaded: LoadedScenario) -> None:
    """Wrong target, wrong country, unknown move, repeated move and over budget."""
    session = new_game(loaded)
    with pytest.raises(IllegalMoveError, match="it can be played on TUR"):
        session.plan("VEN", Move("refine_gold", "VEN", "RUS"))
    with pytest.raises(IllegalMoveError, match="may not play 'Oil embargo'"):
        session.plan("VEN", Move("oil_embargo", "VEN", "USA"))
    with pytest.raises(IllegalMoveError, match="no move 'teleport'"):
        session.plan("VEN", Move("teleport", "VEN", "VEN"))
    with pytest.raises(IllegalMoveError, match="cannot plan a move made by USA"):
        session.plan("VEN", Move("condemn", "USA", "VEN"))
    with pytest.raises(IllegalMoveError, match=r"sanctioned\(USA, VEN, oil\)"):
        session.plan("USA", Move("lift_oil_embargo", "USA", "VEN"))
    session.plan("VEN", Move("condemn", "VEN", "USA"))
    with pytest.raises(IllegalMoveError, match="already planned"):
        session.plan("VEN", Move("condemn", "VEN", "TUR"))
    session.plan("VEN", Move("print_money", "VEN", "VEN"))
    session.plan("VEN", Move("refine_gold", "VEN", "TUR"))
    with pytest.raises(IllegalMoveError, match="only 0 left"):
        session.plan("VEN", Move("apply_brics", "VEN", "VEN"))


def test_end_turn_logs_moves_and_reports(loaded: LoadedScenario) -> None:
    """The people's moves with reasons and the computer's moves are logged; a report comes back."""
    session = new_game(loaded)
    session.plan("VEN", Move("print_money", "VEN", "VEN", reason="No other way to pay wages"))
    report = session.end_turn()
    assert session.turn == 2 and session.date == "Oct 2018"
    assert report.turn == 1 and report.date == "Jul 2018"
    assert len(session.states) == 2 and session.state.turn == 1
    mine = [m for m in session.log if m.country == "VEN"]
    assert [(m.move_id, m.reason, m.computer) for m in mine] == [
        ("print_money", "No other way to pay wages", False)]
    assert all(m.computer for m in session.log if m.country in ("USA", "RUS"))
    assert set(report.score_changes) == {"VEN", "USA", "RUS"}
    assert report.scores == session.scores()
    assert report.explanation is not None
    assert session.planned("VEN") == []
    assert session.current_human == "VEN"


def test_same_seed_and_moves_give_identical_states(loaded: LoadedScenario) -> None:
    """Two games with the same seed and the same people's moves are bit-identical."""
    games = [new_game(loaded, seed=11), new_game(loaded, seed=11)]
    for session in games:
        session.plan("VEN", Move("refine_gold", "VEN", "TUR"))
        session.end_turn()
        session.end_turn()
    for a, b in zip(games[0].states, games[1].states, strict=True):
        assert states_equal(a, b) is None
    assert games[0].rng_state == games[1].rng_state
    assert games[0].log == games[1].log


def test_undo_then_redo_gives_identical_states(loaded: LoadedScenario) -> None:
    """Undo restores the state, log and generator; replaying the same moves gives the same game."""
    session = new_game(loaded, seed=5)
    session.plan("VEN", Move("condemn", "VEN", "USA", reason="They sanction us"))
    session.end_turn()
    rng_after_1 = session.rng_state
    log_after_1 = list(session.log)
    session.plan("VEN", Move("print_money", "VEN", "VEN"))
    session.end_turn()
    second = session.state
    log_after_2 = list(session.log)
    session.undo()
    assert session.state.turn == 1 and session.log == log_after_1
    assert session.rng_state == rng_after_1
    assert len(session.reports) == 1
    assert [m.move_id for m in session.planned("VEN")] == ["print_money"]  # planned again
    session.end_turn()
    assert states_equal(session.state, second) is None
    assert session.log == log_after_2
    session.undo()
    session.undo()
    assert session.state.turn == 0
    with pytest.raises(NothingToUndoError):
        session.undo()


def test_proposals_reach_the_partner_and_can_be_accepted(loaded: LoadedScenario) -> None:
    """VEN proposes refining gold to Turkey; Turkey (a person) accepts next turn; the deal holds."""
    session = new_game(loaded, seed=3)
    session.plan("VEN", Move("refine_gold", "VEN", "TUR"))
    session.end_turn()
    inbox = session.inbox("TUR")
    assert [(p.proposer, p.move_id) for p in inbox] == [("VEN", "refine_gold")]
    assert [p.partner for p in session.outbox("VEN")] == ["TUR"]
    with pytest.raises(IllegalMoveError, match="no pending proposal"):
        session.respond("RUS", inbox[0], True)
    session.respond("TUR", inbox[0], True)
    assert session.response("TUR", inbox[0]) is True
    session.end_turn()
    answers = session.answers_log
    assert [(a.country, a.proposer, a.accepted, a.computer) for a in answers] == [
        ("TUR", "VEN", True, False)]
    ledger = session.ledger("VEN", "TUR")
    assert [(d.kind, d.client, d.partner) for d in ledger.deals] == [
        ("gold_refining", "VEN", "TUR")]
    assert [m.move_id for m in ledger.moves_ab] == ["refine_gold"]
    assert session.inbox("TUR") == []


def test_declined_when_unanswered(loaded: LoadedScenario) -> None:
    """A proposal left unanswered by a person is declined."""
    session = new_game(loaded, seed=3)
    session.plan("VEN", Move("refine_gold", "VEN", "TUR"))
    session.end_turn()
    session.end_turn()
    assert [a.accepted for a in session.answers_log] == [False]
    assert session.ledger("VEN", "TUR").deals == ()


def test_bloc_application_is_put_to_members(loaded: LoadedScenario) -> None:
    """VEN applies to BRICS; Russia (a person here) votes yes and VEN becomes a member."""
    session = new_game(loaded, seed=4, players={"RUS": PlayerConfig("human", "easy")})
    session.plan("VEN", Move("apply_brics", "VEN", "VEN"))
    session.end_turn()
    applications = session.bloc_applications("RUS")
    assert [(a.applicant, a.bloc, a.consensus) for a in applications] == [
        ("VEN", "BRICS", True)]
    assert session.bloc_applications("TUR") == []
    with pytest.raises(IllegalMoveError, match="no vote"):
        session.vote("TUR", applications[0], True)
    session.vote("RUS", applications[0], True)
    session.end_turn()
    assert [(v.country, v.yes) for v in session.votes_log] == [("RUS", True)]
    assert session.ledger("VEN", "RUS").shared_blocs == ("BRICS",)


def test_series_cover_every_state(loaded: LoadedScenario) -> None:
    """Series have one value per state, starting with the scenario's figures."""
    session = new_game(loaded)
    session.end_turn()
    session.end_turn()
    gdp = session.series("VEN", "gdp")
    assert gdp.shape == (3,) and gdp[0] == pytest.approx(98.0)
    assert session.series("VEN", "reserves").shape == (3,)
    assert session.relation_series("VEN", "USA")[0] == pytest.approx(-70.0)
    assert session.trade_series("VEN", "USA")[0] == pytest.approx(10.5)
    assert session.trade_series("USA", "VEN")[0] == pytest.approx(5.0)
    with pytest.raises(KeyError):
        session.series("VEN", "happiness")


def test_ledger_shows_sanctions_loans_and_payments(loaded: LoadedScenario) -> None:
    """The US-Venezuela ledger: financial sanctions by the US; the Russia ledger: the loan and
    the secondary sanctions that reach whoever deals with Russia."""
    session = new_game(loaded)
    ledger = session.ledger("USA", "VEN")
    assert [(s.by, s.on, s.kind, s.level) for s in ledger.sanctions_ab] == [
        ("USA", "VEN", "financial", 1.0)]
    assert ledger.sanctions_ba == ()
    assert ledger.relation == pytest.approx(-70.0)
    assert ledger.trade_ab == pytest.approx(5.0) and ledger.trade_ba == pytest.approx(10.5)
    assert set(ledger.payments) == {"USA", "VEN"}
    assert sum(ledger.payments["VEN"].values()) == pytest.approx(100.0, abs=1e-3)
    russia = session.ledger("VEN", "RUS")
    assert russia.loans_ab == pytest.approx(3.15)
    assert [(s.by, s.on, s.kind) for s in russia.secondary] == [("USA", "RUS", "secondary")]
    assert not russia.payment_link


def test_scores_objectives_and_winners(loaded: LoadedScenario) -> None:
    """Scores for each role; objectives with value, goal, fail and attainment."""
    session = new_game(loaded)
    scores = session.scores()
    assert set(scores) == {"VEN", "USA", "RUS"}
    assert all(0.0 <= s <= 100.0 for s in scores.values())
    rows = session.objective_status("VEN")
    assert [r[0] for r in rows] == ["Keep usable reserves above $8bn", "Keep stability above 50"]
    text, value, goal, fail, share = rows[1]
    assert value == pytest.approx(40.0) and (goal, fail) == (60.0, 20.0)
    assert share == pytest.approx(0.5)
    assert set(session.winners()) <= set(scores)
    with pytest.raises(SetupError):
        session.objective_status("TUR")


def test_attainment_runs_from_fail_to_goal() -> None:
    """Linear between fail and goal, clipped, either direction."""
    assert attainment(5, goal=10, fail=0) == pytest.approx(0.5)
    assert attainment(20, goal=10, fail=0) == 1.0
    assert attainment(30, goal=20, fail=60) == pytest.approx(0.75)
    assert attainment(70, goal=20, fail=60) == 0.0


def test_the_game_ends_after_its_last_turn(loaded: LoadedScenario) -> None:
    """After `turns` turns nothing more can be planned or resolved."""
    session = new_game(loaded, turns=2)
    session.end_turn()
    session.end_turn()
    assert session.is_over and session.current_human is None
    with pytest.raises(GameOverError):
        session.end_turn()
    with pytest.raises(IllegalMoveError, match="game is over"):
        session.plan("VEN", Move("print_money", "VEN", "VEN"))
    assert not any(c.legal for c in session.options("VEN"))


def test_forecast_never_touches_the_games_generator(loaded: LoadedScenario) -> None:
    """A forecast leaves the game's random state as it was and is itself repeatable."""
    session = new_game(loaded)
    before = session.rng_state
    move = Move("oil_embargo", "USA", "VEN")
    first = session.forecast("USA", move, futures=40, turns=2)
    again = session.forecast("USA", move, futures=40, turns=2)
    assert session.rng_state == before
    assert first is not None and type(first) is type(again)
    with pytest.raises(IllegalMoveError):
        session.forecast("USA", Move("no_such_move", "USA", "VEN"))


def test_move_forecasts_of_a_turn_share_their_futures_without_a_move(
        loaded: LoadedScenario) -> None:
    """Every candidate of a turn is compared with the same no-move futures, worked out once."""
    session = new_game(loaded)
    embargo = session.forecast("USA", Move("oil_embargo", "USA", "VEN"), futures=40, turns=2)
    printing = session.forecast("VEN", Move("print_money", "VEN", "VEN"), futures=40, turns=2)
    assert embargo.without is printing.without
    assert embargo.seed == printing.seed
    assert not np.array_equal(embargo.with_move, printing.with_move)


def test_end_turn_autosaves(loaded: LoadedScenario, tmp_path: Path) -> None:
    """Each resolved turn writes an autosave into the redirected data folder."""
    session = new_game(loaded)
    session.end_turn()
    assert session.last_autosave is not None
    assert session.last_autosave.parent == tmp_path / "data" / "saves"
    assert session.autosave_warning is None


def test_a_failed_autosave_is_a_warning(loaded: LoadedScenario, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A data folder that cannot be written gives a warning, and the game goes on."""
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("x")
    monkeypatch.setenv("LEVERAGE_DATA_DIR", str(blocker))
    session = new_game(loaded)
    session.end_turn()
    assert session.autosave_warning is not None and "autosaved" in session.autosave_warning
    assert session.state.turn == 1


def test_history_player_and_computer_levels_run(loaded: LoadedScenario) -> None:
    """The history player plays the real oil embargo on its turn (Oct 2018 = turn 2)."""
    players = {"VEN": EASY, "USA": PlayerConfig("computer", "history"), "RUS": EASY,
               "TUR": EASY}
    session = Session.new(loaded, players, seed=2)
    assert session.human_countries() == [] and session.current_human is None
    session.end_turn()
    session.end_turn()
    us_moves = [(m.turn, m.move_id) for m in session.log if m.country == "USA"]
    assert us_moves == [(2, "oil_embargo")]
    assert np.all(np.isfinite(session.series("VEN", "gdp")))


def test_illegal_computer_choices_are_dropped(loaded: LoadedScenario,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A computer choice that breaks the rules (wrong target, over budget) is left out."""
    from leverage.core import ai

    real = ai.choose_actions

    def sloppy(world, state, levels, rng):  # type: ignore[no-untyped-def]
        """The real choices plus an illegal target and an unaffordable extra move for the US."""
        actions = real(world, state, levels, rng)
        us = world.country("USA")
        actions.moves[0, us] = 0
        actions.moves[0, us, world.move_index("oil_embargo")] = world.country("TUR") + 1
        actions.moves[0, us, world.move_index("condemn")] = world.country("VEN") + 1
        return actions

    monkeypatch.setattr(ai, "choose_actions", sloppy)
    session = new_game(loaded)
    session.end_turn()
    assert [(m.move_id, m.target) for m in session.log if m.country == "USA"] == [
        ("condemn", "VEN")]


SHIPPED = sorted((Path(__file__).resolve().parent.parent / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_scenarios_play_save_and_replay(path: Path, tmp_path: Path) -> None:
    """Each shipped scenario: three turns with every level, a save, a load and a replay."""
    from leverage.scenario import load_scenario
    from leverage.storage import load_save, replay, write_save

    loaded = load_scenario(str(path))
    levels = ("easy", "normal", "hard", "history")
    players = {code: PlayerConfig("computer", levels[k % 4])
               for k, code in enumerate(loaded.world.codes)}
    session = Session.new(loaded, players, seed=2024, turns=3)
    while not session.is_over:
        session.end_turn()
    save = write_save(session, tmp_path / "game.json")
    again = load_save(save, path.parent)
    for a, b, c in zip(session.states, again.states, replay(save, path.parent), strict=True):
        assert states_equal(a, b) is None and states_equal(a, c) is None
    assert again.log == session.log


def test_moves_and_proposals_say_what_they_do(loaded: LoadedScenario) -> None:
    """Each effect becomes a sentence on the card and in the partner's inbox."""
    session = new_game(loaded)
    cards = {c.id: c for c in session.options("USA")}
    assert cards["oil_embargo"].effects == (
        "United States imposes oil sanctions on Venezuela (level 100%).",)
    assert {c.id: c for c in session.options("RUS")}["lend"].effects == (
        "Russia lends Venezuela $2bn.",)
    session.plan("VEN", Move("refine_gold", "VEN", "TUR"))
    session.end_turn()
    (proposal,) = session.inbox("TUR")
    assert proposal.effects[0].startswith(
        "A gold refining agreement between Venezuela (client) and Turkey")
    assert proposal.effects[1] == "Relations between Venezuela and Turkey +5 points."


def test_proposal_forecast_compares_accepting_with_declining(loaded: LoadedScenario) -> None:
    """Accepting the gold deal changes Venezuela's future; the game's generator is untouched."""
    session = new_game(loaded, seed=3)
    session.plan("VEN", Move("refine_gold", "VEN", "TUR"))
    session.end_turn()
    (proposal,) = session.inbox("TUR")
    before = session.rng_state
    result = session.forecast_proposal("TUR", proposal, futures=30, turns=3)
    assert session.rng_state == before
    assert result.with_move.shape == (4, 3, len(result.indicators), 4)
    assert not np.array_equal(result.with_move, result.without)
    again = session.forecast_proposal("TUR", proposal, futures=30, turns=3)
    assert np.array_equal(result.with_move, again.with_move)


def test_a_refused_turn_leaves_the_game_as_it_was(loaded: LoadedScenario,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """If the model refuses the turn, the state, log and generator are unchanged."""
    from leverage.core import step as step_module

    session = new_game(loaded)
    session.plan("VEN", Move("print_money", "VEN", "VEN"))
    before = session.rng_state

    def refuse(*args: object, **kwargs: object) -> None:
        """A model that refuses every turn."""
        raise IllegalMoveError("refused")

    monkeypatch.setattr(step_module, "step", refuse)
    with pytest.raises(IllegalMoveError, match="refused"):
        session.end_turn()
    assert session.rng_state == before and session.state.turn == 0 and session.log == []
    assert [m.move_id for m in session.planned("VEN")] == ["print_money"]


def test_move_cards_cite_sources_by_outlet_and_title() -> None:
    """A move whose source is a scenario source id shows the outlet, date and title instead."""
    from leverage.scenario import load_scenario

    root = Path(__file__).resolve().parents[1]
    loaded = load_scenario(str(root / "scenarios" / "gold_route.yaml"))
    session = Session.new(loaded, {"VEN": PlayerConfig("human", "normal", "Ana")}, seed=1)
    session.autosave = False
    ids = {entry.id for entry in loaded.scenario.sources}
    cards = session.options("VEN")
    assert cards
    assert not any(card.source in ids for card in cards)
    cited = [card.source for card in cards if ", " in card.source and ": " in card.source]
    assert cited


def test_unavailable_cards_say_why_in_a_players_words() -> None:
    """A card that cannot be played names the move and what it needs, not its id."""
    from leverage.scenario import load_scenario

    root = Path(__file__).resolve().parents[1]
    session = Session.new(load_scenario(str(root / "scenarios" / "gold_route.yaml")),
                          {"VEN": PlayerConfig("human", "normal", "Ana")}, seed=1)
    session.autosave = False
    blocked = [card for card in session.options("VEN") if not card.legal]
    assert blocked
    for card in blocked:
        assert card.why_not and f"'{card.id}'" not in card.why_not
        assert "condition `" not in card.why_not
