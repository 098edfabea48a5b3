"""The before-and-after view escapes what people typed."""

from __future__ import annotations

from kit.model import KeyResult, Objective, OkrSet
from kit.store import diff_sets
from kit.widgets.diff import diff_html


def draft(title: str) -> OkrSet:
    krs = [KeyResult(text="Raise weekly active teams from 12 to 40 by June", baseline=12, target=40, owner="Ana")]
    return OkrSet(title=title, objectives=[Objective(text="Teams rely on the product weekly", key_results=krs)])


def test_diff_html_escapes_user_text() -> None:
    before = draft("v")
    after = draft("v")
    after.objectives[0].text = "<script>alert('x')</script> & more"
    page = diff_html(diff_sets(before, after))
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more" in page
