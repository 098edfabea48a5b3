"""The artefact library a Community of Practice hands to managers.

The CoP playbook's test for an artefact: a manager can pick it up and use it in next week's cycle
without a workshop. The KR quality checklist is generated from the live rubric, so the checklist
a peer reviewer holds and the findings the kit shows can never drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from kit.report.common import markdown_table

CHECKLIST_SCOPES = (
    ("objective", "Objective"),
    ("key_result", "Each key result"),
    ("set", "The whole set"),
)


class Artefact(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: str
    title: str
    purpose: str
    body: str

    def to_markdown(self) -> str:
        return f"## {self.title}\n\n_{self.purpose}_\n\n{self.body.strip()}\n"


class ChecklistItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    rule: str
    level: str
    scope: str
    check: str
    why: str = ""


def _rule_item(rule: Any) -> ChecklistItem:
    """Engine rules carry their YAML in `.spec`; anything with the same attributes works too."""
    spec = getattr(rule, "spec", rule)
    level = getattr(spec, "level", "")
    message = str(getattr(spec, "message", "")).rstrip(".")
    hint = str(getattr(spec, "hint", "") or "").strip()
    return ChecklistItem(
        rule=str(spec.id),
        level=str(getattr(level, "value", level)),
        scope=str(getattr(spec, "scope", "")),
        check=f"Not: {message}." + (f" {hint}" if hint else ""),
        why=str(getattr(spec, "why", "") or "").strip(),
    )


def kr_checklist(rules: Iterable[Any] | None = None) -> list[ChecklistItem]:
    """One checklist line per OKR rule of the live rubric (errors first), scoped objective/KR/set."""
    if rules is None:
        from kit.rubric import load_rubric

        rules = load_rubric().rules
    order = {"error": 0, "warning": 1, "info": 2}
    scopes = {scope for scope, _ in CHECKLIST_SCOPES}
    items = [_rule_item(r) for r in rules]
    items = [i for i in items if i.scope in scopes]
    return sorted(items, key=lambda i: ([s for s, _ in CHECKLIST_SCOPES].index(i.scope), order.get(i.level, 3)))


def kr_checklist_markdown(rules: Iterable[Any] | None = None) -> str:
    items = kr_checklist(rules)
    lines: list[str] = []
    for scope, heading in CHECKLIST_SCOPES:
        scoped = [i for i in items if i.scope == scope]
        if not scoped:
            continue
        lines += [f"**{heading}**", ""]
        lines += [f"- [ ] {i.check} _({i.level}, `{i.rule}`)_" for i in scoped]
        lines.append("")
    return "\n".join(lines) or "_The rubric has no OKR rules loaded._\n"


WEEKLY_CHECK_IN = """
Post the update before the meeting (five to seven lines per KR); the meeting is for decisions.

**Before the meeting - per key result**

| Line | What to write |
|---|---|
| Metric | Baseline, latest actual, target |
| Score and RAG | Score on the agreed scale; red, amber or green |
| Insight | One thing the data tells us this week |
| Next action | One action, or the change to the bet |
| Help needed | Who, what, by when - or "none" |

**In the meeting (30 minutes)**

1. What changed since last week? (only movement, no status reading)
2. What is at risk, and what does the confidence (1-5) say?
3. What decision is needed, and who makes it - today?
4. Who acts next, by when?
5. What is escalated, to whom, by when?

**Close:** record each decision and owner in the decision log before leaving.
"""


def _table(headers: list[str], rows: list[list[str]]) -> str:
    return "\n".join(markdown_table(headers, rows))


DEPENDENCY_COLUMNS = [
    "#",
    "Needed (what, from whom)",
    "KR it blocks",
    "Needed by",
    "Requesting owner",
    "Providing owner",
    "Status",
    "Escalate on",
    "Decision / outcome",
]
DEPENDENCY_LOG = f"""
One row per thing a team needs from another team to move a key result. Every row has an owner
on both sides within 48 hours of being logged.

{_table(DEPENDENCY_COLUMNS, [["1", "", "", "", "", "", "open", "", ""]])}

**Rules**

- Review open rows in every weekly check-in of both teams.
- A cross-team blocker unresolved after one week goes to the monthly review, or to an ad hoc
  sponsor huddle within 72 hours when the next review is too far off to wait for.
- Close a row only with the decision written down (done, re-scoped, or dropped and by whom).
"""

DECISION_RULES = """
Agreed in advance so that mid-quarter changes are decisions, not arguments.

1. **Nothing starts without something stopping.** A new priority enters only with the named work
   it displaces and the owner who agreed to drop it.
