"""Turn what people write (Markdown, plain text, YAML, JSON, CSV) into an OkrSet.

Contract: `parse(source, format=None) -> OkrSet`; a `str` is text, a `Path` is a file whose
suffix picks the format. Bad input raises `kit.errors.InputError` naming file, line, problem.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from kit.errors import InputError
from kit.parse.source import clean_text, read_file

if TYPE_CHECKING:
    from kit.model import OkrSet

__all__ = ["FORMATS", "detect_format", "parse", "parse_upload"]

FORMATS: dict[str, str] = {
    "text": "text", "txt": "text", "plain": "text", "markdown": "text", "md": "text",
    "yaml": "yaml", "yml": "yaml", "json": "json", "csv": "csv", "tsv": "csv",
}
# A ".txt" file says nothing of its layout (cells pasted from a spreadsheet are saved as .txt too): its
# content picks the parser, as for pasted text.
_SUFFIXES = {
    ".md": "text", ".markdown": "text",
    ".yaml": "yaml", ".yml": "yaml", ".json": "json", ".csv": "csv", ".tsv": "csv",
}
_FORMAT_NAMES = {"text": "Markdown or plain text", "yaml": "YAML", "json": "JSON", "csv": "a spreadsheet export"}
_FORMAT_SUFFIX = {"text": ".md", "yaml": ".yaml", "json": ".json", "csv": ".csv"}
# Each format's parser is imported when a document of that format is first read: a Markdown review
# (what the CLI and the widgets mostly see) need not load PyYAML's parser or the spreadsheet reader.
_PARSERS = {"text": "kit.parse.text:parse_text", "yaml": "kit.parse.yaml_format:parse_yaml",
            "json": "kit.parse.json_format:parse_json", "csv": "kit.parse.csv_format:parse_csv"}


def _parser(chosen: str) -> Callable[[str, str | None], OkrSet]:
    module, name = _PARSERS[chosen].split(":")
    parser: Callable[[str, str | None], OkrSet] = getattr(import_module(module), name)
    return parser


# "[Draft] Q3 OKRs" is a title, not a JSON array: an array opens with a value.
_JSON_START = re.compile(r'\s*(?:\{|\[\s*(?:[\[{"\]\d-]|true|false|null))')
# The structured schema's top-level key at the start of a line, as YAML writes it.
_YAML_OBJECTIVES = re.compile(r"^objectives\s*:", re.MULTILINE)
_YAML_SCHEMA_KEY = re.compile(r"^\s*(?:-\s+)?(?:text|key_results)\s*:", re.MULTILINE)


def detect_format(text: str) -> str:
    """Which parser reads this text: JSON, the YAML schema, a spreadsheet export, else prose/Markdown."""
    if _JSON_START.match(text):
        return "json"
    head = text[:65536]
    # The literal test is exact (the key is matched case-sensitively) and spares prose the line scan.
    if "objectives" in head and _YAML_OBJECTIVES.search(head) and _YAML_SCHEMA_KEY.search(head):
        return "yaml"
    from kit.parse.csv_format import looks_like_csv

    if looks_like_csv(text):
        return "csv"
    return "text"


def parse(source: str | Path, *, format: str | None = None) -> OkrSet:
    """Read an OKR set from text or a file; errors name the file, the line and what to do next."""
    if isinstance(source, Path) and source.suffix.lower() == ".xlsx" and format is None:
        from kit.parse.xlsx_format import parse_xlsx

        return parse_xlsx(source)
    if isinstance(source, Path):
        label: str | None = str(source)
        text = read_file(source)
    else:
        label = None
        text = source
    chosen = _chosen_format(format, source, label)
    text = clean_text(text, label)
    if chosen is None:
        return _parser(detect_format(text))(text, label)
    try:
        return _parser(chosen)(text, label)
    except InputError as error:
        detected = detect_format(text) if format is None else chosen
        if detected == chosen:
            raise
        # A Markdown draft saved as .yaml (or a CSV saved as .txt) fails for a reason the user
        # cannot see; saying what the content looks like is the useful next step.
        raise InputError(
            error.problem,
            path=error.path,
            line=error.line,
            fix=f"{error.fix} The content reads like {_FORMAT_NAMES[detected]}: save it as a "
            f"{_FORMAT_SUFFIX[detected]} file instead.",
        ) from None


def _chosen_format(format: str | None, source: str | Path, label: str | None) -> str | None:
    if format is not None:
        chosen = FORMATS.get(format.strip().lower().lstrip("."))
        if chosen is None:
            raise InputError(
                f"unknown format {format!r}",
                path=label,
                fix=f"Use one of: {', '.join(sorted(set(FORMATS)))}, or leave it out to detect it.",
            )
        return chosen
    if isinstance(source, Path):
        return _SUFFIXES.get(source.suffix.lower())
    return None


def parse_upload(name: str, content: bytes) -> OkrSet:
    """A file uploaded in a browser, read by its name's suffix like `okr-kit review FILE`; an error names
    the file as the user knows it, not the temporary copy it was read from."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{Path(name).suffix.lower()}"
        path.write_bytes(content)
        try:
            return parse(path)
        except InputError as error:
            error.path = name if error.path == str(path) else error.path
            error.problem = error.problem.replace(str(path), name)
            raise
