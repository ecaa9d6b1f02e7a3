"""Material and handout quantities: per person, group, board and room, summed over the day, words when unknown."""

from __future__ import annotations

import pytest

from facilitator_tui.core.groups import Grouping
from facilitator_tui.core.materials import MaterialLine, group_count, quantities
from facilitator_tui.core.plan import Plan
from facilitator_tui.core.plan_loader import parse_plan
from plan_helpers import dump, item_data, plan_data


def make_plan(agenda: list[dict], **fields) -> Plan:
    return parse_plan(dump(plan_data(agenda, **fields)), "test.toml")


def material(name: str, per: str = "room", count: int = 1, spare: int = 0) -> dict:
    return {"name": name, "per": per, "count": count, "spare": spare}


def exercise(title: str = "Work", **groups) -> dict:
    data: dict = {"title": title, "phases": [{"name": "Do it", "minutes": 20}]}
    if groups:
        data["groups"] = groups
    return data


def role_play(title: str = "Play", **groups) -> dict:
    data = exercise(title, **groups)
    data["roles"] = [{"name": "Chair", "brief": "You chair."}, {"name": "Treasurer", "brief": "You count."}]
    return data


def line(plan: Plan, name: str, people: int | None = None, groupings=None) -> MaterialLine:
    found = [line for line in quantities(plan, people, groupings) if line.name.casefold() == name.casefold()]
    assert len(found) == 1, [line.name for line in quantities(plan, people, groupings)]
    return found[0]


def grouping(*sizes: int) -> Grouping:
    names = iter(f"P{n}" for n in range(100))
    return Grouping(tuple(tuple(next(names) for _ in range(size)) for size in sizes), (), (), 1)


def test_per_person_is_the_head_count_times_count_plus_spare():
    plan = make_plan([item_data("a", "09:00", materials=[material("Name badges", "person", 2, 3)])])
    badges = line(plan, "Name badges", people=10)
    assert badges.total == 23 and badges.amount == "23"
    assert badges.uses[0].words == "2 per person × 10 people + 3 spare = 23"


def test_the_participant_list_beats_the_plans_expected_number():
    plan = make_plan([item_data("a", "09:00", materials=[material("Pens", "person")])], participants=20)
    assert line(plan, "Pens").total == 20, "the plan's participants when no list is given"
    assert line(plan, "Pens", people=17).total == 17


def test_an_unknown_head_count_stays_words_not_a_guess():
    plan = make_plan([item_data("a", "09:00", materials=[material("Pens", "person", 1, 2), material("Flipchart", "room", 3)])])
    pens = line(plan, "Pens")
    assert pens.total is None and pens.amount == "1 per person + 2"
    assert pens.uses[0].words == "1 per person + 2 spare"
    assert line(plan, "Flipchart").amount == "3", "a room's quantity needs no head count"


@pytest.mark.parametrize(
    ("remainder", "people", "groups"),
    [("larger", 10, 3), ("smaller", 10, 4), ("observers", 10, 3), ("larger", 9, 3), ("smaller", 9, 3), ("larger", 2, 1), ("smaller", 2, 1)],
)
def test_group_count_rounds_as_the_remainder_rule_says(remainder, people, groups):
    assert group_count(people, 3, remainder) == groups


def test_per_group_counts_the_groups_the_rule_makes_from_the_head_count():
    item = item_data("a", "09:00", materials=[material("Flipchart paper", "group", 2, 1)], exercises=[exercise(size="trios", remainder="smaller")])
    plan = make_plan([item])
    assert line(plan, "Flipchart paper", people=10).total == 4 * 2 + 1
    assert line(plan, "Flipchart paper", people=10).uses[0].words == "2 per group × 4 groups + 1 spare = 9"
    assert line(plan, "Flipchart paper").amount == "2 per group + 1", "no head count, no number of groups"


def test_per_group_counts_the_groups_made_when_there_are_some():
    item = item_data("a", "09:00", materials=[material("Markers", "group", 3)], exercises=[exercise(size=4)])
    plan = make_plan([item])
    assert line(plan, "Markers", people=20, groupings={("a", 0): grouping(7, 7, 6)}).total == 9


def test_per_board_counts_boards_and_an_item_without_groups_is_one():
    boards = item_data("a", "09:00", materials=[material("Board papers", "board", 2, 1)], exercises=[role_play(boards=2)])
    alone = item_data("b", "10:00", materials=[material("Gavel", "board")], exercises=[exercise()])
    plan = make_plan([boards, alone])
    assert line(plan, "Board papers").total == 5, "boards are known without a head count"
    assert line(plan, "Gavel").total == 1
    assert line(plan, "Board papers", people=1).total == 3, "no more boards than people"


def test_a_role_play_in_groups_of_a_size_runs_a_board_per_group():
    item = item_data("a", "09:00", materials=[material("Table cards", "board")], exercises=[role_play(size=5)])
    plan = make_plan([item])
    assert line(plan, "Table cards", people=20).total == 4
    assert line(plan, "Table cards", people=20, groupings={("a", 0): grouping(7, 7, 6)}).total == 3


def test_an_item_with_two_grouped_exercises_counts_the_most_groups():
    item = item_data("a", "09:00", minutes=60, materials=[material("Pens", "group")], exercises=[exercise("Pairs", size="pairs"), exercise("Fours", size=4)])
    plan = make_plan([item])
    assert line(plan, "Pens", people=12).total == 6


def test_the_same_material_in_several_items_is_one_line_summed_and_spelled_as_first_written():
    plan = make_plan(
        [
            item_data("a", "09:00", materials=[material("Sticky notes", "room", 2)]),
            item_data("b", "10:00", kind="break", materials=["Tea and coffee"]),
            item_data("c", "10:15", materials=[material("sticky  NOTES", "person", 1, 5)]),
        ]
    )
    lines = quantities(plan, 10)
    assert [line.name for line in lines] == ["Sticky notes", "Tea and coffee"]
    assert lines[0].total == 2 + 10 + 5
    assert [use.item_id for use in lines[0].uses] == ["a", "c"]


def test_a_material_written_as_words_has_no_quantity():
    plan = make_plan([item_data("a", "09:00", materials=["Lunch provided by the venue"])], participants=20)
    lunch = line(plan, "Lunch provided by the venue")
    assert lunch.total is None and lunch.amount == "" and lunch.uses[0].words == "as written"


def test_handouts_are_counted_as_copies_after_the_materials():
    handouts = [
        {"title": "Ground rules", "content": "Be kind.", "per": "person"},
        {"title": "Board pack", "content": "Papers.", "per": "board"},
        {"title": "Map", "content": "A map.", "per": "room"},
    ]
    item = item_data("a", "09:00", materials=[material("Pens", "person")], handouts=handouts, exercises=[role_play(boards=3)])
    lines = quantities(make_plan([item]), 12)
    assert [(line.kind, line.name, line.total) for line in lines] == [
        ("material", "Pens", 12),
        ("handout", "Ground rules", 12),
        ("handout", "Board pack", 3),
        ("handout", "Map", 1),
    ]


def test_no_materials_no_lines():
    assert quantities(make_plan([item_data("a", "09:00")])) == ()
