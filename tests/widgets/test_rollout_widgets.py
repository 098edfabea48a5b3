from __future__ import annotations

import base64
import re
from datetime import date

import icalendar

from kit.model import KeyResult
from kit.rollout.plan import plan, raci
from kit.widgets.metrics import DictionaryChecker
from kit.widgets.rollout import PlanEditor, RaciEditor, RhythmPanel


def _download(html: str) -> bytes:
    match = re.search(r'base64,([A-Za-z0-9+/=]+)"', html)
    assert match, html
    return base64.b64decode(match.group(1))


def test_plan_editor_edits_flow_into_the_export() -> None:
    editor = PlanEditor(plan("pilot"), start=date(2027, 1, 4))
    first_row = editor.rows.children[0]
    first_row.children[2].value = "Priya <script>"
    editor.remove_item(len(editor.plan.items) - 1)
    editor.add_item(editor.plan.items[0].model_copy(update={"action": "Book the retro room", "day": 85}))
    text = editor.render_export()
    assert "| Priya <script> |" in text and "Book the retro room" in text and "2027-03-30" in text
    assert "&lt;script&gt;" in editor.output.value and "<script>" not in editor.output.value
    assert _download(editor.output.value).decode() == text


def test_raci_editor_exports_the_names_typed() -> None:
    editor = RaciEditor(raci())
    editor.children[1].children[1].value = "Jo"
    assert "| Charter approval | Jo |" in editor.render_export()


def test_rhythm_panel_downloads_a_calendar() -> None:
    panel = RhythmPanel(team="Ops", start=date(2027, 4, 5))
    panel.weeks.value = 6
    ics = panel.render_export()
    assert _download(panel.output.value) == ics
    assert len(list(icalendar.Calendar.from_ical(ics).walk("VEVENT"))) == 3
    assert "until 2027-05-16" in panel.output.value


def test_dictionary_checker_reports_issues_and_errors_with_row() -> None:
    checker = DictionaryChecker([KeyResult(text="Grow trials", metric="Trials")])
    issues = checker.check_text("Metric name,Refresh frequency\nSignups,monthly\n<b>X</b>,daily\n")
    assert any("refreshes monthly" in i for i in issues) and any("'Trials'" in i for i in issues)
    assert "&lt;b&gt;X&lt;/b&gt;" in checker.output.value and "<b>X" not in checker.output.value
    errors = checker.check_text("Metric name,Refresh frequency\n<b>X</b>,sometimes\n", name="team.csv")
    assert errors and "team.csv:2" in errors[0] and "sometimes" in checker.output.value
