"""Open Space for OKRs: participants set the agenda, choose with their feet, and the harvest briefs the drafting.

From the OKR guide's appendix on Open Space Technology: a clear theme; anyone proposes a topic
and posts it on the agenda wall (a time slot and a room); the marketplace where people choose;
parallel sessions each run by whoever came; the law of two feet (move when you are neither
learning nor contributing); then the harvest of what was learned. Used before a definition or
reset event, the harvest becomes the drafting brief: the themes people chose to spend time on,
with the notes and objective ideas that came out of each.
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from kit.cop.intake import inline_md
from kit.errors import KitError
from kit.model import EditableModel

OPEN_SPACE_KIND = "open_space"
PRINCIPLES = (
    "Whoever comes are the right people",
    "Whatever happens is the only thing that could have",
    "Whenever it starts is the right time",
    "When it's over, it's over",
)
LAW_OF_TWO_FEET = ("If you are neither learning nor contributing, use your two feet: go where you can.")


class OpenSpaceError(KitError):
    """Something the agenda wall cannot take: a clash, an unknown topic, an empty name."""


class Topic(EditableModel):
    title: str = Field(min_length=1)
    convener: str = Field(min_length=1)
    slot: str = ""
    room: str = ""
    notes: list[str] = Field(default_factory=list)
    objective_ideas: list[str] = Field(default_factory=list)

    @property
    def scheduled(self) -> bool:
        return bool(self.slot and self.room)


class Move(EditableModel):
    """Someone walking into a session: the first join in a slot, or a move under the law of two feet."""

    participant: str
    slot: str
    topic: str
    left: str = ""


class OpenSpace(EditableModel):
    theme: str = ""
    held_on: date = Field(default_factory=date.today)
    slots: list[str] = Field(default_factory=list)
    rooms: list[str] = Field(default_factory=list)
    topics: list[Topic] = Field(default_factory=list)
    moves: list[Move] = Field(default_factory=list)

    def topic(self, title: str) -> Topic:
        for candidate in self.topics:
            if candidate.title == title:
                return candidate
        raise OpenSpaceError(f"no topic {title!r} on the wall")

    def propose(self, title: str, convener: str) -> Topic:
        """Anyone may post a topic; the convener is the one who cares enough to host it."""
        title, convener = title.strip(), convener.strip()
        if not title or not convener:
            raise OpenSpaceError("a topic needs a title and the name of who convenes it")
        if any(t.title.casefold() == title.casefold() for t in self.topics):
            raise OpenSpaceError(f"{title!r} is already on the wall: join it, or name yours differently")
        topic = Topic(title=title, convener=convener)
        self.topics = [*self.topics, topic]
        return topic

    def schedule(self, title: str, slot: str, room: str) -> Topic:
        """Put a topic in a time slot and a room; two sessions never share a room at the same time."""
        if slot not in self.slots or room not in self.rooms:
            raise OpenSpaceError("pick one of the wall's time slots and rooms")
        topic = self.topic(title)
        taken = next((t for t in self.topics if t.slot == slot and t.room == room and t is not topic), None)
        if taken is not None:
            raise OpenSpaceError(f"{room} at {slot} already hosts {taken.title!r}: pick another room or slot")
        topic.slot, topic.room = slot, room
        return topic

    def where(self, participant: str, slot: str) -> str:
        """The session `participant` is in during `slot` ("" before they chose one)."""
        for move in reversed(self.moves):
            if move.participant == participant and move.slot == slot:
                return move.topic
        return ""

    def join(self, participant: str, title: str) -> Move:
        """Walk into a session; walking out of another in the same slot is the law of two feet."""
        participant = participant.strip()
        if not participant:
            raise OpenSpaceError("type your name first")
        topic = self.topic(title)
        if not topic.scheduled:
            raise OpenSpaceError(f"{title!r} is not on the wall yet: give it a slot and a room first")
        left = self.where(participant, topic.slot)
        if left == title:
            raise OpenSpaceError(f"{participant} is already in {title!r}")
        move = Move(participant=participant, slot=topic.slot, topic=title, left=left)
        self.moves = [*self.moves, move]
        return move

    def attendance(self, title: str) -> list[str]:
        """Who is in the session now (the last place each person walked to in its slot)."""
        topic = self.topic(title)
        people = {m.participant for m in self.moves if m.slot == topic.slot}
        return sorted(p for p in people if self.where(p, topic.slot) == title)

    def visitors(self, title: str) -> int:
        """Everyone who walked in at some point: interest shows even in people who moved on."""
        return len({m.participant for m in self.moves if m.topic == title})

    def harvest(self, title: str, note: str = "", objective_idea: str = "") -> Topic:
        topic = self.topic(title)
        if not note.strip() and not objective_idea.strip():
            raise OpenSpaceError("write what the session learned, or an objective idea it proposes")
        if note.strip():
            topic.notes = [*topic.notes, note.strip()]
        if objective_idea.strip():
            topic.objective_ideas = [*topic.objective_ideas, objective_idea.strip()]
        return topic


def drafting_brief(space: OpenSpace) -> str:
    """The harvest as the definition workshop's drafting brief: the themes people chose, busiest first."""
    ranked = sorted(space.topics, key=lambda t: (-space.visitors(t.title), t.title.casefold()))
    out = [f"# Drafting brief from the Open Space: {inline_md(space.theme or 'untitled theme')}", "",
           f"_{space.held_on:%d %B %Y} · {len(space.topics)} topic(s) · "
           f"{len({m.participant for m in space.moves})} participant(s) chose with their feet_", ""]
    ideas = [(t, idea) for t in ranked for idea in t.objective_ideas]
    if ideas:
        out += ["## Objective ideas to start the Envision step from", ""]
        out += [f"- {inline_md(idea)} _(from “{inline_md(t.title)}”)_" for t, idea in ideas]
        out.append("")
    out += ["## What each session learned", ""]
    for topic in ranked:
        place = f"{topic.slot}, {topic.room}" if topic.scheduled else "not held"
        out += [f"### {inline_md(topic.title)}", "",
                f"Convener: {inline_md(topic.convener)} · {place} · {space.visitors(topic.title)} visitor(s)", ""]
        out += [f"- {inline_md(note)}" for note in topic.notes] or ["- _no notes harvested_"]
        out.append("")
    unheld = [t.title for t in space.topics if not t.scheduled]
    if unheld:
        out += ["## Proposed but not held", "", *[f"- {inline_md(t)}" for t in unheld], ""]
    return "\n".join(out)
