"""The cycle a check-in or quarter-review notebook works on, opened in one call.

Both notebooks start the same way: open the workshop store beside the notebooks, resume the
team's latest saved cycle or else start it, and save every change as a new version, so nothing
typed in the room is lost and the latest save wins. A team's cycle starts from the OKR set it
committed in the definition workshop (its latest saved draft); the scripted sample quarter's
files serve when no team has saved one, or when a team points at its own plan file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from kit.cycle.checkin import Cycle
from kit.cycle.persistence import CYCLE_KIND, load_cycle, resume_cycle, save_cycle
from kit.cycle.plan import CYCLE_WEEKS, CyclePlan, TrackedKeyResult, TrackedObjective, load_plan
from kit.errors import InputError
from kit.model import OkrSet
from kit.paths import data_dir
from kit.store import OKR_SET_KIND, Store, open_store

_QUARTER = re.compile(r"(?P<year>20\d\d)\s*[-_ ]?\s*Q(?P<quarter>[1-4])|Q(?P<q2>[1-4])\s*[-_ ]?\s*(?P<y2>20\d\d)", re.I)


def sample_file(name: str) -> Path:
    """A file of the scripted sample quarter (SMB Growth, Q1 2027) that ships with the notebooks."""
    return data_dir("notebooks") / "data" / name


@dataclass(frozen=True)
class TeamDraft:
    """A team with a saved OKR set in the store: what its check-ins can be run on."""

    workshop: str
    team: str

    @property
    def label(self) -> str:
        return f"{self.team} ({self.workshop})"


@dataclass
class TeamCycle:
    """The opened cycle, the store it is saved in, and the workshop folder the dashboards go to."""

    store: Store
    cycle: Cycle
    plan_path: Path | None
    workshop: Path

    def committed_plan(self) -> CyclePlan:
        """The plan as agreed on day one: its file, or the first version of the cycle saved in the store."""
        if self.plan_path is not None:
            return load_plan(self.plan_path)
        plan = self.cycle.plan
        first = self.store.load_record(plan.name, CYCLE_KIND, plan.team or "team", version=1, model=Cycle)
        return first.plan

    def save(self, updated: Cycle) -> None:
        save_cycle(self.store, updated, author="check-in")


def teams_with_drafts(store: Store) -> list[TeamDraft]:
    """Every team with a saved OKR set, the most recent workshop's teams first."""
    latest = store.latest_workshop(OKR_SET_KIND)
    workshops = sorted(store.workshops(), key=lambda name: name != latest)
    return [TeamDraft(workshop, team) for workshop in workshops for team in store.teams(workshop)]


def cycle_start(okr_set: OkrSet, today: date) -> date:
    """The first day of the quarter the set names ("2027-Q1", "Q3 2026"), else the Monday of this week."""
    found = _QUARTER.search(okr_set.cycle or "") or _QUARTER.search(okr_set.title or "")
    if found is None:
        return today - timedelta(days=today.weekday())
    year = int(found.group("year") or found.group("y2"))
    quarter = int(found.group("quarter") or found.group("q2"))
    return date(year, 3 * quarter - 2, 1)


def plan_from_draft(okr_set: OkrSet, *, workshop: str, team: str, start: date) -> CyclePlan:
    """The cycle plan of a committed OKR set: objectives O1, O2 ... and their KRs O1.KR1 ..., scored linearly
    (a KR card can change its method later, through a governed change)."""
    objectives = []
    for number, objective in enumerate((o for o in okr_set.objectives if o.key_results), start=1):
        tracked = [TrackedKeyResult(id=f"O{number}.KR{index}", key_result=kr)
                   for index, kr in enumerate(objective.key_results, start=1)]
        objectives.append(TrackedObjective(id=f"O{number}", text=objective.text, owner=objective.owner,
                                           key_results=tracked))
    if not objectives:
        raise InputError(f"the saved draft of {team} has no objective with a key result yet",
                         fix="Finish the draft in 02 or 03 and save it for this team, then open the check-in again")
    return CyclePlan(name=workshop, team=team, start=start, weeks=CYCLE_WEEKS, objectives=objectives)


def open_team_cycle(
    workshop: str | Path | None = None,
    *,
    team: TeamDraft | None = None,
    plan: str | Path | None = None,
    actuals: str | Path | None = None,
    history: str | Path | None = None,
    today: date | None = None,
    store: Store | None = None,
) -> TeamCycle:
    """The cycle of a team with a saved draft (resumed from the store, or started from that draft and saved
    at once, so the plan agreed on day one is kept), or of a plan file with its actuals export and
    check-in history; with neither, the sample quarter's files. `workshop` is the folder of the store
    (default: the current folder); a caller that opens several cycles passes its open `store`."""
    folder = Path.cwd() if workshop is None else Path(workshop)
    store = store or open_store(folder)
    if team is not None and plan is None:
        return TeamCycle(store=store, cycle=_team_cycle(store, team, today or date.today()), plan_path=None,
                         workshop=folder)
    if plan is None:
        plan = sample_file("sample_plan.yaml")
        actuals = actuals or sample_file("sample_actuals.csv")
        history = history or sample_file("sample_checkins.yaml")
    cycle = resume_cycle(store, load_plan(plan)) or load_cycle(plan, actuals, history)
    return TeamCycle(store=store, cycle=cycle, plan_path=Path(plan), workshop=folder)


def _team_cycle(store: Store, team: TeamDraft, today: date) -> Cycle:
    if store.record(team.workshop, CYCLE_KIND, team.team) is not None:
        return store.load_record(team.workshop, CYCLE_KIND, team.team, model=Cycle)
    draft = store.latest(team.workshop, team.team)
    if draft is None:
        raise InputError(f"{team.team} has no saved draft in {team.workshop}",
                         fix="Save the team's OKRs in 02 or 03 first")
    okr_set = draft.okr_set
    plan = plan_from_draft(okr_set, workshop=team.workshop, team=team.team, start=cycle_start(okr_set, today))
    cycle = Cycle(plan=plan)
    save_cycle(store, cycle, author="plan")
    return cycle


SAMPLE_QUARTER = "Sample quarter (SMB Growth)"


def workshops_with_cycles(store: Store) -> list[str]:
    """Workshops with at least one team's check-in cycle saved, then the sample quarter."""
    return [name for name in store.workshops() if store.keys(name, CYCLE_KIND)] + [SAMPLE_QUARTER]


def programme_cycles(store: Store, folder: Path, workshop: str) -> tuple[str, list[Cycle]]:
    """The workshop's name in the store and its teams' cycles; the sample quarter is one team's."""
    if workshop == SAMPLE_QUARTER:
        cycle = open_team_cycle(folder, store=store).cycle
        return cycle.plan.name, [cycle]
    keys = store.keys(workshop, CYCLE_KIND)
    return workshop, [store.load_record(workshop, CYCLE_KIND, key, model=Cycle) for key in keys]
