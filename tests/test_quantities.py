"""Reading baselines, targets, units, directions and deadlines from KR sentences written for these tests."""

from __future__ import annotations

import pytest

from kit.model import Direction, KeyResult
from kit.quantities import enrich, extract, strip_decoration


@pytest.mark.parametrize(
    ("text", "baseline", "target", "unit"),
    [
        ("Lift basket size from 18% to 28% by end of Q3", 18, 28, "%"),
        ("Basket size 18% -> 28%", 18, 28, "%"),
        ("Basket size 18% → 28%", 18, 28, "%"),
        ("Refund time currently 9 days; target 4", 9, 4, "days"),
        ("Shop rating ≥ 4.6 (baseline 4.1)", 4.1, 4.6, None),
        ("Stock-outs from 42 to 0 by June", 42, 0, None),
        ("Loyalty sign-ups 1,800 (last year) → 2,500 by 1 Sept", 1800, 2500, None),
        ("Gift-card sales $1.2M → $2M", 1.2e6, 2e6, "$"),
        ("Shipping cost per parcel £4.80 → £3.90", 4.8, 3.9, "£"),
        ("Net promoter score +8 → +25", 8, 25, None),
        ("Returns handled within 2 days (was 6 days)", 6, 2, "days"),
    ],
)
def test_baseline_and_target(text: str, baseline: float, target: float, unit: str | None) -> None:
    q = extract(text)
    assert q.baseline is not None and q.baseline.value == pytest.approx(baseline)
    assert q.target is not None and q.target.value == pytest.approx(target)
    assert q.target.unit == unit
    assert text[q.target.span.start : q.target.span.end] == q.target.span.text


@pytest.mark.parametrize(
    ("text", "has_target"),
    [
        ("Grow repeat orders by 20%", True),
        ("Lift gross margin by 3pp", True),
        ("Hire two bakers", True),
        ("Win back the three biggest wholesale accounts", False),
        ("Weekly orders 2x", True),
        ("Weekly orders doubles", True),
        ("Reach 65% weekly active shops", True),
        ("Checkout p95 under 300 ms", True),
        ("Payment uptime ≥ 99.9%", True),
        ("At least 10 partner shops", True),
        ("Zero P1 incidents in checkout", True),
        ("100% of orders tracked", True),
        ("Grow repeat orders", False),
        ("Shops from X to Y", False),
        ("Conversion ??%", False),
        ("Revenue $N", False),
        ("Target TBD", False),
        ("Reach [N] paying shops", False),
        ("Move [metric] from [baseline] to [target] by [date]", False),
        ("Fix #36 and ship 5C model v3 in Phase 2 (P0) by Q3 2027, see OKR 2.1", False),
        ("Lean harder into the channels that convert", False),
        ("Pass the SOC 2 audit of the shop platform", False),  # a standard's name, not an amount
        ("Checkout pages meet WCAG 2.1 AA", False),
        ("Shop NPS 45 by Q3", True),  # a metric's value stays one
        ("Cut shop hosting costs by a third", True),  # a change written as a fraction
        ("Cut refund time in half", True),
        ("Reduce parcel returns by two thirds", True),
        ("Cut shop hosting costs by quarter end", False),  # a time box, not a fraction
        ("Tens of thousands of monthly shop visitors", True),  # an approximate amount is a target
    ],
)
def test_what_counts_as_a_target(text: str, has_target: bool) -> None:
    assert extract(text).has_target is has_target


def test_bracketed_slots_are_placeholders_but_tags_are_decoration() -> None:
    q = extract("[P1] Reach [N] paying shops")
    assert [p.text for p in q.placeholders] == ["[N]"]
    assert "P1" not in q.text


def test_a_direction_word_inside_a_compound_is_no_direction() -> None:
    q = extract("Parcel drop-out rate reduced")
    assert q.direction_span is not None and q.direction_span.text == "reduced"
    assert extract("Follow-up parcel checks").direction is None  # "up" here is part of a noun


def test_a_fraction_after_by_is_the_change() -> None:
    q = extract("Reduce parcel returns by two thirds")
    assert q.change is not None and q.change.value == 66.7 and q.change.unit == "%"
    assert [a.span.text for a in q.amounts] == ["two thirds"]  # not a count of two


def test_tbd_in_lower_case_is_a_placeholder_where_a_value_goes() -> None:
    assert [p.text for p in extract("Parcel NPS from 32 to tbc").placeholders] == ["tbc"]
    assert [p.text for p in extract("Return rate: tbd").placeholders] == ["tbd"]
    assert extract("Open a parcel forum (tbd whether chat or mail)").placeholders == []  # a decision still open


