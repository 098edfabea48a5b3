"""The metric dictionary and KR cards: what makes a KR measurable at all.

A KR whose metric nobody has defined, refreshes weekly, or bounds is not ready, however well
it is worded. The dictionary lives next to a team's spreadsheet, so it reads and writes CSV.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, Field

from kit.errors import InputError
from kit.model import KeyResult, Objective, ScoringMethod, StrictModel
from kit.parse.write import spreadsheet_safe


class Refresh(StrEnum):
    HOURLY = "hourly"
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"

    @property
    def at_least_weekly(self) -> bool:
        return self in (Refresh.HOURLY, Refresh.DAILY, Refresh.WEEKLY)


class Metric(StrictModel):
    name: str = Field(min_length=1)
    business_definition: str = ""
    technical_definition: str = ""
    owner: str = ""
    steward: str = ""
    source_system: str = ""
    refresh: Refresh | None = None
    valid_min: float | None = None
    valid_max: float | None = None
    related_krs: list[str] = Field(default_factory=list)


COLUMNS: dict[str, str] = {
    "name": "Metric name",
    "business_definition": "Business definition",
    "technical_definition": "Technical definition",
    "owner": "Owner",
    "steward": "Steward",
    "source_system": "Source system",
    "refresh": "Refresh frequency",
    "valid_min": "Valid min",
    "valid_max": "Valid max",
    "related_krs": "Related KRs",
}
_REQUIRED = ("name", "refresh")


def _key(header: str) -> str:
    return re.sub(r"[^a-z]+", "_", header.strip().lower()).strip("_")


_HEADER_ALIASES = {_key(label): field for field, label in COLUMNS.items()} | {
    field: field for field in COLUMNS
} | {"metric": "name", "refresh": "refresh", "source": "source_system", "related_kr": "related_krs"}


def _number(value: str, *, where: str, path: str | None, row: int) -> float | None:
    value = value.strip().replace(",", "")
    if not value:
        return None
    try:
        return float(value.rstrip("%"))
    except ValueError:
        raise InputError(f"row {row}, column {where!r}: {value!r} is not a number", path=path, line=row,
                         fix="Write a plain number such as 0 or 99.5, or leave the cell empty.") from None


def read_dictionary(source: str | Path) -> list[Metric]:
    """Read a metric dictionary from CSV text or a CSV file; errors name the row and column."""
    path = str(source) if isinstance(source, Path) else None
    text = source.read_text(encoding="utf-8-sig") if isinstance(source, Path) else source.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header or not any(h.strip() for h in header):
        raise InputError("the metric dictionary is empty", path=path, line=1,
                         fix=f"Start with a header row: {', '.join(COLUMNS.values())}.")
    fields = [_HEADER_ALIASES.get(_key(h)) for h in header]
    unknown = [h for h, f in zip(header, fields, strict=True) if f is None and h.strip()]
    if unknown:
        raise InputError(f"unknown column(s) {', '.join(map(repr, unknown))}", path=path, line=1,
                         fix=f"Use the columns: {', '.join(COLUMNS.values())}.")
    missing = [COLUMNS[f] for f in _REQUIRED if f not in fields]
    if missing:
        raise InputError(f"missing column(s) {', '.join(map(repr, missing))}", path=path, line=1,
                         fix="Add them to the header row.")
    metrics = []
    for row_number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise InputError(f"row {row_number} has {len(row)} cells but the header has {len(header)}",
                             path=path, line=row_number, fix="Quote cells that contain commas.")
        cells = {f: c.strip() for f, c in zip(fields, row, strict=False) if f}
        if not cells.get("name"):
            raise InputError(f"row {row_number}, column 'Metric name' is empty", path=path, line=row_number,
                             fix="Give every metric a short, unique name.")
        refresh = cells.get("refresh", "").lower()
        if refresh and refresh not in Refresh.__members__.values():
            raise InputError(f"row {row_number}, column 'Refresh frequency': {cells['refresh']!r} is not one of "
                             f"{', '.join(r.value for r in Refresh)}", path=path, line=row_number,
                             fix="Write how often the source is refreshed, e.g. daily.")
        metrics.append(Metric(
            name=cells["name"],
            business_definition=cells.get("business_definition", ""),
            technical_definition=cells.get("technical_definition", ""),
            owner=cells.get("owner", ""),
            steward=cells.get("steward", ""),
            source_system=cells.get("source_system", ""),
            refresh=Refresh(refresh) if refresh else None,
            valid_min=_number(cells.get("valid_min", ""), where="Valid min", path=path, row=row_number),
            valid_max=_number(cells.get("valid_max", ""), where="Valid max", path=path, row=row_number),
            related_krs=[k.strip() for k in re.split(r"[;|]", cells.get("related_krs", "")) if k.strip()],
        ))
    return metrics


def write_dictionary(metrics: Iterable[Metric]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS.values())
    for m in metrics:
        writer.writerow([
            *(spreadsheet_safe(text) for text in (m.name, m.business_definition, m.technical_definition, m.owner,
                                                  m.steward, m.source_system)),
            m.refresh.value if m.refresh else "",
            "" if m.valid_min is None else f"{m.valid_min:g}",
            "" if m.valid_max is None else f"{m.valid_max:g}",
            spreadsheet_safe("; ".join(m.related_krs)),
        ])
    return out.getvalue()


class DictionaryIssue(BaseModel):
    check: str
    message: str
    metric: str | None = None
    kr: str | None = None


def check_dictionary(
    metrics: list[Metric],
    key_results: Iterable[KeyResult] = (),
    actuals: Iterable[tuple[str, float]] = (),
) -> list[DictionaryIssue]:
    """The playbook's checks: undefined KR metrics, slow refresh, duplicate names, impossible actuals."""
    issues: list[DictionaryIssue] = []
    counts = Counter(m.name.casefold() for m in metrics)
    for name in sorted(n for n, c in counts.items() if c > 1):
        issues.append(DictionaryIssue(check="duplicate-name", metric=name,
                                      message=f"{counts[name]} metrics are named {name!r}: keep one definition."))
    by_name = {m.name.casefold(): m for m in metrics}
    for m in metrics:
        if m.valid_min is not None and m.valid_max is not None and m.valid_min > m.valid_max:
            issues.append(DictionaryIssue(check="bad-range", metric=m.name,
                                          message=f"{m.name}: valid min {m.valid_min:g} is above max "
                                                  f"{m.valid_max:g}."))
        if m.refresh is None:
            issues.append(DictionaryIssue(check="no-refresh", metric=m.name,
                                          message=f"{m.name}: no refresh frequency; weekly check-ins need one."))
        elif not m.refresh.at_least_weekly:
            issues.append(DictionaryIssue(check="slow-refresh", metric=m.name,
                                          message=f"{m.name} refreshes {m.refresh.value}: a KR needs at least "
                                                  "weekly data, so reconsider the metric or change the source."))
    for kr in key_results:
        if not kr.metric:
            issues.append(DictionaryIssue(check="kr-without-metric", kr=kr.text,
                                          message=f"KR {kr.text!r} names no metric from the dictionary."))
        elif kr.metric.casefold() not in by_name:
            issues.append(DictionaryIssue(check="metric-not-defined", metric=kr.metric, kr=kr.text,
                                          message=f"KR {kr.text!r} uses {kr.metric!r}, which the dictionary "
                                                  "does not define."))
    for name, value in actuals:
        metric = by_name.get(name.casefold())
        if metric is None:
            continue
        low = metric.valid_min is not None and value < metric.valid_min
        high = metric.valid_max is not None and value > metric.valid_max
        if low or high:
            bounds = f"{metric.valid_min if metric.valid_min is not None else '-inf'}.." \
                     f"{metric.valid_max if metric.valid_max is not None else 'inf'}"
            issues.append(DictionaryIssue(check="out-of-range", metric=metric.name,
                                          message=f"{metric.name}: actual {value:g} is outside the valid range "
                                                  f"{bounds}; check the data before scoring."))
    return issues


