"""A spreadsheet export: one row per key result, the objective repeated or left blank.

Column names are matched loosely ("Key Result", "KR", "kr_text"; "Source of truth", "SoT")
because every team's sheet differs; columns the kit has no use for (status, progress,
comments) are ignored rather than refused, since exports carry them. The delimiter is
whichever of comma, semicolon or tab the header row uses most: spreadsheets in many locales
export with semicolons.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator

from kit.errors import InputError
from kit.model import Direction, Initiative, KeyResult, Objective, OkrSet, ScoringMethod, UnreadLine
from kit.parse.fields import key_result, number_and_unit
from kit.parse.lines import cell_text

_COLUMNS: dict[str, tuple[str, ...]] = {
    "objective": ("objective", "objectives", "objective text", "objective title", "obj", "goal", "o"),
    "text": (
        "key result", "key results", "kr", "krs", "kr text", "key result text", "kr title",
        "key result title", "text", "result",
    ),
    "owner": ("owner", "kr owner", "key result owner", "owners", "dri", "responsible", "accountable",
              "owned by", "assignee"),
    "objective_owner": ("objective owner", "obj owner", "objective dri"),
    "source": ("source", "source of truth", "data source", "src", "sot", "system of record"),
    "baseline": ("baseline", "baseline value", "start", "start value", "starting value", "current",
                 "current value", "from"),
    "target": ("target", "target value", "end value", "to"),
    "unit": ("unit", "units", "uom"),
    "deadline": ("deadline", "due", "due date", "by", "target date", "end date", "date"),
    "metric": ("metric", "kpi", "measure"),
    "direction": ("direction",),
    "scoring": ("scoring", "scoring method"),
    "initiatives": ("initiatives", "initiative", "bets", "bet"),
    "team": ("team", "squad", "department"),
    "cycle": ("cycle", "quarter", "period", "okr cycle"),
}
_HEADER_TO_FIELD = {name: field for field, names in _COLUMNS.items() for name in names}
_DIRECTIONS = frozenset(d.value for d in Direction)
_SCORING_METHODS = frozenset(s.value for s in ScoringMethod)
_NON_WORD = re.compile(r"[^0-9a-z]+")
_HEADER_SEARCH_ROWS = 5  # title rows a sheet may carry above its column names
_MAX_COLUMNS = 200  # the columns worth looking at; a wider sheet is not an OKR sheet
_CSV_FIX = "Export the sheet again as CSV, or check the quotes on this line: a quote inside a cell is written twice."


def _normalise(header: str) -> str:
    return _NON_WORD.sub(" ", header.strip().lower()).strip()


def _delimiter(header_line: str) -> str:
    """The delimiter the line uses most; on a tie, the first of comma, semicolon, tab; comma when none."""
    commas, semicolons, tabs = header_line.count(","), header_line.count(";"), header_line.count("\t")
    if commas >= semicolons and commas >= tabs:
        return ","
    return ";" if semicolons >= tabs else "\t"


# A lower-cased cell that `_normalise` turns into the name of a key-result column.
_KEY_RESULT_NAME = re.compile(
    "[^0-9a-z]*(?:"
    + "|".join(
        "[^0-9a-z]+".join(re.escape(word) for word in name.split(" "))
        for name, field in _HEADER_TO_FIELD.items()
        if field == "text"
    )
    + ")[^0-9a-z]*"
)


def _cannot_be_header(line: str, delimiter: str) -> bool:
    """True when a line with no quotes plainly has no key-result column: most lines are spared the
    csv reader. Exact: without quotes (and without the carriage return or overlong cell it would
    refuse) the reader's cells are the line split at the delimiter, and lower-casing works letter
    by letter, so each cell is looked at as `is_okr_header` would see it."""
    if '"' in line or "\r" in line or len(line) > csv.field_size_limit():
        return False
    return not any(_KEY_RESULT_NAME.fullmatch(cell) for cell in line.lower().split(delimiter))


def _header_row(text: str) -> tuple[str, list[str]] | None:
    """The delimiter and cells of the row naming the columns, looking past a few title rows."""
    if "," not in text and ";" not in text and "\t" not in text:
        return None  # no line has cells to read
    candidates = (line for line in text.split("\n", 50)[:50] if line.strip())
    for _, line in zip(range(_HEADER_SEARCH_ROWS + 1), candidates, strict=False):
        if "," not in line and ";" not in line and "\t" not in line:
            continue  # prose and Markdown lines: no cells to read
        delimiter = _delimiter(line)
        if _cannot_be_header(line, delimiter):
            continue
        if delimiter in line:
            cells = next(csv.reader([line], delimiter=delimiter))
            if is_okr_header(cells):
                return delimiter, cells
    return None


def looks_like_csv(text: str) -> bool:
    """A header row naming a key-result column, split by a delimiter: how spreadsheets export."""
    return _header_row(text) is not None


def parse_csv(text: str, label: str | None = None) -> OkrSet:
    """CSV or TSV to an OkrSet: one KR per row, objectives grouped by their text."""
    header = _header_row(text)
    delimiter = header[0] if header else _delimiter(next((line for line in text.split("\n") if line.strip()), ""))
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)

    def numbered_rows() -> Iterator[tuple[int, list[str]]]:
        start = 1
        for row in reader:
            yield start, row
            start = reader.line_num + 1

    try:
        return read_rows(numbered_rows(), label)
    except csv.Error as error:
        raise InputError(f"this is not valid CSV: {error}", path=label, line=reader.line_num, fix=_CSV_FIX) from None


def is_okr_header(cells: list[str]) -> bool:
    """Whether a row of column names has a key-result column and at least one other the kit knows."""
    fields = {_HEADER_TO_FIELD.get(_normalise(cell)) for cell in cells[:_MAX_COLUMNS]}
    return "text" in fields and len(fields - {None}) >= 2


def read_rows(rows: Iterable[tuple[int, list[str]]], label: str | None) -> OkrSet:
    """Rows of cells, each with its line, the first non-blank one naming the columns."""
    return _Rows(iter(rows), label).read()


class _Rows:
    def __init__(self, rows: Iterator[tuple[int, list[str]]], label: str | None) -> None:
        self.rows = rows
        self.label = label
        self.columns: dict[str, int] = {}
        self.header_line = 0
        self.title: str | None = None
        self.unread: list[UnreadLine] = []

    def _fail(self, problem: str, line: int, fix: str) -> InputError:
        return InputError(problem, path=self.label, line=line, fix=fix)

    def _read_header(self) -> None:
        """The row naming the columns: the first that names a key-result column, within the first few.

        Sheets often carry a title row ("Q3 OKRs") above the column names; it becomes the title.
        """
        first: tuple[int, list[str]] | None = None
        found: tuple[int, list[str]] | None = None
        titles: list[str] = []
        for line, row in self.rows:
            cells = [cell.strip() for cell in row]
            if not any(cells):
                continue
            first = first or (line, cells)
            if is_okr_header(cells):
                found = (line, cells)
                break
            titles.append(next(cell for cell in cells if cell))
            if len(titles) >= _HEADER_SEARCH_ROWS:
                break
        if first is None:
            raise self._fail(
                "the sheet is empty", 1, "Export the sheet with its header row and one row per key result."
            )
        self.header_line, cells = found or first
        self.title = titles[0] if found and titles else None
        for index, cell in enumerate(cells[:_MAX_COLUMNS]):
            field = _HEADER_TO_FIELD.get(_normalise(cell))
            if field is not None and field not in self.columns:
                self.columns[field] = index
        missing = [name for name in ("objective", "text") if name not in self.columns]
        if missing:
            wanted = " and ".join("'Objective'" if name == "objective" else "'Key result'" for name in missing)
            raise self._fail(
                f"the header row has no {wanted} column",
                self.header_line or 1,
                "Name the columns in the first row, e.g. 'Objective,Key result,Owner,Source,Baseline,Target,Deadline'.",
            )

    def read(self) -> OkrSet:
        self._read_header()
        objectives: dict[str, Objective] = {}
        current: Objective | None = None
        header: dict[str, str] = {}
        for line, row in self.rows:
            cells = {field: row[index].strip() for field, index in self.columns.items() if index < len(row)}
            if not any(cells.values()):
                written = [cell.strip() for cell in row if cell.strip()]
                if written:  # text only in columns the kit does not read: said, not dropped
                    self.unread.append(UnreadLine(line=line, text=" | ".join(written)))
                continue
            for name in ("team", "cycle"):
                if cells.get(name):
                    header.setdefault(name, cells[name])
            objective_text = " ".join(cell_text(cells.get("objective", ""), "objective").split())
            if objective_text:
                current = objectives.get(objective_text.casefold())
                if current is None:
                    current = Objective(text=objective_text, line=line)
                    objectives[objective_text.casefold()] = current
            elif current is None:
                raise self._fail(
                    "this row has no objective and there is none above it to continue",
                    line,
                    "Fill in the Objective cell of the first row; later rows may leave it blank to continue it.",
                )
            if cells.get("objective_owner") and current.owner is None:
                current.owner = cells["objective_owner"]
            for initiative in re.split(r"[;\n]", cells.get("initiatives", "")):
                if initiative.strip():
                    current.initiatives.append(Initiative(text=initiative.strip()))
            if cells.get("text"):
                current.key_results.append(self._key_result(cells, line))
            elif cells.get("owner") and current.owner is None:
                current.owner = cells["owner"]
        if not objectives:
            raise self._fail(
                "the sheet has a header row but no key results",
                self.header_line or 1,
                "Add one row per key result under the header row.",
            )
        return OkrSet(
            title=self.title, team=header.get("team"), cycle=header.get("cycle"), objectives=list(objectives.values()),
            unread_lines=self.unread,
        )

    def _key_result(self, cells: dict[str, str], line: int) -> KeyResult:
        baseline, baseline_unit = number_and_unit(cells.get("baseline", ""))
        target, target_unit = number_and_unit(cells.get("target", ""))
        return key_result(
            " ".join(cell_text(cells["text"], "kr").split()),
            line,
            owner=cells.get("owner") or None,
            source=cells.get("source") or None,
            baseline=baseline,
            target=target,
            unit=cells.get("unit") or target_unit or baseline_unit,
            deadline=cells.get("deadline") or None,
            metric=cells.get("metric") or None,
            direction=_choice(cells.get("direction", ""), _DIRECTIONS),
            scoring=_choice(cells.get("scoring", ""), _SCORING_METHODS),
        )


def _choice(cell: str, options: frozenset[str]) -> str | None:
    """A cell naming one of the kit's choices; anything else is a spreadsheet's own vocabulary."""
    return cell.lower() if cell.lower() in options else None
