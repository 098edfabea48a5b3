"""Where a cycle's record is kept: versions in the workshop store, a JSON file, or the team's own files.

The record itself (kit.cycle.checkin) knows nothing of files; everything that reads or writes
one is here.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import date
from pathlib import Path

import yaml

from kit.cycle.actuals import load_actuals_csv
from kit.cycle.checkin import CheckIn, Cycle
from kit.cycle.plan import CheckInError, CyclePlan, load_plan, validate_input
from kit.errors import InputError, KitError
from kit.store import Store

CYCLE_KIND = "checkin_cycle"


def _stream(plan: CyclePlan) -> tuple[str, str]:
    """Where a team's cycle lives in the workshop store: workshop = cycle name, key = team."""
    return plan.name, plan.team or "team"


def save_cycle(store: Store, cycle: Cycle, author: str) -> int:
    """Save a new version of the cycle record; earlier versions stay restorable."""
    workshop, key = _stream(cycle.plan)
    return store.save_record(workshop, CYCLE_KIND, key, cycle, author)


def resume_cycle(store: Store, plan: CyclePlan) -> Cycle | None:
    """The latest saved record of this plan's cycle, or None when nothing was saved yet."""
    workshop, key = _stream(plan)
    if store.record(workshop, CYCLE_KIND, key) is None:
        return None
    return store.load_record(workshop, CYCLE_KIND, key, model=Cycle)


def checkin_dates(store: Store) -> list[date]:
    """The day of every check-in in every team's saved cycle, oldest first: the rhythm a rollout keeps.
    A cycle record that no longer fits is left out rather than stopping the count."""
    days: list[date] = []
    for workshop in store.workshops():
        for key in store.keys(workshop, CYCLE_KIND):
            try:
                cycle = store.load_record(workshop, CYCLE_KIND, key, model=Cycle)
            except KitError:
                continue
            days += [checkin.held_on for checkin in cycle.checkins]
    return sorted(days)


def load_cycle(plan_path: str | Path, actuals_path: str | Path | None = None,
               checkins_path: str | Path | None = None) -> Cycle:
    """A cycle from a plan file, an optional actuals export and an optional check-in history (YAML)."""
    plan = load_plan(plan_path)
    cycle = Cycle(plan=plan)
    if actuals_path is not None:
        cycle.add_actuals(load_actuals_csv(actuals_path, known_ids=[kr.id for kr in plan.tracked()]))
    if checkins_path is not None:
        path = Path(checkins_path)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except (OSError, yaml.YAMLError) as error:
            raise InputError(f"cannot read the check-in history ({error})", path=str(path)) from None
        if not isinstance(data, list):
            raise InputError("the check-in history must be a list of weekly check-ins", path=str(path))
        for index, item in enumerate(data):
            checkin = validate_input(CheckIn, item, f"{path} (check-in {index + 1})")
            try:
                cycle.record(checkin)
            except CheckInError as error:
                raise InputError(f"check-in {index + 1}: {error}", path=str(path)) from None
    return cycle


def save_cycle_file(cycle: Cycle, path: str | Path) -> Path:
    """Write the record as JSON atomically: a crash mid-save leaves the previous file intact."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(cycle.model_dump_json(indent=1))
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def load_cycle_file(path: str | Path) -> Cycle:
    """A record written by save_cycle_file, with errors that name the file and the field."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"cannot read the cycle record ({error.strerror})", path=str(path)) from None
    except json.JSONDecodeError as error:
        raise InputError(f"the cycle record is not valid JSON ({error.msg})", path=str(path),
                         line=error.lineno) from None
    return validate_input(Cycle, data, str(path))
