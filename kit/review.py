"""The one call every front end makes: CLI, notebooks and widgets can never disagree."""

from __future__ import annotations

from pathlib import Path

from kit.model import OkrSet, Review
from kit.parse import parse
from kit.rubric import load_rubric


def review(
    source: str | Path | OkrSet,
    *,
    rubric: str | Path | None = None,
    format: str | None = None,
) -> Review:
    """Parse `source` (OKR text, a file path, or a model) and run the rubric over it.

    A `str` is OKR text as a person wrote it; a `Path` is a file whose suffix picks the format.
    `rubric` is an extra rule file layered over the house rules (same id overrides).
    """
    if isinstance(source, OkrSet):
        okr_set, label = source, None
    else:
        okr_set = parse(source, format=format)
        label = str(source) if isinstance(source, Path) else None
    findings = load_rubric(rubric).check(okr_set)
    return Review(okr_set=okr_set, findings=findings, path=label)
