"""What every report format needs to say the same thing: where a finding is, and how many there are."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from kit.model import Finding, KeyResult, Level, Objective, Review

_TERMINAL_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# what JSON leaves raw although a terminal acts on it: DEL, the C1 controls and the bidi overrides
_JSON_RAW_CONTROLS = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """User text with control characters and bidi overrides made visible ("\\x1b", "\\u202e"), so a draft
    can neither drive the reader's terminal nor hide words by reversing them."""
    return _TERMINAL_CONTROLS.sub(_visible, text)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# Above this many KRs the JSON is for a machine (a folder, a CI job): written compact, which the C encoder
# does ten times faster than the indented form a person reads.
INDENTED_UP_TO_KRS = 500


def json_text(data: object, reviews: Sequence[Review]) -> str:
    """A JSON report (review JSON, SARIF) as written: indented for a person, compact for a large batch,
    with terminal-active characters escaped."""
    return json_text_on(data, sum(len(r.okr_set.key_results()) for r in reviews))


def json_text_on(data: object, key_results: int) -> str:
    """`json_text` for a report on reviews of `key_results` KRs in all, when the reviews are not at hand."""
    indent = 2 if key_results <= INDENTED_UP_TO_KRS else None
    return json_safe(json.dumps(data, indent=indent, ensure_ascii=False)) + "\n"


def json_safe(text: str) -> str:
    """JSON text with the characters JSON may leave raw but a terminal acts on written as \\u escapes:
    the same data for a parser, inert when the JSON is printed."""
    return _JSON_RAW_CONTROLS.sub(lambda match: f"\\u{ord(match.group(0)):04x}", text)


def finding_fingerprint(finding: Finding) -> str:
    """A digest that stays the same while the finding does (rule, place, words), so code-review tools can
    tell a new finding from one they have already shown."""
    return hashlib.sha256(f"{finding.rule}\0{finding_label(finding)}\0{finding.text}".encode()).hexdigest()


def document_name(review: Review) -> str:
    return review.path or "<input>"


def objective_label(objective_index: int) -> str:
    return f"Objective {objective_index + 1}"


def key_result_label(objective_index: int, kr_index: int) -> str:
    return f"KR {objective_index + 1}.{kr_index + 1}"


def objective_at(review: Review, objective_index: int | None) -> Objective | None:
    objectives = review.okr_set.objectives
    if objective_index is None or not 0 <= objective_index < len(objectives):
        return None
    return objectives[objective_index]


def key_result_at(review: Review, objective_index: int | None, kr_index: int | None) -> KeyResult | None:
    objective = objective_at(review, objective_index)
    if objective is None or kr_index is None or not 0 <= kr_index < len(objective.key_results):
        return None
    return objective.key_results[kr_index]


def finding_label(finding: Finding) -> str:
    """'KR 1.2', 'Objective 1' or 'Set': how a coach names the place in the room."""
    if finding.scope == "key_result" and finding.objective_index is not None and finding.kr_index is not None:
        return key_result_label(finding.objective_index, finding.kr_index)
    if finding.scope == "objective" and finding.objective_index is not None:
        return objective_label(finding.objective_index)
    return "Set"


def coach_mark(finding: Finding) -> str:
    """What a report adds after a finding the coach raised, so it is never taken for a rubric's."""
    return " (coach)" if finding.source == "coach" else ""


def finding_line(review: Review, finding: Finding) -> int | None:
    """The line of the KR or objective the finding concerns, when the parser recorded it."""
    if finding.scope == "key_result":
        kr = key_result_at(review, finding.objective_index, finding.kr_index)
        if kr is not None and kr.line is not None:
            return kr.line
    objective = objective_at(review, finding.objective_index)
    if finding.scope in ("key_result", "objective") and objective is not None:
        return objective.line
    return None


def by_severity(findings: Iterable[Finding]) -> list[Finding]:
    """Most severe first; rubric before coach; stable otherwise so output is reproducible."""
    return sorted(findings, key=lambda f: (-f.level.rank, f.source != "rubric", f.rule))


