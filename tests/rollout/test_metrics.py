from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kit.errors import InputError
from kit.model import KeyResult, Objective
from kit.rollout.metrics import (
    Metric,
    Refresh,
    WeeklyUpdate,
    card_markdown,
    check_dictionary,
    kr_card,
    read_dictionary,
    write_dictionary,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "metrics"


def test_reads_a_spreadsheet_export_and_round_trips() -> None:
    metrics = read_dictionary(FIXTURES / "good.csv")
    assert [m.name for m in metrics] == ["Weekly active teams", "Checkout conversion", "Partner NPS"]
    assert metrics[1].refresh is Refresh.WEEKLY
    assert metrics[1].related_krs == ["O1 KR2", "O2 KR1"]
    assert metrics[2].valid_min == -100
    assert read_dictionary(write_dictionary(metrics)) == metrics


@pytest.mark.parametrize(
    ("fixture", "line", "words"),
    [
        ("missing_refresh_column.csv", 1, "missing column(s) 'Refresh frequency'"),
        ("bad_number.csv", 2, "column 'Valid min': 'zero' is not a number"),
        ("bad_refresh.csv", 2, "'fortnightly' is not one of"),
        ("unknown_column.csv", 1, "unknown column(s) 'Colour'"),
    ],
)
def test_broken_csv_names_row_and_column(fixture: str, line: int, words: str) -> None:
    with pytest.raises(InputError) as caught:
        read_dictionary(FIXTURES / fixture)
    assert caught.value.line == line
    assert words in str(caught.value)
    assert fixture in str(caught.value)


def test_empty_dictionary_says_what_header_to_write() -> None:
    with pytest.raises(InputError, match="Metric name, Business definition"):
        read_dictionary("")


def test_checks_duplicates_ranges_refresh_and_kr_links() -> None:
    metrics = read_dictionary(FIXTURES / "duplicates_and_bad_range.csv")
    krs = [KeyResult(text="Grow signups", metric="Signups"), KeyResult(text="Cut churn", metric="Churn"),
           KeyResult(text="Ship the app")]
    issues = check_dictionary(metrics, krs, actuals=[("Signups", 12.0)])
    checks = sorted(i.check for i in issues)
    assert checks == ["bad-range", "duplicate-name", "kr-without-metric", "metric-not-defined", "out-of-range"]
    assert any("Churn" in i.message for i in issues)


def test_slow_refresh_is_flagged_weekly_is_not() -> None:
    issues = check_dictionary([Metric(name="NPS", refresh=Refresh.QUARTERLY), Metric(name="X", refresh="weekly")])
    assert [(i.check, i.metric) for i in issues] == [("slow-refresh", "NPS")]


def test_kr_card_lists_what_is_missing_and_updates_latest_first() -> None:
    objective = Objective(text="Make onboarding effortless")
    kr = KeyResult(text="Cut time to first value from 9 to 4 days", metric="Time to first value", baseline=9,
                   target=4, unit="days", owner="Lee")
    card = kr_card(objective, kr, updates=[WeeklyUpdate(week_of=date(2027, 1, 4), actual=8.5, note="first cohort"),
                                           WeeklyUpdate(week_of=date(2027, 1, 11), actual=8.0, note="checklist")])
    assert card.updates[0].week_of == date(2027, 1, 11)
    assert "source of truth" in card.missing and "owner" not in card.missing
    text = card_markdown(card)
    assert "9 days → 4 days" in text
    assert text.index("2027-01-11") < text.index("2027-01-04")


def test_a_formula_in_a_metric_is_written_as_text() -> None:
    import csv
    import io

    written = write_dictionary([Metric(name="=HYPERLINK(\"http://x\",\"open\")", owner="+cmd", refresh=Refresh.WEEKLY)])
    row = next(iter(csv.reader(io.StringIO(written.split("\n", 1)[1]))))
    assert row[0].startswith("'=") and row[3].startswith("'+")
