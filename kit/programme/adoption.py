"""Adoption signals for the programme lead: is the OKR rhythm holding, and is the pilot ready to scale?

Computed from the store, never typed: check-in completion per team and week (a week counts when
every KR's update has an insight and a next action), the RAG mix week by week (on the band the
escalation rules read), resource reallocations logged at the monthly reviews, baseline coverage
(the pilot's 80% rule), KRs changed mid-cycle under governance, and how many KRs improved. The
pilot-to-scale call compares the signals with content/adoption_signals.yaml: all met, scale; the
rhythm holding (check-ins and baselines) but others missed, extend; otherwise fix the system first.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date

from pydantic import Field

from kit.content import load_content
from kit.cycle.checkin import Cycle
from kit.model import FrozenModel
from kit.parse.write import spreadsheet_safe
from kit.programme.monthly_review import MonthlyReview

BANDS = ("red", "amber", "green", "stretch", "no score")
RHYTHM = ("checkin-completion", "baseline-coverage")  # what must hold before a pilot is extended, not fixed


class SignalSpec(FrozenModel):
    id: str
    name: str
    target: float


class SignalsContent(FrozenModel):
    version: int
    signals: list[SignalSpec] = Field(min_length=1)
    calls: dict[str, str]


@dataclass(frozen=True)
class Signal:
    id: str
    name: str
    value: float
    target: float

    @property
    def met(self) -> bool:
        return self.value >= self.target


@dataclass(frozen=True)
class Adoption:
    """One cycle's adoption page: the tables behind the charts, the signals and the call."""

    weeks: list[int]
    completion: dict[str, list[float | None]]  # team -> share of KRs with a complete update, per week
    rag_mix: list[Counter[str]]  # per week, KRs in each band across teams
    reallocations: dict[str, int]  # month ("2027-02") -> resource shifts logged at reviews
    baseline_coverage: float
    governed_changes: int
    krs_improved: int
    signals: list[Signal]
    call: str
    call_text: str

    def to_csv(self) -> str:
        """One row per team and week (completion and that team's RAG mix), then the signals and the call."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["kind", "team", "week", "checkin_completion", *BANDS])
        for team, shares in self.completion.items():
            for week, share in zip(self.weeks, shares, strict=True):
                writer.writerow(["completion", spreadsheet_safe(team), week, "" if share is None else f"{share:.2f}",
                                 *[""] * len(BANDS)])
        for week, mix in zip(self.weeks, self.rag_mix, strict=True):
            writer.writerow(["rag_mix", "all", week, "", *[mix.get(band, 0) for band in BANDS]])
        for month, count in self.reallocations.items():
            writer.writerow(["reallocations", "all", month, count])
        for signal in self.signals:
            writer.writerow(["signal", signal.id, "", f"{signal.value:g}", f"target {signal.target:g}",
                             "met" if signal.met else "missed"])
        writer.writerow(["call", self.call, "", self.call_text])
        return out.getvalue()


def checkin_completion(cycle: Cycle, week: int) -> float | None:
    """The share of KRs whose update that week has an insight and a next action (None: no check-in held)."""
    checkin = cycle.checkin(week)
    if checkin is None:
        return None
    tracked = cycle.plan.tracked()
    done = sum(1 for kr in tracked if (u := checkin.update_for(kr.id)) and u.insight.strip() and u.next_action.strip())
    return done / len(tracked) if tracked else None


def adoption(cycles: list[Cycle], monthly_reviews: list[MonthlyReview], as_of: date | None = None) -> Adoption:
    """The adoption page of a programme's cycles (one per team) and its monthly reviews."""
    content = load_content("adoption_signals", SignalsContent)
    last = max((cycle.current_week for cycle in cycles), default=1)
    if as_of is not None:
        last = min(last, max([1, *(c.plan.week_of(as_of) for c in cycles)]))  # week_of is 0 before the start
    weeks = list(range(1, last + 1))
    completion = {cycle.plan.team or cycle.plan.name: [checkin_completion(cycle, week) for week in weeks]
                  for cycle in cycles}
    rag_mix: list[Counter[str]] = []
    for week in weeks:
        mix: Counter[str] = Counter()
        for cycle in cycles:
            for tracked in cycle.plan.tracked():
                band = cycle.snapshot(tracked.id, week).escalation_band
                mix[band.value if band is not None else "no score"] += 1
        rag_mix.append(mix)
    reallocations = Counter(f"{review.held_on:%Y-%m}" for review in monthly_reviews
                            for decision in review.decisions if decision.kind == "reallocation")
    krs = [(cycle, tracked) for cycle in cycles for tracked in cycle.plan.tracked()]
    with_baseline = sum(1 for _, tracked in krs if tracked.key_result.baseline is not None)
    improved = sum(1 for cycle, tracked in krs if (snap := cycle.snapshot(tracked.id, last)).score is not None
                   and snap.score > 0)
    held = [share for shares in completion.values() for share in shares if share is not None]
    values = {
        "checkin-completion": sum(held) / (len(weeks) * len(cycles)) if cycles else 0.0,
        "reallocations": (sum(reallocations.values()) / len(reallocations)) if reallocations else 0.0,
        "krs-improved": float(improved),
        "baseline-coverage": with_baseline / len(krs) if krs else 0.0,
    }
    signals = [Signal(spec.id, spec.name, round(values.get(spec.id, 0.0), 2), spec.target) for spec in content.signals]
    missed = {signal.id for signal in signals if not signal.met}
    call = "scale" if not missed else "extend" if not missed & set(RHYTHM) else "fix"
    return Adoption(
        weeks=weeks, completion=completion, rag_mix=rag_mix, reallocations=dict(sorted(reallocations.items())),
        baseline_coverage=values["baseline-coverage"], governed_changes=sum(len(c.plan.changes) for c in cycles),
        krs_improved=improved, signals=signals, call=call, call_text=content.calls[call],
    )
