"""Where the kit's data folders live, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """`rubrics`, `content`, `prompts` or `notebooks`: inside the wheel, or beside the package in a checkout."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the kit's {name}/ folder is missing; reinstall okr-workshop-kit")
