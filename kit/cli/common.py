"""What every `okr-kit` command shares: exit codes, one-line errors, safe output, loading the review engine.

Start-up is most of what `okr-kit review my-okrs.md` (or a pre-commit hook) waits for, so the review
machinery, pydantic included, is imported by the commands that use it, and each report format only
when it is asked for.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kit.errors import InputError

if TYPE_CHECKING:
    from kit.report.rules import RuleDoc

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
_PYDANTIC_PLUGINS = "PYDANTIC_DISABLE_PLUGINS"


def load_rule_docs(rubric: str | None) -> list[RuleDoc]:
    import_review_engine()
    from kit.report.rules import rule_docs
    from kit.rubric import load_rubric

    if rubric is not None and not Path(rubric).is_file():
        raise InputError("rubric file not found", path=rubric, fix="Check the --rubric path")
    return rule_docs(load_rubric(rubric).rules)


def import_review_engine() -> None:
    """Load the parsers, the rubric engine and the models they validate, without pydantic's plugin scan.

    Pydantic looks for plugins among the entry points of every installed distribution when a model class
    is built; in an environment with JupyterLab that scan is a large part of the CLI's start-up, and a
    plugin observing kit's own models is no use to a one-shot review. The scan is skipped only while kit's
    modules are imported, only when the user has not set PYDANTIC_DISABLE_PLUGINS, and the environment is
    restored afterwards, so nothing the CLI starts (JupyterLab, Voila) inherits the setting.
    """
    if "kit.review" in sys.modules:
        return
    with _pydantic_plugins_off():
        importlib.import_module("kit.review")


@contextmanager
def _pydantic_plugins_off() -> Iterator[None]:
    if _PYDANTIC_PLUGINS in os.environ:
        yield
        return
    os.environ[_PYDANTIC_PLUGINS] = "__all__"
    try:
        yield
    finally:
        os.environ.pop(_PYDANTIC_PLUGINS, None)


def usage_error(error: Exception) -> int:
    from kit.report.common import terminal_safe

    print(terminal_safe(f"okr-kit: {error}"), file=sys.stderr)
    return EXIT_USAGE


def write_out(text: str, stream: TextIO) -> None:
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:  # e.g. `okr-kit review ... | head`: the reader has all it wanted
        sys.stderr.close()
