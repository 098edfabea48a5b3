"""Open Space: the marketplace, the agenda wall without clashes, the law of two feet, the harvest and brief."""

from __future__ import annotations

import pytest

from kit.definition.open_space import OpenSpace, OpenSpaceError, drafting_brief


def wall() -> OpenSpace:
    space = OpenSpace(theme="What must be true for customers to stay a second year?",
                      slots=["10:00", "11:00"], rooms=["Atrium", "Room 2"])
    space.propose("Onboarding that sticks", "Ana")
    space.propose("Support queues at month end", "Ben")
    space.propose("Pricing for small teams", "Chloe")
    space.schedule("Onboarding that sticks", "10:00", "Atrium")
    space.schedule("Support queues at month end", "10:00", "Room 2")
    return space


def test_topics_go_on_the_wall_without_two_in_one_room_at_once() -> None:
    space = wall()
    with pytest.raises(OpenSpaceError, match="Atrium at 10:00 already hosts 'Onboarding that sticks'"):
        space.schedule("Pricing for small teams", "10:00", "Atrium")
    space.schedule("Pricing for small teams", "11:00", "Atrium")
    with pytest.raises(OpenSpaceError, match="already on the wall"):
        space.propose("onboarding that sticks", "Dev")
    with pytest.raises(OpenSpaceError, match="slots and rooms"):
        space.schedule("Pricing for small teams", "14:00", "Atrium")


def test_people_choose_with_their_feet_and_moving_leaves_the_session_they_were_in() -> None:
    space = wall()
    space.join("Dev", "Onboarding that sticks")
    space.join("Eva", "Onboarding that sticks")
    move = space.join("Dev", "Support queues at month end")  # the law of two feet
    assert move.left == "Onboarding that sticks"
    assert space.attendance("Onboarding that sticks") == ["Eva"]
    assert space.attendance("Support queues at month end") == ["Dev"]
    assert space.visitors("Onboarding that sticks") == 2  # interest shows even in who moved on
    with pytest.raises(OpenSpaceError, match="not on the wall yet"):
        space.join("Eva", "Pricing for small teams")


def test_the_harvest_becomes_a_drafting_brief_busiest_topic_first_and_escaped() -> None:
    space = wall()
    for person in ("Dev", "Eva", "Fay"):
        space.join(person, "Support queues at month end")
    space.join("Gil", "Onboarding that sticks")
    space.harvest("Support queues at month end", "Month-end tickets double | <b>every</b> time",
                  "Customers get answers within a day, even at month end")
    space.harvest("Onboarding that sticks", "Week-one usage predicts renewal")
    with pytest.raises(OpenSpaceError, match="write what the session learned"):
        space.harvest("Onboarding that sticks", " ")
    brief = drafting_brief(space)
    assert brief.index("### Support queues") < brief.index("### Onboarding that sticks")
    assert "- Customers get answers within a day, even at month end" in brief
    assert "&lt;b&gt;every" in brief and "<b>" not in brief
    assert "## Proposed but not held\n\n- Pricing for small teams" in brief
