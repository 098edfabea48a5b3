"""A before-and-after of two OKR sets as HTML, every piece of user text escaped: drafts are untrusted input."""

from __future__ import annotations

from typing import Any

from kit.store import SetDiff
from kit.store.versions import Change, FieldChange
from kit.widgets.style import esc


def diff_html(diff: SetDiff) -> str:
    parts = [
        '<div class="okr-diff">',
        f"<p><del>{esc(diff.before_label)}</del> &rarr; <ins>{esc(diff.after_label)}</ins></p>",
    ]
    parts += [_field_html(change) for change in diff.fields]
    for number, objective in enumerate(diff.objectives, start=1):
        parts.append(f'<div class="okr-diff-objective okr-diff-{objective.change}">')
        parts.append(f"<h4>Objective {number} ({objective.change})</h4>")
        parts.append(_text_pair_html(objective.before, objective.after, objective.change))
        parts += [_field_html(change) for change in objective.fields]
        if objective.key_results:
            parts.append("<ul>")
            for kr in objective.key_results:
                parts.append(f'<li class="okr-diff-{kr.change}">')
                parts.append(_text_pair_html(kr.before, kr.after, kr.change))
                parts += [_field_html(change) for change in kr.fields]
                parts.append("</li>")
            parts.append("</ul>")
        parts += [f"<p>Initiative added: <ins>{esc(text)}</ins></p>" for text in objective.initiatives_added]
        parts += [f"<p>Initiative removed: <del>{esc(text)}</del></p>" for text in objective.initiatives_removed]
        parts.append("</div>")
    if not diff.changed:
        parts.append("<p>No changes.</p>")
    parts.append("</div>")
    return "\n".join(parts)


def _text_pair_html(before: Any, after: Any, change: Change) -> str:
    if before is not None and after is not None and before.text == after.text:
        return f"<p>{esc(after.text)}</p>"
    out = []
    if before is not None:
        out.append(f"<p>Before: <del>{esc(before.text)}</del></p>")
    if after is not None:
        out.append(f"<p>After: <ins>{esc(after.text)}</ins></p>")
    return "".join(out)


def _field_html(change: FieldChange) -> str:
    return (
        f'<p class="okr-diff-field">{esc(change.field)}: '
        f"<del>{esc(change.before or '-')}</del> &rarr; <ins>{esc(change.after or '-')}</ins></p>"
    )
