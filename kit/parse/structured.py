"""The structured schema shared by YAML and JSON, checked with the line of every key.

    title?, team?, cycle?
    objectives:
      - text, owner?, initiatives?: [text | {text, owner?}]
        key_results: [text | {text, owner?, source?, baseline?, target?, unit?, deadline?,
                              metric?, direction?, scoring?}]

A top-level list is read as the list of objectives, and a KR (or objective, or initiative)
may be a plain string. Keys may be spelt as people name them in spreadsheets and other tools
("objective", "krs", "Key Results", "quarter", "due date", "DRI"): the same names the text reader
takes for headers and fields. Anything else unknown is an error naming its line, with the nearest
allowed key suggested: a misspelt `key_result` silently dropping every KR would be worse.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Literal

from kit.errors import InputError
from kit.model import Direction, Initiative, KeyResult, Objective, OkrSet, ScoringMethod
from kit.parse.fields import key_result, number_and_unit, team_list
from kit.parse.lines import FIELD_KEYS, HEADER_KEYS


@dataclass(slots=True)
class Node:
    """A parsed value with the line it starts on, whichever format it came from."""

    kind: Literal["map", "list", "scalar"]
    line: int
    value: Any  # map: list[tuple[str, int, Node]]; list: list[Node]; scalar: the value
    raw: str | None = None  # a scalar exactly as written, for text fields


_SET_KEYS = ("title", "team", "cycle", "north_star", "objectives")
_OBJECTIVE_KEYS = ("text", "owner", "contributes_to", "key_results", "initiatives")
_KR_KEYS = (
    "text", "owner", "source", "baseline", "target", "unit", "deadline", "metric", "direction", "scoring",
    "contributes_to", "depends_on",
)
_INITIATIVE_KEYS = ("text", "owner")
# other names for the keys above, by what they are in (matched lower-cased, "_" and "-" read as spaces)
_TEXT_NAMES = {"title": "text", "name": "text", "description": "text", "statement": "text"}
_OWNER_NAMES = {name: key for name, key in FIELD_KEYS.items() if key == "owner"}
_SET_NAMES = {**HEADER_KEYS, "name": "title", "okrs": "objectives", "goals": "objectives"}
_OBJECTIVE_NAMES = {**_TEXT_NAMES, **_OWNER_NAMES, "objective": "text", "goal": "text", "krs": "key_results",
                    "key results": "key_results", "results": "key_results", "contributes to": "contributes_to",
                    "aligned to": "contributes_to", "supports": "contributes_to", "projects": "initiatives",
                    "initiative": "initiatives"}
_KR_NAMES = {**_TEXT_NAMES, **FIELD_KEYS, "kr": "text", "key result": "text", "result": "text",
             "current": "baseline", "start": "baseline", "goal": "target", "target value": "target"}
_INITIATIVE_NAMES = {**_TEXT_NAMES, **_OWNER_NAMES, "initiative": "text"}
_NOT_GIVEN = {"", "tbd", "tbc", "n/a", "na", "-", "?", "unknown", "none", "null"}


class _Schema:
    def __init__(self, label: str | None, format_name: str) -> None:
        self.label = label
        self.format_name = format_name

    def fail(self, problem: str, line: int, fix: str) -> InputError:
        return InputError(problem, path=self.label, line=line, fix=fix)

    def fields(self, node: Node, allowed: tuple[str, ...], what: str, names: dict[str, str]) -> dict[str, Node]:
        """The mapping's values by their schema key; `names` are the other names each key goes by."""
        if node.kind != "map":
            raise self.fail(
                f"expected {what} as a mapping of keys, found {_describe(node)}",
                node.line,
                f"Write {what} with keys such as {', '.join(allowed[:3])}.",
            )
        found: dict[str, Node] = {}
        for written, line, value in node.value:
            key = written if written in allowed else names.get(written.lower().replace("_", " ").replace("-", " "),
                                                               written)
            if key not in allowed:
                close = difflib.get_close_matches(written, allowed, n=1, cutoff=0.6)
                hint = f"Did you mean '{close[0]}'? " if close else ""
                raise self.fail(
                    f"unknown key '{written}' in {what}",
                    line,
                    f"{hint}Allowed keys: {', '.join(allowed)}.",
                )
            if key in found:
                raise self.fail(
                    f"'{written}' is given twice in {what}" if written == key
                    else f"'{written}' gives the {key} of {what} a second time",
                    line,
                    f"Keep one (the first is on line {found[key].line}).",
                )
            found[key] = value
        return found

    def text(self, node: Node | None, what: str) -> str | None:
        if node is None:
            return None
        if node.kind != "scalar":
            raise self.fail(
                f"{what} should be text, found {_describe(node)}",
                node.line,
                f"Write {what} as a single line of text.",
            )
        if node.value is None:
            return None
        written = node.raw if node.raw is not None else str(node.value)
        return " ".join(written.split()) or None

    def required_text(self, node: Node | None, what: str, line: int) -> str:
        text = self.text(node, what)
        if text is None:
            raise self.fail(f"{what} has no text", line, f"Give {what} a 'text'.")
        return text

    def number(self, node: Node | None, what: str) -> tuple[float | None, str | None]:
        if node is None or node.value is None:
            return None, None
        if node.kind == "scalar" and isinstance(node.value, int | float) and not isinstance(node.value, bool):
            return float(node.value), None
        written = self.text(node, what) or ""
        value, unit = number_and_unit(written)
        if value is None and written.lower() not in _NOT_GIVEN:
            raise self.fail(
                f"{what} '{written}' is not a number",
                node.line,
                f"Write {what} as a number such as 46 or 46%, or leave it out.",
            )
        return value, unit

    def choice(self, node: Node | None, what: str, options: list[str]) -> str | None:
        written = self.text(node, what)
        if written is None or node is None:
            return None
        if written.lower() not in options:
            raise self.fail(f"{what} '{written}' is not one of the kit's choices", node.line,
                            f"Use one of: {', '.join(options)}.")
        return written.lower()

    # -- the schema

    def okr_set(self, root: Node | None) -> OkrSet:
        if root is None:
            raise self.fail(
                f"the {self.format_name} document is empty",
                1,
                "Give at least 'objectives:' with one objective and its 'key_results'.",
            )
        if root.kind == "list":
            return OkrSet(objectives=self.objectives(root))
        header = self.fields(root, _SET_KEYS, "the OKR set", _SET_NAMES)
        if "objectives" not in header:
            raise self.fail(
                "there is no 'objectives' list",
                root.line,
                "Add 'objectives:' with a list of objectives, each with 'text' and 'key_results'.",
            )
        return OkrSet(
            title=self.text(header.get("title"), "the title"),
            team=self.text(header.get("team"), "the team"),
            cycle=self.text(header.get("cycle"), "the cycle"),
            north_star=self.text(header.get("north_star"), "the North Star"),
            objectives=self.objectives(header["objectives"]),
        )

    def objectives(self, node: Node) -> list[Objective]:
        if node.kind != "list":
            raise self.fail(
                f"'objectives' should be a list, found {_describe(node)}",
                node.line,
                "Start each objective with '- text: ...' (YAML) or put them in [ ... ] (JSON).",
            )
        if not node.value:
            raise self.fail("the 'objectives' list is empty", node.line, "Add at least one objective.")
        return [self.objective(item) for item in node.value]

    def objective(self, node: Node) -> Objective:
        if node.kind == "scalar":
            return Objective(text=self.required_text(node, "an objective", node.line), line=node.line)
        given = self.fields(node, _OBJECTIVE_KEYS, "an objective", _OBJECTIVE_NAMES)
        key_results = given.get("key_results")
        initiatives = given.get("initiatives")
        return Objective(
            text=self.required_text(given.get("text"), "an objective", node.line),
            owner=self.text(given.get("owner"), "the objective's owner"),
            contributes_to=self.text(given.get("contributes_to"), "what the objective contributes to"),
            key_results=[self.key_result(item) for item in self.items(key_results, "key_results")],
            initiatives=[self.initiative(item) for item in self.items(initiatives, "initiatives")],
            line=node.line,
        )

    def items(self, node: Node | None, what: str) -> list[Node]:
        if node is None or (node.kind == "scalar" and node.value is None):
            return []
        if node.kind != "list":
            raise self.fail(
                f"'{what}' should be a list, found {_describe(node)}",
                node.line,
                f"Write each of the {what.replace('_', ' ')} as its own list item.",
            )
        items: list[Node] = node.value
        return items

    def key_result(self, node: Node) -> KeyResult:
        if node.kind == "scalar":
            return key_result(self.required_text(node, "a key result", node.line), node.line)
        given = self.fields(node, _KR_KEYS, "a key result", _KR_NAMES)
        baseline, baseline_unit = self.number(given.get("baseline"), "the baseline")
        target, target_unit = self.number(given.get("target"), "the target")
        return key_result(
            self.required_text(given.get("text"), "a key result", node.line),
            node.line,
            owner=self.text(given.get("owner"), "the key result's owner"),
            source=self.text(given.get("source"), "the source of truth"),
            baseline=baseline,
            target=target,
            unit=self.text(given.get("unit"), "the unit") or target_unit or baseline_unit,
            deadline=self.text(given.get("deadline"), "the deadline"),
            metric=self.text(given.get("metric"), "the metric"),
            direction=self.choice(given.get("direction"), "the direction", [d.value for d in Direction]),
            scoring=self.choice(given.get("scoring"), "the scoring method", [s.value for s in ScoringMethod]),
            contributes_to=self.text(given.get("contributes_to"), "what the key result contributes to"),
            depends_on=team_list(self.teams(given.get("depends_on"))),
        )

    def teams(self, node: Node | None) -> list[str] | None:
        """Teams as a list or as one comma-separated text."""
        if node is None or node.kind != "list":
            return [text] if (text := self.text(node, "the teams depended on")) else None
        return [name for item in node.value if (name := self.text(item, "a team depended on"))]

    def initiative(self, node: Node) -> Initiative:
        if node.kind == "scalar":
            return Initiative(text=self.required_text(node, "an initiative", node.line))
        given = self.fields(node, _INITIATIVE_KEYS, "an initiative", _INITIATIVE_NAMES)
        return Initiative(
            text=self.required_text(given.get("text"), "an initiative", node.line),
            owner=self.text(given.get("owner"), "the initiative's owner"),
        )


def _describe(node: Node) -> str:
    if node.kind == "map":
        return "a mapping"
    if node.kind == "list":
        return "a list"
    return "nothing" if node.value is None else f"'{node.raw if node.raw is not None else node.value}'"


def to_okr_set(root: Node | None, label: str | None, format_name: str) -> OkrSet:
    """Check a parsed YAML or JSON document against the schema and build the OkrSet."""
    return _Schema(label, format_name).okr_set(root)
