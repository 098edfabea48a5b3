"""KR features on sentences written for these tests: annotation noise, bare measures, names, fills."""

from __future__ import annotations

import pytest

from kit.reading import load_vocabulary, read_key_result
from kit.rubric import house_rules_path


def _features(text: str) -> set[str]:
    return set(read_key_result(text, _vocabulary()).features)


def _vocabulary():  # type: ignore[no-untyped-def]
    return load_vocabulary((house_rules_path("vocabulary"),))


@pytest.mark.parametrize(
    "text",
    [
        "P1 - @dana - Ferry timetable app is published",
        "Ferry timetable app is published (kw)",
        "[p2] Ferry timetable app is published @???",
    ],
)
def test_annotation_noise_is_no_amount_and_no_placeholder(text: str) -> None:
    features = _features(text)
    assert "withheld_value" not in features
    assert "finished_state" in features


def test_versions_and_dotted_ids_are_not_targets() -> None:
    reading = read_key_result("2031.Q2.07 - Harbour app 4.12.0 released to the stores", _vocabulary())
    assert reading.q.target is None and not reading.q.amounts
    european = read_key_result("Reach 1.200.000 ferry passengers", _vocabulary())
    assert european.q.amounts  # thousands written with dots stay an amount


@pytest.mark.parametrize("text", ["Ferry departure delay rate", "Median time to answer a berth request",
                                  "Number of lost-luggage claims", "% of crossings that leave on time",
                                  "Weekly returning visitors", "Repeat ticket purchases", "Monthly harbour revenue",
                                  "Average berth booking value", "Season-pass drop-out rate"])
def test_a_bare_measure_is_a_metric_without_target_not_a_deliverable(text: str) -> None:
    features = _features(text)
    assert {"no_amount", "bare_metric"} <= features
    assert not features & {"bare_deliverable", "artefact_head", "activity_noun_head"}


def test_people_counted_are_a_measure_but_a_sentence_about_them_is_not() -> None:
    assert "bare_metric" in _features("Weekly active subscribers")
    assert "bare_metric" in _features("Ferry customers who renew their season pass")
    assert "bare_metric" not in _features("New subscribers are welcomed by the harbour master")
    assert "bare_metric" not in _features("Customers can book a berth online")  # a capability delivered


@pytest.mark.parametrize("text", ["Maintain ferry uptime", "Keep season-pass churn", "Sustain weekly app usage",
                                  "Achieve high berth retention"])
def test_a_level_kept_or_reached_with_no_number_leaves_the_level_open(text: str) -> None:
    assert {"no_amount", "bare_metric"} <= _features(text)


@pytest.mark.parametrize("text", ["Keep ferry uptime at 99.5%", "Maintain the harbour blog",
                                  "Support skippers in three languages"])
def test_a_level_with_its_number_or_a_thing_kept_is_no_bare_measure(text: str) -> None:
    assert "bare_metric" not in _features(text)


@pytest.mark.parametrize("text", ["Beat last year's number of ferry crossings", "Meet the SLA for all berth requests",
                                  "Match the industry benchmark for ferry uptime", "Harbour headcount to be defined"])
def test_a_value_written_elsewhere_is_a_pointer_not_a_target(text: str) -> None:
    assert {"no_amount", "pointer_to_unwritten"} <= _features(text)


def test_a_share_of_our_own_output_is_counted_output() -> None:
    assert "counted_output" in _features("Port 60% of our integration tests to the new runner")
    assert "counted_output" not in _features("60% of ferry customers renew")
    assert "counted_output" not in _features("200k views per 30 days of our harbour articles")  # a period


def test_a_participle_after_a_count_describes_what_is_counted() -> None:
    features = _features("12 engaged harbour volunteers")
    assert "open_ended_head" not in features and "qualifier" in features


def test_a_staff_word_describing_counted_customers_or_partners_is_no_staffing() -> None:
    for text in ("14 certified ferry partners by autumn", "Sign 14 new certified ferry partners by autumn",
                 "300 trained season-pass customers"):
        assert not {"own_work_named", "change_of_own_work"} & _features(text), text
    reading = read_key_result("14 certified deckhands by autumn", _vocabulary())
    (staff,) = reading.features["own_work_named"]  # our own crew trained is still our work
    assert "14 certified deckhands by autumn"[staff.start : staff.end] == "certified"


