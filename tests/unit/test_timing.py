"""The timing engine: fold + status on a fake timeline, act by act."""

from __future__ import annotations

import datetime as dt

import pytest

from day_helpers import at, header, small_plan
from facilitator_tui.core import events as ev
from facilitator_tui.core.fold import fold
from facilitator_tui.core.status import ItemMark, Mode, crossed_warning, format_clock, status, warning_level

PLAN = small_plan()


def run(events, now):
    """Status at `now` after `events` (with the day header first)."""
    return status(PLAN, fold(PLAN, [header(PLAN), *events]), now)


def test_before_start_counts_down_to_the_planned_start():
    s = run([], at("08:50"))
    assert s.mode is Mode.BEFORE
    assert s.until_start == 600
    assert s.current is None
    assert s.projected_close == at("11:00")


def test_nothing_starts_by_itself_and_lateness_is_reported():
    s = run([], at("09:07"))
    assert s.mode is Mode.BEFORE
    assert s.until_start == -420
    # Starting now would push the whole day 7 minutes late.
    assert s.drift_minutes == 7


def test_start_runs_the_first_item_from_the_clock():
    s = run([ev.Start(at=at("09:02"))], at("09:12", 30))
    assert s.mode is Mode.RUNNING
    assert s.current == 0
    assert s.elapsed == 630
    assert s.remaining == 30 * 60 - 630
    assert s.items[0].actual_start == at("09:02")
    assert s.drift_minutes == 2
    assert s.projected_close == at("11:02")


def test_pause_stops_the_item_clock_and_resume_continues():
    events = [ev.Start(at=at("09:00")), ev.Pause(at=at("09:05"))]
    paused = run(events, at("09:20"))
    assert paused.mode is Mode.PAUSED
    assert paused.elapsed == 300
    resumed = run([*events, ev.Resume(at=at("09:20"))], at("09:21"))
    assert resumed.mode is Mode.RUNNING
    assert resumed.elapsed == 360
    # The 15-minute pause pushes the close back by 15 minutes.
    assert resumed.drift_minutes == 15


def test_space_style_start_while_paused_resumes():
    s = run([ev.Start(at=at("09:00")), ev.Pause(at=at("09:05")), ev.Start(at=at("09:06"))], at("09:07"))
    assert s.mode is Mode.RUNNING
    assert s.elapsed == 360


def test_extend_and_shorten_change_the_length():
    events = [
        ev.Start(at=at("09:00")),
        ev.Extend(at=at("09:01"), item_id="open", minutes=5),
        ev.Extend(at=at("09:02"), item_id="open", minutes=-1),
    ]
    s = run(events, at("09:10"))
    assert s.allotted == 34 * 60
    assert s.remaining == 24 * 60
    assert s.drift_minutes == 4


def test_next_ends_the_item_and_starts_the_next():
    s = run([ev.Start(at=at("09:00")), ev.Next(at=at("09:33"))], at("09:35"))
    assert s.current == 1
    assert s.items[0].mark is ItemMark.DONE
    assert s.items[0].actual_end == at("09:33")
    assert s.items[0].running_seconds == 33 * 60
    assert s.items[1].actual_start == at("09:33")
    assert s.items[1].start_drift_minutes == 3
    assert s.drift_minutes == 3


def test_running_minutes_exclude_pauses():
    events = [ev.Start(at=at("09:00")), ev.Pause(at=at("09:10")), ev.Resume(at=at("09:15")), ev.Next(at=at("09:30"))]
    s = run(events, at("09:31"))
    assert s.items[0].running_seconds == 25 * 60


def test_next_before_the_start_starts_the_day():
    s = run([ev.Next(at=at("09:00"))], at("09:01"))
    assert s.current == 0 and s.mode is Mode.RUNNING


