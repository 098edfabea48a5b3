"""What the text reader collects line by line, and how it becomes the set's objectives and key results.

Drafts stay mutable while later lines (owners, fields, continuations) still add to them; the
models are built once, at the end, so each KR is read and validated once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kit.errors import InputError
from kit.model import Initiative, KeyResult, Objective
from kit.parse.fields import key_result_from, number_and_unit, team_list
from kit.parse.lines import HAS_WORD


@dataclass(slots=True, eq=False)
class Draft:
    """What an objective and a KR being read have alike: text that continuation lines extend, the line it
    starts on, and an owner that a later line may still give."""

    text: str
    line: int
    owner: str | None = None


@dataclass(slots=True, eq=False)
class KeyResultDraft(Draft):
    source: str | None = None
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True, eq=False)
class ObjectiveDraft(Draft):
    contributes_to: str | None = None
    key_results: list[KeyResultDraft] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)
    collecting_initiatives: bool = False


def build_objectives(drafts: list[ObjectiveDraft], label: str | None) -> list[Objective]:
    """The objectives as models; a KR line without a word is dropped, an objective without text refused."""
    objectives: list[Objective] = []
    for draft in drafts:
        key_results = [build_key_result(kr) for kr in draft.key_results if HAS_WORD.search(kr.text)]
        if not draft.text:
            if key_results or draft.initiatives:
                raise InputError(
                    "this objective has no text",
                    path=label,
                    line=draft.line,
                    fix="Write the objective after its label, e.g. 'Objective: Make onboarding effortless'.",
                )
            continue
        objectives.append(
            Objective(
                text=draft.text,
                owner=draft.owner,
                contributes_to=draft.contributes_to,
                key_results=key_results,
                initiatives=draft.initiatives,
                line=draft.line,
            )
        )
    return objectives


def build_key_result(draft: KeyResultDraft) -> KeyResult:
    given: dict[str, object] = {"owner": draft.owner, "source": draft.source}
    if draft.fields:  # most KRs have no field lines of their own
        fields = draft.fields
        baseline = target = None
        unit = fields.get("unit")
        if "baseline" in fields:
            baseline, baseline_unit = number_and_unit(fields["baseline"])
            unit = unit or baseline_unit
        if "target" in fields:
            target, target_unit = number_and_unit(fields["target"])
            unit = unit or target_unit
        given.update(
            baseline=baseline, target=target, unit=unit, deadline=fields.get("deadline"), metric=fields.get("metric"),
            contributes_to=fields.get("contributes_to"), depends_on=team_list(fields.get("depends_on")),
        )
    return key_result_from(draft.text, draft.line, {name: value for name, value in given.items() if value is not None})