@pytest.mark.parametrize("text", ["Ferry line net income positive by June", "Cash-flow positive every month",
                                  "Harbour shop margin break-even by autumn"])
def test_a_financial_measure_past_its_zero_line_is_an_outcome(text: str) -> None:
    features = _features(text)
    assert "outcome_measured" in features and not features & {"bare_deliverable", "activity_head"}


@pytest.mark.parametrize("text", ["Ferry line profitability", "Net income", "Harbour EBITDA"])
def test_a_financial_measure_alone_is_a_bare_measure(text: str) -> None:
    assert "bare_metric" in _features(text)


@pytest.mark.parametrize("text", ["Attendance above 95% for every harbour school", "Berthing costs down 20%",
                                  "Ferry performance score above 8 for all routes"])
def test_a_measure_with_its_target_is_no_deliverable(text: str) -> None:
    assert not _features(text) & {"coverage", "activity_head", "bare_deliverable", "own_work_named"}, text


@pytest.mark.parametrize("text", ["Weekly active harbour crews", "Monthly active berths", "Attendance"])
def test_active_counts_and_attendance_alone_are_bare_measures(text: str) -> None:
    assert "bare_metric" in _features(text)


def test_what_an_outside_party_did_in_the_passive_is_their_outcome() -> None:
    features = _features("30 booking widgets published by partner ports")
    assert "outcome_measured" in features and "finished_state" not in features
    assert "finished_state" in _features("Booking widget published")
    assert "activity_head" not in _features("Quota attainment above 80% for 70% of ferry agents")


@pytest.mark.parametrize("text", ["Talk to 30 skippers who left", "Speak with 10 harbour masters"])
def test_conversations_are_activities(text: str) -> None:
    assert "activity_head" in _features(text)


def test_a_listed_verb_before_of_is_a_noun() -> None:
    assert "activity_head" in _features("List the 3 busiest berths")
    assert not {"activity_head", "analysis_head"} & _features("List of approved ferry operators is published")


@pytest.mark.parametrize(
    ("feature", "without", "holding"),
    [
        ("own_work_named", "Harbour newsletter drives 25% of new season-pass sign-ups", "12 harbour newsletters sent"),
        ("keep_level", "4 of 5 harbour offices keep using the booking tool", "Keep ferry uptime at 99.5%"),
        ("own_work_named", "Customers love the new timetable dashboard", "New timetable dashboard for customers"),
    ],
    ids=["what our output brings is counted, not the output", "keeping on doing is a behaviour, not a level kept",
         "our work as the object of what others do is their outcome"],
)
def test_near_sentences_that_read_differently(feature: str, without: str, holding: str) -> None:
    assert feature not in _features(without)
    assert feature in _features(holding)


def test_fuzzy_words_in_a_title_case_name_are_a_name() -> None:
    assert "fuzzy" not in _features("The Better Harbours Working Group has a charter")
    assert "fuzzy" in _features("Harbour crossings are better")


def test_fuzzy_words_inside_a_deliverable_name_do_not_make_it_vague() -> None:
    features = _features("Publish the timetable improvements to all skippers")
    assert "activity_head" in features or "activity_on_own_work" in features
    assert "fuzzy" not in features
    assert "fuzzy" in _features("Publicise our timetable more")  # a comparison leaves the degree open


@pytest.mark.parametrize("text", ["The booking app can quickly restore a lost ticket",
                                  "Berth waiting time is shorter", "Skipper happiness trends in a positive direction"])
def test_capabilities_and_comparisons_without_amount_are_fuzzy(text: str) -> None:
    assert {"no_amount", "fuzzy"} <= _features(text)