2. **Initiatives move, KRs stay.** Re-order or stop initiatives as evidence arrives; change a
   key result mid-cycle only through governance (programme lead proposes, sponsor approves).
3. **Red twice means a huddle.** A KR red for two consecutive weeks gets a problem-solving
   huddle within 48 hours; the objective owner then decides: change the bet or ask for help.
4. **Confidence drops early.** When confidence falls to 2 or below, the owner says so in the
   next check-in, not at quarter end.
5. **Blockers have a clock.** A cross-team blocker older than a week is escalated, with the
   trade-off that needs deciding written as one sentence.
6. **Write it down.** Every reprioritisation is logged with date, reason, owner and what stopped.
"""

OBJECTIVE_PAIRS = [
    [
        "Deliver the CRM migration project",
        "A project label: it can be done without anything improving",
        "Make account history trustworthy for every sales conversation",
    ],
    [
        "Improve collaboration with operations",
        "A mood; no one can tell when it is achieved",
        "Get new customers live without waiting on hand-offs",
    ],
    [
        "Increase NPS to 45",
        "A number belongs in a key result, not the objective",
        "Win back the trust of our largest accounts",
    ],
    [
        "Be best in class in everything",
        "Not a choice: nothing is deprioritised by it",
        "Become the fastest way for a small shop to take its first online order",
    ],
]
OBJECTIVE_EXAMPLES = f"""
{_table(["Weak", "Why it is weak", "Strong"], OBJECTIVE_PAIRS)}

**A strong objective** is one memorable sentence about a change in state, with no numbers, that
helps a team say no to work that does not serve it.
"""

MANAGER_ONBOARDING = """
For a manager entering the OKR cycle this quarter. One page; read it in two minutes.

**What you own**

- Your team's 1-3 objectives and 2-4 key results each, written with the team.
- A KR owner for every key result, a baseline and a source of truth before week two.
- A weekly check-in that ends with decisions (use the check-in template).

**Your first two weeks**

1. Review your draft against the KR quality checklist; fix every error-level item.
2. Measure any missing baseline - "measure the baseline" is a legitimate first action.
3. Log the dependencies you already know in the dependency log, with an owner on each side.
4. Bring one live issue to the next peer clinic: the process affected, its execution impact,
   and the decision you need.

**When things go wrong**

- Use the decision rules for reprioritisation; do not edit KRs quietly.
- Escalate a cross-team blocker after a week, with the trade-off written as one sentence.
- Say early when confidence drops. An honest amber is worth more than a surprise red.
"""


def library(rules: Iterable[Any] | None = None) -> list[Artefact]:
    """The six artefacts, the checklist rendered from `rules` (the live rubric when None)."""
    return [
        Artefact(
            key="kr-quality-checklist",
            title="KR quality checklist",
            purpose="Hold it beside any draft; generated from the rubric the kit uses to review OKRs.",
            body=kr_checklist_markdown(rules),
        ),
        Artefact(
            key="weekly-check-in",
            title="Weekly check-in template",
            purpose="Turns the weekly meeting from status reading into decisions.",
            body=WEEKLY_CHECK_IN,
        ),
        Artefact(
            key="dependency-log",
            title="Cross-team dependency log",
            purpose="Makes every dependency visible, owned on both sides, and escalated on a clock.",
            body=DEPENDENCY_LOG,
        ),
        Artefact(
            key="reprioritisation-rules",
            title="Decision rules for mid-quarter reprioritisation",
            purpose="Agreed before the pressure arrives, so changes are decisions with owners.",
            body=DECISION_RULES,
        ),
        Artefact(
            key="objective-examples",
            title="Strong and weak objective statements",
            purpose="Calibrates what good looks like across teams.",
            body=OBJECTIVE_EXAMPLES,
        ),
        Artefact(
            key="manager-onboarding",
            title="Manager onboarding page",
            purpose="Gets a new manager through their first OKR cycle without a workshop.",
            body=MANAGER_ONBOARDING,
        ),
    ]


def library_markdown(rules: Iterable[Any] | None = None, keys: Iterable[str] | None = None) -> str:
    chosen = set(keys) if keys is not None else None
    parts = ["# OKR Community of Practice - artefact library", ""]
    parts += [a.to_markdown() for a in library(rules) if chosen is None or a.key in chosen]
    return "\n".join(parts)


def export_library(folder: str | Path, rules: Iterable[Any] | None = None) -> list[Path]:
    """One Markdown file per artefact, so each can be shared or edited on its own."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for artefact in library(rules):
        path = target / f"{artefact.key}.md"
        path.write_text(f"# {artefact.title}\n\n_{artefact.purpose}_\n\n{artefact.body.strip()}\n", encoding="utf-8")
        written.append(path)
    return written
