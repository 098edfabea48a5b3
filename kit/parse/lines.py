"""Each line of a Markdown or plain-text draft classified on its own: its label, rank and content.

The label says what a line is (objective, key result, section, header or field, in English and the
common European languages); heading level, indentation, list marker and numbering give its rank,
from which the reader in `kit.parse.text` nests lines under each other.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from itertools import pairwise

_LEAD = re.compile(r"[\s\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]*")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_QUOTE = re.compile(r"(?:>\s?)+")
_HEADING = re.compile(r"(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$")
_MARKER = re.compile(
    r"(?:(?P<bullet>[-*+•·◦▪▫‣⁃○●■□➢➤►▶→–—\uf0b7\uf0a7]|[o§](?=\t))"
    r"|(?P<number>\(\d{1,3}\)|\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}[.)])"
    r"|(?P<letter>\([A-Za-z]\)|[A-Za-z][.)]))"
    r"\s+(?:\[[ xX]\]\s+)?"
)
# Word and Google Docs mark list levels with filled, hollow and square bullets even when
# pasting loses the indentation. Word's plain text keeps its symbol-font bullets: "·", "o" and "§"
# before a tab, or the private-use characters of the Symbol and Wingdings fonts.
_BULLET_LEVEL = {"○": 1, "◦": 1, "o": 1, "▪": 2, "■": 2, "□": 2, "▫": 2, "§": 2, "\uf0a7": 2}
_SEP = r"\s*[*_]*\s*(?:[:.)|\-–—]+\s*|$)"
# a line crossed out whole, in Markdown or HTML, perhaps with a remark after it: "~~Migrate CI~~ (moved)"
_STRUCK = re.compile(
    r"(?:~~(?P<words>[^~]+)~~|<(?P<tag>s|del|strike)>(?P<inner>.+?)</(?P=tag)>)\s*(?:\([^)]*\))?[\s.;,]*"
)
# An accented letter in a label also matches its plain spelling and its decomposed form (e + U+0301),
# since people type labels both ways: "Résultat clé", "Resultat cle", "Schlüsselergebnis", "Schluesselergebnis".
_ACCENT_BLIND = str.maketrans({"é": "(?:é|e\u0301|e)", "ü": "(?:ü|u\u0308|ue|u)"})
# Label words, English first. Those followed by a number and a space alone (no ":") are the stricter
# sets, without "goal" or a plural: "Objective 2 Grow ...", "KR 1.1 Cut ...".
_OBJECTIVE_WORD = r"(?:objective|objectif|objetivo|obiettivo|obj\.?|goal|ziel|doel)"
_OBJECTIVE_NUMBERED = r"(?:objective|objectif|objetivo|obiettivo|obj|ziel|doel)"
_KR_NUMBERED = (
    r"(?:kr|key[\s\-]*result|résultat[\s\-]+clé|schlüsselergebnis|resultado[\s\-]+(?:clave|chave)|"
    r"risultato[\s\-]+chiave|kernresultaat)"
).translate(_ACCENT_BLIND)
_KR_WORDS = (
    r"(?:krs?|key[\s\-]*results?|k\.r\.|résultats?[\s\-]+clés?|schlüsselergebnis(?:se)?|"
    r"resultados?[\s\-]+(?:clave|chave)|risultat[oi][\s\-]+chiave|kernresulta(?:at|ten))"
).translate(_ACCENT_BLIND)
_KR_SECTION_WORDS = (
    r"(?:key[\s\-]*results|krs|résultats[\s\-]+clés|schlüsselergebnisse|resultados[\s\-]+(?:clave|chave)|"
    r"risultati[\s\-]+chiave|kernresultaten)"
).translate(_ACCENT_BLIND)
_OBJECTIVES_WORDS = r"(?:objectives|goals|objectifs|ziele|objetivos|obiettivi|doelen)"
# What may come before the number of an objective or key result: "#2", "n° 3", "Nr. 4".
_NUMBER_SIGN = r"\s*(?:#|n[°º]|nr\.?)?\s*"
# What a line's label says it is, in order of precedence: the first kind whose pattern matches
# the start of the line wins. All but the "O1" label ignore case.
# Label numbers are atomic so "KR1.1 Cut churn" never reads as "KR1." followed by "1 Cut churn".
_LABEL_KINDS: tuple[tuple[str, str], ...] = (
    (
        "objective",
        rf"(?i:{_OBJECTIVE_WORD}(?:{_NUMBER_SIGN}(?>\d+(?:\.\d+)*)|\s+[A-Z](?![A-Za-z]))?" + _SEP
        + rf"|{_OBJECTIVE_NUMBERED}{_NUMBER_SIGN}(?>\d+(?:\.\d+)*)[*_]*\s+)",
    ),
    ("o_label", r"O(?>\d{1,2}(?:\.\d+)*)(?:" + _SEP + r"|[*_]*\s+)"),
    (
        "kr_section",
        rf"(?i:(?:{_KR_SECTION_WORDS}|results|measures(?: of success)?|success (?:metrics|measures)|metrics)"
        r"\s*[*_]*\s*:?\s*[*_]*$)",
    ),
    (
        "kr",
        rf"(?i:{_KR_WORDS}(?:{_NUMBER_SIGN}(?>\d+(?:\.\d+)*[a-z]?)|\s+[A-Z](?![A-Za-z]))?"
        + _SEP
        + rf"|{_KR_NUMBERED}{_NUMBER_SIGN}(?>\d+(?:\.\d+)*)[*_]*\s+)",
    ),
    ("objectives", rf"(?i:{_OBJECTIVES_WORDS}\s*[*_]*\s*:?\s*[*_]*$)"),
    (
        "initiatives",
        r"(?i:(?:key\s+)?(?P<word>initiatives?|bets?|projects)(?:\s*\((?:bets?|initiatives?)\))?" + _SEP + ")",
    ),
    (
        "note_section",
        r"(?i:(?:notes?|risks?|dependencies|assumptions|context|background|comments?|open questions|"
        r"rationale|next steps|out of scope|non[- ]goals|learnings|why(?: this works)?|what is wrong|"
        r"health metrics|kpis?|appendix|references)\s*[*_]*\s*(?::.*)?$)",
    ),
    (
        "header",
        r"(?i:(?P<header_key>team|squad|tribe|department|okr cycle|cycle|quarter|period|time ?frame|half|title"
        r"|north[ -]?star(?: metric)?)"
        r"\s*[*_]*\s*:\s*[*_]*\s*(?P<header_value>\S.*)$)",
    ),
    (
        "field",
        r"(?i:(?:(?P<field_key>owners?|dri|accountable|responsible|source of truth|data source|source|src|sot|"
        r"baseline|starting value|start value|current value|target|unit|deadline|due date|due|metric|"
        r"contributes to|contributing to|supports|aligns? (?:to|with)|aligned (?:to|with)|parent kr|"
        r"depends on|dependencies|dependency)"
        r"\s*[*_]*\s*:|(?P<owned>owned by)\s)\s*[*_]*\s*(?P<field_value>.*)$)",
    ),
)
# One alternation instead of a match per kind: alternatives are tried in order and nothing
# follows them, so the first kind that matches wins exactly as in a chain of separate matches,
# for a single call per line. `lastgroup` names the kind, its group being the last to close.
_LABEL = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _LABEL_KINDS))
HEADER_KEYS = {
    "team": "team", "squad": "team", "tribe": "team", "department": "team",
    "okr cycle": "cycle", "cycle": "cycle", "quarter": "cycle", "period": "cycle",
    "timeframe": "cycle", "time frame": "cycle", "half": "cycle", "title": "title",
    "north star": "north_star", "north-star": "north_star", "northstar": "north_star",
    "north star metric": "north_star", "north-star metric": "north_star", "northstar metric": "north_star",
}
FIELD_KEYS = {
    "owner": "owner", "owners": "owner", "dri": "owner", "accountable": "owner",
    "responsible": "owner", "owned by": "owner",
    "source of truth": "source", "data source": "source", "source": "source", "src": "source",
    "sot": "source", "baseline": "baseline", "starting value": "baseline", "start value": "baseline",
    "current value": "baseline", "target": "target", "unit": "unit", "deadline": "deadline",
    "due date": "deadline", "due": "deadline", "metric": "metric",
    "contributes to": "contributes_to", "contributing to": "contributes_to", "supports": "contributes_to",
    "align to": "contributes_to", "aligns to": "contributes_to", "align with": "contributes_to",
    "aligns with": "contributes_to", "aligned to": "contributes_to", "aligned with": "contributes_to",
    "parent kr": "contributes_to", "depends on": "depends_on", "dependencies": "depends_on",
    "dependency": "depends_on",
}


def _listed_key(keys: dict[str, str], label: str) -> str:
    """What a label the case-blind pattern matched stands for. Lower-casing gives the listed spelling
    except for letters such as "ı" or "ſ", which IGNORECASE matches to "i" and "s" all the same."""
    listed = keys.get(label.lower())
    if listed is not None:
        return listed
    return next(value for key, value in keys.items() if re.fullmatch(re.escape(key), label, re.IGNORECASE))


HAS_WORD = re.compile(r"[^\W_]")


def _unwrap(text: str) -> str:
    """'**Grow revenue**' reads as 'Grow revenue': emphasis around a whole line is formatting."""
    if not text or text[0] not in "*_`":
        return text  # every wrapper starts with one of these: most lines need no further look
    for wrapper in ("**", "__", "*", "_", "`"):
        if len(text) > 2 * len(wrapper) and text.startswith(wrapper) and text.endswith(wrapper):
            return text[len(wrapper) : -len(wrapper)].strip()
    return text


# Markdown emphasis inside a line ("Cut **CI time** from 22 to 9"): underscores only at word edges, so
# snake_case names stay whole, and a lone "*" (a footnote mark) is no emphasis
_EMPHASIS = (
    re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"),
    re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"),
    re.compile(r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)"),
    re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])"),
)


def _plain(text: str) -> str:
    """A line's words without Markdown emphasis, which is formatting, not words a reader should weigh."""
    if "*" not in text and "_" not in text:
        return text
    for emphasis in _EMPHASIS:
        text = emphasis.sub(r"\1", text)
    return text


