"""The structured schema in JSON: lines recovered for every key, so errors point at them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kit.errors import InputError
from kit.parse import parse

DOCUMENT = """{
  "title": "Data platform OKRs",
  "cycle": "2027-H2",
  "objectives": [
    {
      "text": "Analysts trust the numbers",
      "owner": "Data lead",
      "key_results": [
        {"text": "Data incidents from 14 to 4 a quarter", "owner": "Platform", "source": "Incident log"},
        "Dashboards with a named owner from 40% to 90%",
        {
          "text": "Freshness SLA met on \\"core\\" tables",
          "target": 99.5,
          "unit": "%"
        }
      ],
      "initiatives": ["Data contracts", {"text": "Lineage view", "owner": "Infra"}]
    }
  ]
}
"""


def test_schema_fields_and_lines(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text(DOCUMENT, encoding="utf-8")
    okr_set = parse(path)
    assert (okr_set.title, okr_set.cycle) == ("Data platform OKRs", "2027-H2")
    [objective] = okr_set.objectives
    assert (objective.owner, objective.line) == ("Data lead", 5)
    incidents, owners, freshness = objective.key_results
    assert (incidents.owner, incidents.source, incidents.line) == ("Platform", "Incident log", 9)
    assert owners.line == 10
    assert (freshness.text, freshness.target, freshness.unit, freshness.line) == (
        'Freshness SLA met on "core" tables', 99.5, "%", 11
    )
    assert [(i.text, i.owner) for i in objective.initiatives] == [("Data contracts", None), ("Lineage view", "Infra")]


def test_compact_json_and_top_level_list() -> None:
    compact = json.dumps([{"text": "Analysts trust the numbers", "key_results": ["Incidents from 14 to 4"]}])
    okr_set = parse(compact)
    assert [kr.text for kr in okr_set.objectives[0].key_results] == ["Incidents from 14 to 4"]
    assert okr_set.objectives[0].key_results[0].line == 1


@pytest.mark.parametrize(
    ("document", "line", "words"),
    [
        ('{"objectives": [\n  {"text": "A",\n   "key_result": ["B"]}\n]}', 3, ["'key_result'", "key_results"]),
        ('{"objectives": [\n  {"text": "A",\n   "text": "B"}\n]}', 3, ["given twice"]),
        ('{"objectives": [\n  {"text": "A", "key_results": [\n    {"text": "B", "baseline": "some"}]}]}', 3,
         ["not a number"]),
        ('{"objectives": [\n  {"text": "A",}\n]}', 2, ["not valid JSON"]),
        ('{"objectives": [\n  {"text": "A"}\n', 3, ["not valid JSON"]),
        ("{'objectives': []}", 1, ["not valid JSON"]),
        ('{"objectives": [{"text": "A", "key_results": [{"text": "B", "target": NaN}]}]}', 1, ["NaN"]),
        ('{"objectives": {"text": "A"}}', 1, ["should be a list"]),
        ('"just a string"', 1, ["mapping"]),
        ("{}", 1, ["no 'objectives'"]),
    ],
)
def test_errors_name_the_line(document: str, line: int, words: list[str]) -> None:
    with pytest.raises(InputError) as caught:
        parse(document, format="json")
    assert caught.value.line == line
    for word in words:
        assert word in str(caught.value)
