"""The one call every front end makes: CLI, notebooks and widgets can never disagree."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kit.model import OkrSet, Review
from kit.parse import parse
from kit.rubric import load_rubric

if TYPE_CHECKING:
    from kit.coach import CoachConfig


def review(
    source: str | Path | OkrSet,
    *,
    rubric: str | Path | None = None,
    format: str | None = None,
    coach: CoachConfig | bool = False,
) -> Review:
    """Parse `source` (OKR text, a file path, or a model) and run the rubric over it.

    A `str` is OKR text as a person wrote it; a `Path` is a file whose suffix picks the format.
    `rubric` is an extra rule file layered over the house rules (same id overrides).
    `coach` adds the language-model coach's findings beside the rubric's: `True` uses the settings
    in the environment, a `CoachConfig` its own. The coach never raises and never changes the
    rubric's findings; when it is off or fails, the review says why in a notice.
    """
    if isinstance(source, OkrSet):
        okr_set, label = source, None
    else:
        okr_set = parse(source, format=format)
        label = str(source) if isinstance(source, Path) else None
    findings = load_rubric(rubric).check(okr_set)
    result = Review(okr_set=okr_set, findings=findings, path=label)
    if coach is False:
        return result
    from kit.coach import ask  # the coach and its SDK load only when asked for

    return ask(result, None if coach is True else coach)