def _after_label(rest: str, probe: str, end: int) -> str:
    """The words after a line's label, without the emphasis that wrapped the label or label and words.

    "**Objective 1:** Grow", "**Objective 1: Grow**", "Objective 1: *Grow*" all read "Grow", and
    "KR 1: **Cut CI time** from 22 to 9" reads "Cut CI time from 22 to 9".
    """
    opened = rest[: len(rest) - len(probe)].replace(" ", "")  # emphasis before the label, e.g. "**"
    content = probe[end:].strip()
    if opened and content.startswith(opened):
        content = content[len(opened) :].lstrip()
    elif opened and content.endswith(opened):
        content = content[: -len(opened)].rstrip()
    return _plain(_unwrap(content))


@dataclass(slots=True, eq=False)
class Line:
    number: int
    rank: int
    kind: str  # objective kr kr_section init_section initiative note_section note objectives header field text struck
    content: str
    is_list: bool
    heading: int
    key: str = ""
    adjacent: bool = False  # directly below the previous line, no blank line between
    parent: Line | None = None
    children: list[Line] = field(default_factory=list)


def _symbol_bullet(rest: str) -> int:
    """Length of an emoji or symbol used as a bullet ("🎯 ", "✅ "), 0 when there is none."""
    index = 0
    while index < len(rest) and (
        unicodedata.category(rest[index]) == "So" or rest[index] in "\ufe0f\u200d"
    ):
        index += 1
    if index and index < len(rest) and rest[index].isspace():
        return index + 1
    return 0


