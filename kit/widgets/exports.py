"""The formats a reviewed set can be downloaded in from the widgets.

The documents are written by kit.report, the same code the CLI uses, so a download from
the widget reads back through `kit.parse` exactly like a file exported on the command line.
"""

from __future__ import annotations

from collections.abc import Callable

from kit.model import OkrSet, Review
from kit.parse.write import okr_set_to_csv, okr_set_to_json, okr_set_to_xlsx, okr_set_to_yaml
from kit.report.markdown import okr_set_to_markdown

# label -> (file suffix, MIME type, writer)
EXPORT_FORMATS: dict[str, tuple[str, str, Callable[[OkrSet], str | bytes]]] = {
    "Markdown": (".md", "text/markdown", okr_set_to_markdown),
    "YAML": (".yaml", "application/yaml", okr_set_to_yaml),
    "JSON": (".json", "application/json", okr_set_to_json),
    "CSV": (".csv", "text/csv", okr_set_to_csv),
    "Excel": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", okr_set_to_xlsx),
}


def export_text(review: Review, fmt: str) -> str | bytes:
    """The reviewed set as a document in `fmt` (one of EXPORT_FORMATS): text, or bytes for a workbook."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    return EXPORT_FORMATS[fmt][2](review.okr_set)
