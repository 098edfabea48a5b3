"""Shared look and escaping for every widget: one place where user text meets HTML.

Every string that came from a person (OKR text, names, file names, coach output) goes
through `esc` before it is put in markup; ipywidgets' HTML widget renders markup as is.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kit.model import Finding, Level, Review
from kit.report.common import finding_evidence
from kit.rubric.gates import DRAFT

if TYPE_CHECKING:
    from kit.rubric.gates import GateVerdict

LEVEL_COLOURS: dict[str, str] = {
    Level.ERROR.value: "#c62828",
    Level.WARNING.value: "#b26a00",
    Level.INFO.value: "#1565c0",
}
GATE_COLOURS: dict[str, str] = {"green": "#2e7d32", "amber": "#b26a00", "red": "#c62828"}
OK_COLOUR = "#2e7d32"
MUTED = "#666"


def esc(text: object) -> str:
    """Escape anything for HTML text and attribute context."""
    return html.escape(str(text), quote=True)


def message_html(text: str, ok: bool) -> str:
    """The outcome of something the facilitator just did, green when it worked and red when not."""
    colour = OK_COLOUR if ok else LEVEL_COLOURS[Level.ERROR.value]
    return f'<div style="color:{colour};margin:4px 0">{esc(text)}</div>'


def pill(label: str, colour: str) -> str:
    return (
        f'<span style="background:{colour};color:#fff;border-radius:9px;padding:1px 8px;'
        f'font-size:0.85em;white-space:nowrap">{esc(label)}</span>'
    )


def finding_html(finding: Finding, *, show_suggestion: bool = True) -> str:
    """One finding as a coach would say it: level, message, the words that triggered it, the fix.

    The sentence leads; the rule id (for the CLI, JSON and rule files) waits under "details".
    Also renders the field findings of the intake and charter rubrics, which carry no rewrite.
    """
    colour = LEVEL_COLOURS[finding.level.value]
    source = " · coach" if finding.source == "coach" else ""
    parts = [
        f'<div class="okr-finding okr-{esc(finding.level.value)}" data-rule="{esc(finding.rule)}" '
        f'style="border-left:4px solid {colour};padding:2px 8px;margin:3px 0">',
        f"{pill(finding.level.value + source, colour)} {esc(finding.message)}",
    ]
    if finding.spans:
        words = finding_evidence(finding, lambda text: f"“{esc(text)}”")
        parts.append(f'<div style="color:{MUTED}">because of {words}</div>')
    if finding.hint:
        parts.append(f"<div><b>Fix:</b> {esc(finding.hint)}</div>")
    if finding.suggestion and show_suggestion:
        parts.append(f"<div><b>Try:</b> <i>{esc(finding.suggestion)}</i></div>")
    parts.append(
        f'<details class="okr-finding-details" style="color:{MUTED};font-size:0.85em"><summary>details</summary>'
        f"rule {esc(finding.rule)}</details></div>"
    )
    return "".join(parts)


def findings_html(findings: list[Finding]) -> str:
    """The findings about one place, each rewrite shape offered once however many rules suggest it."""
    seen: set[str] = set()
    parts = []
    for finding in findings:
        shape = (finding.suggestion or "").rpartition(": ")[2].strip().lower()
        parts.append(finding_html(finding, show_suggestion=bool(shape) and shape not in seen))
        seen.add(shape)
    return "".join(parts)


def summary_html(review: Review, verdict: GateVerdict | None = None) -> str:
    """The badge a room looks at: errors, warnings and whether the set passes the gate it is judged by.

    Without a verdict (or with the draft gate's) the badge judges the draft gate, no rubric errors; a
    sign-off verdict names the checks still open, so nobody mistakes one gate for the other.
    """
    errors, warnings = review.count(Level.ERROR), review.count(Level.WARNING)
    name = verdict.name if verdict is not None else DRAFT
    if not review.okr_set.objectives:
        gate = pill("nothing to check yet: write an objective", MUTED)
    elif verdict is None or name == DRAFT:
        passes = review.passes_gate if verdict is None else verdict.passes
        gate = (pill("passes the quality gate (draft: no errors)", OK_COLOUR) if passes
                else pill("does not pass the quality gate yet", LEVEL_COLOURS["error"]))
    elif verdict.passes:
        gate = pill(f"ready for {verdict.gate.label}", OK_COLOUR)
    else:
        checks = verdict.open_checks()
        gate = pill(f"not ready for {verdict.gate.label}: {_plural(len(checks), 'check')} open", LEVEL_COLOURS["error"])
        gate += f' <span class="okr-open-checks" style="color:{MUTED}">{esc(", ".join(checks))}</span>'
    error_pill = pill(_plural(errors, "error"), LEVEL_COLOURS["error"] if errors else MUTED)
    warning_pill = pill(_plural(warnings, "warning"), LEVEL_COLOURS["warning"] if warnings else MUTED)
    return (
        f'<div class="okr-summary" data-errors="{errors}" data-warnings="{warnings}" data-gate="{esc(name)}">'
        f"{error_pill} {warning_pill} {gate}</div>"
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def bar_html(label: str, value: int, maximum: int, colour: str) -> str:
    """A labelled horizontal bar; plain HTML so it looks the same in Lab, Voila and exports."""
    width = round(100 * value / maximum) if maximum else 0
    return (
        f'<div style="display:flex;align-items:center;gap:8px;margin:2px 0">'
        f'<div style="width:16em">{esc(label)}</div>'
        f'<div style="flex:1;max-width:240px;background:#eee;height:12px;border-radius:6px">'
        f'<div style="width:{width}%;background:{colour};height:12px;border-radius:6px"></div></div>'
        f"<div>{value} / {maximum}</div></div>"
    )


_FILE_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_file_name(text: str) -> str:
    """A file name made of the text's letters, digits, dots and dashes, with none at either end (may be empty)."""
    return _FILE_UNSAFE.sub("-", text).strip("-.")


def download_link(filename: str, content: str | bytes, mime: str) -> str:
    """A link that downloads `content`; a data URI, so it works in Voila where no file server is exposed."""
    import base64

    data = content.encode("utf-8") if isinstance(content, str) else content
    payload = base64.b64encode(data).decode("ascii")
    return (f'<a class="okr-download" download="{esc(filename)}" href="data:{esc(mime)};base64,{payload}">'
            f"⬇ Download {esc(filename)}</a>")


def table_html(css: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain table with every cell escaped; `css` names it for the page's style and the browser tests."""
    head = "".join(f"<th style='text-align:left;padding-right:12px'>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td style='padding-right:12px'>{esc(c)}</td>" for c in row) + "</tr>"
                   for row in rows)
    return f"<table class='{esc(css)}' data-rows='{len(rows)}'><tr>{head}</tr>{body}</table>"
