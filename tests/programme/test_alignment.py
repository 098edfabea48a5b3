"""Alignment: team KRs linked to the company set and the North Star, the findings, the CLI and the store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kit.cli import main
from kit.model import OkrSet
from kit.parse import parse
from kit.parse.write import okr_set_to_yaml
from kit.programme.alignment import NORTH_STAR, Place, check_alignment, resolve
from kit.report.markdown import okr_set_to_markdown
from kit.store import open_store
from kit.widgets.alignment import AlignmentPage, alignment_tree_html

COMPANY = """\
# Harbour company OKRs 2027
North Star: Weekly active crews completing a shift plan

## Objective 1: Crews plan every shift with us
- KR 1.1: Grow weekly active crews from 800 to 1,400 by end of Q4
- KR 1.2: Raise crew retention from 88% to 94% by end of Q4

## Objective 2: Shifts start on time
- KR 2.1: Cut late shift starts from 12% to 4% by end of Q4
"""
PLANNING = """\
Team: Planning
## Objective 1: A shift plan in two minutes
Contributes to: KR 1.1
- KR 1.1: Cut median time to a first shift plan from 9 minutes to 2 minutes by 31 March
  Depends on: Data, Payroll
- KR 1.2: Raise plans published before Friday from 40% to 70% by 31 March
  Contributes to: shifts start on time
"""
DATA = """\
Team: Data
## Objective 1: Numbers crews can trust
- KR 1.1: Cut median time to a first shift plan from 9 minutes to 5 minutes by 31 March
  Contributes to: North Star
- KR 1.2: Raise dashboard freshness from 70% to 95% by 31 March
  Contributes to: KR 4.2
- KR 1.3: Raise data tests per pipeline from 3 to 12 by 31 March
"""


def programme() -> tuple[OkrSet, dict[str, OkrSet]]:
    return parse(COMPANY), {"Planning": parse(PLANNING), "Data": parse(DATA)}


def rules_by_place(team_findings: list) -> set[tuple[str, int | None, int | None]]:  # type: ignore[type-arg]
    return {(f.rule, f.objective_index, f.kr_index) for f in team_findings}


@pytest.mark.parametrize(
    ("written", "expected"),
    [("KR 2.1", Place(1, 0)), ("company kr 1.2", Place(0, 1)), ("O2", Place(1)), ("Objective 1", Place(0)),
     ("North Star", NORTH_STAR), ("grow weekly active crews", Place(0, 0)), ("KR 4.2", None), ("O9", None),
     ("something else entirely", None), ("", None)],
)
def test_a_link_resolves_by_label_words_or_the_north_star(written: str, expected: Place | str | None) -> None:
    assert resolve(written, parse(COMPANY)) == expected


def test_the_findings_a_challenge_session_settles() -> None:
    company, teams = programme()
    alignment = check_alignment(company, teams)
    assert rules_by_place(alignment.team_findings["Planning"]) == {
        ("alignment-dependency", 0, 0), ("alignment-dependency-unknown", 0, 0), ("alignment-overlap", 0, 0),
    }
    assert rules_by_place(alignment.team_findings["Data"]) == {
        ("alignment-overlap", 0, 0), ("alignment-link-unresolved", 0, 1), ("alignment-unlinked", 0, 2),
    }
    assert [f.message for f in alignment.team_findings["Data"] if f.rule == "alignment-link-unresolved"] == [
        "“KR 4.2” names nothing in the company set."
    ]
    unknown = next(f for f in alignment.team_findings["Planning"] if f.rule == "alignment-dependency-unknown")
    assert "Payroll" in unknown.message
    # KR 1.2 of the company: no team moves it; objective 2 is moved through words of its text
    assert rules_by_place(alignment.company_findings) == {("alignment-company-kr-uncovered", 0, 1)}
    assert [c.place for c in alignment.under(NORTH_STAR)] == [Place(0, 0)]
    assert [c.team for c in alignment.under(Place(1))] == ["Planning"]


def test_the_tree_escapes_what_teams_typed() -> None:
    company, teams = programme()
    teams["Data"] = parse(DATA.replace("Raise data tests", "Raise <script>alert(1)</script> tests"))
    tree = alignment_tree_html(check_alignment(company, teams))
    assert "<script>alert" not in tree and "&lt;script&gt;" in tree
    assert "North Star: Weekly active crews completing a shift plan" in tree
    assert "Not linked to the company set (2)" in tree


def test_links_survive_markdown_and_yaml_round_trips() -> None:
    for okr_set in (parse(COMPANY), parse(PLANNING)):
        for again in (parse(okr_set_to_markdown(okr_set)), parse(okr_set_to_yaml(okr_set), format="yaml")):
            assert again.north_star == okr_set.north_star
            assert [o.contributes_to for o in again.objectives] == [o.contributes_to for o in okr_set.objectives]
            assert [(kr.contributes_to, kr.depends_on) for _, _, kr in again.key_results()] == [
                (kr.contributes_to, kr.depends_on) for _, _, kr in okr_set.key_results()]


def test_the_store_keeps_links_and_the_page_reads_them(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        store.save_set("harbour", "Company", parse(COMPANY), author="lead")
        store.save_set("harbour", "Planning", parse(PLANNING), author="ana")
        store.save_set("harbour", "Data", parse(DATA), author="raj")
        kept = store.latest("harbour", "Planning")
        assert kept is not None and kept.okr_set.objectives[0].contributes_to == "KR 1.1"
        page = AlignmentPage(store=store)
        assert page.programme.value == "harbour" and page.company.value == "Company"
        assert "data-linked='3' data-total='5'" in page.summary.value  # one link to nothing, one unlinked
        page.company.value = "Data"  # the wrong set as the company's: every link breaks, and the page says so
        assert page.alignment is not None and "Data" not in page.alignment.teams


def test_the_cli_reviews_teams_against_the_company_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name, text in (("company.md", COMPANY), ("planning.md", PLANNING), ("data.md", DATA)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    code = main(["review", str(tmp_path / "planning.md"), str(tmp_path / "data.md"),
                 "--company", str(tmp_path / "company.md"), "--format", "json"])
    documents = json.loads(capsys.readouterr().out)["documents"]
    assert code == 1  # a link to nothing is an error
    assert [Path(d["path"]).name for d in documents] == ["company.md", "planning.md", "data.md"]
    rules = [f["rule"] for d in documents for o in d["objectives"] for k in o["key_results"] for f in k["findings"]]
    assert {"alignment-company-kr-uncovered", "alignment-link-unresolved", "alignment-unlinked",
            "alignment-overlap"} <= set(rules)
    code = main(["review", str(tmp_path / "planning.md"), "--company", str(tmp_path / "missing.md")])
    assert code == 2 and "missing.md" in capsys.readouterr().err


def test_a_team_called_company_keeps_its_own_findings() -> None:
    company, teams = programme()
    alignment = check_alignment(company, {"company": teams["Data"]})
    assert ("alignment-unlinked", 0, 2) in rules_by_place(alignment.team_findings["company"])
    assert rules_by_place(alignment.company_findings) <= {("alignment-company-kr-uncovered", oi, ki)
                                                          for oi in range(2) for ki in range(2)}
