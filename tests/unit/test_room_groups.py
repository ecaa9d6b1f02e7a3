"""The room sees the running exercise's groups only as the plan says: names, pseudonyms, or nothing; never the castings."""

from __future__ import annotations

import pytest

from day_helpers import at, make_day
from facilitator_tui.core import acts
from facilitator_tui.core.clock import FakeClock
from facilitator_tui.core.people import Person
from facilitator_tui.core.plan import Plan
from facilitator_tui.core.room import room_view
from facilitator_tui.core.roster_acts import MakeGroups
from facilitator_tui.core.status import status

PEOPLE = (
    Person("Ann Smith", "ICB", "NHS", pseudonym="Willow"),
    Person("Bob Jones", "Council", "Local government"),
    Person("Cat Lee", "Trust", "Voluntary sector", pseudonym="Rowan"),
    Person("Dan Roe", "Practice", "Primary care"),
)


def plan(room: str) -> Plan:
    return Plan.model_validate(
        {
            "title": "T",
            "start": "09:00",
            "close": "10:00",
            "agenda": [
                {
                    "id": "pairs",
                    "title": "Pairs",
                    "start": "09:00",
                    "exercises": [
                        {
                            "title": "Board",
                            "groups": {"size": "pairs", "room": room},
                            "roles": [{"name": "Chair", "brief": "b"}, {"name": "Treasurer", "brief": "c"}],
                            "phases": [{"name": "Talk", "minutes": 20, "instructions": "Find your partner.", "link": "https://example.org/board"}],
                        }
                    ],
                }
            ],
        }
    )


def shown(tmp_path, room: str) -> str:
    clock = FakeClock(at("09:00"))
    the_plan = plan(room)
    day = make_day(tmp_path / room, the_plan, tmp_path / "t.toml", clock)
    try:
        day.use_people(PEOPLE)
        day.do(acts.Start())
        assert day.do(MakeGroups("pairs", 0, 4)).changed
        clock.set(at("09:05"))
        view = room_view(the_plan, day.state, status(the_plan, day.state, clock.now()))
        assert view.phase is not None
        assert view.phase.instructions.startswith("Find your partner.\nhttps://example.org/board")
        return repr(view)
    finally:
        day.close()


def test_names_when_the_plan_says_names(tmp_path):
    words = shown(tmp_path, "names")
    assert "Group 1: " in words and "Group 2: " in words
    assert all(person.name in words for person in PEOPLE)


def test_pseudonyms_when_the_plan_says_pseudonyms_and_never_a_name(tmp_path):
    words = shown(tmp_path, "pseudonyms")
    assert "Willow" in words and "Rowan" in words and "Participant 1" in words and "Participant 2" in words
    for person in PEOPLE:
        for part in person.name.split():
            assert part not in words


@pytest.mark.parametrize("room", ["hidden", "names", "pseudonyms"])
def test_no_group_or_casting_detail_beyond_what_the_plan_allows(tmp_path, room):
    words = shown(tmp_path, room)
    assert "Chair" not in words and "Treasurer" not in words, "who plays whom goes with the briefs, not on the wall"
    if room == "hidden":
        assert "Group" not in words
        for person in PEOPLE:
            assert person.name.split()[0] not in words
