"""Prompts as data: YAML files in prompts/ with a version, declared variables and a template.

A template names its variables as `{{ name }}`. A variable that is declared but not given, given but not
declared, or used but not declared is an error: a silently empty slot would send the coach a prompt
nobody wrote. The version of every prompt used is recorded with each answer and is part of the cache key.

User text is data, never instructions: `fence` puts it between tags the system prompt names, after
removing anything that could close the fence or start a new line of the draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from kit.coach.schema import MAX_QUESTIONS, MAX_REWRITES
from kit.errors import KitError
from kit.model import Finding, OkrSet
from kit.paths import data_dir

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_KEYS = {"name", "version", "description", "variables", "template"}
# The tags our prompts use to fence data; user text may not open or close any of them.
FENCE_TAGS = ("okr_draft", "rubric_findings")
_FENCE_BREAK = re.compile(r"<\s*/?\s*(?:" + "|".join(FENCE_TAGS) + r")\b(?:[^<>]*>)?", re.IGNORECASE)


class PromptError(KitError):
    """A prompt file that cannot be used as written, or a render call missing a variable."""


@dataclass(frozen=True)
class Prompt:
    name: str
    version: str
    variables: tuple[str, ...]
    template: str
    path: Path

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"

    def render(self, **values: str) -> str:
        missing = [v for v in self.variables if v not in values]
        extra = sorted(set(values) - set(self.variables))
        if missing or extra:
            problems = []
            if missing:
                problems.append(f"missing variable(s) {', '.join(missing)}")
            if extra:
                problems.append(f"undeclared variable(s) {', '.join(extra)}")
            raise PromptError(f"{self.path}: cannot render prompt '{self.name}': {'; '.join(problems)}")
        return _PLACEHOLDER.sub(lambda m: values[m.group(1)], self.template).strip() + "\n"


def load_prompt(path: Path) -> Prompt:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise PromptError(f"{path}: cannot be read as YAML ({type(error).__name__})") from None
    if not isinstance(data, dict):
        raise PromptError(f"{path}: expected keys {', '.join(sorted(_KEYS))}")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise PromptError(f"{path}: unknown key(s) {', '.join(unknown)}")
    for key in ("version", "template"):
        if not data.get(key):
            raise PromptError(f"{path}: '{key}' is required")
    variables = tuple(data.get("variables") or ())
    used = set(_PLACEHOLDER.findall(data["template"]))
    undeclared = sorted(used - set(variables))
    unused = sorted(set(variables) - used)
    if undeclared:
        raise PromptError(f"{path}: template uses undeclared variable(s) {', '.join(undeclared)}")
    if unused:
        raise PromptError(f"{path}: declared variable(s) {', '.join(unused)} never used in the template")
    return Prompt(
        name=str(data.get("name") or path.stem),
        version=str(data["version"]),
        variables=variables,
        template=str(data["template"]),
        path=path,
    )


@cache
def prompt(name: str, folder: Path | None = None) -> Prompt:
    """The prompt `prompts/<name>.yaml`, loaded once per process."""
    path = (folder or data_dir("prompts")) / f"{name}.yaml"
    if not path.is_file():
        raise PromptError(f"{path}: prompt file is missing; reinstall okr-workshop-kit")
    return load_prompt(path)


def fence(text: str) -> str:
    """User text made safe to place inside a fence: one line, no tag that could close or open a fence."""
    text = _FENCE_BREAK.sub("[tag removed]", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class ReviewRequest:
    """The messages for one review of one OKR set, and the prompt versions they were built from."""

    system: str
    user: str
    versions: tuple[str, ...]

    @property
    def messages(self) -> list[dict[str, str]]:
        return [{"role": "system", "content": self.system}, {"role": "user", "content": self.user}]


PROMPT_NAMES = ("system", "kr_review", "rewrite", "clinic_questions", "set_review")


def build_request(
    okr_set: OkrSet, findings: list[Finding], rule_ids: list[str], folder: Path | None = None
) -> ReviewRequest:
    """One request for the whole set: the fenced draft with ids, the rubric's findings, the instructions."""
    prompts = {name: prompt(name, folder) for name in PROMPT_NAMES}
    user = prompts["set_review"].render(
        draft=render_draft(okr_set),
        rubric_findings=render_findings(findings),
        kr_review=prompts["kr_review"].render(rule_ids=", ".join(rule_ids)),
        rewrite=prompts["rewrite"].render(max_rewrites=str(MAX_REWRITES)),
        clinic_questions=prompts["clinic_questions"].render(max_questions=str(MAX_QUESTIONS)),
    )
    return ReviewRequest(
        system=prompts["system"].render(),
        user=user,
        versions=tuple(p.label for p in prompts.values()),
    )


def render_draft(okr_set: OkrSet) -> str:
    lines = []
    header = [
        f"{label}: {fence(value)}"
        for label, value in (("Title", okr_set.title), ("Team", okr_set.team), ("Cycle", okr_set.cycle))
        if value
    ]
    if header:
        lines.append("; ".join(header))
    for oi, objective in enumerate(okr_set.objectives):
        lines.append(f"O{oi + 1}: {fence(objective.text)}")
        for ki, kr in enumerate(objective.key_results):
            details = [
                f"{label}: {fence(value)}" for label, value in (("owner", kr.owner), ("source", kr.source)) if value
            ]
            suffix = f" ({'; '.join(details)})" if details else ""
            lines.append(f"O{oi + 1}.KR{ki + 1}: {fence(kr.text)}{suffix}")
        for initiative in objective.initiatives:
            lines.append(f"O{oi + 1} initiative: {fence(initiative.text)}")
    return "\n".join(lines) or "(empty draft)"


def render_findings(findings: list[Finding]) -> str:
    lines = []
    for finding in findings:
        if finding.source != "rubric":
            continue
        if finding.objective_index is None:
            where = "set"
        elif finding.kr_index is None:
            where = f"O{finding.objective_index + 1}"
        else:
            where = f"O{finding.objective_index + 1}.KR{finding.kr_index + 1}"
        lines.append(f"{where} {finding.rule} ({finding.level.value}): {fence(finding.message)}")
    return "\n".join(lines) or "(none)"
