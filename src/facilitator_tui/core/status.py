"""Live timings: from plan, folded state and "now" to everything the screen shows."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from enum import Enum

from .fold import DayState, current_phase, next_runnable
from .phases import PhaseNow
from .plan import Plan


class Mode(str, Enum):
    """Where the day is."""

    BEFORE = "before"
    RUNNING = "running"
    PAUSED = "paused"
    ENDED = "ended"


class ItemMark(str, Enum):
    """An item's place in the day."""

    DONE = "done"
    NOW = "now"
    SKIPPED = "skipped"
    MISSED = "missed"
    """Passed over by a jump, never run."""
    UPCOMING = "upcoming"


@dataclass(frozen=True)
class ItemTiming:
    """One item's plan against what happened (or is projected to)."""

    index: int
    mark: ItemMark
    planned_start: dt.datetime
    planned_end: dt.datetime
    allotted_seconds: float
    actual_start: dt.datetime | None
    actual_end: dt.datetime | None
    running_seconds: float
    """Run time without pauses, so far."""
    projected_start: dt.datetime | None
    projected_end: dt.datetime | None

    @property
    def start_drift_minutes(self) -> int | None:
        """Minutes late (positive) or early (negative) against the planned start."""
        start = self.actual_start or self.projected_start
        if start is None:
            return None
        return round((start - self.planned_start).total_seconds() / 60)


@dataclass(frozen=True)
class Status:
    """Everything live about the day at `now`."""

    now: dt.datetime
    mode: Mode
    current: int | None
    elapsed: float
    """Running seconds of the current item."""
    allotted: float
    phase: PhaseNow | None
    items: list[ItemTiming]
    planned_start: dt.datetime
    """The day's first item's planned start."""
    target_close: dt.datetime
    projected_close: dt.datetime
    next_index: int | None
    """The item that `next` would start."""
    target_moved: bool = False
    """True when the facilitator accepted a close other than the plan's."""

    @property
    def remaining(self) -> float:
        """Seconds left in the current item; negative in overtime."""
        return self.allotted - self.elapsed

    @property
    def until_start(self) -> float:
        """Before the start: seconds to the planned start (negative when late)."""
        return (self.planned_start - self.now).total_seconds()

    @property
    def drift_seconds(self) -> float:
        """Projected close against the target close; positive = behind."""
        return (self.projected_close - self.target_close).total_seconds()

    @property
    def drift_minutes(self) -> int:
        """The drift in whole minutes (rounded)."""
        return round(self.drift_seconds / 60)


def day_date(state: DayState, now: dt.datetime) -> dt.date:
    """The calendar date the plan's times refer to."""
    return state.header.date if state.header else now.date()


