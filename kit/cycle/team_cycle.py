"""The cycle a check-in or quarter-review notebook works on, opened in one call.

Both notebooks start the same way: open the workshop store beside the notebooks, resume the
team's latest saved cycle or else load it from its files (the scripted sample quarter unless
the team points at its own), and save every change as a new version, so nothing typed in
the room is lost and the latest save wins over the files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kit.cycle.checkin import Cycle
from kit.cycle.persistence import load_cycle, resume_cycle, save_cycle
from kit.cycle.plan import CyclePlan, load_plan
from kit.paths import data_dir
from kit.store import Store, open_store


def sample_file(name: str) -> Path:
    """A file of the scripted sample quarter (SMB Growth, Q1 2027) that ships with the notebooks."""
    return data_dir("notebooks") / "data" / name


@dataclass
class TeamCycle:
    """The opened cycle, the store it is saved in, and the workshop folder the dashboards go to."""

    store: Store
    cycle: Cycle
    plan_path: Path
    workshop: Path

    def committed_plan(self) -> CyclePlan:
        """The plan as agreed on day one, read from its file: what the quarter review checks against."""
        return load_plan(self.plan_path)

    def save(self, updated: Cycle) -> None:
        save_cycle(self.store, updated, author="check-in")


def open_team_cycle(
    workshop: str | Path | None = None,
    *,
    plan: str | Path | None = None,
    actuals: str | Path | None = None,
    history: str | Path | None = None,
) -> TeamCycle:
    """Resume the team's cycle from the store in `workshop` (default: the current folder), or load it
    from its plan, actuals export and check-in history; without a plan, the sample quarter's files."""
    folder = Path.cwd() if workshop is None else Path(workshop)
    if plan is None:
        plan = sample_file("sample_plan.yaml")
        actuals = actuals or sample_file("sample_actuals.csv")
        history = history or sample_file("sample_checkins.yaml")
    store = open_store(folder)
    cycle = resume_cycle(store, load_plan(plan)) or load_cycle(plan, actuals, history)
    return TeamCycle(store=store, cycle=cycle, plan_path=Path(plan), workshop=folder)
