"""Evidence lists: a finding about many lines quotes a few of them and counts the rest, in every output."""

from __future__ import annotations

from kit import review
from kit.model import KeyResult, Objective, OkrSet
from kit.report.common import EVIDENCE_SHOWN, evidence_list
from kit.report.markdown import render_markdown
from kit.report.text import render_text
from kit.widgets.style import finding_html


def test_a_long_evidence_list_is_cut_with_a_count() -> None:
    assert evidence_list(["a", "b"], lambda t: f"'{t}'") == "'a', 'b'"
    texts = [f"KR {n}" for n in range(EVIDENCE_SHOWN + 7)]
    assert evidence_list(texts, str).endswith("KR 4 and 7 more")


def test_sixty_look_alike_krs_are_not_all_quoted_in_the_finding() -> None:
    same = [KeyResult(text=f"Raise on-time ferry departures on route {n} from 70% to 90% by June") for n in range(60)]
    result = review(OkrSet(objectives=[Objective(text="Ferries run on time", key_results=same)]))
    duplicate = next(f for f in result.findings if f.rule == "set-duplicate-kr")
    assert len(duplicate.spans) > EVIDENCE_SHOWN
    more = f"and {len(duplicate.spans) - EVIDENCE_SHOWN} more"
    assert more in finding_html(duplicate)
    assert more in render_text([result]) and more in render_markdown([result])
    assert "route 59 " not in finding_html(duplicate)
