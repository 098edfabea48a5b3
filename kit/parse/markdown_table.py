"""A Markdown table of OKRs, as Confluence, Notion and docs export them: one key result per row.

The first row must name an objective and a key-result column; the rows are then read like a CSV
export (kit.parse.csv_format), and lines above the table give the set's title, team and cycle.
The pipes at the ends of the rows are optional, as in GitHub's Markdown.
"""

from __future__ import annotations

import re

from kit.model import OkrSet
from kit.parse.csv_format import is_okr_header, read_rows
from kit.parse.lines import TITLE_LINE, classify_line, cycle_in_title

_TABLE_RULE = re.compile(r"\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_TABLE_PIPE = re.compile(r"(?<!\\)\|")


def table_rows(raw_lines: list[str]) -> list[tuple[int, list[str]]]:
    """A Markdown table (as Confluence, Notion and docs export OKRs) whose first row names OKR columns,
    written with or without the pipes at the ends of its rows ("Objective | Key result" over "--- | ---")."""
    rows: list[tuple[int, list[str]]] = []
    in_bare_table = _bare_table_lines(raw_lines)
    for number, raw in enumerate(raw_lines, start=1):
        stripped = raw.strip()
        if not (stripped.startswith("|") or number in in_bare_table) or _TABLE_RULE.match(stripped):
            continue
        # in a table written without end pipes, a row that starts with one has an empty first cell
        row = stripped.rstrip("|") if number in in_bare_table else stripped.strip("|")
        cells = [cell.strip().replace("\\|", "|") for cell in _TABLE_PIPE.split(row)]
        if rows and is_okr_header(cells):
            continue  # the header repeated above a second table
        rows.append((number, cells))
    return rows if rows and is_okr_header(rows[0][1]) else []


def _bare_table_lines(raw_lines: list[str]) -> set[int]:
    """The line numbers of tables written without pipes at the ends of their rows: a header row, the rule
    under it ("--- | ---", which a table needs and a horizontal rule lacks), and the rows with a pipe below."""
    found: set[int] = set()
    for index, raw in enumerate(raw_lines):
        stripped = raw.strip()
        if index == 0 or "|" not in stripped or not _TABLE_RULE.match(stripped):
            continue
        if not _TABLE_PIPE.search(raw_lines[index - 1]):
            continue
        found.add(index)  # the header row's 1-based number
        for number in range(index + 2, len(raw_lines) + 1):
            if not _TABLE_PIPE.search(raw_lines[number - 1]):
                break
            found.add(number)
    return found


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
