"""Before and after of two OKR sets, objective by objective and KR by KR: data and text, no markup."""

from __future__ import annotations

import difflib
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, Field

from kit.model import FrozenModel, KeyResult, Objective, OkrSet

Change = Literal["unchanged", "changed", "added", "removed"]

_KR_FIELDS = ("metric", "baseline", "target", "unit", "direction", "deadline", "owner", "source", "scoring")


class FieldChange(FrozenModel):
    field: str
    before: str | None
    after: str | None


class KrDiff(FrozenModel):
    change: Change
    before: KeyResult | None
    after: KeyResult | None
    fields: list[FieldChange] = Field(default_factory=list)


class ObjectiveDiff(FrozenModel):
    change: Change
    before: Objective | None
    after: Objective | None
    fields: list[FieldChange] = Field(default_factory=list)
    key_results: list[KrDiff] = Field(default_factory=list)
    initiatives_added: list[str] = Field(default_factory=list)
    initiatives_removed: list[str] = Field(default_factory=list)


class SetDiff(FrozenModel):
    """Before and after of a rewrite, objective by objective and KR by KR."""

    before_label: str
    after_label: str
    fields: list[FieldChange] = Field(default_factory=list)
    objectives: list[ObjectiveDiff] = Field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.fields) or any(o.change != "unchanged" for o in self.objectives)

    def to_text(self) -> str:
        lines = [f"--- {self.before_label}", f"+++ {self.after_label}"]
        lines += [f"  {c.field}: {c.before or '-'} -> {c.after or '-'}" for c in self.fields]
        for number, objective in enumerate(self.objectives, start=1):
            lines += _objective_lines(number, objective)
        if not self.changed:
            lines.append("  (no changes)")
        return "\n".join(lines) + "\n"


_MARK = {"unchanged": " ", "changed": "~", "added": "+", "removed": "-"}


def _objective_lines(number: int, objective: ObjectiveDiff) -> list[str]:
    lines = [f"{_MARK[objective.change]} Objective {number} ({objective.change})"]
    lines += _pair_lines("    ", objective.before, objective.after, objective.change)
    lines += [f"    {c.field}: {c.before or '-'} -> {c.after or '-'}" for c in objective.fields]
    for kr in objective.key_results:
        if kr.change == "unchanged":
            continue
        lines.append(f"  {_MARK[kr.change]} KR ({kr.change})")
        lines += _pair_lines("      ", kr.before, kr.after, kr.change)
        lines += [f"      {c.field}: {c.before or '-'} -> {c.after or '-'}" for c in kr.fields]
    lines += [f"    + initiative: {text}" for text in objective.initiatives_added]
    lines += [f"    - initiative: {text}" for text in objective.initiatives_removed]
    return lines


def _pair_lines(indent: str, before: Any, after: Any, change: Change) -> list[str]:
    if before is not None and after is not None and before.text == after.text:
        return [f"{indent}  {after.text}"]
    lines = [f"{indent}- {before.text}"] if before is not None else []
    return lines + ([f"{indent}+ {after.text}"] if after is not None else [])


def _shown(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _field_changes(before: BaseModel, after: BaseModel, names: tuple[str, ...]) -> list[FieldChange]:
    changes = []
    for name in names:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            changes.append(FieldChange(field=name, before=_shown(old), after=_shown(new)))
    return changes


_Item = TypeVar("_Item", Objective, KeyResult)


def _align(before: list[_Item], after: list[_Item]) -> list[tuple[_Item | None, _Item | None]]:
    """Pair items by their texts; items rewritten in place pair by position within the rewritten block."""
    matcher = difflib.SequenceMatcher(a=[i.text for i in before], b=[i.text for i in after], autojunk=False)
    pairs: list[tuple[_Item | None, _Item | None]] = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal" or tag == "replace":
            common = min(a1 - a0, b1 - b0)
            pairs += [(before[a0 + i], after[b0 + i]) for i in range(common)]
            pairs += [(before[i], None) for i in range(a0 + common, a1)]
            pairs += [(None, after[i]) for i in range(b0 + common, b1)]
        elif tag == "delete":
            pairs += [(before[i], None) for i in range(a0, a1)]
        else:
            pairs += [(None, after[i]) for i in range(b0, b1)]
    return pairs


def _change(before: Any, after: Any, differs: bool) -> Change:
    if before is None:
        return "added"
    if after is None:
        return "removed"
    return "changed" if differs else "unchanged"


def _kr_diff(before: KeyResult | None, after: KeyResult | None) -> KrDiff:
    fields = _field_changes(before, after, _KR_FIELDS) if before and after else []
    differs = bool(fields) or (before is not None and after is not None and before.text != after.text)
    return KrDiff(change=_change(before, after, differs), before=before, after=after, fields=fields)


def _objective_diff(before: Objective | None, after: Objective | None) -> ObjectiveDiff:
    krs = [_kr_diff(b, a) for b, a in _align(before.key_results if before else [], after.key_results if after else [])]
    fields = _field_changes(before, after, ("owner",)) if before and after else []
    old_initiatives = [i.text for i in before.initiatives] if before else []
    new_initiatives = [i.text for i in after.initiatives] if after else []
    added = [t for t in new_initiatives if t not in old_initiatives]
    removed = [t for t in old_initiatives if t not in new_initiatives]
    differs = (
        bool(fields or added or removed)
        or any(k.change != "unchanged" for k in krs)
        or (before is not None and after is not None and before.text != after.text)
    )
    return ObjectiveDiff(
        change=_change(before, after, differs),
        before=before,
        after=after,
        fields=fields,
        key_results=krs,
        initiatives_added=added,
        initiatives_removed=removed,
    )


def diff_sets(before: OkrSet, after: OkrSet, *, before_label: str = "before", after_label: str = "after") -> SetDiff:
    """Structured before/after of two OKR sets (also usable on drafts that were never saved)."""
    return SetDiff(
        before_label=before_label,
        after_label=after_label,
        fields=_field_changes(before, after, ("title", "team", "cycle")),
        objectives=[_objective_diff(b, a) for b, a in _align(before.objectives, after.objectives)],
    )