def classify_line(number: int, raw: str) -> Line | None:
    lead = _LEAD.match(raw)
    start = lead.end() if lead else 0
    rest = raw[start:].rstrip()
    if not rest or not HAS_WORD.search(rest):
        return None  # blank lines and rules such as "---" or "***"
    indent = len(_INVISIBLE.sub("", raw[:start]).expandtabs(4)) if start else 0
    if rest.startswith(">"):
        quote = _QUOTE.match(rest)
        rest = rest[quote.end() if quote else 1 :].strip()
        if not rest:
            return None
    heading = 0
    is_list = False
    rank = 8 * indent
    if rest.startswith("#"):
        match = _HEADING.match(rest)
        if match:
            heading = len(match.group(1))
            rest = (match.group(2) or "").strip()
            rank = heading - 10
            if not rest:
                return None
    if not heading:
        match = _MARKER.match(rest)
        if match:
            is_list = True
            if match.group("number"):
                depth = match.group("number").strip("().").count(".") + 1
                rank += 1 + 3 * (depth - 1)
            elif match.group("letter"):
                rank += 2
            else:
                rank += 3 + _BULLET_LEVEL.get(match.group("bullet"), 0)
            rest = rest[match.end() :].strip()
        else:
            symbol = _symbol_bullet(rest)
            if symbol:
                is_list = True
                rank += 3
                rest = rest[symbol:].strip()
        if not rest:
            return None
    struck = _STRUCK.fullmatch(rest)
    if struck is not None:  # crossed out by its author: left out of the set, and reported as such
        words = struck.group("words") or struck.group("inner")
        return Line(number, rank, "struck", _plain(words.strip()), is_list, heading)
    probe = rest.lstrip("*_ ") if rest[0] in "*_" else rest
    line = Line(number, rank, "text", rest, is_list, heading)
    match = _LABEL.match(probe)
    if match is None:
        line.content = _plain(_unwrap(rest))
        return line
    kind = match.lastgroup
    if kind in ("objective", "o_label"):
        line.kind, line.content = "objective", _after_label(rest, probe, match.end())
        if not heading:
            line.rank -= 1
    elif kind == "kr_section":
        line.kind, line.content = "kr_section", ""
    elif kind == "kr":
        line.kind, line.content = "kr", _after_label(rest, probe, match.end())
        if not is_list and not heading:
            line.rank += 4
    elif kind == "objectives":
        line.kind = "objectives"
    elif kind == "initiatives":
        inline = _after_label(rest, probe, match.end())
        singular = match.group("word").lower() in ("initiative", "bet")
        line.kind = "initiative" if inline and singular else "init_section"
        line.content = inline
    elif kind == "note_section":
        _, colon, remark = probe.partition(":")
        if colon and remark.strip("*_ ") and not heading:
            # "Why: reviews mention slowness." is a note of one line, not the heading of a notes section: the
            # list below it at its own indent is the objective's; only lines indented deeper are the note's
            line.kind, line.rank = "note", 8 * indent + 7
        else:
            line.kind = "note_section"
    elif kind == "header":
        line.kind, line.key = "header", _listed_key(HEADER_KEYS, match.group("header_key"))
        line.content = match.group("header_value").strip().strip("*_").strip()
    else:  # "field"
        line.kind, line.key = "field", _listed_key(FIELD_KEYS, match.group("field_key") or match.group("owned"))
        line.content = match.group("field_value").strip().strip("*_").strip().rstrip(".;").strip()
        if not is_list and not heading:
            line.rank += 5
    return line


