"""The arrival and social kinds: arrival comes first; only a social item may run past or start after the close."""

from __future__ import annotations

import pytest

from facilitator_tui.core.plan import Kind, Plan
from facilitator_tui.core.plan_loader import Problem, parse_plan
from plan_helpers import dump, item_data, plan_data, problems_in

NAME = "day.toml"


def load(data: dict) -> Plan:
    return parse_plan(dump(data), NAME)


def only(problems: list[Problem], where: str) -> Problem:
    assert len(problems) == 1 and problems[0].where == where, "\n".join(map(str, problems))
    assert problems[0].file == NAME
    return problems[0]


def test_kind_has_the_five_kinds_in_day_order():
    assert [kind.value for kind in Kind] == ["arrival", "session", "break", "lunch", "social"]
    for kind in Kind:
        assert f"`{kind.value}`" in (Kind.__doc__ or ""), f"the Kind docstring does not explain {kind.value}"


def test_a_day_with_arrival_and_an_evening_social_loads():
    data = plan_data(
        start="08:30",
        close="17:00",
        agenda=[
            item_data("registration", "08:30", kind="arrival"),
            item_data("coffee", "08:45", kind="arrival"),
            item_data("open", "09:00"),
            item_data("lunch", "12:00", kind="lunch"),
            item_data("close-out", "13:00", minutes=240),  # ends at the close; drinks follow after it
            item_data("drinks", "17:30", kind="social", minutes=90),
        ],
    )
    plan = load(data)
    assert [item.kind for item in plan.agenda] == [
        Kind.ARRIVAL, Kind.ARRIVAL, Kind.SESSION, Kind.LUNCH, Kind.SESSION, Kind.SOCIAL,
    ]  # fmt: skip
    assert plan.item_minutes(0) == 15
    assert plan.item_end_minute(4) == plan.close_minute
    assert plan.item_minutes(5) == 90


# ---------------------------------------------------------------------------
# arrival
# ---------------------------------------------------------------------------


def test_an_agenda_of_only_arrival_is_allowed():
    plan = load(plan_data(agenda=[item_data("a", "09:00", kind="arrival")]))
    assert plan.agenda[0].kind is Kind.ARRIVAL


@pytest.mark.parametrize("before", ["session", "break", "lunch", "social"])
def test_arrival_after_any_other_kind_is_refused_naming_that_item(before):
    data = plan_data(
        agenda=[
            item_data("first", "09:00", kind="arrival"),
            item_data("other", "09:15", kind=before),
            item_data("late", "09:30", kind="arrival"),
            item_data("work", "10:00"),
        ]
    )
    problem = only(problems_in(data, NAME), "agenda[2].kind")
    assert problem.message.startswith(f'is "arrival" but comes after agenda[1] "Item other" ({before}); ')
    assert "move it to the start of the agenda" in problem.message


def test_every_misplaced_arrival_item_is_reported():
    data = plan_data(
        agenda=[item_data("a", "09:00"), item_data("b", "09:30", kind="arrival"), item_data("c", "10:00", kind="arrival")]
    )
    problems = problems_in(data, NAME)
    assert [p.where for p in problems] == ["agenda[1].kind", "agenda[2].kind"]
    assert all('after agenda[0] "Item a"' in p.message for p in problems)


def test_arrival_keeps_the_rule_about_the_days_start():
    data = plan_data(start="09:00", agenda=[item_data("coffee", "08:30", kind="arrival"), item_data("a", "09:00")])
    problem = only(problems_in(data, NAME), "agenda[0].start")
    assert problem.message == "starts at 08:30, before the day's start at 09:00: move the start earlier or the item later"


# ---------------------------------------------------------------------------
# social
# ---------------------------------------------------------------------------


def test_a_social_may_run_past_the_close():
    data = plan_data(close="17:00", agenda=[item_data("a", "09:00"), item_data("drinks", "16:30", kind="social", minutes=90)])
    plan = load(data)
    assert plan.item_end_minute(1) == 18 * 60


@pytest.mark.parametrize("start", ["17:00", "19:00"])
def test_a_social_may_start_at_or_after_the_close(start):
    data = plan_data(close="17:00", agenda=[item_data("a", "09:00", minutes=480), item_data("dinner", start, kind="social", minutes=120)])
    plan = load(data)
    assert plan.agenda[1].start == start
    assert plan.item_minutes(1) == 120


def test_several_socials_after_the_close():
    data = plan_data(
        close="17:00",
        agenda=[
            item_data("a", "09:00", minutes=480),
            item_data("drinks", "17:30", kind="social"),
            item_data("dinner", "19:00", kind="social", minutes=120),
        ],
    )
    plan = load(data)
    assert [plan.item_minutes(i) for i in (1, 2)] == [90, 120]