def orphan_findings(review: Review) -> list[Finding]:
    """Findings whose objective/KR index points nowhere (e.g. a coach reply about a KR that was removed).

    They are still shown, at set level, rather than silently dropped.
    """
    placed = {id(f) for f in review.for_set()}
    for oi, objective in enumerate(review.okr_set.objectives):
        placed.update(id(f) for f in review.for_objective(oi))
        for ki in range(len(objective.key_results)):
            placed.update(id(f) for f in review.for_key_result(oi, ki))
    return [f for f in review.findings if id(f) not in placed]


def set_level_findings(review: Review) -> list[Finding]:
    return by_severity([*review.for_set(), *orphan_findings(review)])


@dataclass(frozen=True)
class Tally:
    """Counts across one or more reviews, and whether they all pass the quality gate."""

    documents: int
    objectives: int
    key_results: int
    errors: int
    warnings: int
    infos: int
    coach: int
    passes_gate: bool

    @classmethod
    def of(cls, reviews: Iterable[Review]) -> Tally:
        return cls.total(cls.of_review(review) for review in reviews)

    @classmethod
    def of_review(cls, review: Review) -> Tally:
        return cls(
            documents=1,
            objectives=len(review.okr_set.objectives),
            key_results=len(review.okr_set.key_results()),
            errors=review.count(Level.ERROR),
            warnings=review.count(Level.WARNING),
            infos=review.count(Level.INFO),
            coach=sum(1 for f in review.findings if f.source == "coach"),
            passes_gate=review.passes_gate,
        )

    @classmethod
    def total(cls, tallies: Iterable[Tally]) -> Tally:
        """All the documents `tallies` count, each counted on its own (the CLI's workers count theirs)."""
        total = cls(0, 0, 0, 0, 0, 0, 0, passes_gate=True)
        for tally in tallies:
            total = total + tally
        return total

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            documents=self.documents + other.documents,
            objectives=self.objectives + other.objectives,
            key_results=self.key_results + other.key_results,
            errors=self.errors + other.errors,
            warnings=self.warnings + other.warnings,
            infos=self.infos + other.infos,
            coach=self.coach + other.coach,
            passes_gate=self.passes_gate and other.passes_gate,
        )

    def counts_phrase(self) -> str:
        return f"{plural(self.errors, 'error')}, {plural(self.warnings, 'warning')}, {self.infos} info"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# a finding about many lines (a set of near-duplicate KRs) quotes this many and counts the rest
EVIDENCE_SHOWN = 5


def evidence_list(texts: Sequence[str], quote: Callable[[str], str], limit: int = EVIDENCE_SHOWN) -> str:
    """The words a finding points at, each quoted, the first `limit` of them and how many more there are."""
    shown = ", ".join(quote(text) for text in texts[:limit])
    more = len(texts) - limit
    return f"{shown} and {more} more" if more > 0 else shown


def finding_evidence(finding: Finding, quote: Callable[[str], str]) -> str:
    """The words the finding points at, quoted for the format at hand; "" when it points at none."""
    return evidence_list([span.text for span in finding.spans], quote)


def finding_details(
    finding: Finding,
    quote: Callable[[str], str],
    escape: Callable[[str], str] = lambda text: text,
    *,
    evidence: str = "because of: {}",
    rewrite: str = "rewrite as: {}",
) -> list[str]:
    """What every format writes after a finding's message, so they agree on order and wording: the words it
    points at, the fix and the rewrite, each only when the finding has one. The format brings its markup:
    `quote` for each word, `escape` for the fix and rewrite, and templates whose {} takes the marked-up text."""
    details = []
    if finding.spans:
        details.append(evidence.format(finding_evidence(finding, quote)))
    if finding.hint:
        details.append(f"fix: {escape(finding.hint)}")
    if finding.suggestion:
        details.append(rewrite.format(escape(finding.suggestion)))
    return details


def markdown_inline(text: str) -> str:
    """User text on one line of Markdown, with characters that would become markup or HTML escaped."""
    escaped = text.replace("\\", "\\\\")
    for char in "*_`[]<>|#":
        escaped = escaped.replace(char, "\\" + char)
    return " ".join(escaped.split())


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """The lines of a Markdown table; the caller escapes the cells for where they come from."""
    return ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers),
            *("| " + " | ".join(row) + " |" for row in rows)]