def cell_text(cell: str, kind: str) -> str:
    """A spreadsheet or table cell's words without the label it repeats: a key-result cell "KR1.1 Raise ..."
    (`kind` "kr") or an objective cell "O1 - Grow ..." (`kind` "objective")."""
    line = classify_line(0, cell)
    return line.content if line is not None and line.kind == kind and line.content else cell


# a line this long is prose, not the title of a set
TITLE_LINE = 120
_CYCLE_IN_TITLE = re.compile(
    r"\b(?:(?:Q[1-4]|H[12])(?:\s*[-/']?\s*(?:FY)?\d{2,4})?|(?:FY)?\d{4}\s*[-/ ]?\s*(?:Q[1-4]|H[12])|FY\s?\d{2,4})\b"
)


def cycle_in_title(title: str) -> str | None:
    """The cycle a title names ("Growth OKRs Q3 2027" -> "Q3 2027"), read when no "Cycle:" line gives one."""
    found = _CYCLE_IN_TITLE.search(title)
    return found.group(0) if found else None


# ---- the shape of a block of lines, as the text reader asks it -----------------------------------

# a line this long is running text, not an objective or a key result
PROSE_LINE = 280
STRUCTURE_KINDS = frozenset({"objectives", "kr_section", "init_section", "note_section", "header"})


def in_notes(line: Line) -> bool:
    """Whether a line is a note, or sits under one (a "Notes:"-style section or a one-line note): meant
    to be left out."""
    node: Line | None = line
    while node is not None:
        if node.kind in ("note_section", "note"):
            return True
        node = node.parent
    return False


def heads_listed_key_results(line: Line) -> bool:
    """A heading or nesting line whose list items are plain text: an objective written without a label."""
    return bool(line.heading or line.children) and any(
        child.kind == "text" and child.is_list for child in line.children
    )


def has_listed_key_results(line: Line) -> bool:
    """Whether an objective's key results are list items or labelled (so its plain lines are notes)."""
    return any(child.is_list or child.kind in ("kr", "kr_section") for child in line.children)


def is_group(line: Line) -> bool:
    """A line above objectives (a team name, a theme): every line under it, notes aside, is plain text with
    list items of its own. A heading over a "Key results" or "Initiatives" section is an objective."""
    candidates = [child for child in line.children if child.kind not in ("note_section", "note")]
    return bool(candidates) and all(
        child.kind == "text" and any(grandchild.kind == "text" and grandchild.is_list for grandchild in child.children)
        for child in candidates
    )


def reads_as_prose(block: list[Line]) -> bool:
    """Paragraphs of running text (long lines, or sentences wrapped mid-way) are not OKRs."""
    if any(len(line.content) > PROSE_LINE for line in block):
        return True
    return any(
        earlier.content[-1] not in ".!?:;" and later.content[:1].islower()
        for earlier, later in pairwise(block)
    )
