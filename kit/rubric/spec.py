"""A rule file's shape: what a rubric file and each rule in it may say, validated strictly.

Mistakes a coach makes in a rule file (an unknown key, a misspelt level) are refused with the file
and line by kit.rubric.loading, which reads files in this shape.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from pydantic import Field

from kit.model import FrozenModel, Level
from kit.rubric.gates import Gate


class Examples(FrozenModel):
    bad: list[str] = Field(default_factory=list)
    good: list[str] = Field(default_factory=list)


class RuleSpec(FrozenModel):
    """One rule as written in a rubric file."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    level: Level
    scope: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    message: str
    why: str = ""
    hint: str = ""
    suggestion: str | None = None
    examples: Examples = Field(default_factory=Examples)
    when: Any = None
    detector: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    enabled: bool = True
    exclusive: bool = False  # when it fires, the other rules of its scope are not run for that subject


class RubricFile(FrozenModel):
    rubric: str = "okr"
    description: str = ""
    vocabulary: str | None = None
    gates: dict[str, Gate] = Field(default_factory=dict)
    rules: list[dict[str, Any]] = Field(default_factory=list)


class RuleFile(NamedTuple):
    """One rule file as read: its rubric name, raw rules with their lines, vocabulary and gates."""

    name: str
    rules: list[tuple[dict[str, Any], int | None]]
    vocabulary: Path | None
    gates: dict[str, tuple[Gate, int | None]]
