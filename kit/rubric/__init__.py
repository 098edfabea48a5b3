"""Rules as data (rubrics/*.yaml) plus small named detectors.

Contract: `load_rubric(extra=None) -> Rubric` (cached: reviewing while typing must be instant);
`Rubric.check(okr_set) -> list[Finding]`; `Rubric.check_record(scope, fields)` for rubrics about
other things (clinic cases, charters) that reuse the engine; `Rubric.rules` for docs.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kit.errors import RubricError
from kit.paths import data_dir
from kit.rubric.engine import Rubric, Rule
from kit.rubric.loading import build_rubric
from kit.rubric.spec import RuleSpec

__all__ = ["Rubric", "RubricError", "Rule", "RuleSpec", "house_rules_path", "load_rubric", "load_rule_files"]


@lru_cache(maxsize=8)
def house_rules_path(name: str = "okr") -> Path:
    return data_dir("rubrics") / f"{name}.yaml"


def load_rubric(extra: str | Path | None = None) -> Rubric:
    """The house OKR rules, with `extra` (a user's rule file) layered over them by rule id."""
    base = house_rules_path()
    if extra is None:
        return _load((base,), ())
    path = Path(extra).resolve()
    if not path.is_file():
        raise RubricError("rubric file not found", path=str(extra), fix="Check the path given with --rubric.")
    stat = path.stat()
    return _load((base, path), (stat.st_mtime_ns, stat.st_size))


def load_rule_files(*paths: str | Path) -> Rubric:
    """A rubric from any rule files (e.g. `rubrics/intake.yaml`), layered in order, cached like the house one."""
    resolved = tuple(Path(p).resolve() for p in paths)
    stamp = tuple((p.stat().st_mtime_ns, p.stat().st_size) for p in resolved if p.is_file())
    return _load(resolved, stamp)


@lru_cache(maxsize=32)
def _load(paths: tuple[Path, ...], stamp: tuple[object, ...]) -> Rubric:
    """Built once per set of files (and file version for user files): patterns compile here, not per KR."""
    return build_rubric(paths)
