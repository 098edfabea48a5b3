"""A whole workshop as one JSON file: every stream, every version, checked before anything is loaded."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError

from kit.model import OkrSet, StrictModel
from kit.secrets import find_credential
from kit.store.records import KIND_PATTERN, NAME_LIMIT, OKR_SET_KIND, StoreError, first_problem

BUNDLE_FORMAT: Literal["okr-workshop-kit/bundle"] = "okr-workshop-kit/bundle"
BUNDLE_FORMAT_VERSION: Literal[1] = 1


class BundleVersion(StrictModel):
    version: int = Field(ge=1)
    author: str = Field(min_length=1, max_length=NAME_LIMIT)
    saved_at: datetime
    restored_from: int | None = Field(default=None, ge=1)
    content: dict[str, Any]


class BundleStream(StrictModel):
    kind: str = Field(pattern=KIND_PATTERN.pattern)
    key: str = Field(min_length=1, max_length=NAME_LIMIT)
    versions: list[BundleVersion] = Field(min_length=1)


class Bundle(StrictModel):
    format: Literal["okr-workshop-kit/bundle"] = BUNDLE_FORMAT
    format_version: Literal[1] = BUNDLE_FORMAT_VERSION
    workshop: str = Field(min_length=1, max_length=NAME_LIMIT)
    exported_at: datetime
    streams: list[BundleStream]
    checksum: str


MAX_BUNDLE_BYTES = 64 * 1024 * 1024


class _BundleJsonError(ValueError):
    """JSON that parses but that no export writes: repeated or blank keys, NaN or Infinity."""


def _strict_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        raise _BundleJsonError(f"the key {next(k for k in keys if keys.count(k) > 1)!r} is repeated in one object")
    if any(not key.strip() for key in keys):
        raise _BundleJsonError("an object has a blank key")
    return dict(pairs)


def _no_constant(name: str) -> Any:
    raise _BundleJsonError(f"{name} is not a number a bundle can hold")


def checksum(workshop: str, records: list[BundleStream]) -> str:
    """A digest of the content, so a truncated or hand-damaged bundle is refused, not half-loaded."""
    canonical = json.dumps(
        {"workshop": workshop, "streams": [r.model_dump(mode="json") for r in records]},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def parse_bundle(bundle: Mapping[str, Any] | str | Path) -> Bundle:
    """Validate a bundle completely (shape, checksum, versions, OKR sets) or raise StoreError."""
    label = str(bundle) if isinstance(bundle, Path) else "the bundle"
    fix = "export the workshop again on the machine it came from and copy the whole file"
    if isinstance(bundle, Path | str):
        try:
            if isinstance(bundle, Path) and bundle.stat().st_size > MAX_BUNDLE_BYTES:
                raise StoreError(
                    f"{label} is over {MAX_BUNDLE_BYTES // 1_000_000} MB; a workshop bundle is a few MB at most",
                    fix="check you picked a bundle written by 'okr-kit export'",
                )
            text = Path(bundle).read_text(encoding="utf-8") if isinstance(bundle, Path) else bundle
            data = json.loads(text, object_pairs_hook=_strict_object, parse_constant=_no_constant)
        except OSError as error:
            raise StoreError(f"cannot read {label}: {error.strerror}", fix="check the file path") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            where = f" at line {error.lineno}" if isinstance(error, json.JSONDecodeError) else ""
            raise StoreError(f"{label} is not valid JSON{where}", fix=fix) from None
        except _BundleJsonError as error:
            raise StoreError(f"{label} is not a workshop bundle: {error}", fix=fix) from None
        except RecursionError:
            raise StoreError(f"{label} is nested far too deeply to be a workshop bundle", fix=fix) from None
    else:
        data = dict(bundle)
    version = data.get("format_version") if isinstance(data, dict) else None
    if isinstance(version, int) and version > BUNDLE_FORMAT_VERSION:
        raise StoreError(
            f"{label} was exported by a newer okr-workshop-kit (bundle format {version})",
            fix="upgrade okr-workshop-kit on this machine, then import it again",
        )
    try:
        parsed = Bundle.model_validate(data)
    except ValidationError as error:
        raise StoreError(f"{label} is not a workshop bundle: {first_problem(error)}", fix=fix) from None
    if parsed.checksum != checksum(parsed.workshop, parsed.streams):
        raise StoreError(f"{label} is damaged: its content does not match its checksum", fix=fix)
    seen: set[tuple[str, str]] = set()
    for stream in parsed.streams:
        where = f"{stream.kind} {stream.key!r}"
        if (stream.kind, stream.key) in seen:
            raise StoreError(f"{label} holds {where} twice", fix=fix)
        seen.add((stream.kind, stream.key))
        numbers = [item.version for item in stream.versions]
        if numbers != list(range(1, len(numbers) + 1)):
            raise StoreError(f"{label}: the versions of {where} are not 1, 2, 3, ... in order", fix=fix)
        for item in stream.versions:
            if item.restored_from is not None and item.restored_from >= item.version:
                raise StoreError(f"{label}: {where} version {item.version} restores a later version", fix=fix)
            if stream.kind == OKR_SET_KIND:
                try:
                    OkrSet.model_validate(item.content)
                except ValidationError as error:
                    raise StoreError(
                        f"{label}: {where} version {item.version} is not a valid OKR set: {first_problem(error)}",
                        fix=fix,
                    ) from None
            secret = find_credential(item.content)
            if secret:
                raise StoreError(f"{label}: {where} holds a field named {secret!r}; refusing credentials", fix=fix)
    return parsed


def write_bundle(bundle: Mapping[str, Any], path: str | Path) -> Path:
    """Write an exported bundle as a JSON file, atomically, so a crash never leaves half a file."""
    target = Path(path)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    create_private(partial)  # a bundle holds every team's drafts: readable by its owner only
    partial.write_text(json.dumps(bundle, ensure_ascii=False, indent=1), encoding="utf-8")
    partial.replace(target)
    return target


def create_private(path: Path) -> None:
    """Create the file with owner-only permissions if it does not exist yet (SQLite's side files follow)."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