@pytest.mark.parametrize(
    ("text", "fills"),
    [
        ("Raise weekly ferry bookings from 1,200 to 1,800 by June",
         {"verb": "Increase", "metric": "weekly ferry bookings", "baseline": "1,200", "target": "1,800",
          "date": "by June"}),
        ("Improve skipper satisfaction", {"verb": "Increase", "metric": "skipper satisfaction"}),
        ("Harbour app has shipped 3.2.1 release", {}),  # a version is no target, a clause no metric
        ("Communicate timetable improvements to skippers", {}),  # a deliverable leaves the measure open
        ("Hold 6 harbour open days by May", {"date": "by May"}),
        ("Welcome 2+ new skippers to the rota", {"metric": "new skippers", "target": "2"}),  # never "<verb> Welcome"
        ("Dock 90% of ferries within 5 minutes of schedule", {"target": "90%"}),  # the verb is not the metric
        ("Weekly returning visitors", {"metric": "weekly returning visitors"}),  # a bare measure, as it reads
        ("Time to first berth booking", {"metric": "time to first berth booking"}),
        ("CSAT score of harbour pass holders", {"metric": "CSAT score of harbour pass holders"}),  # acronyms stay
    ],
)
def test_rewrite_fills_take_only_what_fits_the_slot(text: str, fills: dict[str, str]) -> None:
    assert read_key_result(text, _vocabulary()).fills == fills


def test_a_reading_is_made_once_per_sentence() -> None:
    vocabulary = _vocabulary()
    assert read_key_result("Hold 6 harbour open days", vocabulary) is read_key_result("Hold 6 harbour open days",
                                                                                      vocabulary)


@pytest.mark.parametrize(
    ("text", "feature"),
    [
        ("Members can rebook a cancelled crossing in the app", "capability_delivered"),
        ("2 skipper meetups; 5 blog posts", "counted_output"),
        ("Iterate on the berth booking flow", "open_ended_head"),
        ("Make progress on the timetable standard", "open_ended_head"),
        ("Case studies added to the harbour library", "own_work_named"),
    ],
)
def test_deliverables_written_in_other_shapes(text: str, feature: str) -> None:
    assert feature in _features(text)


@pytest.mark.parametrize(
    "text",
    [
        "Riders can rebook a crossing in less time than at the desk",  # a performance, not a feature
        "Answer every berth request within 2 days",  # a service level over the whole queue
        "Our ferries carry twice as many cyclists as last summer",  # a multiplier is a change
    ],
)
def test_measures_are_not_deliverables(text: str) -> None:
    assert not _features(text) & {"capability_delivered", "activity_head", "bare_deliverable", "counted_output"}


@pytest.mark.parametrize(
    "text", ["How do we hand over berths between shifts?", "Skippers get resources to improve routes"]
)
def test_questions_are_open_and_purposes_are_not_the_kr(text: str) -> None:
    features = _features(text)
    if text.endswith("?"):
        assert "fuzzy" in features
    else:
        assert "direction_word" not in features


def test_a_code_name_is_not_a_verb() -> None:
    assert "activity_head" not in _features("build{x} reaches 40 harbours")


def test_or_more_is_a_floor_and_a_trailing_participle_no_qualifier() -> None:
    assert not _features("One (or more) ferries serve the north quay") & {"fuzzy", "direction_word"}
    assert "qualifier" not in _features("8 new skippers engaged per harbour by June")
    assert "qualifier" in _features("8 engaged skippers per harbour by June")


def test_bounds_and_changed_deliverables_are_not_fuzzy() -> None:
    assert "no_amount" not in _features("Answer berth requests within one business day")
    assert "fuzzy" not in _features("No ferry waits at the quay for more than one hour")
    assert "fuzzy" not in _features("Ship the improved berth map to all skippers")
    assert "fuzzy" in _features("Ship a healthy berth map to all skippers")


def test_a_ratio_of_people_in_a_role_is_staffing_and_a_determiner_is_no_modifier() -> None:
    assert "change_of_own_work" in _features("Reach a dispatcher-to-skipper ratio of 1:8")
    assert "activity_head" in _features("Do a cost review of the winter timetable")
    assert "activity_head" not in _features("Record revenue from ferry passes")


