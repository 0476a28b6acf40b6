"""How to play: in-game help on the turn, moves, budget, deals, sanctions, the map and charts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from leverage.ui.screen import Screen
from leverage.ui.widgets import column

if TYPE_CHECKING:
    from leverage.ui.app import App

TOPICS: tuple[tuple[str, str], ...] = (
    ("The turn",
     "<b>The turn</b><br><br>"
     "Each turn stands for a few months. Every country chooses its moves at the same time; "
     "nobody sees the others' choices until the turn is resolved.<br><br>"
     "1. Read the news strip and your country's indicators.<br>"
     "2. Choose moves from your move cards. Each shows its cost, its target and what it does.<br>"
     "3. Answer the proposals in your inbox (accept or decline).<br>"
     "4. Press <b>End turn</b>. When several people play on one machine, a hand-over screen "
     "hides your choices before the next player sits down.<br>"
     "5. The turn results show what happened and <i>why</i>: every change is split into "
     "its causes.<br><br>"
     "The game ends after the scenario's last turn. Scores come from your role's objectives."),
    ("Moves and budget",
     "<b>Moves and the budget</b><br><br>"
     "Every country gets a budget of <b>political capital</b> each turn. A move costs some of it; "
     "you cannot plan more than the budget allows, and unspent capital is lost.<br><br>"
     "Moves are <b>instant</b> (they act once), <b>ongoing</b> (a sanction stays until it is "
     "lifted) or <b>proposals</b> (a deal offered to another country, which answers next turn). "
     "Some moves are allowed only when a condition holds; the card says why a move is not "
     "available.<br><br>"
     "Choosing a move shows a <b>forecast</b>: a fan chart of many possible futures, with and "
     "without the move (P10, P50 and P90). Number keys 1-9 pick move cards."),
    ("Deals",
     "<b>Deals</b><br><br>"
     "A deal is a proposal to another country: gold refining, oil-for-loans, a payment link "
     "(Mir cards, CIPS), arms on credit, oil investment, a credit line or a trade pact.<br><br>"
     "Proposals you receive arrive in your <b>inbox</b>; each shows what it would do. Your own "
     "proposals are <i>pending</i> until the partner answers. An accepted deal stays in force "
     "until one side ends it, and breaking a deal costs relations.<br><br>"
     "Joining a bloc needs its members' consent: BRICS decides by consensus."),
    ("Sanctions",
     "<b>Sanctions</b><br><br>"
     "Sanctions are ongoing moves by one country on another: trade, financial, oil, gold, "
     "transport, officials, and <b>secondary</b> sanctions that punish third countries and firms "
     "dealing with the target.<br><br>"
     "Sanctions hurt more the longer they last, and they push the target to evade them: "
     "selling gold abroad, paying through other systems, borrowing from friendly countries. "
     "Watch the target's reserves, inflation and payment shares, and the relations they cost."),
    ("Reading the map",
     "<b>Reading the map</b><br><br>"
     "The scenario's countries are highlighted with their flags. Lines between them show "
     "relations: the colour runs from red (hostile) through grey (neutral) to green (allied) - "
     "or orange to blue with the colour-blind palette - and the width shows how much they "
     "trade. Dashed lines mark sanctions.<br><br>"
     "Click a country to select it: its panel shows indicators with small trend charts. "
     "Hover over any number for what it means and what moves it."),
    ("Reading the charts",
     "<b>Reading the charts</b><br><br>"
     "<b>Sparklines</b> show an indicator's path over the turns played.<br>"
     "<b>Fan charts</b> show a forecast: the middle line is the median future (P50), the band "
     "runs from a bad case (P10) to a good case (P90), with and without your move.<br>"
     "<b>Why charts</b> split a change into causes: bars to the right pushed the indicator up, "
     "bars to the left pushed it down.<br>"
     "<b>History charts</b> draw the game's path with the real values as dots, where known: "
     "indicators of the countries you choose, or what one country sells to another in a year "
     "(the Trade list)."),
    ("Keyboard",
     "<b>Keyboard</b><br><br>"
     "<b>Tab</b> / <b>Shift-Tab</b> or the <b>arrow keys</b>: move between buttons.<br>"
     "<b>Enter</b> or <b>Space</b>: press the highlighted button.<br>"
     "<b>Esc</b>: go back.<br>"
     "<b>1-9</b>: menu choices and move cards.<br>"
     "<b>F1</b>: this help, from any screen.<br>"
     "On the turn screen: <b>Enter</b> end the turn, <b>Space</b> plan the chosen card, "
     "<b>Del</b> remove it, <b>T</b> forecast for the target, <b>R</b> relations, "
     "<b>P</b> proposals, <b>H</b> history, <b>N</b> last results, <b>S</b> save, "
     "<b>B</b> your briefing, <b>C</b> next country, <b>PgUp</b>/<b>PgDn</b> more cards "
     "(the number keys follow the cards in view). On the history screen: <b>1-9</b> show or "
     "hide a country, <b>I</b> the indicators, <b>T</b> the trade charts. For a teacher (with the PIN in teacher "
     "mode): <b>F2</b> the teacher's controls, <b>U</b> take back the last turn (it asks "
     "first), <b>Y</b> play it again, <b>E</b> make an event happen this turn.<br>"
     "For scenario authors: <b>F5</b> reads the scenario file again. On the scenario list it "
     "shows every file as it is now; in a game it lists the file's problems (file:line:col) or, "
     "after asking, restarts the game from turn 1 with the changed file (the game so far is "
     "autosaved first).<br>"
     "In a dialog: <b>Esc</b> or <b>Enter</b> go back, <b>Y</b> confirms.<br><br>"
     "The window can be resized; Settings changes the UI scale (100-200%, larger on big "
     "windows), the colour-blind-safe palette and sound."),
)


class HelpScreen(Screen):
    """Help topics on the left, the chosen topic's text on the right."""

    title = "help"

    def __init__(self, app: App, topic: int = 0) -> None:
        """Open on `topic` (index into TOPICS)."""
        super().__init__(app)
        self.topic = topic
        self.topic_buttons: list[Any] = []
        self.body: Any = None

    def build(self) -> None:
        """Heading, topic buttons, the text and Back."""
        w, h = self.width, self.height
        margin = self.s(24)
        self.label(pygame.Rect(margin, margin, w - 2 * margin, self.s(40)), "How to play",
                   object_id="#heading")
        top = margin + self.s(56)
        bw, bh, gap = self.s(220), self.s(40), self.s(8)
        self.topic_buttons = []
        for k, rect in enumerate(column(margin, top, bw, bh, gap, len(TOPICS))):
            name = TOPICS[k][0]
            button = self.button(rect, f"{k + 1}  {name}", lambda k=k: self.show(k), key=k + 1,
                                 tooltip=f"Read about {name.lower()}.")
            if k == self.topic:
                button.select()
            self.topic_buttons.append(button)
        back_rect = pygame.Rect(margin, h - margin - bh, bw, bh)
        self.button(back_rect, "Back (Esc)", self.close, tooltip="Return to the previous screen.")
        text_x = margin + bw + self.s(20)
        self.body = self.text_view(
            pygame.Rect(text_x, top, w - text_x - margin, h - top - margin), TOPICS[self.topic][1])
        self.scroll_target = self.body
        self.focus.focus_index(self.topic)

    def show(self, topic: int) -> None:
        """Show another topic (only the text and the highlighted button change)."""
        self.topic = topic
        if self.body is None or self.body not in self.views:
            self.relayout()
            return
        for k, button in enumerate(self.topic_buttons):
            if k == topic:
                button.select()
            else:
                button.unselect()
        self.body.set_text(TOPICS[topic][1])
        self.focus.focus_index(topic)

    def close(self) -> None:
        """Go back to the screen underneath."""
        if len(self.app.screens) > 1:
            self.app.pop()
