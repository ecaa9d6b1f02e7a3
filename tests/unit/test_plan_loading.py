"""Loading valid plans: fields, derived timings, gaps, and the bundled plans."""

from __future__ import annotations

import re

import pydantic
import pytest

from facilitator_tui.cli.agenda_table import agenda_rows, agenda_table
from facilitator_tui.core.locations import DEFAULT_PLAN, bundled_plans
from facilitator_tui.core.plan import Kind, Plan, format_hhmm, parse_hhmm
from facilitator_tui.core.plan_loader import load_plan
from plan_helpers import item_data, plan_data, write_plan, write_text_plan

# ---------------------------------------------------------------------------
# A small hand-written plan
# ---------------------------------------------------------------------------

SMALL_PLAN = """\
title = "Board development"
subtitle = "Two hours"
venue = "Room 4"
start = "13:45"
close = "16:00"

[[agenda]]
id = "welcome"
title = "Welcome"
start = "14:00"
purpose = "Arrive and settle."
prompts = ["What do you hope for today?"]
materials = ["Name cards"]

[[agenda.exercises]]
title = "Check-in"
summary = "Round the room."

[[agenda.exercises.phases]]
name = "Pairs"
minutes = 10
instructions = "Talk in pairs."

[[agenda.exercises.phases]]
name = "Round"
minutes = 20

[agenda.guidance]
watch_for = ["Who speaks first"]
debrief = ["What did you notice?"]

[[agenda]]
id = "tea"
title = "Tea"
kind = "break"
start = "14:30"
minutes = 10

[[agenda]]
id = "lunch"
title = "Late lunch"
kind = "lunch"
start = "15:00"
fixed = true
optional = false

[[agenda]]
id = "wrap"
title = "Wrap up"
start = "15:30"
optional = true
min_minutes = 10
"""


@pytest.fixture
def small_plan(tmp_path) -> Plan:
    return load_plan(write_text_plan(tmp_path, SMALL_PLAN))


def test_loads_top_level_fields(small_plan):
    assert small_plan.title == "Board development"
    assert small_plan.subtitle == "Two hours"
    assert small_plan.venue == "Room 4"
    assert (small_plan.start, small_plan.close) == ("13:45", "16:00")
    assert small_plan.start_minute == 13 * 60 + 45
    assert small_plan.close_minute == 16 * 60


def test_loads_items_in_file_order_with_their_fields(small_plan):
    assert [item.id for item in small_plan.agenda] == ["welcome", "tea", "lunch", "wrap"]
    assert [item.kind for item in small_plan.agenda] == [Kind.SESSION, Kind.BREAK, Kind.LUNCH, Kind.SESSION]
    welcome = small_plan.agenda[0]
    assert welcome.purpose == "Arrive and settle."
    assert welcome.prompts == ("What do you hope for today?",)
    assert welcome.materials == ("Name cards",)
    assert welcome.guidance.watch_for == ("Who speaks first",)
    assert welcome.guidance.debrief == ("What did you notice?",)
    assert not welcome.guidance.is_empty
    exercise = welcome.exercises[0]
    assert exercise.title == "Check-in"
    assert [(p.name, p.minutes) for p in exercise.phases] == [("Pairs", 10), ("Round", 20)]
    assert exercise.phases[0].instructions == "Talk in pairs."
    assert exercise.minutes == 30


def test_flags_load(small_plan):
    tea, lunch, wrap = small_plan.agenda[1:]
    assert lunch.fixed is True and lunch.optional is False
    assert wrap.optional is True and wrap.fixed is False
    assert wrap.min_minutes == 10
    assert tea.min_minutes is None


def test_defaults_for_optional_fields(tmp_path):
    plan = load_plan(write_plan(tmp_path, plan_data()))
    assert plan.subtitle == "" and plan.venue == ""
    assert plan.warnings.minutes == (5, 1)
    assert plan.pseudonyms == {}
    item = plan.agenda[0]
    assert item.kind is Kind.SESSION
    assert item.minutes is None and item.min_minutes is None
    assert item.fixed is False and item.optional is False
    assert item.prompts == () and item.exercises == () and item.materials == ()
    assert item.guidance.is_empty


def test_durations_follow_from_next_start_or_close(small_plan):
    # welcome 14:00 → tea 14:30; tea has minutes=10; lunch 15:00 → wrap 15:30; wrap → close 16:00.
    assert [small_plan.item_minutes(i) for i in range(4)] == [30, 10, 30, 30]
    assert [format_hhmm(small_plan.item_end_minute(i)) for i in range(4)] == ["14:30", "14:40", "15:30", "16:00"]


