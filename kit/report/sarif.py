"""SARIF 2.1.0, so editors and code-review tools show findings on the lines they concern."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from kit import __version__
from kit.errors import InputError
from kit.model import Finding, Level, Review
from kit.report.common import document_name, finding_fingerprint, finding_label, finding_line, json_text
from kit.report.rules import RuleDoc

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_LEVELS = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "note"}


def render_sarif(
    reviews: Sequence[Review], rules: Sequence[RuleDoc] = (), input_errors: Sequence[InputError] = ()
) -> str:
    return json_text(sarif_dict(reviews, rules, input_errors), reviews)


def sarif_dict(
    reviews: Sequence[Review], rules: Sequence[RuleDoc] = (), input_errors: Sequence[InputError] = ()
) -> dict[str, Any]:
    descriptors = [_descriptor(doc) for doc in rules]
    index = {doc.id: i for i, doc in enumerate(rules)}
    results = []
    for review in reviews:
        for finding in review.findings:
            if finding.rule not in index:  # e.g. a coach remark: still listed, so every ruleId resolves
                index[finding.rule] = len(descriptors)
                descriptors.append(_descriptor_from_finding(finding))
            results.append(_result(review, finding, index[finding.rule]))
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "okr-kit",
                        "fullName": "okr-workshop-kit OKR review",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": descriptors,
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not input_errors,
                        "toolExecutionNotifications": [_notification(error) for error in input_errors],
                    }
                ],
                "results": results,
            }
        ],
    }


def artifact_uri(name: str) -> str | None:
    """A relative path stays relative (tools resolve it against the checkout); stdin has no file."""
    if name in ("-", "<stdin>", "<input>"):
        return None
    path = Path(name)
    return path.as_uri() if path.is_absolute() else quote(path.as_posix())


def _descriptor(doc: RuleDoc) -> dict[str, Any]:
    help_lines = [doc.hint] if doc.hint else []
    if doc.bad:
        help_lines.append(f"Bad: {doc.bad}")
    if doc.good:
        help_lines.append(f"Good: {doc.good}")
    return {
        "id": doc.id,
        "name": doc.id,
        "shortDescription": {"text": doc.message},
        "fullDescription": {"text": doc.why or doc.message},
        "help": {"text": "\n".join(help_lines) or doc.message},
        "defaultConfiguration": {"level": SARIF_LEVELS[doc.level]},
    }


def _descriptor_from_finding(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.rule,
        "name": finding.rule,
        "shortDescription": {"text": finding.message},
        "help": {"text": finding.hint or finding.message},
        "defaultConfiguration": {"level": SARIF_LEVELS[finding.level]},
        "properties": {"source": finding.source},
    }


def _result(review: Review, finding: Finding, rule_index: int) -> dict[str, Any]:
    location: dict[str, Any] = {
        "logicalLocations": [{"name": finding_label(finding), "kind": "member"}],
    }
    uri = artifact_uri(document_name(review))
    if uri is not None:
        physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
        line = finding_line(review, finding)
        if line is not None:
            physical["region"] = {"startLine": line}
        location["physicalLocation"] = physical
    message = finding.message if not finding.hint else f"{finding.message} Fix: {finding.hint}"
    properties: dict[str, Any] = {"source": finding.source, "text": finding.text}
    if finding.spans:
        properties["words"] = [span.text for span in finding.spans]
    if finding.suggestion:
        properties["suggestion"] = finding.suggestion
    # Same rule on the same text is the same result, even when lines above it move.
    fingerprint = finding_fingerprint(finding)
    return {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "partialFingerprints": {"okrKitFinding/v1": fingerprint[:32]},
        "level": SARIF_LEVELS[finding.level],
        "message": {"text": message},
        "locations": [location],
        "properties": properties,
    }


def _notification(error: InputError) -> dict[str, Any]:
    notification: dict[str, Any] = {"level": "error", "message": {"text": str(error)}}
    uri = artifact_uri(error.path or "<input>")
    if uri is not None:
        physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
        if error.line is not None and error.line >= 1:
            physical["region"] = {"startLine": error.line}
        notification["locations"] = [{"physicalLocation": physical}]
    return notification
