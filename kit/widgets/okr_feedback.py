"""What the drafting editor says about a draft, apart from the rubric's own findings: readiness of each KR,
baseline coverage with first-weeks actions, and what an import read or could not read."""

from __future__ import annotations

from kit.definition.readiness import BASELINE_RULE, baseline_coverage
from kit.errors import InputError, KitError
from kit.model import Finding, OkrSet, Review
from kit.widgets.style import GATE_COLOURS, LEVEL_COLOURS, MUTED, esc, findings_html, pill

KR_SHAPE = "Verb + metric from X to Y by date"
TASK_RULE = "kr-task-list"


def kr_feedback_html(text: str, findings: list[Finding]) -> str:
    """Under one KR: how to write it while empty, whether it is ready to be scored, then its findings."""
    if not text.strip():
        return f"<div style='color:{MUTED}'>Write it as: <i>{esc(KR_SHAPE)}</i></div>"
    parts = []
    if any(f.rule == TASK_RULE for f in findings):
        parts.append(
            f'<div class="okr-not-ready">{pill("not ready", LEVEL_COLOURS["warning"])} '
            "This is work to do, not a result. First-weeks action: <b>name the result it should "
            "change</b>, then measure where that result stands today.</div>"
        )
    elif any(f.rule == BASELINE_RULE for f in findings):
        parts.append(
            f'<div class="okr-not-ready">{pill("not ready", LEVEL_COLOURS["warning"])} '
            "No known starting value. First-weeks action: <b>measure the baseline</b> "
            "before this KR is scored; do not guess a number.</div>"
        )
    elif not findings:
        parts.append(f'<div class="okr-kr-ok">{pill("looks good", GATE_COLOURS["green"])}</div>')
    return "".join(parts) + findings_html(findings)


def baseline_html(review: Review) -> str:
    """How many KRs have a known starting value, against the pilot's bar, and the first-weeks actions."""
    coverage = baseline_coverage(review)
    if not coverage.total:
        return ""
    colour = GATE_COLOURS["green"] if coverage.meets_pilot_entry else GATE_COLOURS["amber"]
    tasks = {(f.objective_index, f.kr_index) for f in review.findings if f.rule == TASK_RULE}
    actions = "".join(
        f"<li>{'Name the result that KR ' if (oi, ki) in tasks else 'Measure the baseline of KR '}"
        f"{oi + 1}.{ki + 1}{' should change, then measure it' if (oi, ki) in tasks else ''}: "
        f"“{esc(review.okr_set.objectives[oi].key_results[ki].text)}”</li>"
        for oi, ki in coverage.missing
    )
    first_weeks = f"<div>First-weeks actions:<ul class='okr-first-weeks'>{actions}</ul></div>" if actions else ""
    return (
        f'<div class="okr-baselines" style="margin-top:4px">'
        f'<span style="color:{colour}">Baselines known for {coverage.known} of {coverage.total} KRs '
        f"({_share(coverage.known, coverage.total)}); a pilot should start with at least "
        f"{coverage.required_share:.0%} of them "
        f"known.</span>{first_weeks}</div>"
    )


def _share(part: int, whole: int) -> str:
    """A whole percentage that reads 100% only when all are known, and 0% only when none are."""
    share = 100 * part // whole
    return f"{max(share, 1) if part else 0}%"


def pasted_error(error: KitError) -> str:
    """A problem in pasted text, located by line only: the paste has no file name to show."""
    if isinstance(error, InputError) and not error.path:
        where = f"line {error.line}: " if error.line is not None else ""
        return f"{where}{error.problem}. {error.fix}" if error.fix else f"{where}{error.problem}"
    return str(error)


def import_report(lead: str, okr_set: OkrSet) -> str:
    """What an import read, and, where it could not place lines, which ones: never a silent cut."""
    counts = f"{len(okr_set.objectives)} objective(s) and {len(okr_set.key_results())} key result(s)"
    unread = [item for item in okr_set.unread_lines if not item.struck]
    struck = [item for item in okr_set.unread_lines if item.struck]
    crossed = (
        f"<div class='okr-import-struck' style='color:{MUTED}'>{len(struck)} crossed-out line(s) left out: "
        + "; ".join(f"line {item.line}: <s>{esc(item.text)}</s>" for item in struck) + "</div>"
        if struck else ""
    )
    if not unread:
        return f"<span style='color:{GATE_COLOURS['green']}'>{lead} {counts}.</span>{crossed}"
    lines = "".join(f"<li>line {item.line}: {esc(item.text)}</li>" for item in unread)
    return (
        f"<div class='okr-import-unread' style='color:{LEVEL_COLOURS['error']}'>{lead} {counts}, but "
        f"<b>{len(unread)} line(s) were not read</b> and are not in the draft below:<ul>{lines}</ul>"
        "Add them below by hand, or label them (\"Objective:\", \"KR:\") and import again.</div>" + crossed
    )
