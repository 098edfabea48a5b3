"""The structured schema in YAML: explicit fields kept, unknown keys refused with their line."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from kit.errors import InputError
from kit.parse import parse

FULL = dedent(
    """\
    title: Support OKRs
    team: Customer support
    cycle: 2027-Q2
    objectives:
      - text: Customers get answers without waiting
        owner: Head of support
        key_results:
          - text: Cut first response time from 9 hours to 2 hours
            owner: Support ops
            source: Helpdesk reports
            target: 1.5
            unit: hours
            deadline: 2027-06-30
            direction: decrease
            scoring: linear
          - Raise self-serve resolution from 22% to 35%
        initiatives:
          - Rewrite the top 30 help articles
          - text: Chat triage bot
            owner: Support engineering
      - text: Fewer tickets caused by our own bugs
        key_results:
          - text: Bug-caused tickets from 400 to 150 a month
            baseline: 400
            owner: "No"
    """
)


def test_full_schema_keeps_every_explicit_field_and_line(tmp_path: Path) -> None:
    path = tmp_path / "support.yaml"
    path.write_text(FULL, encoding="utf-8")
    okr_set = parse(path)
    assert (okr_set.title, okr_set.team, okr_set.cycle) == ("Support OKRs", "Customer support", "2027-Q2")
    first, second = okr_set.objectives
    assert (first.text, first.owner, first.line) == ("Customers get answers without waiting", "Head of support", 5)
    response, self_serve = first.key_results
    assert (response.owner, response.source, response.line) == ("Support ops", "Helpdesk reports", 8)
    assert (response.target, response.unit, response.deadline) == (1.5, "hours", "2027-06-30")
    assert (response.direction, response.scoring) == ("decrease", "linear")
    assert (self_serve.text, self_serve.line) == ("Raise self-serve resolution from 22% to 35%", 16)
    assert [(i.text, i.owner) for i in first.initiatives] == [
        ("Rewrite the top 30 help articles", None),
        ("Chat triage bot", "Support engineering"),
    ]
    [bugs] = second.key_results
    assert (bugs.baseline, bugs.owner) == (400.0, "No")


def test_minimal_schema_and_text_detection() -> None:
    okr_set = parse(
        "objectives:\n  - text: Customers get answers fast\n    key_results:\n      - Reply within 2 hours\n"
    )
    assert [kr.text for kr in okr_set.objectives[0].key_results] == ["Reply within 2 hours"]
    assert okr_set.title is None


def test_top_level_list_is_the_objectives() -> None:
    okr_set = parse("- text: Customers get answers fast\n  key_results: [Reply within 2 hours]\n", format="yaml")
    assert [o.text for o in okr_set.objectives] == ["Customers get answers fast"]


def test_number_with_unit_in_a_field() -> None:
    okr_set = parse("objectives:\n  - text: Keep customers\n    key_results:\n"
                    "      - {text: Raise renewal rate, baseline: 81%, target: '90 %'}\n")
    kr = okr_set.objectives[0].key_results[0]
    assert (kr.baseline, kr.target, kr.unit) == (81.0, 90.0, "%")


@pytest.mark.parametrize(
    ("document", "line", "words"),
    [
        ("objectives:\n  - text: A\n    key_result:\n      - B\n", 3, ["unknown key 'key_result'", "key_results"]),
        ("objectives:\n  - text: A\n    key_results:\n      - text: B\n        ownr: C\n", 5, ["'ownr'", "owner"]),
        ("titel: X\nobjectives:\n  - text: A\n", 1, ["unknown key 'titel'", "title"]),
        ("objectives:\n  - owner: A\n    key_results: [B]\n", 2, ["has no text"]),
        ("objectives:\n  - text: A\n    key_results:\n      - text: B\n        target: lots\n", 5, ["not a number"]),
        ("objectives:\n  - text: A\n    key_results:\n      - text: B\n        direction: up\n", 5, ["direction"]),
        ("objectives: Grow\n", 1, ["should be a list"]),
        ("objectives: []\n", 1, ["empty"]),
        ("title: Only a title\n", 1, ["no 'objectives'"]),
        ("objectives:\n  - text: A\n    text: B\n", 3, ["given twice"]),
        ("objectives:\n  - text: [A, B]\n", 2, ["should be text"]),
        ("objectives:\n  - text: A\n    key_results: B\n", 3, ["should be a list"]),
        ("objectives:\n  - text: A\n    Objective: B\n", 3, ["'Objective' gives the text of an objective a second time",
                                                         "line 2"]),
    ],
)
def test_schema_errors_name_the_line(document: str, line: int, words: list[str]) -> None:
    with pytest.raises(InputError) as caught:
        parse(document, format="yaml")
    assert caught.value.line == line
    for word in words:
        assert word in str(caught.value)
    assert caught.value.fix


def test_aliases_are_read_once() -> None:
    document = "shared: &kr {text: Reply within 2 hours}\nobjectives:\n  - text: A\n    key_results: [*kr, *kr]\n"
    with pytest.raises(InputError, match="unknown key 'shared'"):
        parse(document, format="yaml")
    okr_set = parse("objectives:\n  - text: A\n    key_results: [&kr {text: Reply fast}, *kr]\n", format="yaml")
    assert [kr.text for kr in okr_set.objectives[0].key_results] == ["Reply fast", "Reply fast"]


def test_aliases_that_expand_past_the_limit_are_refused_at_once() -> None:
    import time

    from kit.errors import InputError
    from kit.parse.yaml_format import MAX_EXPANDED_VALUES, parse_yaml

    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    lines.append("objectives: [*a7]")
    start = time.perf_counter()
    with pytest.raises(InputError) as caught:
        parse_yaml("\n".join(lines), "bomb.yaml")
    assert time.perf_counter() - start < 2
    assert f"{MAX_EXPANDED_VALUES:,} values" in caught.value.problem and caught.value.path == "bomb.yaml"


def test_a_few_aliases_still_read() -> None:
    from kit.parse.yaml_format import parse_yaml

    text = (
        "title: Harbour\nobjectives:\n  - text: Skippers trust our harbour\n    key_results:\n"
        "      - {text: 'Raise bookings from 1 to 2', owner: &sam Sam}\n"
        "      - {text: 'Cut waits from 4 to 2 minutes', owner: *sam}\n"
    )
    okr_set = parse_yaml(text, "ok.yaml")
    assert [kr.owner for kr in okr_set.objectives[0].key_results] == ["Sam", "Sam"]


def test_keys_may_be_named_as_spreadsheets_and_other_tools_name_them() -> None:
    document = dedent(
        """\
        Squad: Support
        Quarter: 2027-Q2
        OKRs:
          - Objective: Customers get answers without waiting
            DRI: Head of support
            Key Results:
              - KR: Cut first response time
                Current: 9 hours
                Goal: 2 hours
                Due date: 2027-06-30
                source_of_truth: Helpdesk reports
              - description: Raise self-serve resolution from 22% to 35%
        """
    )
    okr_set = parse(document, format="yaml")
    assert (okr_set.team, okr_set.cycle) == ("Support", "2027-Q2")
    [objective] = okr_set.objectives
    assert (objective.text, objective.owner) == ("Customers get answers without waiting", "Head of support")
    first, second = objective.key_results
    assert (first.text, first.baseline, first.target, first.unit) == ("Cut first response time", 9.0, 2.0, "hours")
    assert (first.deadline, first.source) == ("2027-06-30", "Helpdesk reports")
    assert second.text == "Raise self-serve resolution from 22% to 35%"
    assert parse(
        '{"okrs": [{"title": "Grow", "krs": [{"name": "Add 40 buyers", "owner": "Sam"}]}]}', format="json"
    ).objectives[0].key_results[0].owner == "Sam"
