"""Word lists, head words and noun phrases, on sentences written for these tests."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kit.reading.words import _trie_regex, compile_words, folded, head, noun_phrase, verb_at, word_tries


def test_word_lists_accept_endings_and_phrases() -> None:
    pattern = compile_words(["launch*", "roll out"])
    assert pattern is not None
    assert pattern.search(folded("We launched it")) and pattern.search("roll  out the menu")
    assert not pattern.search("relaunching")  # a word start is required
    assert compile_words([]) is None


_ENTRIES = st.sampled_from(["ab", "ab*", "a b", "abc", "b-c", "bc", "c", "#tag", "a", "ba*", "b a"])


@settings(max_examples=300, deadline=None)
@given(entries=st.lists(_ENTRIES, min_size=1, max_size=6), text=st.text(alphabet="abc #-'\t", max_size=30))
def test_word_list_matches_what_a_word_start_and_its_trie_would(entries: list[str], text: str) -> None:
    """Branching on first letters (for speed) finds exactly what the plain form does: a word start, then the trie."""
    pattern = compile_words(entries)
    assert pattern is not None
    tries = word_tries(entries)
    plain = []
    if tries[True]:
        plain.append(r"(?<![\w-])" + _trie_regex(tries[True]))
    if tries[False]:
        plain.append(_trie_regex(tries[False]))
    reference = re.compile("|".join(plain))
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in reference.finditer(text)]


def test_head_skips_manner_adverbs_and_phrases() -> None:
    skip = compile_words(["successfully", "we have"])
    word, span, _ = head(folded("  Successfully ship the menu"), skip)
    assert word == "ship" and span is not None and (span.start, span.end) == (15, 19)
    assert head(folded("We have planned two tastings"), skip)[0] == "planned"


def test_noun_phrase_head_is_its_last_word() -> None:
    text = "Grow the number of tasting events from 2 to 6"
    phrase, last = noun_phrase(text, len("Grow"))
    assert phrase is not None and phrase.text == "tasting events"
    assert last is not None and last.text == "events"


def test_a_comparison_ends_a_noun_phrase() -> None:
    for text in ("Ferry punctuality above 95%", "Ferry punctuality below the line", "Ferry punctuality between 90%"):
        phrase, last = noun_phrase(text, 0)
        assert phrase is not None and phrase.text == "Ferry punctuality", text
        assert last is not None and last.text == "punctuality"


def test_a_starred_verb_with_a_noun_ending_is_no_verb() -> None:
    verbs = compile_words(["attend*", "perform*", "organis*", "build*"])
    for noun in ("attendance", "performance", "organisation", "builders"):
        assert verb_at(verbs, noun + " rises", 0) is None, noun
    for verb in ("attending", "performed", "organises", "building"):
        assert verb_at(verbs, verb + " the fair", 0) is not None, verb


def test_an_irregular_participle_said_of_the_phrase_ends_it() -> None:
    phrase, last = noun_phrase("12 harbour newsletters sent by June", 0)
    assert phrase is not None and phrase.text == "harbour newsletters"
    assert last is not None and last.text == "newsletters"
