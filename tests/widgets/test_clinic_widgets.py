"""Clinic runner and intake form: drive the widgets as a facilitator would, check what they show."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kit.cop.clinic import Clinic, FollowUpStatus, ProblemCategory
from kit.cop.clinic_persistence import CLINIC_KIND, CLINIC_WORKSHOP, resume_or_start
from kit.cop.intake import CaseIntake
from kit.store import open_store
from kit.widgets.clinic import ClinicRunner
from kit.widgets.intake import IntakeForm


def runner_with_people(tmp_path: Path | None = None) -> ClinicRunner:
    store = open_store(tmp_path) if tmp_path else None
    runner = ClinicRunner(Clinic(held_on=date(2026, 11, 23)), store=store, key="2026-11-23" if store else None)
    for name, team in [("Ana", "Growth"), ("Ben", "Ops"), ("Chloe", "Sales")]:
        runner.participants.name.value = name
        runner.participants.team.value = team
        runner.participants.add_from_form()
    runner.intake.inputs["owner"].value = "Ana"
    return runner


def test_intake_form_shows_findings_beside_the_field_and_clears_them() -> None:
    form = IntakeForm()
    assert "intake-no-process" in form.field_findings["process"].value
    form.inputs["process"].value = "Weekly KR check-in with operations"
    assert "intake-no-process" not in form.field_findings["process"].value
    assert form.case.process == "Weekly KR check-in with operations"


def test_intake_form_flags_an_abstract_topic_and_escapes_it() -> None:
    form = IntakeForm()
    form.load_text("<b>alignment</b> and engagement")
    assert "intake-abstract-topic" in form.case_findings.value
    assert "<b>alignment" not in form.case_findings.value
    assert 'data-verdict="park"' in form.verdict.value or 'data-verdict="needs work"' in form.verdict.value


def test_a_ready_case_gets_the_ready_verdict() -> None:
    form = IntakeForm(
        CaseIntake(
            title="Late blockers",
            owner="Ana",
            process="Monthly portfolio review",
            impact="Blockers reach the sponsor three weeks late.",
            decision="Agree an escalation rule for red KRs.",
            okr="Reduce time to first value from 3 days to 1 day by Mar 31",
            evidence="Review decks of March and April",
        )
    )
    assert 'data-verdict="ready"' in form.verdict.value


def test_participants_appear_in_every_picker_and_the_rotation() -> None:
    runner = runner_with_people()
    assert list(runner.commitments.participant.options) == ["Ana", "Ben", "Chloe"]
    assert "Speaking order" in runner.phase_card.value
    assert all(name in runner.phase_card.value for name in ("Ana", "Ben", "Chloe"))


def test_the_clock_moves_the_phase_and_next_phase_jumps() -> None:
    runner = runner_with_people()
    assert 'data-phase="check_in"' in runner.phase_card.value
    runner.ticker.value = 605
    assert 'data-phase="owner_explains"' in runner.phase_card.value
    assert "Cut the backstory" in runner.phase_card.value
    runner.next_phase()
    assert runner.ticker.value == 605  # the clock keeps the real time spent; the plan moves on
    assert 'data-phase="diagnosis"' in runner.phase_card.value
    assert ">10:05<" in runner.clock.value and "15:00 left in this phase" in runner.clock.value
    runner.ticker.value = 665
    assert "14:00 left in this phase" in runner.clock.value and 'data-phase="diagnosis"' in runner.phase_card.value


def test_the_30_minute_format_runs_the_same_phases_on_its_own_clock_and_is_saved(tmp_path: Path) -> None:
    runner = runner_with_people(tmp_path)
    runner.ticker.value = 600
    assert 'data-phase="owner_explains"' in runner.phase_card.value
    runner.format_choice.value = "short"
    assert runner.clinic.format == "short"
    assert 'data-phase="diagnosis"' in runner.phase_card.value and "7:00 left in this phase" in runner.clock.value
    assert "9-17 min" in runner.phase_card.value
    assert runner.autosave is not None
    with open_store(tmp_path) as store:
        saved = store.load_record(CLINIC_WORKSHOP, CLINIC_KIND, "2026-11-23", model=Clinic)
    assert saved.format == "short"


def test_notes_go_to_the_current_phase() -> None:
    runner = runner_with_people()
    runner.next_phase()
    runner.note_text.value = "Ops capacity missing from planning <script>"
    runner.add_note_from_form()
    assert [n.phase for n in runner.clinic.notes] == ["owner_explains"]
    assert "&lt;script&gt;" in runner.notes_html.value
    runner.next_phase()
    assert "No notes in this phase" in runner.notes_html.value


def test_problems_are_added_and_reclassified() -> None:
    runner = runner_with_people()
    runner.problem_text.value = "Nobody owns the ops trade-off"
    runner.add_problem_from_form()
    assert runner.clinic.problems[0].category is ProblemCategory.PARKED
    dropdown = runner.problems_box.children[0].children[1]
    dropdown.value = ProblemCategory.ESCALATION
    assert runner.clinic.problems[0].category is ProblemCategory.ESCALATION


def test_votes_are_hidden_until_revealed() -> None:
    runner = runner_with_people()
    runner.vote_question.value = "Escalation rule"
    runner.start_vote()
    for name, score in [("Ana", 5), ("Ben", 2)]:
        runner.vote_voter.value = name
        runner.vote_score.value = score
        runner.cast_from_form()
    assert "2 hidden vote(s)" in runner.vote_status.value and "waiting for Chloe" in runner.vote_status.value
    assert "median" not in runner.vote_status.value
    runner.reveal_votes()
    assert "median 3.5" in runner.vote_status.value


def test_peer_round_shows_an_anonymous_draft_and_takes_a_review() -> None:
    runner = runner_with_people()
    for name in ("Ana", "Ben", "Chloe"):
        runner.peer_round.author.value = name
        runner.peer_round.text.value = f"Objective of {name}'s team"
        runner.peer_round.add_draft_from_form()
    runner.peer_round.swap()
    runner.peer_round.reviewer.value = "Ben"
    shown = runner.peer_round.draft.value
    assert "Draft " in shown and "Ben's team" not in shown
    runner.peer_round.challenge.value = "Where is the baseline?"
    runner.peer_round.suggestion.value = "Measure it in week one"
    runner.peer_round.submit_from_form()
    assert runner.clinic.peer_round is not None and len(runner.clinic.peer_round.reviews) == 1


def test_closing_with_a_commitment_missing_an_owner_warns_and_names_who(tmp_path: Path) -> None:
    runner = runner_with_people(tmp_path)
    for name, owner in [("Ana", "Ana"), ("Ben", ""), ("Chloe", "Chloe")]:
        runner.commitments.participant.value = name
        runner.commitments.action.value = f"Action for {name}"
        runner.commitments.owner.value = owner
        runner.commitments.due.value = date(2026, 12, 1)
        runner.commitments.add_from_form()
    result = runner.close_clinic()
    assert not result.closed
    assert "okr-clinic-warning" in runner.status.value and "Ben" in runner.status.value
    assert "owner" in runner.status.value


def test_three_commitments_close_the_clinic_and_export_it(tmp_path: Path) -> None:
    runner = runner_with_people(tmp_path)
    for name in ("Ana", "Ben", "Chloe"):
        runner.commitments.participant.value = name
        runner.commitments.action.value = f"Action for {name}"
        runner.commitments.owner.value = name
        runner.commitments.due.value = date(2026, 12, 1)
        runner.commitments.add_from_form()
    assert runner.close_clinic().closed
    assert "okr-clinic-ok" in runner.status.value
    text = runner.export()
    assert "| Chloe | Action for Chloe | Chloe | 2026-12-01 |" in text
    assert "okr-download" in runner.export_output.value
    assert "Saved in the workshop store as clinic 2026-11-23" in runner.export_output.value
    assert open_store(tmp_path).load_record(CLINIC_WORKSHOP, CLINIC_KIND, "2026-11-23", model=Clinic).closed


def test_follow_ups_from_last_clinic_can_be_marked() -> None:
    previous = Clinic()
    previous.add_participant("Ana")
    previous.commit("Ana", "Name the owner", "Ana", "2026-11-30")
    current = Clinic()
    current.follow_up_from(previous)
    runner = ClinicRunner(current)
    status, evidence = runner.follow_up_box.children[0].children[1:]
    status.value = FollowUpStatus.DONE
    evidence.value = "Owner named on 28 Nov"
    assert current.follow_ups[0].status is FollowUpStatus.DONE
    assert current.follow_ups[0].evidence == "Owner named on 28 Nov"


def test_every_change_is_saved_so_a_restart_loses_nothing(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    clinic, key = resume_or_start(store, today=date(2026, 11, 23))
    runner = ClinicRunner(clinic, store=store, key=key)
    runner.participants.name.value = "Ana"
    runner.participants.add_from_form()  # a click: saved at once
    runner.note_text.value = "First note"
    runner.add_note_from_form()
    runner.intake.inputs["process"].value = "Weekly check-in"  # typing: saved once the facilitator pauses
    assert runner.autosave is not None
    runner.autosave.flush()
    reopened, same = resume_or_start(store, today=date(2026, 11, 23))
    assert same == key
    assert reopened.case.process == "Weekly check-in"
    assert reopened.names == ["Ana"] and [n.text for n in reopened.notes] == ["First note"]
    versions = store.history(CLINIC_WORKSHOP, CLINIC_KIND, key)
    assert 2 <= len(versions) <= 4  # one per click and one for the typing, not one per keystroke


def test_intake_form_shows_the_linked_kr_or_why_the_link_fails(tmp_path: Path) -> None:
    path = tmp_path / "set.md"
    path.write_text("## Objective: Shorten time to value\n\n- KR 1: Cut time to first use from 3 days to 1 day\n")
    form = IntakeForm(CaseIntake(okr="Cut time to first use from 3 days to 1 day"))
    form.okr_set_path.value = str(path)
    assert form.case.okr_set == str(path)
    assert "case is about" in form.link_status.value and "1 objective" in form.link_status.value
    form.okr_set_path.value = str(tmp_path / "missing <b>.md")
    assert "does not exist" in form.link_status.value and "<b>" not in form.link_status.value


def test_a_recorded_commitment_can_be_corrected_or_removed() -> None:
    runner = runner_with_people()
    runner.commitments.participant.value = "Ben"
    runner.commitments.action.value = "Add ops capacity to planning"
    runner.commitments.due.value = date(2026, 12, 1)
    runner.commitments.add_from_form()  # no owner
    assert [label for label, _ in runner.commitments.pick.options] == ["1. Ben: Add ops capacity to planning"]
    runner.commitments.pick.value = 0
    runner.commitments.edit_picked()
    assert runner.clinic.commitments == [] and runner.commitments.action.value == "Add ops capacity to planning"
    runner.commitments.owner.value = "Ben"
    runner.commitments.add_from_form()
    assert runner.clinic.commitments[0].owner == "Ben" and runner.clinic.commitments[0].complete
    runner.commitments.pick.value = 0
    runner.commitments.remove_picked()
    assert runner.clinic.commitments == [] and 'data-count="0"' in runner.commitments.listing.value
