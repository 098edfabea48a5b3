"""The one-page CoP charter: an operating agreement, checked by rubrics/charter.yaml.

The CoP playbook: the charter names the execution problem the community exists to fix, who it
covers, what it must produce, its weekly/monthly/quarterly forums, its escalation path, one hard
participation rule, and the sponsor, facilitator and members. It fits on one page.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kit.cop.intake import check_fields, inline_md
from kit.errors import InputError
from kit.model import Finding, Level
from kit.paths import data_dir
from kit.rubric import load_rule_files


class Cadence(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    weekly: str = Field(default="", description="Working session: live cases, rewritten KRs, resolved dependencies.")
    monthly: str = Field(default="", description="Pattern review across teams, turned into standards.")
    quarterly: str = Field(default="", description="Reset: adopted vs dead artefacts, the next problem.")


class Charter(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    name: str = ""
    mandate: str = ""
    scope: str = ""
    outputs: list[str] = Field(default_factory=list)
    cadence: Cadence = Field(default_factory=Cadence)
    escalation_path: str = ""
    participation_rule: str = ""
    sponsor: str = ""
    facilitator: str = ""
    members: list[str] = Field(default_factory=list)

    def field_values(self) -> dict[str, str]:
        """The named text fields the charter rules read."""
        return {
            "name": self.name,
            "mandate": self.mandate,
            "scope": self.scope,
            "outputs": "; ".join(o for o in self.outputs if o.strip()),
            "cadence_weekly": self.cadence.weekly,
            "cadence_monthly": self.cadence.monthly,
            "cadence_quarterly": self.cadence.quarterly,
            "escalation_path": self.escalation_path,
            "participation_rule": self.participation_rule,
            "sponsor": self.sponsor,
            "facilitator": self.facilitator,
            "members": ", ".join(m for m in self.members if m.strip()),
        }

    @classmethod
    def from_text(cls, text: str) -> Charter:
        """Read "Label: value" lines (lists split on ';' or given as '- ' lines under the label)."""
        values: dict[str, list[str]] = {}
        current: str | None = None
        for raw in text.splitlines():
            match = _LABEL_LINE.match(raw)
            label = match.group(1).strip().lower() if match else ""
            if match and label in _LABELS:
                current = _LABELS[label]
                values.setdefault(current, [])
                if match.group(2).strip():
                    values[current].append(match.group(2).strip())
            elif raw.strip() and current:
                values[current].append(raw.strip())
        data: dict[str, Any] = {"cadence": {}}
        for name, parts in values.items():
            if name in LIST_FIELDS:
                items = [item.strip() for part in parts for item in _SPLIT[name].split(part.lstrip("-* "))]
                data[name] = [item for item in items if item]
            elif name.startswith("cadence_"):
                data["cadence"][name.removeprefix("cadence_")] = " ".join(parts)
            else:
                data[name] = " ".join(parts)
        return cls.model_validate(data)

    @classmethod
    def load(cls, path: str | Path) -> Charter:
        """A charter saved as YAML or JSON (the model's own shape) or as labelled text."""
        source = Path(path)
        try:
            text = source.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError("charter file not found", path=str(source)) from None
        except UnicodeDecodeError:
            raise InputError("not a text file", path=str(source), fix="Save the charter as UTF-8 text.") from None
        if source.suffix.lower() not in {".yaml", ".yml", ".json"}:
            return cls.from_text(text)
        try:
            data = yaml.safe_load(text)
            return cls.model_validate(data or {})
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise InputError("not valid YAML", path=str(source), line=mark.line + 1 if mark else None) from None
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise InputError(
                f"{where}: {first['msg']}",
                path=str(source),
                fix="Allowed keys: " + ", ".join(cls.model_fields) + ".",
            ) from None

    def save(self, path: str | Path) -> Path:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(target.suffix + ".tmp")
        tmp.write_text(yaml.safe_dump(self.model_dump(), sort_keys=False, allow_unicode=True), encoding="utf-8")
        tmp.replace(target)  # never a half-written charter
        return target

    def sections(self) -> list[tuple[str, str | list[str]]]:
        """The charter in reading order, as (heading, text or list) pairs every export shares."""
        return [
            ("Mandate", self.mandate),
            ("Scope", self.scope),
            ("Outputs", self.outputs),
            (
                "Cadence",
                [
                    f"Weekly working session: {self.cadence.weekly or '-'}",
                    f"Monthly pattern review: {self.cadence.monthly or '-'}",
                    f"Quarterly reset: {self.cadence.quarterly or '-'}",
                ],
            ),
            ("Escalation path", self.escalation_path),
            ("Participation rule", self.participation_rule),
            (
                "Roles",
                [
                    f"Executive sponsor: {self.sponsor or '-'}",
                    f"Facilitator: {self.facilitator or '-'}",
                    f"Members: {', '.join(self.members) or '-'}",
                ],
            ),
        ]

    def to_markdown(self) -> str:
        out = [f"# {inline_md(self.name) or 'Community of Practice'} - charter", ""]
        for heading, body in self.sections():
            out += [f"## {heading}", ""]
            if isinstance(body, list):
                out += [f"- {inline_md(item)}" for item in body] or ["- _missing_"]
            else:
                out.append(inline_md(body) or "_missing_")
            out.append("")
        return "\n".join(out)

    def to_html(self) -> str:
        """A print-ready page (A4, one page); every piece of user text is escaped."""
        title = html.escape(self.name or "Community of Practice")
        parts = []
        for heading, body in self.sections():
            if isinstance(body, list):
                items = "".join(f"<li>{html.escape(item)}</li>" for item in body) or "<li><em>missing</em></li>"
                content = f"<ul>{items}</ul>"
            else:
                content = f"<p>{html.escape(body) if body else '<em>missing</em>'}</p>"
            parts.append(f"<section><h2>{html.escape(heading)}</h2>{content}</section>")
        return (
            "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<title>{title} - charter</title><style>{PRINT_CSS}</style></head>"
            f"<body><main><h1>{title} <span>charter</span></h1>{''.join(parts)}</main></body></html>\n"
        )


PRINT_CSS = (
    "@page{size:A4;margin:14mm}"
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:10.5pt;line-height:1.35;color:#222}"
    "main{max-width:182mm;margin:0 auto}"
    "h1{font-size:17pt;margin:0 0 6pt}h1 span{font-weight:400;color:#666}"
    "h2{font-size:11pt;margin:8pt 0 2pt;text-transform:uppercase;letter-spacing:.04em;color:#1565c0}"
    "p,ul{margin:0 0 4pt}ul{padding-left:16pt}"
    "section{break-inside:avoid}"
    "@media print{body{font-size:10pt}}"
)

LIST_FIELDS = {"outputs", "members"}
_SPLIT = {"outputs": re.compile(r";"), "members": re.compile(r"[;,]")}
_LABELS: dict[str, str] = {
    "name": "name",
    "community": "name",
    "mandate": "mandate",
    "scope": "scope",
    "outputs": "outputs",
    "output": "outputs",
    "weekly": "cadence_weekly",
    "monthly": "cadence_monthly",
    "quarterly": "cadence_quarterly",
    "escalation": "escalation_path",
    "escalation path": "escalation_path",
    "participation": "participation_rule",
    "participation rule": "participation_rule",
    "sponsor": "sponsor",
    "executive sponsor": "sponsor",
    "facilitator": "facilitator",
    "members": "members",
}
_LABEL_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z ]{0,20}?)\s*:\s*(.*)$")


