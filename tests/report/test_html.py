from __future__ import annotations

from kit.model import Finding, KeyResult, Level, Objective, OkrSet, Review, Span
from kit.report.html import render_html

from .conftest import HOSTILE


def test_user_text_is_escaped_everywhere() -> None:
    okr_set = OkrSet(
        title=HOSTILE,
        team=HOSTILE,
        objectives=[Objective(text=HOSTILE, key_results=[KeyResult(text=HOSTILE)])],
    )
    finding = Finding(
        rule="kr-vague",
        level=Level.WARNING,
        message=HOSTILE,
        hint=HOSTILE,
        suggestion=HOSTILE,
        scope="key_result",
        objective_index=0,
        kr_index=0,
        text=HOSTILE,
        spans=[Span(start=0, end=len(HOSTILE), text=HOSTILE)],
    )
    page = render_html([Review(okr_set=okr_set, findings=[finding], path=HOSTILE, notices=[HOSTILE])])
    assert "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert page.count("&lt;img") >= 8


def test_fragment_for_notebooks(review: Review) -> None:
    fragment = render_html([review], full_page=False)
    assert fragment.startswith('<div class="okr-review">')
    assert "<html" not in fragment
    assert "<mark>Hold</mark>" in fragment
    assert "does not pass the quality gate" in fragment
