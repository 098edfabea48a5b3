"""Machine-readable review: per document, objectives with their findings and KRs with theirs.

Every finding carries the exact text and the indices of what it refers to, so a consumer never
has to re-parse the OKR file. Indices are 0-based like `kit.model`; `label` ("KR 1.2") is how
people number them. A KR's source of truth is `source_of_truth`, never `source`, which on a
finding says who raised it ("rubric" or "coach").
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kit.errors import InputError
from kit.model import Finding, KeyResult, Objective, Review
from kit.report.common import (
    INDENTED_UP_TO_KRS,
    Tally,
    by_severity,
    document_name,
    finding_label,
    finding_line,
    json_safe,
    json_text,
    json_text_on,
    key_result_at,
    key_result_label,
    objective_at,
    objective_label,
    set_level_findings,
)

if TYPE_CHECKING:
    from kit.rubric.gates import GateVerdict


def render_json(
    reviews: Sequence[Review], input_errors: Sequence[InputError] = (), verdicts: Sequence[GateVerdict] = ()
) -> str:
    return json_text(review_dict(reviews, input_errors, verdicts), reviews)


def document_json(review: Review) -> str:
    """One review's document as compact JSON, for `render_written_json`."""
    return json_safe(json.dumps(_document(review), ensure_ascii=False))


def render_written_json(documents_json: Sequence[str], tally: Tally, input_errors: Sequence[InputError] = ()) -> str:
    """The report `render_json` writes, from documents already written by `document_json` (the CLI's workers
    write them as they review) and their tally: the same text, without the reviews."""
    tail = _report_tail(tally, input_errors)
    if tally.key_results <= INDENTED_UP_TO_KRS:  # for a person: indented, as render_json writes it
        return json_text_on({"documents": [json.loads(document) for document in documents_json], **tail},
                            tally.key_results)
    # json.dumps writes a dict as '{"key": value, ...}': the same text, with the documents written apart
    rest = json_safe(json.dumps(tail, ensure_ascii=False))
    return f'{{"documents": [{", ".join(documents_json)}], {rest[1:]}\n'


def review_dict(
    reviews: Sequence[Review], input_errors: Sequence[InputError] = (), verdicts: Sequence[GateVerdict] = ()
) -> dict[str, Any]:
    """`verdicts`, when given, are one per review against the gate asked for (`--gate`)."""
    documents = [_document(review) for review in reviews]
    for document, verdict in zip(documents, verdicts, strict=False):
        document["gate"] = gate_dict(verdict)
    return {"documents": documents, **_report_tail(Tally.of(reviews), input_errors)}


def _report_tail(tally: Tally, input_errors: Sequence[InputError]) -> dict[str, Any]:
    return {
        "input_errors": [input_error_dict(error) for error in input_errors],
        "summary": {
            "documents": tally.documents,
            "unreadable_documents": len(input_errors),
            "objectives": tally.objectives,
            "key_results": tally.key_results,
            "errors": tally.errors,
            "warnings": tally.warnings,
            "info": tally.infos,
            "coach_findings": tally.coach,
            "passes_gate": tally.passes_gate and not input_errors,
        },
    }


def gate_dict(verdict: GateVerdict) -> dict[str, Any]:
    return {"name": verdict.name, "label": verdict.gate.label, "passes": verdict.passes,
            "open_checks": verdict.open_checks()}


def input_error_dict(error: InputError) -> dict[str, Any]:
    return {"path": error.path, "line": error.line, "problem": error.problem, "fix": error.fix, "message": str(error)}


def finding_dict(review: Review, finding: Finding) -> dict[str, Any]:
    objective = objective_at(review, finding.objective_index)
    kr = key_result_at(review, finding.objective_index, finding.kr_index)
    refers_to = finding.text
    if finding.scope == "key_result" and kr is not None:
        refers_to = kr.text
    elif finding.scope == "objective" and objective is not None:
        refers_to = objective.text
    data: dict[str, Any] = {
        "rule": finding.rule,
        "level": finding.level.value,
        "message": finding.message,
        "hint": finding.hint,
        "suggestion": finding.suggestion,
        "source": finding.source,
        "scope": finding.scope,
        "location": finding_label(finding),
        "line": finding_line(review, finding),
        "objective_index": finding.objective_index,
        "kr_index": finding.kr_index,
        "text": refers_to,
        "spans": [{"start": span.start, "end": span.end, "text": span.text} for span in finding.spans],
    }
    if finding.scope == "key_result":
        data["kr_text"] = refers_to
    if finding.scope in ("key_result", "objective") and objective is not None:
        data["objective_text"] = objective.text
    if finding.confidence is not None:
        data["confidence"] = finding.confidence
    return data


def _document(review: Review) -> dict[str, Any]:
    okr_set = review.okr_set
    return {
        "path": document_name(review),
        "title": okr_set.title,
        "team": okr_set.team,
        "cycle": okr_set.cycle,
        "passes_gate": review.passes_gate,
        "notices": list(review.notices),
        **({"changes": review.changes.model_dump(mode="json")} if review.changes is not None else {}),
        "findings": [finding_dict(review, f) for f in set_level_findings(review)],
        "objectives": [_objective(review, oi, objective) for oi, objective in enumerate(okr_set.objectives)],
    }


def _objective(review: Review, oi: int, objective: Objective) -> dict[str, Any]:
    return {
        "index": oi,
        "label": objective_label(oi),
        "text": objective.text,
        "line": objective.line,
        "owner": objective.owner,
        "initiatives": [initiative.model_dump() for initiative in objective.initiatives],
        "findings": [finding_dict(review, f) for f in by_severity(review.for_objective(oi))],
        "key_results": [_key_result(review, oi, ki, kr) for ki, kr in enumerate(objective.key_results)],
    }


def _key_result(review: Review, oi: int, ki: int, kr: KeyResult) -> dict[str, Any]:
    fields = kr.model_dump(mode="json", exclude={"text", "line", "source"})
    return {
        "index": ki,
        "label": key_result_label(oi, ki),
        "text": kr.text,
        "line": kr.line,
        **fields,
        "source_of_truth": kr.source,
        "findings": [finding_dict(review, f) for f in by_severity(review.for_key_result(oi, ki))],
    }
