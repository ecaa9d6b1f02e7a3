"""The ways a time may be written: "HH:MM", "H:MM" and TOML local times, all kept as "HH:MM"."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from facilitator_tui.core.plan import Item, Plan, format_hhmm, parse_hhmm
from facilitator_tui.core.plan_loader import PlanError, parse_plan, plan_to_toml
from plan_helpers import dump, item_data, plan_data

TEXT = """\
title = "Times written every way"
start = {start}
close = {close}

[[agenda]]
id = "a"
title = "A"
start = {first}

[[agenda]]
id = "b"
title = "B"
start = {second}
"""


def load(**times: str) -> Plan:
    values = {"start": '"09:00"', "close": '"17:00"', "first": '"09:00"', "second": '"13:00"', **times}
    return parse_plan(TEXT.format(**values), "times.toml")


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ('"9:30"', "09:30"),  # one-digit hour
        ('"09:30"', "09:30"),
        ("09:30:00", "09:30"),  # a TOML local time
        ("00:05:00", "00:05"),
        ('"0:05"', "00:05"),
    ],
)
def test_item_start_written_any_accepted_way_is_kept_as_hh_mm(written, kept):
    plan = load(start='"00:00"', first=written)
    assert plan.agenda[0].start == kept
    assert plan.agenda[0].start_minute == parse_hhmm(kept)


def test_day_start_and_close_as_toml_local_times_and_one_digit_hours():
    plan = load(start="08:30:00", close='"17:45"', first='"8:30"')
    assert (plan.start, plan.close) == ("08:30", "17:45")
    assert (plan.start_minute, plan.close_minute) == (8 * 60 + 30, 17 * 60 + 45)
    assert plan.agenda[0].start == "08:30"
    plan = load(close="17:45:00", first='"9:00"', start='"9:00"')
    assert (plan.start, plan.close, plan.agenda[0].start) == ("09:00", "17:45", "09:00")


def test_derived_timings_work_on_normalised_times():
    plan = load(first="09:15:00", second='"13:00"')
    assert plan.item_minutes(0) == 13 * 60 - (9 * 60 + 15)
    assert format_hhmm(plan.item_end_minute(1)) == "17:00"


def test_models_built_in_python_normalise_too():
    item = Item(id="a", title="A", start=dt.time(9, 5))  # type: ignore[arg-type]
    assert item.start == "09:05"
    assert Item(id="a", title="A", start="7:05").start == "07:05"


def test_a_time_zone_is_refused():
    with pytest.raises(ValueError, match="time zone"):
        Item(id="a", title="A", start=dt.time(9, 0, tzinfo=dt.UTC))  # type: ignore[arg-type]


def test_normalised_times_are_saved_as_quoted_hh_mm():
    plan = load(start="09:00:00", first='"9:00"', second="13:00:00")
    text = plan_to_toml(plan)
    assert 'start = "09:00"' in text and 'start = "13:00"' in text
    assert parse_plan(text, "saved.toml") == plan


@pytest.mark.parametrize(("text", "minutes"), [("9:30", 570), ("0:00", 0), ("23:59", 1439)])
def test_parse_hhmm_takes_one_digit_hours(text, minutes):
    assert parse_hhmm(text) == minutes


@given(st.times())
def test_any_toml_local_time_is_kept_on_the_minute_or_refused_saying_whole_minutes(time):
    assume(time.hour * 60 + time.minute < 23 * 60 + 59)  # the item must start before the close to be valid
    data = plan_data(start="00:00", agenda=[item_data("a", time)], close="23:59")
    try:
        plan = parse_plan(dump(data), "t.toml")
    except PlanError as error:
        assert time.second or time.microsecond
        (problem,) = error.problems
        assert problem.where == "agenda[0].start"
        assert "whole minutes" in problem.message
    else:
        assert not (time.second or time.microsecond)
        assert plan.agenda[0].start == f"{time.hour:02d}:{time.minute:02d}"


@given(st.integers(min_value=0, max_value=9), st.integers(min_value=0, max_value=59))
def test_one_and_two_digit_hours_mean_the_same_time(hour, minute):
    short = Item(id="a", title="A", start=f"{hour}:{minute:02d}")
    long = Item(id="a", title="A", start=f"{hour:02d}:{minute:02d}")
    assert short == long
    assert short.start_minute == hour * 60 + minute
