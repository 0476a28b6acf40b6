"""Conditions in plain words, as players and teachers read them."""

from __future__ import annotations

import pytest

from leverage.core.expr import parse
from leverage.core.words import condition_words
from leverage.core.world import World


@pytest.mark.parametrize(("text", "words"), [
    ("VEN.gold_home > 5", "Venezuela's gold at home is above 5 t"),
    ("VEN.inflation >= 1000 and turn >= 3",
     "Venezuela's inflation is at least 1,000 %/yr and the turn is at least 3"),
    ("not VEN.stability < 40", "Venezuela's stability is at least 40"),
    ("not sanctioned(USA, VEN, gold)", "United States has no gold sanctions on Venezuela"),
    ("deal(VEN, TUR, gold_refining)",
     "a gold refining deal is in force between Venezuela and Turkey"),
    ("not (flag(uae_closed) or VEN.gdp > 1)",
     "'uae closed' has not happened yet and Venezuela's GDP is not above $1bn"),
    ("relation(VEN, USA) < -50 or oil_price > 80",
     "relations between Venezuela and United States is below -50 or the oil price is above "
     "80 $/bbl"),
    ("max(VEN.debt, 10) / 2 > 3", "the higher of Venezuela's external debt and 10 divided by 2 "
                                  "is above 3"),
])
def test_conditions_read_as_sentences(world: World, text: str, words: str) -> None:
    """Indicators by name with units, facts by what they mean, `not` folded into the verb."""
    assert condition_words(parse(text), world) == words


def test_a_flag_is_named_after_the_event_or_move_that_sets_it() -> None:
    """Conditions on a flag name what sets it, and money reads as $4.5bn, never '4.5 $bn'."""
    from pathlib import Path

    from leverage.scenario import load_scenario

    root = Path(__file__).resolve().parents[2]
    world = load_scenario(str(root / "scenarios" / "gold_route.yaml")).world
    setters = {world.flag_names[e.item]: ev.title for ev in world.events for e in ev.effects
               if e.kind == "flag" and e.amount > 0}
    flag, title = sorted(setters.items())[0]
    text = condition_words(parse(f"not flag({flag}) and VEN.reserves_usd > 4.5"), world)
    assert f"'{title}' has not happened yet" in text
    assert "$4.5bn" in text and "4.5 $bn" not in text
