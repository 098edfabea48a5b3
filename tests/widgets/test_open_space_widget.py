"""The Open Space page: the wall, the marketplace, walking between sessions, the harvest, kept in the store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kit.definition.open_space import OPEN_SPACE_KIND
from kit.store import open_store
from kit.widgets.open_space import open_open_space

DAY = date(2027, 1, 12)


def test_a_day_of_open_space_is_run_from_the_page_and_reopened_after_a_restart(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        page = open_open_space(tmp_path, store, today=lambda: DAY)
        page.theme.value = "Where should we focus next quarter?"
        page.slots.value, page.rooms.value = "10:00, 11:00", "Atrium, Room 2"
        page.set_up()
        page.title.value, page.convener.value = "Support <queues>", "Ben"
        page.post()
        page.slot.value, page.room.value = "10:00", "Room 2"
        page.schedule()
        page.walker.value = "Dev"
        page.join()
        assert "Support &lt;queues&gt;" in page.wall.value and "1 here: Dev" in page.wall.value
        page.title.value, page.convener.value = "Onboarding", "Ana"
        page.post()
        page.slot.value, page.room.value = "10:00", "Room 2"
        page.schedule()
        assert "already hosts" in page.status.value
        page.pick.value = "Support <queues>"
        page.note.value = "Month-end tickets double"
        page.add_harvest()
        assert "Month-end tickets double" in page.harvest_list.value
        brief = page.build_brief()
        assert "# Drafting brief from the Open Space: Where should we focus next quarter?" in brief
        assert "open-space-brief-2027-01-12.md" in page.brief.value
        reopened = open_open_space(tmp_path, store, today=lambda: DAY)
        assert [t.title for t in reopened.space.topics] == ["Support <queues>", "Onboarding"]
        assert reopened.rooms.value == "Atrium, Room 2"
        assert store.history(tmp_path.name, OPEN_SPACE_KIND, "2027-01-12")


def test_a_saved_wall_that_no_longer_reads_is_named_and_left_alone(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        store.save_record(tmp_path.name, OPEN_SPACE_KIND, "2027-01-12", {"topics": "not a list"}, "old")
        page = open_open_space(tmp_path, store, today=lambda: DAY)
        assert "could not be read" in page.status.value and page.autosave is None
        page.slots.value, page.rooms.value = "10:00", "Atrium"
        page.set_up()
        assert len(store.history(tmp_path.name, OPEN_SPACE_KIND, "2027-01-12")) == 1
