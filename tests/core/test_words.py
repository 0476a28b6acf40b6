"""Conditions in plain words, as players and teachers read them."""

from __future__ import annotations

import pytest

from game.core.expr import parse
from game.core.words import condition_words
from game.core.world import World


@pytest.mark.parametrize(("text", "words"), [
    ("VEN.gold_home > 5", "Venezuela's gold at home is above 5 t"),
    ("VEN.inflation >= 1000 and turn >= 3",
     "Venezuela's inflation is at least 1,000 %/yr and the turn is at least 3"),
    ("not VEN.stability < 40", "Venezuela's stability is at least 40"),
    ("not sanctioned(USA, VEN, gold)", "United States has no gold sanctions on Venezuela"),
    ("deal(VEN, TUR, gold_refining)",
     "a gold refining deal is in force between Venezuela and Turkey"),
    ("not (flag(uae_closed) or VEN.gdp > 1)",
     "'uae closed' has not happened and Venezuela's GDP is not above 1 $bn"),
    ("relation(VEN, USA) < -50 or oil_price > 80",
     "relations between Venezuela and United States is below -50 or the oil price is above "
     "80 $/bbl"),
    ("max(VEN.debt, 10) / 2 > 3", "the higher of Venezuela's external debt and 10 divided by 2 "
                                  "is above 3"),
])
def test_conditions_read_as_sentences(world: World, text: str, words: str) -> None:
    """Indicators by name with units, facts by what they mean, `not` folded into the verb."""
    assert condition_words(parse(text), world) == words
