"""GitLab's Code Quality report, so findings show inline in merge requests of an OKR repository.

The format is a JSON array of issues, each with a description, a check name, a fingerprint unique
in the report, a severity (info, minor, major, critical, blocker) and a location (path, first line).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from typing import Any

from kit.errors import InputError
from kit.model import Level, Review
from kit.report.common import coach_mark, document_name, finding_fingerprint, finding_label, finding_line, json_text

SEVERITIES = {Level.ERROR: "major", Level.WARNING: "minor", Level.INFO: "info"}
UNREADABLE_CHECK = "okr-kit-unreadable-file"


def render_gitlab(reviews: Sequence[Review], input_errors: Sequence[InputError] = ()) -> str:
    return json_text(gitlab_issues(reviews, input_errors), reviews)


def gitlab_issues(reviews: Sequence[Review], input_errors: Sequence[InputError] = ()) -> list[dict[str, Any]]:
    issues: list[dict[str, Any]] = []
    seen: Counter[str] = Counter()
    for review in reviews:
        path = document_name(review)
        for finding in review.findings:
            base = f"{path}\0{finding_fingerprint(finding)}"
            seen[base] += 1  # the same words twice in one file still make two issues
            issues.append({
                "description": f"{finding_label(finding)}: {finding.message}{coach_mark(finding)}"
                + (f" Fix: {finding.hint}" if finding.hint else ""),
                "check_name": finding.rule,
                "fingerprint": _digest(f"{base}\0{seen[base]}"),
                "severity": SEVERITIES[finding.level],
                "location": {"path": path, "lines": {"begin": finding_line(review, finding) or 1}},
            })
    for error in input_errors:
        path = error.path or "<input>"
        issues.append({
            "description": f"The file could not be reviewed: {error.problem}" + (f" {error.fix}" if error.fix else ""),
            "check_name": UNREADABLE_CHECK,
            "fingerprint": _digest(f"{path}\0{error.problem}\0{error.line}"),
            "severity": "blocker",
            "location": {"path": path, "lines": {"begin": error.line or 1}},
        })
    return issues


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]
