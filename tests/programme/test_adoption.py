"""Adoption signals: computed from cycles and monthly reviews, the pilot-to-scale call, the CSV and the page."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

from kit.cycle.actuals import Actual
from kit.cycle.checkin import CheckIn, Cycle, KrUpdate
from kit.cycle.persistence import save_cycle
from kit.cycle.plan import CyclePlan, TrackedKeyResult, TrackedObjective
from kit.model import KeyResult
from kit.programme.adoption import adoption
from kit.programme.monthly_review import MonthlyReview, ReviewDecision, save_review
from kit.store import open_store
from kit.widgets.adoption import AdoptionPage

START = date(2027, 1, 4)


def cycle(team: str, weeks_complete: int, weeks_held: int, *, baseline: bool = True) -> Cycle:
    krs = [TrackedKeyResult(id=f"O1.KR{n}", key_result=KeyResult(text=f"KR {n} from 10 to 20",
                                                                 baseline=10 if baseline or n == 1 else None,
                                                                 target=20)) for n in (1, 2)]
    plan = CyclePlan(name="harbour", team=team, start=START,
                     objectives=[TrackedObjective(id="O1", text="Crews come back", key_results=krs)])
    record = Cycle(plan=plan)
    record.add_actuals([Actual(day=START + timedelta(days=4 + 7 * w), kr_id=f"O1.KR{n}", value=10 + w)
                        for w in range(weeks_held) for n in (1, 2)])
    for week in range(1, weeks_held + 1):
        complete = week <= weeks_complete
        updates = [KrUpdate(kr_id=f"O1.KR{n}", insight="moved" if complete else "",
                            next_action="keep going" if complete else "") for n in (1, 2)]
        record.record(CheckIn(week=week, held_on=START + timedelta(days=4 + 7 * (week - 1)), updates=updates))
    return record


def shifts(*months: int) -> list[MonthlyReview]:
    return [MonthlyReview(workshop="harbour", held_on=date(2027, month, 26), decisions=[
        ReviewDecision(kind="reallocation", text=f"shift {n}", owner="Grace", due=date(2027, month, 28))
        for n in range(2)]) for month in months]


def test_a_rhythm_that_holds_with_every_signal_met_is_the_call_to_scale() -> None:
    page = adoption([cycle("Planning", 4, 4), cycle("Data", 4, 4)], shifts(1))
    assert {s.id: s.met for s in page.signals} == {"checkin-completion": True, "reallocations": True,
                                                   "krs-improved": True, "baseline-coverage": True}
    assert page.call == "scale" and page.weeks == [1, 2, 3, 4]
    assert page.completion["Planning"] == [1.0, 1.0, 1.0, 1.0]
    assert sum(page.rag_mix[0].values()) == 4  # every KR of both teams, every week


def test_missed_reallocations_extend_and_a_broken_rhythm_fixes_first() -> None:
    extend = adoption([cycle("Planning", 4, 4), cycle("Data", 4, 4)], [])
    assert extend.call == "extend" and [s.id for s in extend.signals if not s.met] == ["reallocations"]
    fix = adoption([cycle("Planning", 1, 4), cycle("Data", 4, 4, baseline=False)], shifts(1))
    assert fix.call == "fix"
    assert {s.id for s in fix.signals if not s.met} == {"checkin-completion", "baseline-coverage"}
    assert fix.completion["Planning"] == [1.0, 0.0, 0.0, 0.0]


def test_a_week_with_no_check_in_counts_against_completion_and_the_csv_has_every_row() -> None:
    page = adoption([cycle("=cmd|' /C calc'!A0", 2, 2), cycle("Data", 3, 3)], shifts(1, 2))
    assert page.completion["=cmd|' /C calc'!A0"] == [1.0, 1.0, None]
    rows = list(csv.reader(io.StringIO(page.to_csv())))
    completion = [row for row in rows if row[0] == "completion"]
    assert len(completion) == 6 and all(not row[1].startswith("=") for row in completion)  # no live formula
    assert [row[2] for row in rows if row[0] == "reallocations"] == ["2027-01", "2027-02"]
    assert rows[-1][0] == "call"


def test_the_page_reads_the_store(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        save_cycle(store, cycle("Planning", 4, 4), author="ana")
        save_cycle(store, cycle("Data", 4, 4), author="raj")
        for review in shifts(1):
            save_review(store, review, author="lead")
        page = AdoptionPage(store=store)
        assert page.workshop.value == "harbour"
        assert "data-call='scale'" in page.signals.value
        assert page.chart.value[:4] == b"\x89PNG" and "adoption-harbour.csv" in page.export.value
