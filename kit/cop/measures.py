"""The four measures of peer learning, read from the workshop store, beside teams that did not take part.

The peer-learning playbook's balanced scorecard, over a 30 to 90 day window:
- **participation**: are the right people showing up? (cohort members at each clinic)
- **completion**: do they stay the whole cycle, or disappear after session one?
- **skill lift**: before/after capability ratings (kit.cop.impact), read by subgroup;
- **application**: are they using it? (last clinic's commitments done by the next one).
And the true test: teams whose people took part compared with teams that did not, on indicators the
OKR system already tracks - KR quality of their latest drafts and the completeness of their weekly
check-ins. Internal baselines, compared over time; no fake precision.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import date, timedelta

from kit.cop.clinic import Clinic, FollowUpStatus
from kit.cop.cohort_design import CohortDesign
from kit.cop.forums import HeldClinic
from kit.cop.impact import Scorecard
from kit.cycle.checkin import Cycle
from kit.cycle.persistence import CYCLE_KIND
from kit.errors import KitError
from kit.model import FrozenModel, Level
from kit.programme.adoption import checkin_completion
from kit.report.common import markdown_table
from kit.store import Store

WINDOW = timedelta(days=90)
COMPLETION_SHARE = 0.75  # attended three clinics in four: stayed the cycle


class Measure(FrozenModel):
    key: str
    label: str
    value: float | None
    detail: str


class Comparison(FrozenModel):
    indicator: str
    participants: float | None
    others: float | None
    participant_teams: int
    other_teams: int
    higher_is_better: bool


class PeerLearningMeasures(FrozenModel):
    since: date
    until: date
    measures: list[Measure]
    comparisons: list[Comparison]


def member_names(design: CohortDesign | None, clinics: Sequence[HeldClinic]) -> list[str]:
    """The cohort's members as its design lists them ("Ana (new)" is Ana), else everyone who took part."""
    if design is not None and design.members:
        names = (member.split("(")[0].strip() for member in design.members)
        return [name for name in names if name]
    return sorted({name for held in clinics for name in held.record.names})


def participation(clinics: Sequence[HeldClinic], members: Sequence[str]) -> Measure:
    shares = [len(set(h.record.names) & set(members)) / len(members) for h in clinics] if members else []
    value = statistics.fmean(shares) if shares else None
    return Measure(key="participation", label="Participation rate", value=value,
                   detail=f"cohort members present, averaged over {len(clinics)} clinic(s) of {len(members)} member(s)")


def completion(clinics: Sequence[HeldClinic], members: Sequence[str]) -> Measure:
    if not clinics or not members:
        return Measure(key="completion", label="Completion rate", value=None, detail="no clinics in the window yet")
    needed = COMPLETION_SHARE * len(clinics)
    stayed = [m for m in members if sum(1 for h in clinics if m in h.record.names) >= needed]
    return Measure(key="completion", label="Completion rate", value=len(stayed) / len(members),
                   detail=f"{len(stayed)} of {len(members)} member(s) at {COMPLETION_SHARE:.0%} of clinics or more")


def skill_lift(scorecard: Scorecard | None) -> Measure:
    if scorecard is None or not scorecard.ratings:
        return Measure(key="skill", label="Skill lift", value=None,
                       detail="no before/after capability ratings recorded yet")
    ratings = scorecard.ratings
    lift = statistics.fmean(r.after for r in ratings) - statistics.fmean(r.before for r in ratings)
    by_group = ", ".join(f"{group} {value:+.2f}" for group, value in scorecard.lift_by_subgroup().items())
    return Measure(key="skill", label="Skill lift", value=round(lift, 2),
                   detail=f"mean after minus before on a 1-5 scale; by subgroup: {by_group}")


def application(clinics: Sequence[HeldClinic]) -> Measure:
    reviewed = [f for h in clinics if isinstance(h.record, Clinic) for f in h.record.follow_ups
                if f.status is not FollowUpStatus.NOT_REVIEWED]
    done = sum(1 for f in reviewed if f.status is FollowUpStatus.DONE)
    return Measure(key="application", label="Application rate", value=done / len(reviewed) if reviewed else None,
                   detail=f"{done} of {len(reviewed)} commitment(s) reviewed at the next clinic were done")


