"""The 60-minute clinic: phases, rounds, problem conversion, votes, commitments and follow-up."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kit.cop.clinic import Clinic, FollowUpStatus, ProblemCategory, sample_clinic
from kit.cop.clinic_format import ClinicError, clinic_format
from kit.cop.clinic_persistence import (
    CLINIC_KIND,
    CLINIC_WORKSHOP,
    clinic_keys,
    import_clinic_files,
    load_clinic_file,
    resume_or_start,
    save_clinic,
    save_clinic_file,
)
from kit.cop.clinic_rounds import ConfidenceVote, PeerRound
from kit.cop.intake import CaseIntake
from kit.cop.markdown import clinic_markdown
from kit.errors import InputError
from kit.store import open_store


def make_clinic() -> Clinic:
    clinic = Clinic(
        title="Ops dependency clinic",
        held_on=date(2026, 11, 23),
        facilitator="Sam",
        case=CaseIntake(title="Ops dependency slipping", owner="Ana", process="Weekly check-in"),
    )
    for name, team in [("Ana", "Growth"), ("Ben", "Ops"), ("Chloe", "Sales"), ("Dev", "Growth")]:
        clinic.add_participant(name, team=team)
    return clinic


HOUR = clinic_format("hour")
PHASES = HOUR.phases


def test_phases_cover_the_hour_without_gaps() -> None:
    assert [(p.start_minute, p.end_minute) for p in PHASES] == [(0, 10), (10, 20), (20, 35), (35, 50), (50, 60)]
    assert HOUR.minutes == 60
    assert all(p.prompts for p in PHASES)


def test_the_short_format_runs_the_same_phases_in_thirty_minutes() -> None:
    short = clinic_format("short")
    assert [p.key for p in short.phases] == [p.key for p in PHASES] and short.minutes == 30
    assert short.phase_at(9 * 60).key == "diagnosis" and short.seconds_left_in_phase(9 * 60) == 8 * 60
    clinic = make_clinic()
    clinic.format = "short"
    assert clinic.timing is short
    assert "30-minute clinic" in clinic_markdown(clinic) and "9-17 min · Peer diagnosis" in clinic_markdown(clinic)
    with pytest.raises(ValueError, match="no clinic format 'long'"):
        clinic.format = "long"


def test_a_format_that_skips_or_reorders_phases_is_refused_naming_the_file(tmp_path: Path) -> None:
    from kit.content import load_content
    from kit.cop.clinic_format import _Formats

    bad = tmp_path / "clinic_formats.yaml"
    bad.write_text(
        "version: 1\nformats:\n  - key: quick\n    title: Quick\n    audience: anyone\n    phases:\n"
        "      - {key: check_in, title: In, start_minute: 0, end_minute: 5, purpose: p, prompts: [],\n"
        "         speakers: everyone}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="must list the phases") as error:
        load_content("clinic_formats", _Formats, bad)
    assert error.value.path == str(bad)


@pytest.mark.parametrize(
    ("seconds", "key"),
    [(0, "check_in"), (599, "check_in"), (600, "owner_explains"), (1260, "diagnosis"), (2100, "shaping"),
     (3000, "commitments"), (9999, "commitments")],
)
def test_phase_at_follows_the_clock(seconds: int, key: str) -> None:
    assert HOUR.phase_at(seconds).key == key


def test_seconds_left_counts_down_within_a_phase() -> None:
    assert HOUR.seconds_left_in_phase(0) == 600
    assert HOUR.seconds_left_in_phase(1230) == 870


def test_every_participant_speaks_and_a_different_person_opens_each_round() -> None:
    clinic = make_clinic()
    check_in = clinic.speaking_order("check_in")
    diagnosis = clinic.speaking_order("diagnosis")
    shaping = clinic.speaking_order("shaping")
    assert sorted(check_in) == sorted(clinic.names)
    assert sorted(diagnosis) == sorted(clinic.names)
    assert diagnosis[-1] == "Ana"  # the case owner answers last in peer rounds
    assert diagnosis[0] != shaping[0]
    assert clinic.speaking_order("owner_explains") == ["Ana"]


def test_problems_start_parked_and_are_converted() -> None:
    clinic = make_clinic()
    clinic.raise_problem("Nobody owns the ops trade-off", "diagnosis", raised_by="Ben")
    clinic.raise_problem("Check-ins are status theatre", "diagnosis")
    assert clinic.problems[0].category is ProblemCategory.PARKED
    clinic.classify(0, ProblemCategory.ESCALATION, next_step="Sponsor huddle within 72 hours")
    groups = clinic.problems_by_category()
    assert [p.text for p in groups[ProblemCategory.ESCALATION]] == ["Nobody owns the ops trade-off"]
    assert len(groups[ProblemCategory.PARKED]) == 1


def test_notes_are_kept_per_phase_and_unknown_phases_are_refused() -> None:
    clinic = make_clinic()
    clinic.add_note("diagnosis", "Root cause: no shared priority list")
    assert [n.text for n in clinic.notes_for("diagnosis")] == ["Root cause: no shared priority list"]
    assert clinic.notes_for("shaping") == []
    with pytest.raises(ClinicError, match="no clinic phase"):
        clinic.add_note("lunch", "x")


def test_closing_without_everyone_committed_warns_and_names_who() -> None:
    clinic = make_clinic()
    clinic.commit("Ana", "Agree trade-off owner with ops", "Ana", "2026-11-30")
    clinic.commit("Ben", "Add ops capacity to planning", "", "2026-12-04")
    result = clinic.close()
    assert not result.closed and not clinic.closed
    assert result.without_commitment == ["Chloe", "Dev"]
    assert result.incomplete == {"Ben": ["owner"]}
    assert "Ben's commitment has no owner" in result.message


def test_clinic_closes_when_every_participant_has_a_complete_commitment() -> None:
    clinic = make_clinic()
    for name in clinic.names:
        clinic.commit(name, f"Action for {name}", name, date(2026, 12, 1))
    result = clinic.close()
    assert result.closed and clinic.closed
    assert "every participant" in result.message


def test_an_ownerless_commitment_blocks_closing_even_beside_a_complete_one() -> None:
    clinic = make_clinic()
    for name in clinic.names:
        clinic.commit(name, f"Action for {name}", name, date(2026, 12, 1))
    clinic.commit("Ben", "Also tidy the backlog", "", date(2026, 12, 1))  # would be recorded without an owner
    result = clinic.close()
    assert not result.closed and result.incomplete == {"Ben": ["owner"]}
    removed = clinic.remove_commitment(len(clinic.commitments) - 1)
    assert removed.action == "Also tidy the backlog"
    assert clinic.close().closed


def test_a_bad_due_date_is_a_clear_error() -> None:
    clinic = make_clinic()
    with pytest.raises(ClinicError, match="not a date"):
        clinic.commit("Ana", "x", "Ana", "next friday")


def test_votes_stay_hidden_until_revealed_together() -> None:
    vote = ConfidenceVote(question="Will the escalation rule fix it?")
    vote.cast("Ana", 4)
    vote.cast("Ben", 2)
    with pytest.raises(ClinicError, match="hidden"):
        vote.result()
    result = vote.reveal()
    assert result.voters == 2 and result.median == 3.0 and result.spread == 2
    assert result.counts[4] == 1 and result.counts[2] == 1
    with pytest.raises(ClinicError, match="already revealed"):
        vote.cast("Chloe", 5)
    with pytest.raises(ClinicError, match="1 to 5"):
        ConfidenceVote(question="q").cast("Ana", 6)


def test_peer_round_swaps_drafts_anonymously_and_across_teams() -> None:
    drafts = {"Ana": "draft a", "Ben": "draft b", "Chloe": "draft c", "Dev": "draft d"}
    teams = {"Ana": "Growth", "Ben": "Ops", "Chloe": "Sales", "Dev": "Growth"}
    for seed in range(20):
        round_ = PeerRound.swap(drafts, teams=teams, seed=seed)
        for reviewer, label in round_.assignments.items():
            author = round_.authors[label]
            assert author != reviewer
            assert teams[author] != teams[reviewer]
        assert all(label.startswith("Draft ") for label in round_.drafts)


def test_peer_review_needs_a_challenge_and_a_suggestion() -> None:
    round_ = PeerRound.swap({"Ana": "a", "Ben": "b"}, seed=1)
    with pytest.raises(ClinicError, match="one challenge and one suggestion"):
        round_.submit("Ana", "Where is the baseline?", " ")
    round_.submit("Ana", "Where is the baseline?", "Measure it in week one")
    assert round_.waiting_for == ["Ben"]


def test_follow_up_reviews_last_clinics_commitments() -> None:
    previous = make_clinic()
    previous.commit("Ana", "Agree trade-off owner", "Ana", "2026-11-30")
    current = make_clinic()
    current.follow_up_from(previous)
    current.review_follow_up(0, FollowUpStatus.DONE, "Owner named in the 28 Nov check-in notes")
    assert current.follow_ups[0].status is FollowUpStatus.DONE
    assert "28 Nov" in clinic_markdown(current)


def test_markdown_export_holds_the_record_and_escapes_user_text() -> None:
    clinic = make_clinic()
    clinic.add_note("owner_explains", "<b>loud</b> | pipe")
    clinic.raise_problem("No owner for the dependency", "diagnosis", category=ProblemCategory.MANAGEMENT_ACTION)
    clinic.commit("Ana", "Name the owner", "Ana", "2026-11-30")
    text = clinic_markdown(clinic)
    assert "## Notes by phase" in text and "10-20 min" in text
    assert "<b>" not in text and "&lt;b&gt;loud" in text
    assert "**Management action**" in text
    assert "| Ana | Name the owner | Ana | 2026-11-30 |" in text
    assert "no commitment yet from Ben, Chloe, Dev" in text


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    clinic = make_clinic()
    clinic.commit("Ana", "Name the owner", "Ana", "2026-11-30")
    path = save_clinic_file(clinic, tmp_path / "clinic.json")
    assert load_clinic_file(path) == clinic


def test_loading_a_broken_record_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "clinic.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match=r"clinic\.json"):
        load_clinic_file(path)


def test_the_scripted_clinic_runs_the_whole_hour_and_closes() -> None:
    clinic = sample_clinic()
    assert {n.phase for n in clinic.notes} == {p.key for p in PHASES}
    assert {p.category for p in clinic.problems} == set(ProblemCategory)
    assert clinic.close().closed


def test_resume_or_start_reopens_an_unfinished_clinic(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    clinic, key = resume_or_start(store, today=date(2026, 11, 23))
    assert key == "2026-11-23" and clinic.follow_ups == []
    clinic.add_participant("Ana")
    save_clinic(store, key, clinic, author="Sam")
    again, same = resume_or_start(store, today=date(2026, 11, 23))
    assert same == key and again.names == ["Ana"]


def test_the_next_clinic_reviews_the_last_ones_commitments(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    previous = sample_clinic()
    previous.close()
    save_clinic(store, "2026-11-23", previous, author="Sam")
    clinic, key = resume_or_start(store, today=date(2026, 11, 30))
    assert key == "2026-11-30"
    assert clinic.names == previous.names
    assert [f.commitment.action for f in clinic.follow_ups] == [c.action for c in previous.commitments]
    assert all(f.status is FollowUpStatus.NOT_REVIEWED for f in clinic.follow_ups)


def test_a_second_clinic_on_one_day_gets_its_own_key_and_the_tenth_sorts_last(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    for key in ("2026-11-23", "2026-11-23-2", "2026-11-23-10"):
        closed = sample_clinic()
        closed.close()
        closed.title = key
        save_clinic(store, key, closed, author="Sam")
    assert clinic_keys(store) == ["2026-11-23", "2026-11-23-2", "2026-11-23-10"]
    clinic, key = resume_or_start(store, today=date(2026, 11, 23))
    assert key == "2026-11-23-4" and clinic.title == "2026-11-23-10"


def test_a_record_that_no_longer_fits_is_skipped_and_never_overwritten(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    store.save_record(CLINIC_WORKSHOP, CLINIC_KIND, "2026-11-23", {"held_on": "not a date"}, author="Sam")
    clinic, key = resume_or_start(store, today=date(2026, 11, 23))
    assert key == "2026-11-23-2" and clinic.participants == []
    assert store.load_record(CLINIC_WORKSHOP, CLINIC_KIND, "2026-11-23") == {"held_on": "not a date"}


def test_clinic_files_from_earlier_versions_are_imported_once(tmp_path: Path) -> None:
    folder = tmp_path / "clinics"
    closed = sample_clinic()
    closed.close()
    save_clinic_file(closed, folder / "clinic-2026-11-23.json")
    (folder / "clinic-2026-11-30.json").write_text("{half a record", encoding="utf-8")
    store = open_store(tmp_path)
    assert import_clinic_files(store, folder) == ["2026-11-23"]
    assert import_clinic_files(store, folder) == []
    assert store.load_record(CLINIC_WORKSHOP, CLINIC_KIND, "2026-11-23", model=Clinic) == closed
    assert (folder / "clinic-2026-11-30.json").read_text(encoding="utf-8") == "{half a record"
    clinic, _ = resume_or_start(store, today=date(2026, 12, 7))
    assert [f.commitment.action for f in clinic.follow_ups] == [c.action for c in closed.commitments]