def test_placeholders_are_reported_not_counted() -> None:
    q = extract("Paid seats from X to Y, revenue $N, conversion ??%")
    assert [p.text for p in q.placeholders] == ["X", "Y", "$N", "??%"]
    assert q.amounts == [] and q.baseline is None


@pytest.mark.parametrize(
    ("text", "multiplier"),
    [("Revenue of $300k", 3e5), ("€2.5M in pipeline", 2.5e6), ("1.5B events a day", 1.5e9), ("12k members", 1.2e4)],
)
def test_suffixes_and_currency(text: str, multiplier: float) -> None:
    amounts = extract(text).amounts
    assert amounts and amounts[0].value == pytest.approx(multiplier)


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("Ship it by Mar 31", "by Mar 31"),
        ("Churn to 2% by end of Q3", "by end of Q3"),
        ("Replies within 30 days", "within 30 days"),
        ("Pipeline at 3x in H2", "in H2"),
        ("FY29-Q2 pipeline at 3x", "FY29-Q2 pipeline"),
        ("Stock-outs to 0 by 30 June", "by 30 June"),
    ],
)
def test_deadlines(text: str, deadline: str) -> None:
    assert extract(text).deadline == deadline


@pytest.mark.parametrize("text", ["Churn down 20% vs Q1", "Act on the top themes from the January survey"])
def test_comparison_periods_are_not_deadlines(text: str) -> None:
    assert extract(text).deadline is None


@pytest.mark.parametrize(
    ("text", "direction"),
    [("Cut refunds from 9% to 4%", Direction.DECREASE), ("Grow orders by 20%", Direction.INCREASE),
     ("Keep uptime at 99.9%", Direction.MAINTAIN), ("Orders 100 -> 150", Direction.INCREASE)],
)
def test_direction(text: str, direction: Direction) -> None:
    assert extract(text).direction == direction


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("Increase repeat rate from 18% to 28%", "repeat rate"),
        ("Hold 6 tasting evenings by June", "tasting evenings"),
        ("Checkout errors under 2%", "Checkout errors"),
        ("P95 latency at 300 ms", "P95 latency"),
        ("Win 9 clinics above 40 beds", "clinics"),
        ("Launch the shop", None),
        ("Enrol 3+ new bakeries in the scheme", "new bakeries"),  # "3+" counts what follows, like "3"
        ("Deliver 95% of parcels on the first attempt", None),  # the word before "N% of" is the verb
        ("Courier satisfaction 82%", "Courier satisfaction"),
        ("🟢 Raise courier satisfaction from 70% to 82%", "courier satisfaction"),  # a status mark, not a word
        ("⚠️ Parcels lost from 40 to 10 a month", "Parcels lost"),
    ],
)
def test_metric_words(text: str, metric: str | None) -> None:
    assert extract(text).metric == metric


def test_decoration_is_blanked_not_removed() -> None:
    text = "Head of Sales KR: [P0] Grow orders by 20% (#36) shop/orders#12"
    clean = strip_decoration(text)
    assert len(clean) == len(text)
    assert clean.strip().startswith("Grow orders by 20%")
    assert "#36" not in clean and "P0" not in clean and "Head of Sales" not in clean


@pytest.mark.parametrize("prefix", ["KR 2.1: ", "Key Result 3 - ", "Ops lead KR: ", "1) ", "- [ ] ", "• "])
def test_label_prefixes_are_not_part_of_the_sentence(prefix: str) -> None:
    q = extract(prefix + "Grow orders by 20%")
    assert q.text.strip() == "Grow orders by 20%"
    assert q.change is not None and q.change.value == 20


def test_enrich_fills_only_empty_fields_and_is_idempotent() -> None:
    kr = KeyResult(text="Cut refund time from 9 to 4 days by end of Q2", target=3.0)
    enriched = enrich(kr)
    assert enriched.baseline == 9 and enriched.target == 3.0
    assert enriched.unit == "days" and enriched.direction == Direction.DECREASE
    assert enriched.deadline == "by end of Q2"
    assert enrich(enriched) == enriched
    assert enrich(KeyResult(text="Launch the shop")) == KeyResult(text="Launch the shop")


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Sign 12 new logos above 200 seats", 12),
        ("Close 5 deals over $40k by Q3", 5),
        ("Onboard 30 clinics with at least 3 active doctors", 30),
        ("Win 8 framework contracts of at least 24 months", 8),
        ("Grow accounts over 100 seats to 50", 50),  # no count before the size: the cued value is the target
        ("Keep uptime above 99.9%", 99.9),
    ],
)
def test_a_size_that_narrows_the_counted_noun_is_not_the_target(text: str, target: float) -> None:
    found = extract(text)
    assert found.target is not None and found.target.value == target


