"""The written clinic: a window for answers and votes, the owner's commitments, the live clinic's close rule."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kit.cop.async_clinic import ASYNC_CLINIC_KIND, AsyncClinic, resume_or_start_async
from kit.cop.clinic_format import ClinicError
from kit.cop.clinic_persistence import CLINIC_WORKSHOP
from kit.cop.intake import CaseIntake
from kit.cop.markdown import async_clinic_markdown
from kit.store import open_store

MON, TUE, THU, FRI = date(2027, 3, 1), date(2027, 3, 2), date(2027, 3, 4), date(2027, 3, 5)


def written_clinic() -> AsyncClinic:
    record = AsyncClinic(opens_on=MON, closes_on=THU, case=CaseIntake(title="Night shift misses check-ins",
                                                                      owner="Ana", process="Weekly check-in"))
    for name, team in [("Ana", "Warehouse"), ("Ben", "Transport"), ("Chloe", "Returns")]:
        record.add_participant(name, team=team)
    return record


def test_peers_answer_within_the_window_and_the_owner_does_not() -> None:
    record = written_clinic()
    assert record.peers == ["Ben", "Chloe"] and record.waiting_for == ["Ben", "Chloe"]
    record.answer("Ben", "The check-in is at 9am, after the night shift ends", "Move it to 6am", TUE)
    record.answer("Ben", "The slot clashes with the shift handover", "", TUE)  # replaces his first answer
    assert [a.diagnosis for a in record.answers] == ["The slot clashes with the shift handover"]
    assert record.waiting_for == ["Chloe"]
    with pytest.raises(ClinicError, match="brought the case"):
        record.answer("Ana", "It is my team", "", TUE)
    with pytest.raises(ClinicError, match="closed on Thu 04 Mar"):
        record.answer("Chloe", "Too late", "", FRI)
    with pytest.raises(ClinicError, match="opens on Mon 01 Mar"):
        record.answer("Chloe", "Too early", "", date(2027, 2, 26))
    with pytest.raises(ClinicError, match="write the diagnosis"):
        record.answer("Chloe", "  ", "", TUE)


def test_votes_stay_hidden_until_everyone_voted_or_the_window_closed() -> None:
    record = written_clinic()
    record.start_vote("Move the check-in to 6am", MON)
    record.cast("Ben", 4, TUE)
    with pytest.raises(ClinicError, match="until Ana, Chloe vote"):
        record.reveal(TUE)
    record.reveal(FRI)  # the window has closed: whoever voted is shown
    assert record.vote is not None and record.vote.result().voters == 1
    with pytest.raises(ClinicError, match="already revealed"):
        record.cast("Chloe", 2, TUE)


def test_the_written_clinic_closes_by_the_live_clinic_rule() -> None:
    record = written_clinic()
    record.commit("Ana", "Move the check-in to 6am", "Ana", THU)
    record.commit("Ben", "Cover the handover on Tuesdays", "", THU)
    result = record.close()
    assert not result.closed and result.without_commitment == ["Chloe"] and result.incomplete == {"Ben": ["owner"]}
    record.remove_commitment(1)
    record.commit("Ben", "Cover the handover on Tuesdays", "Ben", THU)
    record.commit("Chloe", "Share the returns rota", "Chloe", FRI)
    assert record.close().closed
    with pytest.raises(ClinicError, match="this clinic is closed"):
        record.answer("Chloe", "One more thought", "", TUE)  # inside the window, but the case is settled
    with pytest.raises(ClinicError, match="this clinic is closed"):
        record.start_vote("Another question", TUE)


def test_a_window_that_closes_before_it_opens_is_refused() -> None:
    with pytest.raises(ValueError, match=r"closes .* before it opens"):
        AsyncClinic(opens_on=THU, closes_on=MON)


def test_the_record_exports_answers_escaped_and_hides_an_unrevealed_vote() -> None:
    record = written_clinic()
    record.answer("Ben", "Handover | clash <b>", "", TUE)
    record.start_vote("Move it", TUE)
    record.cast("Ben", 5, TUE)
    text = async_clinic_markdown(record)
    assert "**Ben** (2027-03-02): Handover | clash &lt;b&gt;" in text
    assert "<b>" not in text and "no answer from Chloe" in text and "Confidence" not in text


def test_resume_reopens_the_open_written_clinic_and_starts_the_next_after_it_closed(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        record, key = resume_or_start_async(store, MON)
        assert key == "2027-03-01" and record.opens_on == MON and record.closes_on == THU
        record = written_clinic()
        store.save_record(CLINIC_WORKSHOP, ASYNC_CLINIC_KIND, key, record, "sam")
        again, same_key = resume_or_start_async(store, TUE)
        assert same_key == key and again.names == ["Ana", "Ben", "Chloe"]
        for name in again.names:
            again.commit(name, "An action", name, FRI)
        assert again.close().closed
        store.save_record(CLINIC_WORKSHOP, ASYNC_CLINIC_KIND, key, again, "sam")
        following, next_key = resume_or_start_async(store, MON)
        assert next_key == "2027-03-01-2" and following.names == ["Ana", "Ben", "Chloe"] and not following.answers
