"""The word lists the reading layer reads with, loaded from one YAML file and compiled once.

Every list a feature needs lives in `rubrics/vocabulary.yaml`, so a coach tunes what the rubric
notices without reading Python, and two rules can never disagree about what a sentence says.
A user's file layers over the house one key by key; a misspelt key is an error naming its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field, PrivateAttr, ValidationError, model_validator

from kit.errors import RubricError
from kit.model import FrozenModel
from kit.reading.words import compile_patterns, compile_words
from kit.yamlfile import line_for, read_yaml, validation_problem

_Words = list[str]


class Vocabulary(FrozenModel):
    """Named word lists and patterns; keys ending in `_patterns` are regular expressions."""

    # key results: the head word and what it acts on
    skip_at_start: _Words = Field(default_factory=list)
    activity_verbs: _Words = Field(default_factory=list)
    analysis_verbs: _Words = Field(default_factory=list)
    open_ended_verbs: _Words = Field(default_factory=list)
    change_verbs: _Words = Field(default_factory=list)
    acquisition_verbs: _Words = Field(default_factory=list)
    amount_verbs: _Words = Field(default_factory=list)
    artefact_verbs: _Words = Field(default_factory=list)
    outcome_verbs: _Words = Field(default_factory=list)
    done_states: _Words = Field(default_factory=list)
    output_nouns: _Words = Field(default_factory=list)
    staffing_words: _Words = Field(default_factory=list)
    staffing_patterns: _Words = Field(default_factory=list)
    outcome_nouns: _Words = Field(default_factory=list)
    artefact_nouns: _Words = Field(default_factory=list)
    activity_nouns: _Words = Field(default_factory=list)
    state_nouns: _Words = Field(default_factory=list)
    metric_nouns: _Words = Field(default_factory=list)
    noun_use_heads: _Words = Field(default_factory=list)
    metric_lead_patterns: _Words = Field(default_factory=list)
    open_ended_nouns: _Words = Field(default_factory=list)
    people_nouns: _Words = Field(default_factory=list)
    internal_practice_verbs: _Words = Field(default_factory=list)
    outcome_patterns: _Words = Field(default_factory=list)
    outcome_clause_patterns: _Words = Field(default_factory=list)
    completion_patterns: _Words = Field(default_factory=list)
    coverage_patterns: _Words = Field(default_factory=list)
    capability_patterns: _Words = Field(default_factory=list)
    made_so_patterns: _Words = Field(default_factory=list)
    # key results: how sure the end state is
    fuzzy_words: _Words = Field(default_factory=list)
    fuzzy_patterns: _Words = Field(default_factory=list)
    qualifier_words: _Words = Field(default_factory=list)
    pointer_patterns: _Words = Field(default_factory=list)
    purpose_patterns: _Words = Field(default_factory=list)
    means_patterns: _Words = Field(default_factory=list)
    # objectives
    objective_skip_at_start: _Words = Field(default_factory=list)
    project_verbs: _Words = Field(default_factory=list)
    not_project_after_patterns: _Words = Field(default_factory=list)
    project_nouns: _Words = Field(default_factory=list)
    code_name_nouns: _Words = Field(default_factory=list)
    objective_done_states: _Words = Field(default_factory=list)
    objective_metric_words: _Words = Field(default_factory=list)
    objective_metric_patterns: _Words = Field(default_factory=list)
    # KPIs, owners, sources
    keep_words: _Words = Field(default_factory=list)
    owner_patterns: _Words = Field(default_factory=list)
    source_patterns: _Words = Field(default_factory=list)

    _compiled: dict[str, re.Pattern[str] | None] = PrivateAttr(default_factory=dict)
    _readings: dict[str, dict[str, Any]] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _compile_all(self) -> Vocabulary:
        """Regular expressions compile now, so a bad one is refused when the file loads; word lists, which
        cannot be malformed, compile when a sentence first needs them (most of a CLI run's start-up)."""
        for name, value in self:
            if name.endswith("patterns"):
                self._compiled[name] = compile_patterns(value)
        return self

    def pattern(self, name: str) -> re.Pattern[str] | None:
        """The compiled list, matched against folded (lower-cased, same length) text."""
        compiled: dict[str, re.Pattern[str] | None] = self.__pydantic_private__["_compiled"]  # type: ignore[index]
        try:
            return compiled[name]
        except KeyError:
            found = compiled[name] = compile_words(getattr(self, name))
            return found

    def readings(self, kind: str) -> dict[str, Any]:
        """This vocabulary's cache of readings of one kind, by sentence: a reading depends on nothing else."""
        caches: dict[str, dict[str, Any]] = self.__pydantic_private__["_readings"]  # type: ignore[index]
        return caches.setdefault(kind, {})


def _read(path: Path) -> tuple[dict[str, Any], dict[tuple[Any, ...], int]]:
    located = read_yaml(path)
    if located.data is None:
        return {}, located.lines
    if not isinstance(located.data, dict):
        raise RubricError("a vocabulary file must be a mapping of list names to lists", path=str(path), line=1)
    return located.data, located.lines


def build_vocabulary(paths: Iterable[Path]) -> Vocabulary:
    """Layer vocabulary files in order: a later file's list replaces the earlier one of the same name,
    and the lists under its `extend:` key add to them ("extend: {fuzzy_words: [snappy]}")."""
    merged: dict[str, Any] = {}
    where: dict[str, tuple[Path, int | None]] = {}
    for path in paths:
        data, lines = _read(path)
        additions = data.pop("extend", None) or {}
        if not isinstance(additions, dict):
            raise RubricError("'extend' takes a mapping of list names to lists", path=str(path),
                              line=line_for(lines, ("extend",)))
        for key, value in data.items():
            merged[key] = value
            where[str(key)] = (path, line_for(lines, (key,)))
        for key, value in additions.items():
            known = merged.get(key) or []
            merged[key] = [*known, *value] if isinstance(value, list) and isinstance(known, list) else value
            where[str(key)] = (path, line_for(lines, ("extend", key)))
    try:
        return Vocabulary.model_validate(merged)
    except ValidationError as exc:
        loc, problem = validation_problem(exc)
        path, line = where.get(str(loc[0]) if loc else "", (next(iter(where.values()), (Path("?"), None))))
        raise RubricError(
            f"vocabulary {problem}", path=str(path), line=line,
            fix=f"Known lists: {', '.join(Vocabulary.model_fields)}; each is a list of words or patterns.",
        ) from None
    except re.error as exc:
        raise RubricError(f"vocabulary: bad pattern ({exc})", path=str(next(iter(where.values()))[0])) from None


@lru_cache(maxsize=16)
def load_vocabulary(paths: tuple[Path, ...], stamp: tuple[object, ...] = ()) -> Vocabulary:
    """Built once per set of files (and their versions): patterns compile here, not per sentence."""
    return build_vocabulary(paths)