def test_skip_marks_an_item_skipped_and_next_passes_over_it():
    events = [ev.Start(at=at("09:00")), ev.Skip(at=at("09:10"), item_id="tea"), ev.Next(at=at("09:30"))]
    s = run(events, at("09:31"))
    assert s.items[1].mark is ItemMark.SKIPPED
    assert s.items[1].actual_start is None
    assert s.current == 2
    # Skipping the 15-minute tea puts the day 15 minutes ahead.
    assert s.drift_minutes == -15


def test_skip_cannot_touch_an_item_that_ran():
    events = [ev.Start(at=at("09:00")), ev.Next(at=at("09:30")), ev.Skip(at=at("09:31"), item_id="open")]
    s = run(events, at("09:32"))
    assert s.items[0].mark is ItemMark.DONE


def test_previous_reopens_the_item_as_a_second_segment():
    events = [ev.Start(at=at("09:00")), ev.Next(at=at("09:20")), ev.Previous(at=at("09:22"))]
    s = run(events, at("09:27"))
    assert s.current == 0
    assert s.elapsed == 25 * 60
    # The tea it left is still to come, with the 13 minutes it has left.
    assert s.items[1].mark is ItemMark.UPCOMING
    assert s.items[1].running_seconds == 120
    assert s.items[1].projected_end - s.items[1].projected_start == dt.timedelta(minutes=13)
    assert s.drift_minutes == 0  # 27 minutes run in the first 27: on time
    state = fold(PLAN, [header(PLAN), *events])
    assert len(state.items[0].segments) == 2


def test_undo_takes_back_the_last_timer_act():
    events = [ev.Start(at=at("09:00")), ev.Next(at=at("09:20")), ev.Next(at=at("09:20", 1))]
    double = run(events, at("09:21"))
    assert double.current == 2
    undone = run([*events, ev.Undo(at=at("09:20", 3))], at("09:21"))
    assert undone.current == 1
    assert undone.elapsed == 60
    twice = run([*events, ev.Undo(at=at("09:20", 3)), ev.Undo(at=at("09:20", 4))], at("09:21"))
    assert twice.current == 0
    assert twice.elapsed == 21 * 60


def test_undo_with_nothing_to_undo_changes_nothing():
    s = run([ev.Undo(at=at("09:00"))], at("09:01"))
    assert s.mode is Mode.BEFORE


def test_correct_start_moves_the_actual_start():
    events = [ev.Start(at=at("09:05")), ev.CorrectStart(at=at("09:06"), item_id="open", started=at("09:02"))]
    s = run(events, at("09:10"))
    assert s.items[0].actual_start == at("09:02")
    assert s.elapsed == 8 * 60


def test_correct_start_into_the_future_is_ignored():
    events = [ev.Start(at=at("09:05")), ev.CorrectStart(at=at("09:06"), item_id="open", started=at("09:30"))]
    assert run(events, at("09:10")).items[0].actual_start == at("09:05")


def test_phase_follows_the_item_clock_and_next_phase_moves_it_on():
    s = run([ev.Start(at=at("09:00"))], at("09:07"))
    assert s.phase.index == 1 and s.phase.remaining == 13 * 60
    moved = run([ev.Start(at=at("09:00")), ev.NextPhase(at=at("09:03"))], at("09:04"))
    assert moved.phase.index == 1
    assert moved.phase.elapsed == 60
    assert moved.phase.remaining == 14 * 60


def test_phase_clock_stops_with_a_pause():
    s = run([ev.Start(at=at("09:00")), ev.Pause(at=at("09:02"))], at("09:30"))
    assert s.phase.index == 0 and s.phase.remaining == 180


def test_goto_jumps_and_marks_passed_items_missed():
    s = run([ev.Start(at=at("09:00")), ev.GoTo(at=at("09:10"), item_id="lunch")], at("09:11"))
    assert s.current == 3
    assert s.items[1].mark is ItemMark.MISSED
    assert s.items[2].mark is ItemMark.MISSED


def test_next_on_the_last_item_ends_the_day():
    events = [ev.Start(at=at("09:00")), ev.GoTo(at=at("10:20"), item_id="last"), ev.Next(at=at("10:58"))]
    s = run(events, at("11:30"))
    assert s.mode is Mode.ENDED
    assert s.current is None
    assert s.projected_close == at("10:58")
    assert s.drift_minutes == -2