def _team_key(name: str | None) -> str:
    return (name or "").strip().casefold()


def team_indicators(store: Store) -> dict[str, dict[str, float]]:
    """Per team: KR errors per KR on its latest draft, and how complete its weekly check-ins are."""
    from kit.review import review  # the rubric is needed only here; the forums page loads it on demand

    found: dict[str, dict[str, float]] = {}
    for workshop in store.workshops():
        for team in store.teams(workshop):
            latest = store.latest(workshop, team)
            krs = latest.okr_set.key_results() if latest is not None else []
            if latest is not None and krs:
                errors = review(latest.okr_set).count(Level.ERROR)
                found.setdefault(_team_key(team), {})["kr_errors"] = errors / len(krs)
        for key in store.keys(workshop, CYCLE_KIND):
            try:
                cycle = store.load_record(workshop, CYCLE_KIND, key, model=Cycle)
            except KitError:
                continue
            weeks = [value for c in cycle.checkins if (value := checkin_completion(cycle, c.week)) is not None]
            if weeks:
                found.setdefault(_team_key(cycle.plan.team or key), {})["checkins"] = statistics.fmean(weeks)
    return found


def compare(indicators: dict[str, dict[str, float]], participant_teams: set[str]) -> list[Comparison]:
    rows = []
    for key, label, higher in (("kr_errors", "Rubric errors per KR in the latest draft", False),
                               ("checkins", "Weekly check-in completeness", True)):
        inside = [v[key] for team, v in indicators.items() if key in v and team in participant_teams]
        outside = [v[key] for team, v in indicators.items() if key in v and team not in participant_teams]
        rows.append(Comparison(indicator=label, participants=statistics.fmean(inside) if inside else None,
                               others=statistics.fmean(outside) if outside else None,
                               participant_teams=len(inside), other_teams=len(outside), higher_is_better=higher))
    return rows


def peer_learning_measures(store: Store, clinics: Sequence[HeldClinic], scorecard: Scorecard | None = None,
                           design: CohortDesign | None = None, until: date | None = None) -> PeerLearningMeasures:
    """The four measures over the 90 days up to `until`, and the comparison with teams that did not take part."""
    until = until or date.today()
    since = until - WINDOW
    window = [h for h in clinics if since <= h.held_on <= until]
    members = member_names(design, window)
    teams = {_team_key(p.team) for h in window for p in h.record.participants if p.team.strip()}
    return PeerLearningMeasures(
        since=since, until=until,
        measures=[participation(window, members), completion(window, members), skill_lift(scorecard),
                  application(window)],
        comparisons=compare(team_indicators(store), teams),
    )


MEASURE_HEADERS = ("Measure", "Value", "How it is read")
COMPARISON_HEADERS = ("Indicator", "Took part", "Did not", "Teams (took part / did not)")


def measure_rows(result: PeerLearningMeasures) -> list[tuple[str, str, str]]:
    """The four measures as the scorecard shows them: rates in percent, the skill lift in scale points."""
    def shown(m: Measure) -> str:
        return "-" if m.value is None else f"{m.value:+.2f}" if m.key == "skill" else f"{m.value:.0%}"

    return [(m.label, shown(m), m.detail) for m in result.measures]


def comparison_rows(result: PeerLearningMeasures) -> list[tuple[str, str, str, str]]:
    rows = []
    for row in result.comparisons:
        def value(v: float | None, row: Comparison = row) -> str:
            return "-" if v is None else f"{v:.0%}" if row.higher_is_better else f"{v:.2f}"
        rows.append((f"{row.indicator} ({'higher' if row.higher_is_better else 'lower'} is better)",
                     value(row.participants), value(row.others), f"{row.participant_teams} / {row.other_teams}"))
    return rows


def window_title(result: PeerLearningMeasures) -> str:
    return f"The four peer-learning measures, {result.since:%d %b} to {result.until:%d %b %Y}"


def measures_markdown(result: PeerLearningMeasures) -> str:
    out = [f"### {window_title(result)}", "", *markdown_table(MEASURE_HEADERS, measure_rows(result)), "",
           "### Teams that took part, compared with teams that did not", "",
           *markdown_table(COMPARISON_HEADERS, comparison_rows(result))]
    return "\n".join(out) + "\n"
