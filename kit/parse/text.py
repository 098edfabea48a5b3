"""Markdown and plain text, written the way managers actually write OKRs.

How lines become objectives and key results, in order of authority:

1. Labels win. "Objective 1:", "O1.", "## Objective", "Goal:" open an objective; "KR 1.2:",
   "KR:", "Key result:" add a key result to the objective above. "Key results:",
   "Initiatives:"/"Bets:" and "Notes:"/"Risks:"-style lines open sections of the objective; a note
   written on its label's line ("Why: customers asked") is one line, left out, and the lines below it
   at its own indent stay the objective's.
   Objective and key-result labels are also read in French, German, Spanish, Portuguese,
   Italian and Dutch ("Objectif", "Ziel 1:", "Objetivo", "Obiettivo", "Doel"; "Résultat clé",
   "Schlüsselergebnis", "Resultado clave", "Resultado-chave", "Risultato chiave", "Kernresultaat"),
   with or without their accents.
2. Nesting says the rest. Every line gets a rank from its heading level, indentation, list
   marker and numbering ("1." above "1.1" above "a)" above "-"), and belongs to the nearest
   line above it with a lower rank. Unlabelled lines under an objective are its key results
   (list items first: when an objective has list items, its plain lines are notes, except an
   indented line that directly continues the one above).
3. When no line is labelled "Objective", headings and lines that have lines nested under
   them are the objectives.
4. A completely flat text (no labels, lists or nesting) is read in blocks separated by blank
   lines: each block's first line is an objective, the lines after it its key results.

A bare list of key results with nothing above it is refused with an error rather than given
an invented objective: a KR measures an objective, and only the author knows which.

"Team:", "Cycle:"/"Quarter:" and "Title:" lines fill the set's header; a first line that
names the OKRs ("Growth team OKRs Q3 2027"), or a Markdown H1 above other headings, is the
title, and a cycle written in the title becomes the set's cycle when none is given.
"Owner:", "Source:" (or "Source of truth:", "src:"), "[Name]", "(owner: Name)" and "@name"
set the owner and source of the line they end, or of the line above when written alone.
Every objective and KR keeps the 1-based line it was written on.

A Markdown table whose header names an objective and a key-result column is read like a
spreadsheet export, one KR per row.
"""

from __future__ import annotations

import re

from kit.errors import InputError
from kit.model import Initiative, OkrSet, UnreadLine
from kit.parse.drafts import KeyResultDraft, ObjectiveDraft, build_objectives
from kit.parse.lines import (
    STRUCTURE_KINDS,
    TITLE_LINE,
    Line,
    classify_line,
    cycle_in_title,
    has_listed_key_results,
    heads_listed_key_results,
    in_notes,
    is_group,
    reads_as_prose,
)
from kit.parse.markdown_table import read_table, table_rows
from kit.parse.owners import split_fields

_OKR_WORDS = re.compile(r"\bOKRs?\b|objectives and key results", re.IGNORECASE)

_LABEL_LEFTOVERS = " \t:|—–-"


# --- from lines to objectives ---------------------------------------------------------------------


_NO_OKR_FIX = (
    "Start each objective with 'Objective:' and list its key results under it, one per line, "
    "e.g. 'Objective: Make onboarding effortless' then '- KR 1: Cut time to first value from 3 days "
    "to 1 day by Mar 31. Owner: Ana'."
)


