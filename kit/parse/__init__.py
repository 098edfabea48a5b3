"""Turn what people write (Markdown, plain text, YAML, JSON, CSV) into an OkrSet.

Contract: `parse(source, format=None) -> OkrSet`; a `str` is text, a `Path` is a file whose
suffix picks the format. Bad input raises `kit.errors.InputError` naming file, line, problem.
"""

from __future__ import annotations

from pathlib import Path

from kit.model import OkrSet


def parse(source: str | Path, *, format: str | None = None) -> OkrSet:
    raise NotImplementedError("kit.parse is being built")
