"""Spreadsheet exports: one row per KR, objective repeated or blank, loose column names."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from kit.errors import InputError
from kit.parse import parse


def test_blank_objective_continues_and_repeated_objective_regroups(tmp_path: Path) -> None:
    path = tmp_path / "okrs.csv"
    path.write_text(
        "Objective,Key Result,Owner,Source of truth,Baseline,Target,Unit,Due date,Initiatives\n"
        "Grow self-serve revenue,Raise trial conversion,Mia,Billing DB,8%,12%,,2027-09-30,Pricing page test\n"
        ",Lift average plan value,Raj,Billing DB,$42,$55,,,\n"
        "Delight admins,Admin CSAT from 3.9 to 4.4,Lea,Survey tool,,,,,\n"
        "Grow self-serve revenue,Cut checkout drop-off,Mia,,61,45,%,,Shorter checkout; Saved cards\n",
        encoding="utf-8",
    )
    okr_set = parse(path)
    revenue, admins = okr_set.objectives
    assert (revenue.text, revenue.line, admins.line) == ("Grow self-serve revenue", 2, 4)
    assert [kr.text for kr in revenue.key_results] == [
        "Raise trial conversion", "Lift average plan value", "Cut checkout drop-off"
    ]
    assert [kr.line for kr in revenue.key_results] == [2, 3, 5]
    conversion, plan_value, checkout = revenue.key_results
    assert (conversion.owner, conversion.source, conversion.deadline) == ("Mia", "Billing DB", "2027-09-30")
    assert (conversion.baseline, conversion.target, conversion.unit) == (8.0, 12.0, "%")
    assert (plan_value.baseline, plan_value.target) == (42.0, 55.0)
    assert (checkout.baseline, checkout.target, checkout.unit) == (61.0, 45.0, "%")
    assert [i.text for i in revenue.initiatives] == ["Pricing page test", "Shorter checkout", "Saved cards"]
    assert admins.key_results[0].owner == "Lea"


def test_semicolons_bom_quotes_and_multiline_cells() -> None:
    text = (
        "\ufeffOBJECTIVE;KR;DRI;Status\n"
        '"Ship faster; safer";"Lead time from 9 days\nto 4 days";Ops;on track\n'
        ';"Change failure ""rate"" under 5%";Ops;at risk\n'
    )
    okr_set = parse(text)
    [objective] = okr_set.objectives
    assert objective.text == "Ship faster; safer"
    assert [kr.text for kr in objective.key_results] == [
        "Lead time from 9 days to 4 days", 'Change failure "rate" under 5%'
    ]
    assert [kr.line for kr in objective.key_results] == [2, 4]


def test_tab_separated_with_team_and_quarter_columns(tmp_path: Path) -> None:
    path = tmp_path / "okrs.tsv"
    path.write_text("team\tquarter\tobjective\tkey result\nOps\tQ3 2027\tShip faster\tLead time under 4 days\n")
    okr_set = parse(path)
    assert (okr_set.team, okr_set.cycle) == ("Ops", "Q3 2027")


def test_excel_export_in_windows_encoding(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(codecs.encode("Objective;Key result\nCafé launch;Sell 500 crème brûlées – weekly\n", "cp1252"))
    [objective] = parse(path).objectives
    assert objective.text == "Café launch"
    assert objective.key_results[0].text == "Sell 500 crème brûlées – weekly"


def test_explicit_columns_win_over_what_the_text_says() -> None:
    okr_set = parse(
        "objective,kr,baseline,target,deadline\nKeep customers,Churn from 3% to 2% by Mar 31,2.8,1.9,Feb 28\n"
    )
    kr = okr_set.objectives[0].key_results[0]
    assert (kr.baseline, kr.target, kr.deadline) == (2.8, 1.9, "Feb 28")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("kr,owner\nRaise NPS,Ana\n", 1, ["no 'Objective' column"]),
        ("objective,owner\nKeep customers,Ana\n", 1, ["'Key result' column"]),
        ("objective,kr\n,Raise NPS\n", 2, ["no objective"]),
        ("objective,kr\n", 1, ["no key results"]),
        ('objective,kr\nKeep customers,"Raise NPS\n', 2, ["not valid CSV"]),
    ],
)
def test_errors_name_the_line(text: str, line: int, words: list[str]) -> None:
    with pytest.raises(InputError) as caught:
        parse(text, format="csv")
    assert caught.value.line == line
    for word in words:
        assert word in str(caught.value)


def test_title_rows_above_the_column_names() -> None:
    okr_set = parse("Finance OKRs Q1 2028,,\n,,\nObjective,Key result,Owner\nFaster close,Close in 5 days,Ana\n",
                    format="csv")
    assert okr_set.title == "Finance OKRs Q1 2028"
    assert okr_set.objectives[0].key_results[0].line == 4


def test_title_row_without_delimiters_above_a_semicolon_sheet_is_detected() -> None:
    okr_set = parse("Finance OKRs\nObjective;Key result;Owner\nFaster close;Close in 5 days, not 9;Ana\n")
    assert okr_set.title == "Finance OKRs"
    assert okr_set.objectives[0].key_results[0].text == "Close in 5 days, not 9"


def test_a_sheet_of_only_separators_is_empty() -> None:
    with pytest.raises(InputError, match="empty"):
        parse(",,,\n,,\n", format="csv")


def test_cells_saved_as_a_text_file_are_read_as_a_sheet_and_prose_as_prose(tmp_path: Path) -> None:
    sheet = tmp_path / "pasted.txt"
    sheet.write_text("Objective\tKey result\tOwner\nFewer late ferries\tLate departures from 40 to 10\tAna\n"
                     "\tComplaints about delays halved\tBen\n", encoding="utf-8")
    okr_set = parse(sheet)
    assert [o.text for o in okr_set.objectives] == ["Fewer late ferries"]
    assert [(kr.text, kr.owner) for kr in okr_set.objectives[0].key_results] == [
        ("Late departures from 40 to 10", "Ana"), ("Complaints about delays halved", "Ben")]
    prose = tmp_path / "notes.txt"
    prose.write_text("Objective: Fewer late ferries\n- Late departures from 40 to 10\n", encoding="utf-8")
    assert parse(prose).objectives[0].key_results[0].text == "Late departures from 40 to 10"
