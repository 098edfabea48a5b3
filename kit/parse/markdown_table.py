"""A Markdown table of OKRs, as Confluence, Notion and docs export them: one key result per row.

The first row must name an objective and a key-result column; the rows are then read like a CSV
export (kit.parse.csv_format), and lines above the table give the set's title, team and cycle.
"""

from __future__ import annotations

import re

from kit.model import OkrSet
from kit.parse.csv_format import is_okr_header, read_rows
from kit.parse.lines import TITLE_LINE, classify_line, cycle_in_title

_TABLE_RULE = re.compile(r"\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_TABLE_PIPE = re.compile(r"(?<!\\)\|")


def table_rows(raw_lines: list[str]) -> list[tuple[int, list[str]]]:
    """A Markdown table (as Confluence, Notion and docs export OKRs) whose first row names OKR columns."""
    rows: list[tuple[int, list[str]]] = []
    for number, raw in enumerate(raw_lines, start=1):
        stripped = raw.strip()
        if not stripped.startswith("|") or _TABLE_RULE.match(stripped):
            continue
        cells = [cell.strip().replace("\\|", "|") for cell in _TABLE_PIPE.split(stripped.strip("|"))]
        if rows and is_okr_header(cells):
            continue  # the header repeated above a second table
        rows.append((number, cells))
    return rows if rows and is_okr_header(rows[0][1]) else []


def read_table(raw_lines: list[str], rows: list[tuple[int, list[str]]], label: str | None) -> OkrSet:
    """The table's rows read like a spreadsheet export, with the title and header lines written above it."""
    okr_set = read_rows(rows, label)
    header: dict[str, str] = {}
    title: str | None = None
    for number, raw in enumerate(raw_lines[: rows[0][0] - 1], start=1):
        line = classify_line(number, raw)
        if line is None:
            continue
        if line.kind == "header":
            header.setdefault(line.key, line.content)
        elif title is None and line.kind == "text" and not line.is_list and len(line.content) <= TITLE_LINE:
            title = line.content
    title = header.get("title") or title
    cycle = okr_set.cycle or header.get("cycle")
    if cycle is None and title:
        cycle = cycle_in_title(title)
    return okr_set.model_copy(update={"title": title, "team": okr_set.team or header.get("team"), "cycle": cycle})