def test_last_item_runs_to_close(tmp_path):
    plan = load_plan(write_plan(tmp_path, plan_data(close="11:40")))
    assert format_hhmm(plan.item_end_minute(2)) == "11:40"
    assert plan.item_minutes(2) == 11 * 60 + 40 - (10 * 60 + 15)


def test_an_item_shorter_than_its_slot_leaves_a_gap(tmp_path):
    data = plan_data(agenda=[item_data("a", "09:00", minutes=40), item_data("b", "10:00")])
    plan = load_plan(write_plan(tmp_path, data))
    assert plan.item_minutes(0) == 40
    assert plan.item_end_minute(0) == parse_hhmm("09:40")


def test_agenda_rows_show_the_gap(tmp_path):
    data = plan_data(agenda=[item_data("a", "09:00", minutes=40), item_data("b", "10:00", kind="break", minutes=15)])
    plan = load_plan(write_plan(tmp_path, data))
    assert agenda_rows(plan) == [
        ("09:00", "09:40", "40", "session", "Item a"),
        ("09:40", "10:00", "20", "gap", "(unscheduled)"),
        ("10:00", "10:15", "15", "break", "Item b"),
        ("10:15", "12:00", "105", "gap", "(unscheduled)"),
    ]


def test_agenda_rows_without_gaps(small_plan):
    rows = agenda_rows(small_plan)
    assert [row[3] for row in rows] == ["session", "break", "gap", "lunch", "session"]
    assert rows[2] == ("14:40", "15:00", "20", "gap", "(unscheduled)")


def test_agenda_table_has_title_header_rows_and_close(small_plan):
    lines = agenda_table(small_plan).splitlines()
    assert lines[0] == "Board development"
    assert lines[1] == "Two hours"
    header = next(line for line in lines if line.startswith("Start"))
    assert header.split() == ["Start", "End", "Min", "Kind", "Title"]
    assert re.search(r"^14:00\s+14:30\s+30\s+session\s+Welcome$", "\n".join(lines), re.M)
    assert re.search(r"^14:40\s+15:00\s+20\s+gap\s+\(unscheduled\)$", "\n".join(lines), re.M)
    assert re.match(r"^16:00\s+Close$", lines[-1])


def test_index_of(small_plan):
    assert small_plan.index_of("lunch") == 2
    with pytest.raises(KeyError):
        small_plan.index_of("nope")


def test_plan_is_immutable(small_plan):
    with pytest.raises(pydantic.ValidationError):
        small_plan.title = "changed"  # type: ignore[misc]
    with pytest.raises(pydantic.ValidationError):
        small_plan.agenda[0].start = "10:00"  # type: ignore[misc]


def test_warning_thresholds_can_be_set_and_are_sorted(tmp_path):
    plan = load_plan(write_plan(tmp_path, plan_data(warnings={"minutes": [2, 10, 2]})))
    assert plan.warnings.minutes == (10, 2)


def test_pseudonyms_load(tmp_path):
    plan = load_plan(write_plan(tmp_path, plan_data(pseudonyms={"Alex Smith": "Participant A"})))
    assert plan.pseudonyms == {"Alex Smith": "Participant A"}


def test_load_accepts_utf8_text_and_comments(tmp_path):
    text = "# a comment\n" + SMALL_PLAN.replace('title = "Welcome"', 'title = "Café — bienvenue 👋"')
    plan = load_plan(write_text_plan(tmp_path, text))
    assert plan.agenda[0].title == "Café — bienvenue 👋"


@pytest.mark.parametrize(("text", "minutes"), [("00:00", 0), ("09:30", 570), ("23:59", 1439)])
def test_parse_and_format_hhmm(text, minutes):
    assert parse_hhmm(text) == minutes
    assert format_hhmm(minutes) == text


# ---------------------------------------------------------------------------
# The bundled plans
# ---------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\b(tbd|todo|lorem|xxx+|placeholder)\b", re.IGNORECASE)


