"""Rule conditions: how a `when:` is checked against the features it names and what it points at."""

from __future__ import annotations

import pytest

from kit.model import Mark
from kit.rubric.conditions import compile_condition

KNOWN = {"a": "", "b": "", "c": ""}
A, B = Mark(0, 1, "a"), Mark(2, 3, "b")


def test_all_points_at_every_part_and_any_at_the_first_that_holds() -> None:
    features = {"a": (A,), "b": (B,)}
    assert compile_condition({"all": ["a", "b"]}, KNOWN).evidence(features) == (A, B)
    assert compile_condition({"any": ["c", "b", "a"]}, KNOWN).evidence(features) == (B,)
    assert compile_condition({"all": ["a", "c"]}, KNOWN).evidence(features) is None


def test_not_holds_with_nothing_to_point_at() -> None:
    assert compile_condition({"not": "c"}, KNOWN).evidence({"a": (A,)}) == ()
    assert compile_condition({"not": "a"}, KNOWN).evidence({"a": (A,)}) is None


def test_a_feature_that_holds_without_words_still_holds() -> None:
    assert compile_condition("a", KNOWN).evidence({"a": ()}) == ()


@pytest.mark.parametrize(
    ("raw", "problem"),
    [("d", "unknown feature 'd'"), ({"all": []}, "non-empty list"), ({"any": "a"}, "non-empty list"),
     ({"a": "b", "c": "d"}, "a condition is"), (3, "a condition is")],
)
def test_mistakes_are_named(raw: object, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        compile_condition(raw, KNOWN)


def test_a_condition_lists_the_features_it_reads() -> None:
    assert compile_condition({"any": ["a", {"not": "b"}]}, KNOWN).features() == {"a", "b"}