class CharterCheck(BaseModel):
    charter: Charter
    findings: list[Finding]

    @property
    def missing(self) -> list[Finding]:
        return [f for f in self.findings if f.level == Level.ERROR]

    @property
    def complete(self) -> bool:
        """Every element of the one-page charter is there (warnings may remain)."""
        return not self.missing

    def for_field(self, name: str) -> list[Finding]:
        return [f for f in self.findings if f.field == name]


def charter_rules_path() -> Path:
    return data_dir("rubrics") / "charter.yaml"


def check_charter(charter: Charter | str, rules: str | Path | None = None) -> CharterCheck:
    if isinstance(charter, str):
        charter = Charter.from_text(charter)
    rubric = load_rule_files(rules or charter_rules_path())
    return CharterCheck(charter=charter, findings=check_fields(charter.field_values(), rubric, "charter"))


def example_charter() -> Charter:
    """A complete charter to start from, in the playbook's shape."""
    return Charter(
        name="Onboarding value stream OKR community",
        mandate="Weekly reviews surface cross-team blockers too late for teams to respond, and KR quality "
        "varies between product, engineering and operations.",
        scope="Product, engineering and operations leads of the onboarding value stream (pilot: 3 teams).",
        outputs=[
            "KR quality checklist used at sign-off",
            "Weekly check-in template that ends with decisions",
            "Cross-team dependency log with an escalation rule",
            "Decision rules for mid-quarter reprioritisation",
        ],
        cadence=Cadence(
            weekly="45-minute working session: one or two live cases, rewritten KRs, a resolved dependency.",
            monthly="Pattern review across teams: recurring blockers, turned into a shared standard.",
            quarterly="Reset: which artefacts were adopted, which are retired, which problem comes next.",
        ),
        escalation_path="The community resolves KR wording, check-in format and dependency owners itself; "
        "cross-team blockers unresolved after one week go to the sponsor within 72 hours.",
        participation_rule="Members bring live work, not generic updates, and test agreed changes in their teams.",
        sponsor="Maria Okafor, COO",
        facilitator="Sam Lee (co-facilitator: Priya Nair)",
        members=["Ana (Growth)", "Ben (Operations)", "Chloe (Sales)", "Dev (Engineering)"],
    )