class WeeklyUpdate(BaseModel):
    week_of: date
    actual: float | None = None
    note: str = ""


class KrCard(BaseModel):
    """Everything a KR owner needs on one card, weekly updates latest first."""

    objective: str
    name: str
    definition: str = ""
    formula: str = ""
    baseline: float | None = None
    target: float | None = None
    unit: str | None = None
    owner: str | None = None
    collaborators: list[str] = Field(default_factory=list)
    source: str | None = None
    refresh: Refresh | None = None
    scoring: ScoringMethod | None = None
    rag_rules: str = "Red 0.00-0.30, Amber 0.31-0.60, Green 0.61-0.90, Stretch 0.91-1.00"
    updates: list[WeeklyUpdate] = Field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        """Card fields still empty: what stands between this KR and the pilot's entry criteria."""
        wanted = {"definition": self.definition, "baseline": self.baseline, "target": self.target,
                  "owner": self.owner, "source of truth": self.source, "refresh frequency": self.refresh,
                  "scoring method": self.scoring}
        return [name for name, value in wanted.items() if value in (None, "")]


def kr_card(objective: Objective, kr: KeyResult, metric: Metric | None = None,
            updates: Iterable[WeeklyUpdate] = ()) -> KrCard:
    return KrCard(
        objective=objective.text,
        name=kr.metric or kr.text,
        definition=metric.business_definition if metric else "",
        formula=metric.technical_definition if metric else "",
        baseline=kr.baseline, target=kr.target, unit=kr.unit, owner=kr.owner,
        source=kr.source or (metric.source_system if metric else None) or None,
        refresh=metric.refresh if metric else None,
        scoring=kr.scoring,
        updates=sorted(updates, key=lambda u: u.week_of, reverse=True),
    )


def card_markdown(card: KrCard) -> str:
    def value(v: object) -> str:
        return "—" if v in (None, "") else (f"{v:g}" if isinstance(v, float) else str(v))

    unit = f" {card.unit}" if card.unit else ""
    lines = [
        f"### KR card: {card.name}",
        "",
        f"- **Objective:** {card.objective}",
        f"- **Definition:** {value(card.definition)}",
        f"- **Formula:** {value(card.formula)}",
        f"- **Baseline → target:** {value(card.baseline)}{unit} → {value(card.target)}{unit}",
        f"- **Owner:** {value(card.owner)}; collaborators: {value(', '.join(card.collaborators))}",
        f"- **Source of truth:** {value(card.source)} (refreshed {value(card.refresh)})",
        f"- **Scoring:** {value(card.scoring)}; RAG: {card.rag_rules}",
    ]
    if card.missing:
        lines.append(f"- **Not ready, missing:** {', '.join(card.missing)}")
    lines += ["", "**Weekly updates (latest first)**", ""]
    lines += [f"- {u.week_of.isoformat()}: {value(u.actual)}{unit} — {u.note}" for u in card.updates] or ["- none yet"]
    return "\n".join(lines) + "\n"