@pytest.mark.parametrize("text", ["Timetables for all 12 ports are listed on the harbour site",
                                  "Have 3 PRs merged into the shared berth library"])
def test_finished_deliverables_with_or_without_a_count(text: str) -> None:
    assert _features(text) & {"finished_state", "change_of_own_work", "own_work_named"}


@pytest.mark.parametrize("text", ["Attract volunteer lifeguards from the rowing clubs", "Gain ferry subscribers",
                                  "Retain harbour tenants", "Generate revenue from berth rentals"])
def test_a_gain_with_a_bare_object_and_no_amount_is_an_open_quantity(text: str) -> None:
    assert {"no_amount", "open_quantity"} <= _features(text)


@pytest.mark.parametrize("text", ["Win the regional harbour award", "Gain 40 ferry subscribers"])
def test_a_gain_of_one_named_thing_or_of_an_amount_is_not_open(text: str) -> None:
    assert "open_quantity" not in _features(text)


@pytest.mark.parametrize("text", ["120 boat builders involved in the harbour festival",
                                  "900 developers/month contributing to the ferry app"])
def test_a_listed_verb_with_an_agent_noun_ending_is_a_noun(text: str) -> None:
    features = _features(text)
    assert not features & {"activity_head", "activity_on_own_work"}


@pytest.mark.parametrize("text", ["At least one national newspaper feature on the ferry a quarter",
                                  "At least half of crossings leave on time", "Top-3 ferry app in the travel store"])
def test_shares_and_ranks_in_words_are_amounts(text: str) -> None:
    reading = read_key_result(text, _vocabulary())
    assert reading.q.has_target
    assert "no_amount" not in reading.features


@pytest.mark.parametrize(("text", "value", "unit"), [("At least half of crossings leave on time", 50.0, "%"),
                                                     ("Two thirds of riders rate the ferry app 4 stars", 66.7, "%"),
                                                     ("Top-3 ferry app in the travel store", 3.0, None)])
def test_a_share_or_rank_in_words_is_read_as_its_value(text: str, value: float, unit: str | None) -> None:
    target = read_key_result(text, _vocabulary()).q.amounts[0]
    assert (target.value, target.unit) == (value, unit)


def test_a_digit_inside_a_rank_is_read_once() -> None:
    assert [a.value for a in read_key_result("Reach the top 3 of the travel store", _vocabulary()).q.amounts] == [3.0]


def test_a_level_word_with_no_number_is_a_place_not_a_direction() -> None:
    assert "direction_word" not in _features("Ferry schedules published under the harbour brand")
    assert "direction_word" in _features("Ferry delays down")


def test_a_topic_noun_in_a_deliverable_name_is_not_fuzzy() -> None:
    assert "fuzzy" not in _features("Define the brand awareness survey")
    assert "fuzzy" in _features("Build a robust booking pipeline")


@pytest.mark.parametrize("text", ["Make the ferry timetable public", "Make online booking the default for berths",
                                  "Make available the harbour map on the website"])
def test_putting_our_own_thing_into_a_state_is_a_deliverable(text: str) -> None:
    assert "made_so" in _features(text)


def test_a_state_measured_by_others_adoption_is_not_made_so() -> None:
    assert "made_so" not in _features("Make the ferry app the default choice for 40% of travellers")


def test_a_gerund_head_with_no_amount_has_no_end() -> None:
    assert "open_ended_head" in _features("Recruiting through the rowing clubs")
    assert "open_ended_head" not in _features("Training delivered to all deckhands")
    launching = _features("Launching the new ferry app")  # a task's title: done when the app is out
    assert "open_ended_head" not in launching and "activity_head" in launching


def test_clear_as_an_adjective_at_the_head_is_fuzzy_but_not_inside_a_deliverable() -> None:
    assert "fuzzy" in _features("Clear ownership of every ferry route")
    assert "fuzzy" not in _features("Clear the berth backlog")
    assert "fuzzy" not in _features("We have a clear plan for the winter timetable")


def test_an_aside_in_brackets_does_not_break_the_counted_phrase() -> None:
    assert "change_of_own_work" in _features("Have 3 (harbour) PRs merged to the booking repo")