@pytest.mark.parametrize("text", ["Scrap on line 4 below 1%", "Grade 8 reading scores at 70%", "Plant 3 OEE at 80%"])
def test_numbers_that_name_a_line_plant_or_grade_are_not_amounts(text: str) -> None:
    assert [a.unit for a in extract(text).amounts] == ["%"]


@pytest.mark.parametrize(
    ("text", "baseline"),
    [("Online renewals at 65% by 2028 (2027: 41%)", 41.0), ("Members at 900 (last year: 610)", 610.0),
     ("Members at 900 (610 in March 2027)", 610.0), ("Online renewals at 65% (41%, Q1 2027)", 41.0),
     ("Members at 900 by June (current is 610)", 610.0), ("Members at 900 (current: 610)", 610.0),
     ("Online renewals at 65% (actual: 41%)", 41.0), ("Online renewals at 65% (vs 41% today)", 41.0)],
)
def test_a_value_labelled_with_an_earlier_period_is_the_baseline(text: str, baseline: float) -> None:
    found = extract(text)
    assert found.baseline is not None and found.baseline.value == baseline


@pytest.mark.parametrize("text", ["Members at 900 (900 by June 2027)", "Members at 900 (target 900 in June 2027)",
                                  "Keep 400 current members on the premium plan"])
def test_a_dated_or_current_value_that_is_the_target_is_no_baseline(text: str) -> None:
    assert extract(text).baseline is None


@pytest.mark.parametrize(
    ("text", "deadline"),
    [("Reading age up one year this academic year", "this academic year"),
     ("Queue under 5 minutes every week of H2", "week of H2"),
     ("Course completion at 80% in the autumn intake", "in the autumn intake")],
)
def test_periods_named_without_a_preposition(text: str, deadline: str) -> None:
    assert extract(text).deadline == deadline


@pytest.mark.parametrize(("text", "baseline", "target"), [
    ("Ferry comfort rated 4/5 or better", None, 4.0), ("Skippers rate the app from 6/10 to 8/10", 6.0, 8.0),
    ("Ferry comfort rated 4/5, up from 3/5", 3.0, 4.0),
])
def test_a_rating_on_a_scale_of_five_or_ten_is_an_amount(text: str, baseline: float | None, target: float) -> None:
    q = extract(text)
    assert (q.baseline.value if q.baseline else None, q.target.value if q.target else None) == (baseline, target)
    assert q.deadline is None


@pytest.mark.parametrize("text", ["Open the new quay by 4/5", "Timetable live on 9/10"])
def test_a_date_after_its_preposition_stays_a_date(text: str) -> None:
    q = extract(text)
    assert q.target is None and q.deadline is not None


@pytest.mark.parametrize("text", ["Cut berth clashes to zero", "Keep lost luggage at zero by June"])
def test_to_zero_and_at_zero_are_targets(text: str) -> None:
    q = extract(text)
    assert q.target is not None and q.target.value == 0 and q.has_target


@pytest.mark.parametrize(("text", "deadline"), [
    ("Berth clashes from 12 to 4 before the summer", "before the summer"),
    ("Gift-shop sales up 20% by Christmas", "by Christmas"), ("Ferry delays halved by mid-year", "by mid-year"),
    ("Deckhand churn from 9% to 5% by week 12", "by week 12"),
    ("Berth clashes from 12 to 4 by 31.03.2031", "by 31.03.2031"),
])
def test_seasons_holidays_weeks_and_dotted_dates_are_time_boxes(text: str, deadline: str) -> None:
    q = extract(text)
    assert q.deadline == deadline
    assert [a.span.text for a in q.amounts if a.span.text[:1].isdigit() and "." in a.span.text] == []


def test_an_event_named_after_a_period_is_no_time_box_and_dotted_thousands_are_one_number() -> None:
    assert extract("Run mid-quarter reviews with every skipper").deadline is None
    target = extract("Carry 1.200.000 passengers").target
    assert target is not None and target.value == 1_200_000
