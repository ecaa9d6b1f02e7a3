"""A clock set back (by hand, by NTP, by a dead laptop battery): the log's order stands, and no time in it goes backwards."""

from __future__ import annotations

import datetime as dt

from day_helpers import at, make_day, small_plan
from facilitator_tui.core import acts
from facilitator_tui.core import events as ev
from facilitator_tui.core.clock import FakeClock
from facilitator_tui.core.event_log import LogReader
from facilitator_tui.core.events import event_to_line
from facilitator_tui.export.record import day_record

PLAN = small_plan()


def test_an_act_after_the_clock_went_back_takes_the_logs_last_time(tmp_path):
    clock = FakeClock(at("09:00"))
    day = make_day(tmp_path / "data", PLAN, tmp_path / "small.toml", clock)
    try:
        day.do(acts.Start())
        clock.set(at("09:50"))  # jumped forward 50 minutes
        day.do(acts.SaveNote("open", "after the jump"))
        clock.set(at("09:40"))  # and back 10
        day.do(acts.SaveNote("open", "after going back"))
        times = [event.at for event in day.events]
        assert times == sorted(times) and times[-1] == at("09:50")
        # Another window reads the same log in the same order, with the same times.
        reader = LogReader(day.folder)
        assert [(e.id, e.at) for e in reader.read_new()] == [(e.id, e.at) for e in day.events]
        assert day.state.notes.notes_for("open", "tester").text == "after going back"
    finally:
        day.close()


def test_a_log_whose_times_go_back_is_read_in_its_own_order_with_times_made_equal(tmp_path):
    folder = tmp_path / "day"
    folder.mkdir()
    header = ev.DayCreated(at=at("08:00"), day_id="d", date=dt.date(2026, 11, 26), plan_name="small.toml", plan=PLAN.model_dump(mode="json", exclude_none=True))
    lines = [
        header,
        ev.Start(at=at("09:00")),
        ev.Next(at=at("09:31")),
        ev.NoteSaved(at=at("09:21"), item_id="tea", text="typed after the clock went back"),  # ten minutes "earlier"
        ev.Next(at=at("09:40")),
    ]
    (folder / "events-a.jsonl").write_bytes(b"".join(event_to_line(e) for e in lines))
    read = LogReader(folder).read_new()
    assert [e.type for e in read] == ["day_created", "start", "next", "note_saved", "next"]
    assert [e.at for e in read][2:] == [at("09:31"), at("09:31"), at("09:40")]
    # The tea break ran 09:31 to 09:40 (no negative or shortened span), and the export says so.
    record = day_record(PLAN, read, at("09:45"))
    tea = next(item for item in record.items if item.id == "tea")
    assert (tea.actual_start, tea.actual_end) == (at("09:31"), at("09:40"))
    assert tea.actual_seconds == 9 * 60


def test_an_export_at_an_instant_before_the_last_event_reports_at_the_last_event(tmp_path):
    clock = FakeClock(at("09:00"))
    day = make_day(tmp_path / "data", PLAN, tmp_path / "small.toml", clock)
    try:
        day.do(acts.Start())
        clock.set(at("09:50"))
        day.do(acts.SaveNote("open", "late note"))
        record = day_record(PLAN, day.events, at("09:40"))  # the clock is back at 09:40
        opening = record.items[0]
        assert opening.actual_seconds == 50 * 60, "measured to the report's instant, never cut short by the clock going back"
    finally:
        day.close()
