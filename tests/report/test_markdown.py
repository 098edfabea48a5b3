from __future__ import annotations

import re

from kit.model import Initiative, KeyResult, Objective, OkrSet, Review
from kit.parse import parse
from kit.report.markdown import okr_set_to_markdown, render_markdown

from .conftest import HOSTILE


def _drafted_set() -> OkrSet:
    return OkrSet(
        title="Field service OKRs",
        team="Field ops",
        cycle="2027-Q3",
        objectives=[
            Objective(
                text="Technicians fix it on the first visit",
                key_results=[
                    KeyResult(text="Raise first-visit fix rate from 71% to 85% by September 30", owner="Jon"),
                    KeyResult(text="Cut repeat visits from 14% to 6%", source="Dispatch log"),
                ],
            ),
            Objective(
                text="Customers always know when we arrive",
                key_results=[KeyResult(text="Send arrival windows of 2 hours or less for 95% of jobs")],
            ),
        ],
    )


def _essentials(okr_set: OkrSet) -> list[tuple[str, list[tuple[str, str | None, str | None]]]]:
    return [
        (objective.text, [(kr.text, kr.owner, kr.source) for kr in objective.key_results])
        for objective in okr_set.objectives
    ]


def test_okr_set_markdown_round_trips_through_the_parser() -> None:
    original = _drafted_set()
    markdown = okr_set_to_markdown(original)
    assert "## Objective 1: Technicians fix it on the first visit" in markdown
    assert "- KR 1.1: Raise first-visit fix rate from 71% to 85% by September 30 (Owner: Jon)" in markdown
    parsed = parse(markdown, format="markdown")
    assert _essentials(parsed) == _essentials(original)
    assert (parsed.title, parsed.cycle) == (original.title, original.cycle)


def test_initiatives_are_written_apart_from_key_results() -> None:
    okr_set = _drafted_set()
    okr_set.objectives[0].initiatives = [Initiative(text="Van stock checklist", owner="Ana")]
    markdown = okr_set_to_markdown(okr_set)
    assert "Initiatives:\n- Van stock checklist (Owner: Ana)" in markdown
    assert _essentials(parse(markdown, format="markdown")) == _essentials(_drafted_set())


def test_review_markdown_escapes_user_text(review: Review) -> None:
    review.okr_set.objectives[0].key_results[0].text = HOSTILE
    markdown = render_markdown([review])
    assert re.search(r"(?<!\\)<img", markdown) is None
    assert "\\<img src=x onerror=alert(1)\\>" in markdown
    assert "**error** `kr-task-list`" in markdown


def test_a_hostile_file_name_stays_text() -> None:
    import kit
    from kit.report.markdown import render_markdown

    review = kit.review("## Objective: Skippers trust us\n- Hold 6 open days\n- Raise bookings from 1 to 2\n")
    named = review.model_copy(update={"path": "n`<img src=x onerror=alert(1)>`.md"})
    output = render_markdown([named])
    assert "\\<img" in output and not re.search(r"(?<!\\)<img", output)  # escaped: shown, never rendered
