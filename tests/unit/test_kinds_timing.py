"""Arrival and social items in the timing engine: neither makes the day late."""

from __future__ import annotations

import datetime as dt

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from day_helpers import at, header
from facilitator_tui.core import events as ev
from facilitator_tui.core.fold import fold
from facilitator_tui.core.plan import Plan
from facilitator_tui.core.replan import propose
from facilitator_tui.core.status import status

PLAN = Plan.model_validate(
    {
        "title": "Community health partnership",
        "start": "08:30",
        "close": "12:00",
        "agenda": [
            {"id": "coffee", "title": "Registration and coffee", "kind": "arrival", "start": "08:30"},
            {"id": "open", "title": "Opening round", "start": "09:00", "min_minutes": 30},
            {"id": "work", "title": "Working groups", "start": "10:00", "min_minutes": 45},
            {"id": "drinks", "title": "Networking lunch", "kind": "social", "start": "11:30", "minutes": 90},
        ],
    }
)


def at_(*events, now):
    return status(PLAN, fold(PLAN, [header(PLAN), *events]), at(now))


def test_registration_running_on_does_not_make_the_day_late():
    """Doors opened at 08:30 and people are still arriving at 08:58: the opening is still due at 09:00."""
    s = at_(ev.Start(at=at("08:30")), now="08:58")
    assert s.items[1].projected_start == at("09:00")
    assert s.drift_minutes == 0


def test_starting_the_day_late_during_arrival_is_not_lateness():
    s = at_(ev.Start(at=at("08:50")), now="08:51")
    assert s.items[1].projected_start == at("09:00") and s.drift_minutes == 0


def test_an_arrival_running_past_the_first_session_does_delay_it():
    s = at_(ev.Start(at=at("08:30")), now="09:10")
    assert s.items[1].projected_start == at("09:10")
    assert s.drift_minutes == 10


def test_a_social_running_past_the_close_does_not_count_against_it():
    events = [ev.Start(at=at("08:30")), ev.Next(at=at("09:00")), ev.Next(at=at("10:00")), ev.Next(at=at("11:30"))]
    s = at_(*events, now="12:45")
    assert s.current == 3
    assert s.projected_close == at("12:00") and s.drift_minutes == 0


def test_sessions_that_overrun_still_make_the_day_late_with_a_social_after_them():
    events = [ev.Start(at=at("08:30")), ev.Next(at=at("09:00")), ev.Next(at=at("10:00"))]
    s = at_(*events, now="11:40")  # the working groups are 10 minutes over
    assert s.projected_close == at("12:10") and s.drift_minutes == 10


def test_a_re_plan_squeezes_the_sessions_not_the_social():
    events = [ev.Start(at=at("08:30")), ev.Next(at=at("09:20"))]
    state = fold(PLAN, [header(PLAN), *events])
    proposal = propose(PLAN, state, at("09:21"))
    assert proposal.changes and proposal.feasible
    assert "drinks" not in proposal.minutes and "drinks" not in proposal.dropped


IDS = [item.id for item in PLAN.agenda]


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=0, max_value=60),
    st.lists(st.tuples(st.sampled_from(["next", "extend", "pause", "resume"]), st.integers(0, 1800), st.sampled_from(IDS)), max_size=8),
    st.integers(min_value=0, max_value=1800),
)
def test_a_feasible_re_plan_closes_on_time_with_arrival_and_social(late, acts, later):
    when = at("08:30") + dt.timedelta(minutes=late)
    events = [ev.Start(at=when)]
    for act, gap, target in acts:
        when += dt.timedelta(seconds=gap)
        if act == "extend":
            events.append(ev.Extend(at=when, item_id=target, minutes=5))
        else:
            events.append({"next": ev.Next, "pause": ev.Pause, "resume": ev.Resume}[act](at=when))
    now = when + dt.timedelta(seconds=later)
    state = fold(PLAN, [header(PLAN), *events])
    proposal = propose(PLAN, state, now)
    assume(proposal.feasible and proposal.changes)
    after = status(PLAN, fold(PLAN, [header(PLAN), *events, ev.Replan(at=now, minutes=proposal.minutes, dropped=proposal.dropped)]), now)
    assert after.projected_close == proposal.new_close
    assert after.projected_close <= after.target_close + dt.timedelta(seconds=59)


AFTERNOON = Plan.model_validate(
    {
        "title": "Afternoon",
        "start": "14:00",
        "close": "16:45",
        "agenda": [
            {"id": "work", "title": "Working groups", "start": "14:00"},
            {"id": "circle", "title": "Closing circle", "start": "15:30", "minutes": 15},
            {"id": "net", "title": "Networking", "kind": "social", "start": "16:00"},
        ],
    }
)
"""Found by the end-to-end rehearsal: a gap before a social that ends the day."""


def afternoon(*events, now):
    return status(AFTERNOON, fold(AFTERNOON, [header(AFTERNOON), *events]), at(now))


def test_a_gap_before_a_closing_social_absorbs_an_overrun():
    s = afternoon(ev.Start(at=at("14:00")), ev.Next(at=at("15:30")), now="15:47")
    assert s.items[2].projected_start == at("16:00")
    assert s.projected_close == at("16:45") and s.drift_minutes == 0


def test_early_is_not_carried_past_a_gap_before_a_closing_social():
    s = afternoon(ev.Start(at=at("14:00")), ev.Next(at=at("15:27")), now="15:28")
    assert s.projected_close == at("16:45") and s.drift_minutes == 0


def test_waiting_in_the_gap_before_a_closing_social_is_on_time():
    s = afternoon(ev.Start(at=at("14:00")), ev.Next(at=at("15:30")), ev.Next(at=at("15:46"), to_gap=True), now="15:47")
    assert s.projected_close == at("16:45") and s.drift_minutes == 0


def test_lateness_beyond_the_gap_moves_the_close_with_the_social():
    s = afternoon(ev.Start(at=at("14:00")), ev.Next(at=at("15:30")), now="16:05")
    assert s.items[2].projected_start == at("16:05")
    assert s.projected_close == at("16:50") and s.drift_minutes == 5
