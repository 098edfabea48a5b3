"""The vocabulary file: strict keys with their line, layering, and the house lists' hygiene."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.errors import RubricError
from kit.reading import read_key_result
from kit.reading.vocabulary import Vocabulary, build_vocabulary
from kit.rubric import house_rules_path


def test_a_misspelt_list_names_its_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "words.yaml"
    path.write_text("fuzzy_words: [nice]\nfuzy_words: [nicer]\n", encoding="utf-8")
    with pytest.raises(RubricError) as caught:
        build_vocabulary([path])
    assert "fuzy_words" in str(caught.value) and caught.value.line == 2 and caught.value.path == str(path)


def test_a_later_file_replaces_a_list_or_extends_it(tmp_path: Path) -> None:
    house, team = tmp_path / "house.yaml", tmp_path / "team.yaml"
    house.write_text("fuzzy_words: [nice]\nqualifier_words: [key]\n", encoding="utf-8")
    team.write_text("qualifier_words: [chosen]\nextend:\n  fuzzy_words: [snappy]\n", encoding="utf-8")
    vocabulary = build_vocabulary([house, team])
    assert vocabulary.fuzzy_words == ["nice", "snappy"] and vocabulary.qualifier_words == ["chosen"]


def test_a_bad_pattern_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "words.yaml"
    path.write_text("fuzzy_patterns: ['(unclosed']\n", encoding="utf-8")
    with pytest.raises(RubricError, match="bad pattern"):
        build_vocabulary([path])


def test_the_house_vocabulary_fills_every_list() -> None:
    vocabulary = build_vocabulary([house_rules_path("vocabulary")])
    empty = [name for name in Vocabulary.model_fields if not getattr(vocabulary, name)]
    assert empty == []


def test_which_nouns_make_a_verb_a_noun_is_tuned_in_the_vocabulary(tmp_path: Path) -> None:
    house = house_rules_path("vocabulary")
    team = tmp_path / "team.yaml"
    team.write_text("extend:\n  noun_use_heads: [cadence]\n", encoding="utf-8")
    sentence = "Release cadence of the harbour app"
    assert "activity_head" in read_key_result(sentence, build_vocabulary([house])).features
    tuned = read_key_result(sentence, build_vocabulary([house, team])).features
    assert "activity_head" not in tuned  # "release" is a noun before "cadence" now