def test_accepting_a_later_close_makes_it_the_target():
    events = [ev.Start(at=at("09:10")), ev.AcceptClose(at=at("09:11"), close=at("11:10"))]
    s = run(events, at("09:12"))
    assert s.target_close == at("11:10")
    assert s.drift_minutes == 0


def test_replan_event_sets_new_lengths_and_drops():
    events = [ev.Start(at=at("09:00")), ev.Replan(at=at("09:01"), minutes={"last": 30}, dropped=("extra",))]
    s = run(events, at("09:02"))
    assert s.items[2].mark is ItemMark.SKIPPED
    assert s.items[4].allotted_seconds == 30 * 60
    assert s.drift_minutes == -25


def test_projection_keeps_the_plans_gaps():
    plan = PLAN.model_copy(update={})
    data = plan.model_dump(mode="json", exclude_none=True)
    data["agenda"][1]["minutes"] = 10  # tea 09:30-09:40, then a 5-minute gap
    gapped = type(plan).model_validate(data)
    state = fold(gapped, [header(gapped), ev.Start(at=at("09:00"))])
    s = status(gapped, state, at("09:01"))
    assert s.items[2].projected_start == at("09:45")
    assert s.projected_close == at("11:00")


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (301, 299, 5),
        (300.5, 300, 5),  # reaching the threshold counts as crossing it
        (300, 299, None),  # already past it: no second warning
        (310, 250, 5),  # a fast rehearsal clock jumps over the exact second
        (400, 30, 1),  # both crossed in one tick: the more urgent one
        (2, -1, 0),
        (0, -5, None),
    ],
)
def test_warnings_fire_when_a_threshold_is_crossed(before, after, expected):
    assert crossed_warning(before, after, (5, 1)) == expected


def test_warning_levels():
    assert warning_level(400, (5, 1)) == "ok"
    assert warning_level(300, (5, 1)) == "warn"
    assert warning_level(60, (5, 1)) == "critical"
    assert warning_level(0, (5, 1)) == "over"


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(600, "10:00"), (599.2, "10:00"), (0.5, "00:01"), (0, "00:00"), (-0.5, "+00:00"), (-61, "+01:01"), (3725, "1:02:05")],
)
def test_clock_format_counts_down_then_up(seconds, shown):
    assert format_clock(seconds) == shown


def test_timezone_aware_times_survive_a_dst_style_offset():
    other = dt.timezone(dt.timedelta(hours=1))
    start = at("09:00").astimezone(other)
    s = run([ev.Start(at=start)], at("09:10").astimezone(other))
    assert s.elapsed == 600


def test_running_seconds_with_many_pauses_counts_each_pause_once_whenever_asked():
    """The sum of closed pauses is kept between calls; asked for an earlier moment, it is worked out afresh."""
    from facilitator_tui.core.fold import ItemState, Span

    start = at("09:00")
    item = ItemState(segments=[Span(start)])
    for k in range(50):  # a minute's pause at the start of every tenth minute
        item.pauses.append(Span(start + dt.timedelta(minutes=10 * k), start + dt.timedelta(minutes=10 * k + 1)))

    def by_hand(now: dt.datetime) -> float:
        paused = sum(max((min(p.end or now, now) - p.start).total_seconds(), 0.0) for p in item.pauses)
        return max((now - start).total_seconds() - paused, 0.0)

    for minutes in (600, 45, 600, 0.5, 1000, 305.5, 999):
        now = start + dt.timedelta(minutes=minutes)
        assert item.running_seconds(now) == by_hand(now), minutes
    item.pauses.append(Span(start + dt.timedelta(minutes=1001)))  # a pause still open
    now = start + dt.timedelta(minutes=1003)
    assert item.running_seconds(now) == by_hand(now) == (1003 - 50 - 2) * 60
