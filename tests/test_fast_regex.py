"""The first-letter rewrite of alternations must never change a match: same spans, same winning branch."""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.fast_regex import factor_alternations, fold_pattern, holds_any
from kit.paths import data_dir


def _shipped_pattern_lists() -> list[str]:
    """Every `*_patterns` list in the shipped rule files, joined the way the engine compiles it."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if str(key).endswith("patterns") and isinstance(value, list) and all(isinstance(v, str) for v in value):
                    found.append("|".join(f"(?:{fold_pattern(p)})" for p in value))
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted(data_dir("rubrics").rglob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


SHIPPED = _shipped_pattern_lists()
SENTENCES = [
    "raise week-one activation for new clinics from 21% to 35% by june 30",
    "customers using the booking page rate it 4.5 or higher",
    "zero p1 incidents older than 2 days; no open defects",
    "hold 6 partner workshops and publish the playbook",
    "keep p95 latency under 300 ms for 100% of checkout requests",
    "improve team morale and be seen as the best in the region",
    "95% of staff certified and trained before the audit",
    "cut time to first invoice from 9 days to 3 days via automating approvals",
    "meet the q3 revenue targets; grow nps (was 31) to 45",
]


def test_shipped_rubrics_have_alternations_to_rewrite() -> None:
    assert SHIPPED
    assert any(factor_alternations(source) != source for source in SHIPPED)


@pytest.mark.parametrize("source", SHIPPED)
def test_shipped_patterns_match_the_same_spans(source: str) -> None:
    original, rewritten = re.compile(source), re.compile(factor_alternations(source))
    for text in SENTENCES:
        assert [m.span() for m in rewritten.finditer(text)] == [m.span() for m in original.finditer(text)], text


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"\b(?:cats?|cows|dogs)\b", r"\b(?:c(?:ats?|ows)|dogs)\b"),
        (r"(?:use|uses|using)", r"(?:u(?:s(?:e(?:|s)|ing)))"),
        (r"(?:a?b|ac)", r"(?:a?b|ac)"),  # a branch whose first letter is optional stays as written
        (r"(?:\bab|ac)", r"(?:\bab|ac)"),
        (r"(?i)(?:ab|ac)", r"(?i)(?:ab|ac)"),  # inline flags: left alone
        (r"(ab|ac)\1", r"(ab|ac)\1"),  # backreferences: left alone
        (r"[(|]x(?:ab|ac)", r"[(|]x(?:a(?:b|c))"),  # brackets inside a class are not groups
    ],
)
def test_rewrite_shapes(source: str, expected: str) -> None:
    assert factor_alternations(source) == expected


_WORDS = st.sampled_from(["a", "ab", "abc", "b", "ba", "bad", "c", "ca", "cab", "x"])
_PIECES = st.lists(_WORDS, min_size=2, max_size=6)


@settings(max_examples=300, deadline=None)
@given(branches=_PIECES, after=st.sampled_from(["", "b", r"\b", "c?", "(?:b|c)"]),
       text=st.text(alphabet="abcx -", max_size=30))
def test_any_word_alternation_keeps_every_match(branches: list[str], after: str, text: str) -> None:
    source = "(?:" + "|".join(branches) + ")" + after
    original, rewritten = re.compile(source), re.compile(factor_alternations(source))
    assert [m.span() for m in rewritten.finditer(text)] == [m.span() for m in original.finditer(text)]


@pytest.mark.parametrize(
    ("source", "expected"),
    [(r"\bKR\s*\d", r"\bkr\s*\d"), (r"[A-Z]\W+Owner", r"[a-z]\W+owner"), (r"\\S", r"\\s")],
)
def test_fold_lowers_literals_but_not_escapes(source: str, expected: str) -> None:
    assert fold_pattern(source) == expected


def test_holds_any_is_a_plain_substring_test() -> None:
    assert holds_any("owner: ana", ("[", "owner"))
    assert not holds_any("no key here", ("[", "owner", "@"))
    assert not holds_any("anything", ())
