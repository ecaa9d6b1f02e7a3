"""The day keeps its own time zone: the laptop's zone, or a change of it, never moves the plan's times."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from day_helpers import make_day, small_plan
from facilitator_tui.core import acts
from facilitator_tui.core.clock import FakeClock
from facilitator_tui.core.day_zone import local_zone_name, zone_named
from facilitator_tui.core.days import open_day
from facilitator_tui.core.plan import Plan
from facilitator_tui.core.plan_loader import PlanError, parse_plan
from facilitator_tui.core.status import status

LONDON = ZoneInfo("Europe/London")
TOKYO = ZoneInfo("Asia/Tokyo")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def london_plan() -> Plan:
    return small_plan().model_copy(update={"timezone": "Europe/London"})


def test_the_same_instant_projects_the_same_under_any_laptop_zone(tmp_path):
    start = dt.datetime(2026, 11, 26, 9, 5, tzinfo=LONDON)
    clock = FakeClock(start)
    day = make_day(tmp_path / "data", london_plan(), tmp_path / "small.toml", clock)
    try:
        day.do(acts.Start())
        assert day.header.timezone == "Europe/London"
        later = start + dt.timedelta(minutes=40)
        seen = []
        for zone in (LONDON, TOKYO, LOS_ANGELES, dt.UTC):
            now = later.astimezone(zone)
            current = status(day.plan, day.state, now)
            seen.append((current.projected_close, current.remaining, [t.projected_start for t in current.items]))
            assert current.now.utcoffset() == dt.timedelta(0), "shown on the day's own clock face (London, GMT in November)"
        assert all(row == seen[0] for row in seen)
    finally:
        day.close()


def test_planned_times_follow_daylight_saving_on_the_days_date():
    plan = london_plan()
    from facilitator_tui.core import events as ev
    from facilitator_tui.core.fold import new_state

    for date, offset in ((dt.date(2026, 3, 28), 0), (dt.date(2026, 3, 29), 1)):  # the clocks go forward on the 29th
        state = new_state(plan)
        state.header = ev.DayCreated(at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), day_id="d", date=date, plan_name="p.toml", plan={}, timezone="Europe/London")
        current = status(plan, state, dt.datetime.combine(date, dt.time(7), tzinfo=dt.UTC))
        assert current.items[0].planned_start.utcoffset() == dt.timedelta(hours=offset)
        assert current.items[0].planned_start.hour == 9


def test_a_change_of_the_laptops_zone_resumes_the_same_day(tmp_path, monkeypatch):
    plan = small_plan()
    monkeypatch.setenv("TZ", "Europe/London")
    clock = FakeClock(dt.datetime(2026, 11, 26, 23, 30, tzinfo=LONDON))
    day = make_day(tmp_path / "data", plan, tmp_path / "small.toml", clock)
    day.do(acts.Start(confirmed=True))
    day_id = day.day_id
    day.close()
    # The laptop now says Tokyo, where it is already the 27th: still the same day.
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    again = open_day(tmp_path / "data", plan, tmp_path / "small.toml", clock=FakeClock(clock.now().astimezone(TOKYO)), author="tester")
    try:
        assert again.day_id == day_id and again.state.started
    finally:
        again.close()


def test_a_plan_may_name_its_zone_and_a_wrong_one_is_refused():
    text = 'title = "T"\nstart = "09:00"\nclose = "10:00"\ntimezone = "{zone}"\n[[agenda]]\nid = "a"\ntitle = "A"\nstart = "09:00"\n'
    assert parse_plan(text.format(zone="Europe/London"), "t.toml").timezone == "Europe/London"
    with pytest.raises(PlanError) as raised:
        parse_plan(text.format(zone="Europe/Londn"), "t.toml")
    (problem,) = raised.value.problems
    assert problem.where == "timezone" and "Europe/London" in problem.message


def test_the_laptops_zone_is_named_or_else_an_offset(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert local_zone_name(dt.datetime.now(TOKYO)) == "Asia/Tokyo"
    assert local_zone_name(dt.datetime(2026, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30)))) == "+05:30", "a clock in another zone wins"
    assert zone_named("+05:30").utcoffset(None) == dt.timedelta(hours=5, minutes=30)
    assert zone_named("-08:00").utcoffset(None) == dt.timedelta(hours=-8)
    assert zone_named("Nowhere/Else") is None


@pytest.fixture
def laptop_zone(monkeypatch):
    """Set the laptop's zone (TZ) for this process, and put it back afterwards."""
    import time

    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


def test_export_at_a_clock_time_reads_it_on_the_days_clock_face(tmp_path, laptop_zone, capsys):
    """`export --at 09:45` is 09:45 in the day's zone (London), whatever zone the laptop exporting it is in."""
    import json

    from facilitator_tui.cli import main

    start = dt.datetime(2026, 11, 26, 9, 5, tzinfo=LONDON)
    day = make_day(tmp_path / "data", london_plan(), tmp_path / "small.toml", FakeClock(start))
    day.do(acts.Start())
    day_id = day.day_id
    day.close()
    exports = {}
    for zone in ("UTC", "Asia/Tokyo", "America/Los_Angeles"):
        laptop_zone(zone)
        argv = ["export", "--data-dir", str(tmp_path / "data"), "--day", day_id, "--at", "09:45", "--format", "json"]
        assert main(argv) == 0
        exports[zone] = capsys.readouterr().out
    assert exports["Asia/Tokyo"] == exports["UTC"] == exports["America/Los_Angeles"]
    assert json.loads(exports["UTC"])["items"][0]["actual_minutes"] == 40