def at_minute(date: dt.date, minute: int, tz: dt.tzinfo | None) -> dt.datetime:
    """The datetime `minute` minutes after midnight on `date`."""
    return dt.datetime.combine(date, dt.time(minute // 60, minute % 60), tzinfo=tz)


def status(plan: Plan, state: DayState, now: dt.datetime) -> Status:
    """The live status of the day at `now`."""
    date = day_date(state, now)
    tz = now.tzinfo
    planned = [
        (at_minute(date, item.start_minute, tz), at_minute(date, plan.item_end_minute(i), tz))
        for i, item in enumerate(plan.agenda)
    ]
    target_close = state.target_close or at_minute(date, plan.close_minute, tz)
    current = state.current
    if state.ended:
        mode = Mode.ENDED
    elif not state.started:
        mode = Mode.BEFORE
    else:
        mode = Mode.PAUSED if state.paused else Mode.RUNNING

    elapsed = state.items[current].running_seconds(now) if current is not None else 0.0
    allotted = state.allotted_seconds(current) if current is not None else 0.0
    phase = current_phase(plan, state, now)
    first_runnable = next_runnable(state, -1)

    # Projection: the current item runs to its allotted end, then every item
    # still to come runs for its allotted length, keeping the plan's gaps.
    if mode is Mode.BEFORE:
        cursor: dt.datetime | None = max(now, planned[first_runnable][0]) if first_runnable is not None else now
        first_projected = first_runnable
    elif current is not None:
        cursor = now + dt.timedelta(seconds=max(allotted - elapsed, 0.0))
        first_projected = current + 1
    else:
        cursor = None
        first_projected = len(plan.agenda)

    timings: list[ItemTiming] = []
    last_end: dt.datetime | None = None
    for index, item_state in enumerate(state.items):
        planned_start, planned_end = planned[index]
        mark = _mark(state, index, current)
        projected_start = projected_end = None
        if mark is ItemMark.UPCOMING and cursor is not None and first_projected is not None and index >= first_projected:
            if mode is not Mode.BEFORE or index != first_projected:
                cursor = cursor + _gap_before(planned, index)
            projected_start = cursor
            # An item already part-run (we went back before it) resumes with what it has left.
            left = max(state.allotted_seconds(index) - item_state.running_seconds(now), 0.0)
            cursor = cursor + dt.timedelta(seconds=left)
            projected_end = cursor
        elif mark is ItemMark.NOW:
            projected_start = item_state.actual_start
            projected_end = now + dt.timedelta(seconds=max(allotted - elapsed, 0.0))
        elif mark is ItemMark.DONE:
            projected_start, projected_end = item_state.actual_start, item_state.actual_end
        if projected_end is not None:
            last_end = projected_end if last_end is None else max(last_end, projected_end)
        timings.append(
            ItemTiming(
                index=index,
                mark=mark,
                planned_start=planned_start,
                planned_end=planned_end,
                allotted_seconds=state.allotted_seconds(index),
                actual_start=item_state.actual_start,
                actual_end=item_state.actual_end,
                running_seconds=item_state.running_seconds(now),
                projected_start=projected_start,
                projected_end=projected_end,
            )
        )

    # Unscheduled time between the last item and the plan's close absorbs nothing
    # and is kept: an accepted close was projected with it too.
    trailing_gap = at_minute(date, plan.close_minute, tz) - planned[-1][1]
    if mode is Mode.ENDED:
        projected_close = last_end or now
    else:
        projected_close = (last_end or now) + max(trailing_gap, dt.timedelta(0))
    return Status(
        now=now,
        mode=mode,
        current=current,
        elapsed=elapsed,
        allotted=allotted,
        phase=phase,
        items=timings,
        planned_start=planned[first_runnable or 0][0],
        target_close=target_close,
        projected_close=projected_close,
        next_index=state.next_index(),
        target_moved=state.target_close is not None,
    )


def _gap_before(planned: list[tuple[dt.datetime, dt.datetime]], index: int) -> dt.timedelta:
    if index == 0:
        return dt.timedelta(0)
    return max(planned[index][0] - planned[index - 1][1], dt.timedelta(0))


def _mark(state: DayState, index: int, current: int | None) -> ItemMark:
    item = state.items[index]
    if index == current:
        return ItemMark.NOW
    if item.skipped:
        return ItemMark.SKIPPED
    if item.started and current is not None and index > current:
        # We went back to an earlier item: this one is still to come (it resumes).
        return ItemMark.UPCOMING
    if item.started:
        return ItemMark.DONE
    if (current is not None and index < current) or state.ended:
        return ItemMark.MISSED
    return ItemMark.UPCOMING


def format_clock(seconds: float) -> str:
    """`MM:SS` for a countdown, `+MM:SS` for overtime; hours roll into minutes."""
    if seconds > 0:
        whole = math.ceil(seconds - 1e-9)
        sign = ""
    else:
        whole = math.floor(-seconds + 1e-9)
        sign = "+" if seconds < 0 else ""
    minutes, secs = divmod(whole, 60)
    return f"{sign}{minutes:02d}:{secs:02d}"


def crossed_warning(before: float, after: float, thresholds: tuple[int, ...]) -> int | None:
    """The most urgent threshold (minutes; 0 for time up) crossed going from `before` to `after` seconds left."""
    crossed = [m for m in (*thresholds, 0) if before > m * 60 >= after]
    return min(crossed) if crossed else None


def warning_level(remaining: float, thresholds: tuple[int, ...]) -> str:
    """`ok`, `warn` (under the largest threshold), `critical` (under the smallest) or `over`."""
    if remaining <= 0:
        return "over"
    if thresholds and remaining <= min(thresholds) * 60:
        return "critical"
    if thresholds and remaining <= max(thresholds) * 60:
        return "warn"
    return "ok"