class _Reader:
    """One pass over the classified lines, in document order, so parents are read before children."""

    def __init__(self, lines: list[Line], label: str | None) -> None:
        self.lines = lines
        self.label = label
        self.labelled = any(line.kind == "objective" for line in lines)
        self.header: dict[str, str] = {}
        self.title: str | None = None
        self.objectives: list[ObjectiveDraft] = []
        # What each line number opened or continued, so nested lines find their owner.
        self.opened: dict[int, ObjectiveDraft | KeyResultDraft | Initiative] = {}
        self.groups: set[int] = set()
        self.scope: dict[int, ObjectiveDraft] = {}
        self.loose: list[Line] = []
        # Lines read as structure rather than content (titles, section labels, introductions).
        self.structural: set[int] = set()

    # -- structure

    def _title_line(self) -> Line | None:
        """The first line, when it is plainly a title rather than an objective."""
        first = next((line for line in self.lines if line.kind != "header"), None)
        if first is None or first.kind != "text" or first.is_list:
            return None
        if _OKR_WORDS.search(first.content):
            return first
        if first.heading == 1 and (
            self.labelled or any(line.heading and line is not first for line in self.lines)
        ):
            return first
        return None

    def _nest(self, title: Line | None) -> None:
        stack: list[Line] = []
        previous_number = 0
        for line in self.lines:
            line.adjacent = line.number == previous_number + 1
            previous_number = line.number
            if line is title or line.kind == "objectives":
                continue
            while stack and stack[-1].rank >= line.rank:
                stack.pop()
            if stack:
                line.parent = stack[-1]
                stack[-1].children.append(line)
            stack.append(line)

    # -- building

    def _objective_above(self, line: Line) -> ObjectiveDraft | None:
        """The objective a line is nested under, else the last one written above it."""
        if line.parent is not None:
            scoped = self.scope.get(line.parent.number)
            if scoped is not None:
                return scoped
        return self.objectives[-1] if self.objectives else None

    def _remember_scope(self, line: Line) -> None:
        """Each line's objective, found once from its parent's, so deep nesting stays linear."""
        opened = self.opened.get(line.number)
        if isinstance(opened, ObjectiveDraft):
            self.scope[line.number] = opened
        elif line.parent is not None and line.parent.number in self.scope:
            self.scope[line.number] = self.scope[line.parent.number]

    def _open_objective(self, line: Line, text: str) -> None:
        text, owner, _ = split_fields(text)
        text = text.strip(_LABEL_LEFTOVERS)
        objective = ObjectiveDraft(text=text, line=line.number, owner=owner)
        self.objectives.append(objective)
        self.opened[line.number] = objective

    def _add_key_result(self, line: Line, objective: ObjectiveDraft | None, text: str) -> None:
        if objective is None:
            raise InputError(
                "this key result comes before any objective",
                path=self.label,
                line=line.number,
                fix="Write the objective it measures on a line above it, e.g. 'Objective: Make onboarding "
                "effortless for new teams'.",
            )
        text, owner, source = split_fields(text)
        draft = KeyResultDraft(text=text, line=line.number, owner=owner, source=source)
        objective.key_results.append(draft)
        objective.collecting_initiatives = False
        self.opened[line.number] = draft

    def _add_initiatives(self, line: Line, objective: ObjectiveDraft, text: str, *, split: bool) -> None:
        separator = ";" if ";" in text else ","
        for part in text.split(separator) if split else [text]:
            part, owner, _ = split_fields(part.strip().rstrip("."))
            if part:
                initiative = Initiative(text=part, owner=owner)
                objective.initiatives.append(initiative)
                self.opened[line.number] = initiative

    def _set_field(self, line: Line) -> None:
        if line.parent is None or not line.content:
            return
        opened = self.opened.get(line.parent.number)
        if opened is None and line.parent.kind in ("kr_section", "init_section"):
            opened = self._objective_above(line)
        value = line.content
        if isinstance(opened, KeyResultDraft):
            if line.key == "owner":
                opened.owner = opened.owner or value
            elif line.key == "source":
                opened.source = opened.source or value
            else:
                opened.fields.setdefault(line.key, value)
        elif isinstance(opened, ObjectiveDraft | Initiative) and line.key == "owner":
            opened.owner = opened.owner or value
        elif isinstance(opened, ObjectiveDraft) and line.key == "contributes_to":
            opened.contributes_to = opened.contributes_to or value
        if opened is not None:
            self.opened[line.number] = opened

    def _continue(self, line: Line) -> None:
        """A plain line right below a KR, objective or initiative line (or its continuation) wraps it.

        Not below a heading: the paragraph under "### KR 1.1: ..." describes it, it does not wrap it.
        """
        if line.is_list or line.heading or not line.adjacent or line.parent is None or line.parent.heading:
            return
        above = self.opened.get(line.number - 1)
        if above is None or above is not self.opened.get(line.parent.number):
            return
        text, owner, source = split_fields(line.content)
        above.text = f"{above.text} {text}".strip()
        above.owner = above.owner or owner
        if isinstance(above, KeyResultDraft):
            above.source = above.source or source
        self.opened[line.number] = above

    def _read_text(self, line: Line) -> None:
        parent = line.parent
        if parent is None or parent.number in self.groups:
            self._read_top_level(line)
            return
        opened = self.opened.get(parent.number)
        if isinstance(opened, ObjectiveDraft):
            if not opened.text and not line.is_list and not line.heading:
                opened.text, owner, _ = split_fields(line.content)
                opened.owner = opened.owner or owner
                self.opened[line.number] = opened
            elif any(child.kind == "kr" for child in line.children):
                self.structural.add(line.number)  # an introduction to labelled key results, not one itself
            elif line.content.endswith(":") and any(child.is_list for child in line.children):
                line.kind = "kr_section"  # "Measured by:", "Success looks like:": the list below holds the KRs
                self.structural.add(line.number)
            elif opened.collecting_initiatives and line.is_list:
                self._add_initiatives(line, opened, line.content, split=False)
            elif line.is_list or line.heading or not has_listed_key_results(parent):
                self._add_key_result(line, opened, line.content)
            else:
                self._continue(line)
        elif isinstance(opened, KeyResultDraft) and not opened.text:
            opened.text, owner, source = split_fields(line.content)
            opened.owner, opened.source = opened.owner or owner, opened.source or source
            self.opened[line.number] = opened
        elif opened is not None:
            self._continue(line)
        elif parent.kind == "kr_section":
            self._add_key_result(line, self._objective_above(line), line.content)
        elif parent.kind == "init_section":
            objective = self._objective_above(line)
            if objective is not None:
                self._add_initiatives(line, objective, line.content, split=False)

    def _read_top_level(self, line: Line) -> None:
        if self.labelled and heads_listed_key_results(line):
            self._open_objective(line, line.content)  # "## Grow the community" over a list, beside labelled ones
        elif self.labelled or not (line.heading or line.children):
            self.loose.append(line)
        elif is_group(line):
            self.groups.add(line.number)
            self.structural.add(line.number)
            if self.title is None and not self.objectives:
                self.title = line.content
        else:
            self._open_objective(line, line.content)

    def read(self) -> OkrSet:
        try:
            return self._read()
        finally:
            # Parents and children point at each other; unlinking them once read lets the lines
            # be freed at once rather than left, every document, to the cycle collector.
            for line in self.lines:
                line.parent = None

    def _read(self) -> OkrSet:
        title = self._title_line()
        if title is not None:
            self.title = title.content
            self.structural.add(title.number)
        self._nest(title)
        for line in self.lines:
            if line is title:
                continue
            kind = line.kind
            if kind == "objective":
                self._open_objective(line, line.content)
            elif kind == "kr":
                above = self._objective_above(line)
                if line.content or above is not None:
                    self._add_key_result(line, above, line.content)
            elif kind == "header":
                self.header.setdefault(line.key, line.content)
                self.structural.add(line.number)
            elif kind == "field":
                self._set_field(line)
            elif kind in ("kr_section", "init_section", "initiative"):
                objective = self._objective_above(line)
                if objective is None:
                    continue
                objective.collecting_initiatives = kind == "init_section" and not line.content
                if line.content:
                    self._add_initiatives(line, objective, line.content, split=kind == "init_section")
            elif kind == "text":
                self._read_text(line)
            self._remember_scope(line)
        if not self.objectives:
            self._read_flat()
        else:
            self._read_loose_title()
        return self._finish()

    def _read_loose_title(self) -> None:
        if self.title is not None or not self.loose:
            return
        first = self.loose[0]
        first_objective = min(objective.line for objective in self.objectives)
        if first.number < first_objective and not first.is_list and len(first.content) <= TITLE_LINE:
            self.title = first.content
            self.structural.add(first.number)

    def _read_flat(self) -> None:
        """No labels and no nesting: blocks of lines, each an objective followed by its key results."""
        blocks: list[list[Line]] = []
        for line in self.loose:
            if line.kind != "text":
                continue
            if blocks and line.adjacent and blocks[-1][-1].number == line.number - 1:
                blocks[-1].append(line)
            else:
                blocks.append([line])
        readable = [block for block in blocks if not reads_as_prose(block)]
        if len(readable) < len(blocks) and all(len(block) == 1 for block in readable):
            readable = []  # a heading over paragraphs of prose is not an objective
        if not readable:
            raise InputError(
                "no objectives or key results found: this reads like prose, not OKRs"
                if blocks
                else "no objectives or key results found",
                path=self.label,
                line=self.lines[0].number if self.lines else 1,
                fix=_NO_OKR_FIX,
            )
        if self.title is None and len(readable) > 1 and len(readable[0]) == 1 and any(
            len(block) > 1 for block in readable[1:]
        ):
            title_line = readable.pop(0)[0]
            self.title = title_line.content
            self.structural.add(title_line.number)
        for block in readable:
            head = block[0]
            if head.is_list:
                raise InputError(
                    "this is a list with nothing to say which lines are objectives and which are key results",
                    path=self.label,
                    line=head.number,
                    fix="Put the objective on a line of its own above its key results (or start it with "
                    "'Objective:'), and indent the key results under it or start each with 'KR:'.",
                )
            self._open_objective(head, head.content)
            for line in block[1:]:
                self._add_key_result(line, self.objectives[-1], line.content)

    def _finish(self) -> OkrSet:
        objectives = build_objectives(self.objectives, self.label)
        if not objectives:
            raise InputError(
                "no objectives or key results found",
                path=self.label,
                line=self.lines[0].number if self.lines else 1,
                fix=_NO_OKR_FIX,
            )
        title = self.header.get("title") or self.title
        cycle = self.header.get("cycle")
        if cycle is None and title:
            cycle = cycle_in_title(title)
        return OkrSet(
            title=title, team=self.header.get("team"), cycle=cycle, north_star=self.header.get("north_star"),
            objectives=objectives,
            unread_lines=self._unread_lines(),
        )

    def _unread_lines(self) -> list[UnreadLine]:
        """Lines with words that became no part of the set, so the author hears what was left out.

        Notes sections ("Notes:", "Risks:", ...) are meant to be left out and are not listed.
        """
        unread = []
        for line in self.lines:
            if line.number in self.opened or line.number in self.structural or line.kind in STRUCTURE_KINDS:
                continue
            if in_notes(line):
                continue
            unread.append(UnreadLine(line=line.number, text=line.content, struck=line.kind == "struck"))
        return unread


def parse_text(text: str, label: str | None = None) -> OkrSet:
    """Markdown or plain text to an OkrSet; see the module docstring for how lines are read."""
    raw_lines = text.split("\n")
    if "|" in text:
        rows = table_rows(raw_lines)
        if rows:
            return read_table(raw_lines, rows, label)
    lines = [line for number, raw in enumerate(raw_lines, start=1) if (line := classify_line(number, raw)) is not None]
    return _Reader(lines, label).read()
