"""Where clinics are kept: versions in the workshop store, and the JSON files earlier versions wrote.

Each clinic is a record in the store under its date; resuming reopens an unfinished clinic
after a restart, or starts the next one with the last one's commitments up for review.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from kit.cop.clinic import CaseRecord, Clinic
from kit.errors import InputError, KitError
from kit.store import Store

CLINIC_KIND = "clinic"
CLINIC_WORKSHOP = "clinics"  # the store's name for a community's run of clinics
RECORD_GLOB = "clinic-*.json"  # clinic records kept as files by earlier versions of the kit
RecordT = TypeVar("RecordT", bound=CaseRecord)


def key_order(key: str) -> tuple[str, int]:
    """Keys are the clinic's date, "-2" for a second clinic that day: order them by date, then number."""
    day, number = key[:10], key[11:]
    return day, int(number) if number.isdigit() else 1


def record_keys(store: Store, kind: str, workshop: str = CLINIC_WORKSHOP) -> list[str]:
    """One kind of clinic record (live, written) saved in the store, oldest first."""
    return sorted(store.keys(workshop, kind), key=key_order)


def clinic_keys(store: Store, workshop: str = CLINIC_WORKSHOP) -> list[str]:
    """The live clinics saved in the store, oldest first."""
    return record_keys(store, CLINIC_KIND, workshop)


def newest_readable(store: Store, kind: str, keys: list[str], model: type[RecordT],
                    workshop: str = CLINIC_WORKSHOP) -> tuple[RecordT, str] | None:
    """The newest of `keys` that still reads as `model`, with its key: a record that no longer fits is skipped,
    and never written over."""
    for key in reversed(keys):
        try:
            return store.load_record(workshop, kind, key, model=model), key
        except KitError:
            continue
    return None


def save_clinic(store: Store, key: str, clinic: Clinic, author: str, workshop: str = CLINIC_WORKSHOP) -> int:
    """A new version of the clinic's record; earlier versions stay in its history."""
    return store.save_record(workshop, CLINIC_KIND, key, clinic, author)


def resume_or_start(
    store: Store, today: date | None = None, workshop: str = CLINIC_WORKSHOP
) -> tuple[Clinic, str]:
    """Reopen an unfinished clinic (nothing typed is lost after a restart), or start the next one
    with the last clinic's participants and its commitments up for review. Returns the clinic and
    the key it is saved under. A record that no longer fits is skipped and never written over."""
    today = today or date.today()
    keys = clinic_keys(store, workshop)
    newest = newest_readable(store, CLINIC_KIND, keys, Clinic, workshop)
    if newest is not None and not newest[0].closed:
        return newest
    clinic = Clinic(held_on=today)
    if newest is not None:
        previous = newest[0]
        clinic.title = previous.title
        clinic.facilitator = previous.facilitator
        clinic.participants = [p.model_copy() for p in previous.participants]
        clinic.follow_up_from(previous)
    return clinic, next_key(keys, today)


def next_key(keys: list[str], today: date) -> str:
    """The date, with "-2", "-3" ... for a second or third clinic started that day."""
    number = sum(1 for key in keys if key_order(key)[0] == today.isoformat())
    return today.isoformat() + (f"-{number + 1}" if number else "")


def import_clinic_files(
    store: Store, folder: str | Path, author: str = "import", workshop: str = CLINIC_WORKSHOP
) -> list[str]:
    """Copy clinic records that earlier versions of the kit kept as files into the store, once each.

    The files stay where they are; a file whose clinic is already in the store, or that cannot be
    read, is left alone. Returns the keys imported."""
    known = set(store.keys(workshop, CLINIC_KIND))
    imported = []
    for path in sorted(Path(folder).glob(RECORD_GLOB)):
        key = path.stem.removeprefix("clinic-")
        if key in known:
            continue
        try:
            clinic = load_clinic_file(path)
        except InputError:
            continue
        save_clinic(store, key, clinic, author, workshop)
        imported.append(key)
    return imported


def save_clinic_file(clinic: Clinic, path: str | Path) -> Path:
    """Write a clinic record as a JSON file, the way earlier versions of the kit kept clinics."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(target.suffix + ".tmp")
    tmp.write_text(clinic.model_dump_json(indent=2), encoding="utf-8")
    tmp.replace(target)
    return target


def load_clinic_file(path: str | Path) -> Clinic:
    """A clinic record from a JSON file, with an input error that names the file when it does not fit."""
    source = Path(path)
    try:
        return Clinic.model_validate_json(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("clinic record not found", path=str(source)) from None
    except (ValidationError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(
            f"not a clinic record ({str(exc).splitlines()[0]})",
            path=str(source),
            fix="Open a file saved by save_clinic_file or the clinic notebook.",
        ) from None
