"""The Open Space page: theme and agenda wall, the marketplace of topics, voting with feet, the harvest
and the drafting brief. A view over `kit.definition.open_space.OpenSpace`, saved in the store as it changes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from kit.autosave import Autosaver
from kit.definition.open_space import LAW_OF_TWO_FEET, OPEN_SPACE_KIND, PRINCIPLES, OpenSpace, drafting_brief
from kit.errors import KitError
from kit.store import Store
from kit.widgets.clinic_html import notice_html
from kit.widgets.record_page import RecordPage
from kit.widgets.shared import action_button, classed, folder_and_store, section_heading, text_box
from kit.widgets.style import MUTED, download_link, esc


def wall_html(space: OpenSpace) -> str:
    """The agenda wall: a row per time slot, a column per room, each session with who is in it now."""
    if not space.slots or not space.rooms:
        return f"<i style='color:{MUTED}'>Set the time slots and rooms to put up the wall.</i>"
    head = "".join(f"<th style='padding:4px 10px'>{esc(room)}</th>" for room in space.rooms)
    rows = []
    for slot in space.slots:
        cells = []
        for room in space.rooms:
            topic = next((t for t in space.topics if t.slot == slot and t.room == room), None)
            if topic is None:
                cells.append("<td style='padding:4px 10px;color:#999'>free</td>")
                continue
            people = space.attendance(topic.title)
            cells.append(f"<td class='okr-open-space-session' data-people='{len(people)}' style='padding:4px 10px'>"
                         f"<b>{esc(topic.title)}</b><br><span style='color:{MUTED}'>{esc(topic.convener)} · "
                         f"{len(people)} here: {esc(', '.join(people)) or '-'}</span></td>")
        rows.append(f"<tr><th style='padding:4px 10px'>{esc(slot)}</th>{''.join(cells)}</tr>")
    return f"<table class='okr-open-space-wall'><tr><th></th>{head}</tr>{''.join(rows)}</table>"


class OpenSpacePage(RecordPage):
    """Opening, agenda wall, marketplace, sessions, harvest and the brief, in the order the day runs."""

    RECORD_NAME = "Open Space wall"

    def __init__(self, space: OpenSpace | None = None, *, store: Store | None = None, workshop: str = "",
                 key: str | None = None, author: str = "facilitator", **kwargs: Any) -> None:
        self.space = space or OpenSpace()
        self.autosave = (Autosaver(store, workshop, key, author, lambda: self.space, kind=OPEN_SPACE_KIND,
                                   on_error=self._save_failed) if store is not None and key is not None else None)
        self.status = classed(widgets.HTML(), "okr-open-space-status")
        self.theme = classed(widgets.Text(value=self.space.theme, description="Theme", continuous_update=False,
                                          placeholder="The question that brings everyone here",
                                          layout=widgets.Layout(width="60%")), "okr-open-space-theme")
        self.slots = text_box("Time slots, comma-separated: 10:00, 11:00", "okr-open-space-slots", "30em")
        self.rooms = text_box("Rooms, comma-separated: Atrium, Room 2", "okr-open-space-rooms", "30em")
        self.slots.value, self.rooms.value = ", ".join(self.space.slots), ", ".join(self.space.rooms)
        self.title = text_box("Topic you will host", "okr-open-space-topic", "24em")
        self.convener = text_box("Your name", "okr-open-space-convener", "12em")
        self.pick = classed(widgets.Dropdown(description="Topic", layout=widgets.Layout(width="30em")),
                            "okr-open-space-pick")
        self.slot = classed(widgets.Dropdown(description="Slot"), "okr-open-space-slot")
        self.room = classed(widgets.Dropdown(description="Room"), "okr-open-space-room")
        self.wall = classed(widgets.HTML(), "okr-open-space-wall-box")
        self.walker = text_box("Your name", "okr-open-space-walker", "12em")
        self.note = classed(widgets.Textarea(placeholder="What this session learned", layout=widgets.Layout(
            width="60%")), "okr-open-space-note")
        self.idea = text_box("An objective this session proposes (optional)", "okr-open-space-idea", "40em")
        self.harvest_list = classed(widgets.HTML(), "okr-open-space-harvest")
        self.brief = classed(widgets.HTML(), "okr-open-space-brief")
        principles = "".join(f"<li>{esc(p)}</li>" for p in PRINCIPLES)
        super().__init__([
            section_heading("1. Opening"), self.theme,
            widgets.HTML(f"<ul style='color:{MUTED}'>{principles}</ul><p><b>The law of two feet:</b> "
                         f"{esc(LAW_OF_TWO_FEET)}</p>"),
            section_heading("2. The agenda wall"), self.slots, self.rooms,
            widgets.HBox([action_button("Put up the wall", "okr-open-space-setup", self.set_up, "th")]),
            section_heading("3. Marketplace - post a topic, give it a slot and a room"),
            widgets.HBox([self.title, self.convener, action_button("Post topic", "okr-open-space-post", self.post)]),
            widgets.HBox([self.pick, self.slot, self.room,
                          action_button("Put on the wall", "okr-open-space-schedule", self.schedule)]),
            self.wall,
            section_heading("4. Sessions - choose with your feet"),
            widgets.HBox([self.walker, action_button("Walk into the picked topic", "okr-open-space-join",
                                                     self.join, "walking")]),
            section_heading("5. Harvest"), self.note, self.idea,
            widgets.HBox([action_button("Add to the harvest", "okr-open-space-add-harvest", self.add_harvest, "plus")]),
            self.harvest_list,
            section_heading("6. The drafting brief"),
            widgets.HBox([action_button("Build the drafting brief", "okr-open-space-build-brief", self.build_brief,
                                        "file")]),
            self.status, self.brief,
        ], **kwargs)
        self.theme.observe(lambda _c: self._attempt(lambda: setattr(self.space, "theme", self.theme.value.strip())),
                           names="value")
        self.add_class("okr-open-space")
        self.refresh()

    def _attempt(self, action: Callable[[], object]) -> bool:
        """Try and save the edit as every record page does; the wall then shows it."""
        if not super()._attempt(action):
            return False
        self.refresh()
        return True

    def set_up(self) -> None:
        def split(text: str) -> list[str]:
            return list(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))

        slots, rooms = split(self.slots.value), split(self.rooms.value)
        if not slots or not rooms:
            self._notify("Give at least one time slot and one room, separated by commas.", "warning")
            return

        def apply() -> None:
            self.space.slots, self.space.rooms = slots, rooms

        self._attempt(apply)

    def post(self) -> None:
        if self._attempt(lambda: self.space.propose(self.title.value, self.convener.value)):
            self.pick.value = self.title.value.strip()
            self.title.value = ""

    def schedule(self) -> None:
        self._attempt(lambda: self.space.schedule(self.pick.value or "", self.slot.value or "", self.room.value or ""))

    def join(self) -> None:
        self._attempt(lambda: self.space.join(self.walker.value, self.pick.value or ""))

    def add_harvest(self) -> None:
        if self._attempt(lambda: self.space.harvest(self.pick.value or "", self.note.value, self.idea.value)):
            self.note.value = self.idea.value = ""

    def build_brief(self) -> str:
        text = drafting_brief(self.space)
        self.brief.value = (download_link(f"open-space-brief-{self.space.held_on.isoformat()}.md", text,
                                          "text/markdown")
                            + f"<pre style='white-space:pre-wrap;max-height:24em;overflow:auto'>{esc(text)}</pre>")
        return text

    def show(self, space: OpenSpace) -> None:
        """Put a saved wall on the page, its fields included."""
        self.space = space
        self.theme.value = space.theme
        self.slots.value, self.rooms.value = ", ".join(space.slots), ", ".join(space.rooms)
        self.refresh()

    def refresh(self) -> None:
        space = self.space
        current = self.pick.value
        self.pick.options = [t.title for t in space.topics]
        if current in self.pick.options:
            self.pick.value = current
        self.slot.options, self.room.options = space.slots, space.rooms
        self.wall.value = wall_html(space)
        harvested = [(t, n) for t in space.topics for n in [*t.notes, *(f"Objective idea: {i}" for i in
                                                                         t.objective_ideas)]]
        self.harvest_list.value = "<ul>" + "".join(f"<li><b>{esc(t.title)}</b>: {esc(n)}</li>"
                                                   for t, n in harvested) + "</ul>" if harvested else ""


def open_open_space(folder: str | Path | None = None, store: Store | None = None,
                    today: Callable[[], date] = date.today) -> OpenSpacePage:
    """Today's Open Space for the workshop folder: reopened after a restart, else a new wall. A saved
    wall that no longer reads is named on the page and never written over."""
    folder_path, store = folder_and_store(folder, store)
    page = OpenSpacePage(OpenSpace(held_on=today()), store=store, workshop=folder_path.resolve().name or "workshop",
                         key=today().isoformat())
    assert page.autosave is not None
    try:
        restored = page.autosave.restore(OpenSpace)
    except KitError as error:
        page.autosave = None
        page.status.value = notice_html(f"Today's saved wall could not be read ({error}); it was left as it is "
                                        "and this page will not save over it.", "error")
        return page
    if isinstance(restored, OpenSpace):
        page.show(restored)
    return page
