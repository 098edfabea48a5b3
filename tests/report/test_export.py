from __future__ import annotations

import csv
import io
import json

import yaml

from kit.model import Initiative, KeyResult, Objective, OkrSet
from kit.parse import parse
from kit.parse.write import CSV_COLUMNS, okr_set_to_csv, okr_set_to_dict, okr_set_to_json, okr_set_to_yaml

from .conftest import HOSTILE


def _committed_set() -> OkrSet:
    return OkrSet(
        title="Clinic operations",
        cycle="2027-Q2",
        objectives=[
            Objective(
                text="Patients are seen when they were promised",
                owner="Head of clinics",
                line=3,
                key_results=[
                    KeyResult(
                        text="Cut average waiting time from 38 to 15 minutes by June 30",
                        baseline=38,
                        target=15,
                        unit="min",
                        deadline="June 30",
                        owner="Ines",
                        source="Booking system",
                        line=4,
                    ),
                    KeyResult(text="Lift on-time starts from 62% to 90%", baseline=62, target=90, unit="%"),
                ],
                initiatives=[Initiative(text="Pilot text reminders")],
            ),
            Objective(text="Staff leave work on time", key_results=[KeyResult(text="Hold weekly rota reviews")]),
        ],
    )


def _texts(okr_set: OkrSet) -> list[tuple[str, list[tuple[str, str | None, str | None]]]]:
    return [(o.text, [(kr.text, kr.owner, kr.source) for kr in o.key_results]) for o in okr_set.objectives]


def test_structured_export_keeps_what_the_author_gave_and_drops_line_numbers() -> None:
    data = okr_set_to_dict(_committed_set())
    first = data["objectives"][0]["key_results"][0]
    assert first == {
        "text": "Cut average waiting time from 38 to 15 minutes by June 30",
        "baseline": 38,
        "target": 15,
        "unit": "min",
        "deadline": "June 30",
        "owner": "Ines",
        "source": "Booking system",
    }
    assert "line" not in data["objectives"][0]
    assert data["objectives"][0]["initiatives"] == [{"text": "Pilot text reminders"}]
    assert OkrSet.model_validate(data).objectives[0].key_results[0].baseline == 38


def test_yaml_and_json_round_trip_through_the_parser() -> None:
    original = _committed_set()
    for text, fmt in ((okr_set_to_yaml(original), "yaml"), (okr_set_to_json(original), "json")):
        parsed = parse(text, format=fmt)
        assert _texts(parsed) == _texts(original)
        assert (parsed.title, parsed.cycle) == ("Clinic operations", "2027-Q2")
        kr = parsed.objectives[0].key_results[0]
        assert (kr.baseline, kr.target, kr.deadline) == (38, 15, "June 30")
    assert yaml.safe_load(okr_set_to_yaml(original)) == json.loads(okr_set_to_json(original))


def test_csv_has_one_row_per_key_result_and_round_trips() -> None:
    original = _committed_set()
    exported = okr_set_to_csv(original)
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert list(rows[0]) == CSV_COLUMNS
    assert len(rows) == 3
    assert rows[0]["objective"] == rows[1]["objective"] == "Patients are seen when they were promised"
    assert (rows[0]["baseline"], rows[0]["target"], rows[0]["owner"]) == ("38", "15", "Ines")
    assert _texts(parse(exported, format="csv")) == _texts(original)


def test_csv_cells_never_run_as_spreadsheet_formulas() -> None:
    okr_set = OkrSet(objectives=[Objective(text='=HYPERLINK("http://x")', key_results=[KeyResult(text=HOSTILE)])])
    rows = list(csv.reader(io.StringIO(okr_set_to_csv(okr_set))))
    assert rows[1][0] == '\'=HYPERLINK("http://x")'
    assert rows[1][1] == HOSTILE
