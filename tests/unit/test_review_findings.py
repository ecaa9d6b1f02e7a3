"""Edge cases found in review: synced copies, overnight days, clamps, squeezed phases, bad lines."""

from __future__ import annotations

import datetime as dt
import shutil

from day_helpers import at, bundled_plan, header, make_day, small_plan
from facilitator_tui.core import events as ev
from facilitator_tui.core.clock import FakeClock
from facilitator_tui.core.event_log import LogReader
from facilitator_tui.core.fold import fold
from facilitator_tui.core.status import status

PLAN = small_plan()


def test_a_synced_conflict_copy_of_a_log_does_not_apply_acts_twice(tmp_path):
    bundled, path = bundled_plan()
    clock = FakeClock(at("09:30"))
    day = make_day(tmp_path, bundled, path, clock)
    day.record(ev.Start(**day.stamp()))
    clock.set(at("11:00"))
    day.record(ev.Next(**day.stamp()))
    day.close()
    log = next(day.folder.glob("*.jsonl"))
    shutil.copy(log, day.folder / "events-x.sync-conflict-20261126.jsonl")
    again = make_day(tmp_path, bundled, path, clock)
    assert again.state.current == 1
    assert again.state.items[0].actual_end == at("11:00")
    again.close()


def test_a_day_opened_last_night_and_started_this_morning_is_dated_today(tmp_path):
    bundled, path = bundled_plan()
    clock = FakeClock(at("23:50") - dt.timedelta(days=1))
    day = make_day(tmp_path, bundled, path, clock)
    clock.set(at("09:31"))
    day.record(ev.Start(**day.stamp()))
    assert day.header.date == at("09:31").date()
    assert status(day.plan, day.state, clock.now()).drift_minutes == 1
    day.close()


def test_shortening_stops_at_zero_so_plus_helps_at_once():
    events = [header(PLAN), ev.Start(at=at("09:00"))]
    events += [ev.Extend(at=at("09:01"), item_id="open", minutes=-1) for _ in range(40)]
    events += [ev.Extend(at=at("09:02"), item_id="open", minutes=1)]
    assert status(PLAN, fold(PLAN, events), at("09:02")).allotted == 60


def test_next_phase_moves_on_from_the_phase_shown_on_a_squeezed_item():
    # Opening (phases 5/15/10) shortened to 15 min: phases become 2.5/7.5/5.
    events = [header(PLAN), ev.Start(at=at("09:00")), ev.Extend(at=at("09:00"), item_id="open", minutes=-15)]
    shown = status(PLAN, fold(PLAN, events), at("09:04")).phase
    assert shown.index == 1
    moved = status(PLAN, fold(PLAN, [*events, ev.NextPhase(at=at("09:04"))]), at("09:04", 1)).phase
    assert moved.index == 2


def test_accepting_the_later_close_reads_on_time_with_a_trailing_gap():
    """A trailing gap is slack: 20 minutes late with 15 unscheduled before the close is 5 behind."""
    data = PLAN.model_dump(mode="json", exclude_none=True)
    data["agenda"][-1]["minutes"] = 25  # last item 10:20-10:45, then 15 min unscheduled to 11:00
    gapped = type(PLAN).model_validate(data)
    events = [header(gapped), ev.Start(at=at("09:20"))]
    before = status(gapped, fold(gapped, events), at("09:21"))
    assert before.drift_minutes == 5
    assert before.projected_close == at("11:05")
    accepted = [*events, ev.AcceptClose(at=at("09:21"), close=before.projected_close)]
    assert status(gapped, fold(gapped, accepted), at("09:21")).drift_minutes == 0


def test_a_line_with_a_naive_timestamp_is_skipped_not_a_crash(tmp_path):
    folder = tmp_path / "day"
    folder.mkdir()
    good = ev.Start(at=at("09:00")).model_dump_json()
    (folder / "events-a.jsonl").write_text(good + "\n")
    (folder / "events-b.jsonl").write_text('{"type": "pause", "at": "2026-11-26T09:05:00"}\n')
    reader = LogReader(folder)
    assert [e.type for e in reader.read_new()] == ["start"]
    assert len(reader.warnings) == 1