def _strings(value: object):
    """Every string inside a dumped plan (keys included)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield str(key)
            yield from _strings(inner)
    elif isinstance(value, (list, tuple)):
        for inner in value:
            yield from _strings(inner)


@pytest.fixture(scope="module")
def partnership() -> Plan:
    plans = bundled_plans()
    assert DEFAULT_PLAN == "partnership-dynamics"
    assert DEFAULT_PLAN in plans, f"no bundled plan named {DEFAULT_PLAN}; found {sorted(plans)}"
    return load_plan(plans[DEFAULT_PLAN])


def test_there_are_bundled_plans_including_a_second_shorter_day():
    plans = bundled_plans()
    assert "partnership-dynamics" in plans
    others = [load_plan(path) for name, path in plans.items() if name != "partnership-dynamics"]
    assert others, "a second bundled plan should show the format serves other days"
    main = load_plan(plans["partnership-dynamics"])
    main_length = main.close_minute - main.start_minute
    assert any(p.close_minute - p.start_minute < main_length for p in others)


@pytest.mark.parametrize("name", sorted(bundled_plans()) or ["(none found)"])
def test_bundled_plan_validates(name):
    plans = bundled_plans()
    assert name in plans, "no bundled plans found in sessions/"
    plan = load_plan(plans[name])
    assert plan.agenda


@pytest.mark.parametrize("name", sorted(bundled_plans()) or ["(none found)"])
def test_bundled_sessions_phases_add_up_to_the_slot(name):
    plan = load_plan(bundled_plans()[name])
    sessions = [(i, item) for i, item in enumerate(plan.agenda) if item.kind is Kind.SESSION]
    assert sessions
    for index, item in sessions:
        assert item.exercises, f"{name}: {item.id} has no exercise"
        for exercise in item.exercises:
            assert exercise.phases, f"{name}: {item.id} / {exercise.title} has no timed phases"
        total = sum(exercise.minutes for exercise in item.exercises)
        assert total == plan.item_minutes(index), (
            f"{name}: {item.id} phases add up to {total} min, slot is {plan.item_minutes(index)} min"
        )


@pytest.mark.parametrize("name", sorted(bundled_plans()) or ["(none found)"])
def test_bundled_sessions_carry_facilitation_content(name):
    plan = load_plan(bundled_plans()[name])
    for item in plan.agenda:
        if item.kind is not Kind.SESSION:
            continue
        assert item.purpose.strip(), f"{name}: {item.id} has no purpose"
        assert 3 <= len(item.prompts) <= 6, f"{name}: {item.id} has {len(item.prompts)} prompts"
        assert all(prompt.strip() for prompt in item.prompts)
        assert item.guidance.watch_for, f"{name}: {item.id} has no guidance.watch_for"
        assert item.guidance.debrief, f"{name}: {item.id} has no guidance.debrief"


@pytest.mark.parametrize("name", sorted(bundled_plans()) or ["(none found)"])
def test_bundled_plan_has_no_placeholder_text(name):
    path = bundled_plans()[name]
    plan = load_plan(path)
    for text in [path.read_text(encoding="utf-8"), *_strings(plan.model_dump(mode="json"))]:
        found = PLACEHOLDER.search(text)
        assert found is None, f"{name}: placeholder text {found.group(0)!r} in: {text[:120]!r}"


def test_partnership_day_times_and_kinds(partnership):
    assert partnership.start == "09:30"
    assert partnership.close == "16:45"
    assert [(item.start, item.kind.value) for item in partnership.agenda] == [
        ("09:30", "session"),
        ("11:00", "break"),
        ("11:15", "session"),
        ("12:00", "session"),
        ("12:45", "lunch"),
        ("13:30", "session"),
        ("14:15", "session"),
        ("15:00", "break"),
        ("15:15", "session"),
        ("16:00", "session"),
    ]
    lunch = partnership.agenda[4]
    assert lunch.fixed is True
    # Nothing is left unscheduled in the brochure's day.
    assert all(row[3] != "gap" for row in agenda_rows(partnership))


def test_partnership_session_titles_follow_the_brochure(partnership):
    titles = [item.title.lower() for item in partnership.agenda]
    for index, words in [
        (0, ("role",)),
        (2, ("competition", "collaboration")),
        (3, ("positions", "interests")),
        (5, ("two worlds",)),
        (6, ("boundaries",)),
        (8, ("role",)),
        (9, ("together",)),
    ]:
        for word in words:
            assert word in titles[index], f"agenda[{index}] title {titles[index]!r} lacks {word!r}"


def test_partnership_opening_role_play(partnership):
    opening = partnership.agenda[0]
    role_plays = [exercise for exercise in opening.exercises if exercise.roles]
    assert role_plays, "the opening item has no role-play exercise"
    role_play = role_plays[0]
    assert role_play.summary.strip(), "the role-play needs a scenario"
    assert len(role_play.roles) >= 4
    assert all(role.name.strip() and role.brief.strip() for role in role_play.roles)
    assert len({role.name for role in role_play.roles}) == len(role_play.roles)
    assert role_play.debrief and all(question.strip() for question in role_play.debrief)
