"""Agenda cards: each step of the Definition event with its structure, prompts and countdown."""

from __future__ import annotations

from kit.definition.workshop import load_workshop
from kit.widgets.agenda import StepCard, agenda_html


def test_step_card_shows_structure_prompts_and_a_timer_at_the_low_end() -> None:
    step = load_workshop().step("reflect")
    card = StepCard(step)
    assert "What, So What, Now What?" in card.card.value and step.title in card.card.value
    assert "30–40 min" in card.card.value
    assert all(prompt.split("?")[0][:20] in card.card.value for prompt in step.prompts)
    assert card.timer.total_seconds == 30 * 60


def test_agenda_lists_all_six_steps_in_order() -> None:
    steps = load_workshop().steps
    html = agenda_html(steps)
    positions = [html.index(step.name) for step in steps]
    assert positions == sorted(positions)
