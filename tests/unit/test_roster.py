"""Who is in the room: the list a day runs with, absences and late arrivals, groups made from who is present, ticked tasks."""

from __future__ import annotations

import pytest

from day_helpers import at, make_day
from facilitator_tui.core import acts
from facilitator_tui.core.clock import FakeClock
from facilitator_tui.core.days import open_day
from facilitator_tui.core.people import Person
from facilitator_tui.core.plan import Plan
from facilitator_tui.core.roster_acts import NO_LIST, MakeGroups, MarkPresent, TickTask

PLAN = Plan.model_validate(
    {
        "title": "Groups day",
        "start": "09:00",
        "close": "11:00",
        "prepare": [{"id": "venue", "task": "Confirm the venue", "days": 30}],
        "follow_up": [{"id": "survey", "task": "Send the survey", "days": 1}],
        "agenda": [
            {
                "id": "trios",
                "title": "Trios",
                "start": "09:00",
                "exercises": [
                    {"title": "In trios", "groups": {"size": "trios", "remainder": "larger"}, "phases": [{"name": "Talk", "minutes": 20}]},
                    {"title": "Plain", "phases": [{"name": "Plenary", "minutes": 10}]},
                ],
            },
            {
                "id": "board",
                "title": "Board",
                "start": "10:00",
                "exercises": [
                    {
                        "title": "Board meeting",
                        "groups": {"boards": 2},
                        "roles": [{"name": "Chair", "brief": "Chair it."}, {"name": "Treasurer", "brief": "Count it."}],
                    }
                ],
            },
        ],
    }
)

PEOPLE = tuple(Person(f"Person {n}", f"Org {n % 4}", ["NHS", "Council", "VCS"][n % 3]) for n in range(1, 8))


@pytest.fixture
def day(tmp_path):
    clock = FakeClock(at("08:50"))
    d = make_day(tmp_path / "data", PLAN, tmp_path / "plan.toml", clock)
    yield d
    d.close()


def people_in(event) -> list[str]:
    return sorted(name for group in event.groups for name in group) + sorted(event.observers)


def test_without_a_list_the_people_acts_say_how_to_give_one(day):
    for act in (MarkPresent("Person 1", False), MakeGroups("trios", 0, 1)):
        outcome = day.do(act)
        assert not outcome.changed and outcome.message == NO_LIST
    assert day.events == []


def test_the_list_is_recorded_with_the_first_event_and_kept_over_a_restart(day, tmp_path):
    day.use_people(PEOPLE)
    assert day.state.roster.people == PEOPLE
    assert day.events == [], "listing people alone writes nothing"
    assert day.do(MarkPresent("person 3", False)).changed  # any case
    types = [event.type for event in day.events]
    assert types == ["day_created", "people_listed", "attendance"]
    day.close()
    again = make_day(tmp_path / "data", PLAN, tmp_path / "plan.toml", day.clock)
    try:
        assert again.state.roster.people == PEOPLE
        assert [p.name for p in again.state.roster.present] == [p.name for p in PEOPLE if p.name != "Person 3"]
        # The same list again is not listed twice.
        again.use_people(PEOPLE)
        assert again.do(MarkPresent("Person 3", True)).changed
        assert [e.type for e in again.events].count("people_listed") == 1
        assert "person 3" in again.state.roster.arrived
    finally:
        again.close()


def test_absences_change_nothing_twice_and_unknown_names_are_refused(day):
    day.use_people(PEOPLE)
    assert day.do(MarkPresent("Person 2", False)).changed
    assert not day.do(MarkPresent("Person 2", False)).changed
    assert len([e for e in day.events if e.type == "attendance"]) == 1
    refused = day.do(MarkPresent("Nobody Here", False))
    assert not refused.changed and "not on the participant list" in refused.message


def test_groups_are_made_from_the_people_present_and_re_rolled_with_a_new_seed(day):
    day.use_people(PEOPLE)
    day.do(MarkPresent("Person 5", False))
    outcome = day.do(MakeGroups("trios", 0, 7))
    assert outcome.changed
    made = day.state.roster.groups[("trios", 0)]
    assert people_in(made) == sorted(p.name for p in PEOPLE if p.name != "Person 5")
    assert made.seed == 7
    # Six people in trios: two groups.
    assert sorted(len(group) for group in made.groups) == [3, 3]
    day.do(MakeGroups("trios", 0, 8))
    assert day.state.roster.groups[("trios", 0)].seed == 8, "the last groups made stand"


def test_boards_with_roles_cast_every_role_on_each_board(day):
    day.use_people(PEOPLE)
    assert day.do(MakeGroups("board", 0, 3)).changed
    made = day.state.roster.groups[("board", 0)]
    assert len(made.groups) == 2 and len(made.castings) == 2
    for casting in made.castings:
        assert [role for role, _ in casting["parts"]] == ["Chair", "Treasurer"]
    players = [name for casting in made.castings for _, name in casting["parts"]]
    assert len(players) == len(set(players)) == 4


def test_groups_are_refused_for_an_exercise_that_asks_for_none(day):
    day.use_people(PEOPLE)
    for act, words in (
        (MakeGroups("trios", 1, 1), "asks for no groups"),
        (MakeGroups("trios", 5, 1), "has no exercise 6"),
        (MakeGroups("nope", 0, 1), "no item 'nope'"),
    ):
        outcome = day.do(act)
        assert not outcome.changed and words in outcome.message


def test_tasks_are_ticked_and_unticked_by_id(day):
    assert day.do(TickTask("venue")).changed
    assert day.state.roster.done("venue")
    assert not day.do(TickTask("venue")).changed, "ticked already: nothing written"
    assert day.do(TickTask("venue", done=False)).changed
    assert not day.state.roster.done("venue")
    assert day.do(TickTask("survey")).changed
    refused = day.do(TickTask("cake"))
    assert not refused.changed and "no task 'cake'" in refused.message


def test_a_joined_laptop_may_record_attendance_groups_and_ticks(tmp_path):
    clock = FakeClock(at("09:00"))
    first = make_day(tmp_path / "data", PLAN, tmp_path / "plan.toml", clock)
    first.do(acts.Toggle())
    first.close()
    joined = open_day(tmp_path / "data", PLAN, tmp_path / "plan.toml", clock=clock, today=clock.now().date(), author="co")
    joined.joined = True
    try:
        joined.use_people(PEOPLE)
        assert joined.do(MarkPresent("Person 1", False)).changed
        assert joined.do(MakeGroups("trios", 0, 1)).changed
        assert joined.do(TickTask("survey")).changed
    finally:
        joined.close()


def test_the_first_draw_on_the_day_is_the_one_the_pack_and_the_groups_command_printed(day):
    """Envelopes are labelled from the pack the evening before: seed 1 with everyone here gives the same boards."""
    from facilitator_tui.core.groups import groups_for_plan

    day.use_people(PEOPLE)
    printed = {(made.item_id, made.exercise): made for made in groups_for_plan(PLAN, PEOPLE, 1)}
    for item_id, exercise in printed:
        assert day.do(MakeGroups(item_id, exercise, 1)).changed
        on_the_day = day.state.roster.groups[(item_id, exercise)]
        expected = printed[(item_id, exercise)]
        assert on_the_day.groups == (expected.grouping.groups if expected.grouping else ())
        assert [c["parts"] for c in on_the_day.castings] == [[list(part) for part in c.parts] for c in expected.castings]
