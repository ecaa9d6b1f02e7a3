"""One clock per day: a laptop sharing a synced day folder cannot run the clock another laptop runs,
unless it takes the clock over (recorded), and then the timer carries on from the log without a jump."""

from __future__ import annotations

import socket

import pytest

from day_helpers import at, small_plan
from device_logs import DAY, day_events, write
from facilitator_tui.core import acts
from facilitator_tui.core import events as ev
from facilitator_tui.core.clock import FakeClock
from facilitator_tui.core.days import _SAFE
from facilitator_tui.core.opening import ClockElsewhere, DayRequest, open_requested_day
from facilitator_tui.core.status import status

PLAN = small_plan()


def be(data, device: str) -> None:
    """Make this machine the device `device` in `data` (its id is kept per host name)."""
    host = _SAFE.sub("-", socket.gethostname()).strip("-")[:24] or "device"
    (data / "devices").mkdir(parents=True, exist_ok=True)
    (data / "devices" / host).write_text(device + "\n")


@pytest.fixture
def data(tmp_path):
    """Laptop A ran the clock (start 09:00, pause 09:10–09:12, next 09:31); laptop B wrote notes."""
    folder = tmp_path / "data" / "days" / DAY
    for device, events in day_events().items():
        write(folder, device, events)
    be(tmp_path / "data", "laptop-b")
    return tmp_path / "data"


def request(data, **options) -> DayRequest:
    return DayRequest(data=data, day_id=DAY, **options)


def test_a_laptop_cannot_run_a_clock_another_laptop_runs(data):
    clock = FakeClock(at("09:40"))
    with pytest.raises(ClockElsewhere) as refused:
        open_requested_day(request(data), clock=clock)
    words = str(refused.value)
    assert "run by laptop-a (it last wrote at 09:31 on 26 Nov)" in words
    assert f"run --day {DAY} --join" in words and "--read-only" in words and f"run --day {DAY} --take-over" in words
    assert sorted(p.name for p in (data / "days" / DAY).iterdir()) == ["events-laptop-a.jsonl", "events-laptop-b.jsonl"]


def test_reading_it_is_fine(data):
    day = open_requested_day(request(data, read_only=True), clock=FakeClock(at("09:40")))
    assert day.state.clock_device == "laptop-a"
    day.close()


def test_taking_the_clock_over_is_recorded_and_the_timer_carries_on(data):
    clock = FakeClock(at("09:40"))
    reader = open_requested_day(request(data, read_only=True), clock=clock)
    before = status(reader.plan, reader.state, clock.now())
    reader.close()
    day = open_requested_day(request(data, take_over=True), clock=clock)
    try:
        assert day.state.clock_device == "laptop-b"
        taken = [e for e in day.events if e.type == "clock_taken"]
        assert len(taken) == 1 and taken[0].device == "laptop-b"
        after = status(day.plan, day.state, clock.now())
        assert (after.current, after.elapsed, after.remaining) == (before.current, before.elapsed, before.remaining), "no jump"
        clock.set(at("09:45"))
        assert day.do(acts.Next()).done, "this laptop now runs the clock"
    finally:
        day.close()
    # Laptop B runs it now: it opens without a word; laptop A is the one refused.
    open_requested_day(request(data), clock=clock).close()
    be(data, "laptop-a")
    with pytest.raises(ClockElsewhere, match="run by laptop-b"):
        open_requested_day(request(data), clock=clock)


def test_taking_over_a_clock_this_laptop_runs_changes_nothing(data):
    clock = FakeClock(at("09:40"))
    be(data, "laptop-a")
    day = open_requested_day(request(data, take_over=True), clock=clock)
    try:
        assert [e.type for e in day.events].count("clock_taken") == 0
        assert not day.do(acts.TakeClock("laptop-a")).changed
    finally:
        day.close()


def test_a_joined_laptop_writes_its_own_notes_and_never_the_clock(data):
    clock = FakeClock(at("09:40"))
    day = open_requested_day(request(data, join=True, author="Bea"), clock=clock)
    try:
        assert day.joined and day.state.clock_device == "laptop-a"
        for act in (acts.Toggle(), acts.Next(), acts.Extend(5), acts.Undo(), acts.BlankRoom(True), acts.MessageRoom("hi")):
            outcome = day.do(act)
            assert not outcome.done and "The clock is run by laptop-a" in outcome.message, act
        assert day.do(acts.SaveNote("tea", "Bea's view of the break")).done
        assert day.do(acts.Capture("action", "tea", "Book the room", owner="Sam")).done
        logs = sorted(p.name for p in (data / "days" / DAY).iterdir())
        assert logs == ["events-laptop-a.jsonl", "events-laptop-b.jsonl"], "B writes only its own log"
        tea = [(n.author, n.text) for n in day.state.notes.notes_of("tea")]
        assert tea == [("author-laptop-b", "B's tea note"), ("Bea", "Bea's view of the break")], "both facilitators' notes"
    finally:
        day.close()
    # Laptop A's next act reaches B's window: B follows it.
    write(data / "days" / DAY, "laptop-a", [ev.Next(at=at("09:50"), author="author-laptop-a", device="laptop-a")])
    day = open_requested_day(request(data, join=True, author="Bea"), clock=FakeClock(at("09:51")))
    try:
        assert day.state.current == 2
    finally:
        day.close()


def test_both_facilitators_notes_reach_the_export_each_with_its_author(data):
    from facilitator_tui.export.record import day_record

    clock = FakeClock(at("09:40"))
    day = open_requested_day(request(data, join=True, author="Bea"), clock=clock)
    day.do(acts.SaveNote("open", "Bea: the chair deferred twice"))
    day.close()
    reader = open_requested_day(request(data, read_only=True), clock=clock)
    record = day_record(reader.plan, reader.events, clock.now())
    reader.close()
    notes = [(n.author, n.text) for n in record.items[0].notes if n.kind == "note"]
    assert notes == [("author-laptop-b", "B's first note"), ("Bea", "Bea: the chair deferred twice")]
