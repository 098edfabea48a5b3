"""What the store hands back, and the checks every record passes before it is written."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from kit.errors import KitError
from kit.model import FrozenModel, OkrSet

OKR_SET_KIND = "okr_set"
NAME_LIMIT = 200
KIND_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,49}$")


class StoreError(KitError):
    """A store problem a user can act on: what went wrong and what to do next."""

    def __init__(self, problem: str, *, fix: str = "") -> None:
        self.problem = problem
        self.fix = fix
        super().__init__(f"{problem}. {fix}" if fix else problem)


class VersionInfo(FrozenModel):
    """One saved version without its content: a line in the history browser."""

    workshop: str
    kind: str
    key: str
    version: int
    author: str
    saved_at: datetime
    restored_from: int | None = None


class StoredRecord(FrozenModel):
    """A saved version with its content as plain JSON data."""

    info: VersionInfo
    payload: dict[str, Any]


class SetVersion(FrozenModel):
    """A saved version of a team's OKR set."""

    info: VersionInfo
    okr_set: OkrSet

    @property
    def version(self) -> int:
        return self.info.version


def content_fingerprint(payload: BaseModel | dict[str, Any]) -> str:
    """One canonical digest of a record's content, so "is this already saved?" has one answer everywhere."""
    data = payload.model_dump(mode="json") if isinstance(payload, BaseModel) else payload
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def first_problem(error: ValidationError) -> str:
    problem = error.errors()[0]
    where = ".".join(str(part) for part in problem["loc"]) or "(top level)"
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"{where}: {problem['msg']}{more}"


def check_name(what: str, value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise StoreError(f"the {what} name is empty", fix=f"give a {what} name, e.g. the team's name")
    if len(value) > NAME_LIMIT:
        raise StoreError(f"the {what} name is longer than {NAME_LIMIT} characters", fix="shorten it")


def check_kind(kind: str) -> None:
    if not isinstance(kind, str) or not KIND_PATTERN.match(kind):
        raise StoreError(
            f"record kind {kind!r} is not a valid kind",
            fix="use a short lower-case name such as 'checkin', 'decision' or 'clinic_case'",
        )