def test_a_social_starting_after_the_close_needs_minutes_when_it_is_last():
    data = plan_data(close="17:00", agenda=[item_data("a", "09:00", minutes=480), item_data("drinks", "17:30", kind="social")])
    problem = only(problems_in(data, NAME), "agenda[1].minutes")
    assert problem.message.startswith("is needed: the last item starts at 17:30, at or after the day's close at 17:00")


def test_a_social_before_the_close_without_minutes_runs_to_the_close():
    plan = load(plan_data(close="17:00", agenda=[item_data("a", "09:00"), item_data("drinks", "16:00", kind="social")]))
    assert plan.item_minutes(1) == 60


@pytest.mark.parametrize("kind", ["arrival", "session", "break", "lunch"])
def test_only_a_social_may_start_after_the_close(kind):
    agenda = [item_data("a", "09:00", minutes=480), item_data("late", "17:30", kind=kind, minutes=30)]
    if kind == "arrival":
        agenda = [item_data("late", "17:30", kind=kind, minutes=30)]
    problems = problems_in(plan_data(close="17:00", agenda=agenda), NAME)
    where = f"agenda[{len(agenda) - 1}].start"
    problem = only(problems, where)
    assert problem.message == "starts at 17:30, after the day's close at 17:00: move the close later or make it a social item"


def test_a_session_after_a_social_past_the_close_is_refused():
    data = plan_data(
        close="17:00",
        agenda=[item_data("a", "09:00", minutes=480), item_data("drinks", "17:00", kind="social"), item_data("late", "18:00")],
    )
    problem = only(problems_in(data, NAME), "agenda[2].start")
    assert "after the day's close at 17:00" in problem.message


@pytest.mark.parametrize("kind", ["session", "break", "lunch"])
def test_only_a_social_may_run_past_the_close(kind):
    data = plan_data(close="17:00", agenda=[item_data("a", "09:00"), item_data("last", "16:00", kind=kind, minutes=90)])
    problem = only(problems_in(data, NAME), "agenda[1].minutes")
    assert "ends at 17:30, overlapping the day's close at 17:00" in problem.message
    assert "at most 60" in problem.message


def test_a_session_with_minutes_may_not_run_past_the_close_into_an_evening_social():
    data = plan_data(
        close="17:00", agenda=[item_data("a", "09:00"), item_data("b", "16:00", minutes=90), item_data("s", "18:00", kind="social", minutes=60)]
    )
    problem = only(problems_in(data, NAME), "agenda[1].minutes")
    assert "overlapping the day's close at 17:00" in problem.message


def test_a_session_without_minutes_before_an_evening_social_is_told_to_set_them():
    data = plan_data(close="17:00", agenda=[item_data("a", "09:00"), item_data("b", "16:00"), item_data("s", "18:00", kind="social", minutes=60)])
    problem = only(problems_in(data, NAME), "agenda[1].minutes")
    assert problem.message.startswith('is not set, so the item runs until agenda[2] "Item s" at 18:00, past the day\'s close at 17:00; ')
    assert "set minutes = 60 or less" in problem.message


def test_a_social_still_may_not_overlap_the_next_item():
    data = plan_data(
        close="17:00",
        agenda=[item_data("a", "09:00", minutes=480), item_data("s", "17:00", kind="social", minutes=90), item_data("t", "18:00", kind="social", minutes=60)],
    )
    problem = only(problems_in(data, NAME), "agenda[1].minutes")
    assert 'overlapping agenda[2] "Item t" at 18:00' in problem.message


def test_a_social_may_not_run_past_midnight():
    data = plan_data(close="22:00", agenda=[item_data("a", "09:00", minutes=600), item_data("s", "23:00", kind="social", minutes=90)])
    problem = only(problems_in(data, NAME), "agenda[1].minutes")
    assert "past midnight" in problem.message


def test_social_phases_are_measured_against_its_minutes_after_the_close():
    phases = [{"name": "Mingle", "minutes": 50}, {"name": "Toast", "minutes": 20}]
    data = plan_data(
        close="17:00",
        agenda=[item_data("a", "09:00", minutes=480), item_data("s", "17:30", kind="social", minutes=60, exercises=[{"title": "E", "phases": phases}])],
    )
    problem = only(problems_in(data, NAME), "agenda[1].exercises[0].phases[1].minutes")
    assert "70 min" in problem.message and "60 min" in problem.message
