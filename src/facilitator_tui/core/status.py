"""Live timings: from plan, folded state and "now" to everything the screen shows."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from enum import Enum

from .day_zone import in_zone, zone_named
from .fold import DayState, current_phase, next_runnable
from .phases import PhaseNow
from .plan import Kind, Plan


def shown_minute(when: dt.datetime) -> dt.datetime:
    """An instant as it is shown: rounded to the nearest minute (half a minute rounds up).

    The one rounding rule: every clock time on screen and in the exports is
    this, and every drift shown is computed from the times as shown, so that
    `10:31 +1` and `Day: on time` never disagree with each other.
    """
    return (when + dt.timedelta(seconds=30)).replace(second=0, microsecond=0)


def hhmm(when: dt.datetime) -> str:
    """`HH:MM` of an instant, rounded to the nearest minute."""
    return shown_minute(when).strftime("%H:%M")


def minutes_between(shown: dt.datetime, planned: dt.datetime) -> int:
    """Whole minutes from `planned` to `shown`, both as shown (positive: later)."""
    return round((shown_minute(shown) - shown_minute(planned)).total_seconds() / 60)


class Mode(str, Enum):
    """Where the day is."""

    BEFORE = "before"
    RUNNING = "running"
    PAUSED = "paused"
    GAP = "gap"
    """Between an item and the next one's planned start, waiting for the facilitator to start it."""
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
        return minutes_between(start, self.planned_start)


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
    plan_close: dt.datetime
    """The plan's own close on the day (the target unless another was accepted)."""

    @property
    def target_moved(self) -> bool:
        """True when the facilitator accepted a close other than the plan's."""
        return self.target_close != self.plan_close

    @property
    def remaining(self) -> float:
        """Seconds left in the current item; negative in overtime."""
        return self.allotted - self.elapsed

    @property
    def until_start(self) -> float:
        """Before the start: seconds to the planned start (negative when late)."""
        return (self.planned_start - self.now).total_seconds()

    @property
    def until_next(self) -> float | None:
        """Seconds to the planned start of the item `next` starts (negative when past it); None if none is left."""
        if self.next_index is None:
            return None
        return (self.items[self.next_index].planned_start - self.now).total_seconds()

    @property
    def drift_seconds(self) -> float:
        """Projected close against the target close; positive = behind."""
        return (self.projected_close - self.target_close).total_seconds()

    @property
    def drift_minutes(self) -> int:
        """The drift in whole minutes, from the projected and target closes as shown."""
        return minutes_between(self.projected_close, self.target_close)


def zone_of_day(state: DayState) -> dt.tzinfo | None:
    """The zone the day began in (None for a day begun before zones were kept: the clock's own)."""
    return zone_named(state.header.timezone) if state.header is not None else None


def day_date(state: DayState, now: dt.datetime) -> dt.date:
    """The calendar date the plan's times refer to."""
    return state.header.date if state.header else now.date()


def at_minute(date: dt.date, minute: int, tz: dt.tzinfo | None) -> dt.datetime:
    """The datetime `minute` minutes after midnight on `date`."""
    return dt.datetime.combine(date, dt.time(minute // 60, minute % 60), tzinfo=tz)


Planned = list[tuple[dt.datetime, dt.datetime]]
"""Each agenda item's planned start and end, as instants on the day."""


def planned_times(plan: Plan, state: DayState, now: dt.datetime) -> Planned:
    """Each item's planned start and end on the day's date, in `now`'s time zone."""
    date = day_date(state, now)
    tz = now.tzinfo
    return [
        (at_minute(date, item.start_minute, tz), at_minute(date, plan.item_end_minute(i), tz))
        for i, item in enumerate(plan.agenda)
    ]


def gap_before(planned: Planned, index: int) -> bool:
    """True when unscheduled time comes before item `index` in the plan."""
    return index > 0 and planned[index][0] > planned[index - 1][1]


def slack_before(plan: Plan, planned: Planned, index: int) -> bool:
    """True when lateness before item `index` is absorbed: a gap, or an arrival item, comes before it.

    Registration and coffee running on does not make the day late: the first
    session is projected at its planned start (or when the arrival ends, if later).
    """
    return gap_before(planned, index) or (index > 0 and plan.agenda[index - 1].kind is Kind.ARRIVAL)


def last_for_close(plan: Plan) -> int:
    """The last item whose end counts for the day's close: socials after it may run past the close."""
    for index in range(len(plan.agenda) - 1, -1, -1):
        if plan.agenda[index].kind is not Kind.SOCIAL:
            return index
    return len(plan.agenda) - 1


def lay_out(
    plan: Plan, planned: Planned, order: list[tuple[int, float]], cursor: dt.datetime, *, pin_first: bool
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Projected (start, end) of items still to come, each run for its seconds, from `cursor`.

    The one projection rule, for the status, the re-plan preview and so the
    exports: items follow one another, but an item after a gap starts at the
    later of its planned start and the end of what comes before it, so the gap
    absorbs lateness and being early is not carried past it (an arrival item
    counts as such a gap). `pin_first` treats the first item the same way
    (before the start, or in a gap).
    """
    spans = []
    for k, (index, seconds) in enumerate(order):
        pinned = slack_before(plan, planned, index) or (pin_first and k == 0)
        start = max(cursor, planned[index][0]) if pinned else cursor
        cursor = start + dt.timedelta(seconds=seconds)
        spans.append((start, cursor))
    return spans


def close_after(
    plan: Plan, planned: Planned, close: dt.datetime, last_end: dt.datetime, social_start: dt.datetime | None = None
) -> dt.datetime:
    """The projected close once everything has run by `last_end`.

    Unscheduled time between the last item and the close is slack like any
    gap: the day closes at the later of the plan's close and `last_end`.
    Without it, the day closes when its last item ends (early or late).
    When social items end the day, the close moves with the first of them:
    by as much as it starts late (or early), after the same projection rule
    as every item (a gap before it absorbs lateness first); their own running
    on past the close does not count. `social_start` is its actual or
    projected start.
    """
    if not planned:
        return last_end
    last = last_for_close(plan)
    if last < len(planned) - 1 and social_start is not None:
        # Never before the last session ends: one running past the close (a gap before the social
        # absorbed its lateness, or the day went back to it) closes the day when it ends.
        return max(close + (social_start - planned[last + 1][0]), last_end)
    if close > planned[last][1]:
        return max(close, last_end)
    return last_end


def first_social_start(plan: Plan, starts: dict[int, dt.datetime | None]) -> dt.datetime | None:
    """The actual or projected start of the first social item that ends the day (None: none, or not placed)."""
    for index in range(last_for_close(plan) + 1, len(plan.agenda)):
        if starts.get(index) is not None:
            return starts[index]
    return None


def status(plan: Plan, state: DayState, now: dt.datetime) -> Status:
    """The live status of the day at `now`, on the day's own clock face (its zone, not the laptop's)."""
    now = in_zone(now, zone_of_day(state))
    planned = planned_times(plan, state, now)
    plan_close = at_minute(day_date(state, now), plan.close_minute, now.tzinfo)
    target_close = state.target_close or plan_close
    current = state.current
    if state.ended:
        mode = Mode.ENDED
    elif not state.started:
        mode = Mode.BEFORE
    elif state.in_gap:
        mode = Mode.GAP
    else:
        mode = Mode.PAUSED if state.paused else Mode.RUNNING

    elapsed = state.items[current].running_seconds(now) if current is not None else 0.0
    allotted = state.allotted_seconds(current) if current is not None else 0.0
    if current is not None and plan.agenda[current].kind is Kind.ARRIVAL:
        # Registration runs to its planned end whenever the doors opened: opening
        # them late does not make the day late (its + and - still count).
        opened = state.items[current].actual_start or now
        extra = state.items[current].extra_minutes * 60.0
        allotted = max((planned[current][1] - opened).total_seconds() + extra, 0.0)
    phase = current_phase(plan, state, now)
    first_runnable = next_runnable(state, -1)

    # Projection: the current item runs to its allotted end (before the start or
    # in a gap: from now), then every item still to come runs for what it has left.
    marks = [_mark(state, index, current) for index in range(len(state.items))]
    if mode in (Mode.BEFORE, Mode.GAP):
        cursor, first_projected = now, state.next_index()
    elif current is not None:
        cursor, first_projected = now + dt.timedelta(seconds=max(allotted - elapsed, 0.0)), current + 1
    else:
        cursor, first_projected = now, None
    order = [
        # An item already part-run (we went back before it) resumes with what it has left.
        (index, max(state.allotted_seconds(index) - state.items[index].running_seconds(now), 0.0))
        for index in range(first_projected if first_projected is not None else len(state.items), len(state.items))
        if marks[index] is ItemMark.UPCOMING
    ]
    spans = lay_out(plan, planned, order, cursor, pin_first=mode in (Mode.BEFORE, Mode.GAP))
    projected = dict(zip([i for i, _ in order], spans, strict=True))

    timings: list[ItemTiming] = []
    last_end: dt.datetime | None = None
    closing_item = last_for_close(plan)
    for index, item_state in enumerate(state.items):
        planned_start, planned_end = planned[index]
        mark = marks[index]
        projected_start = projected_end = None
        if index in projected:
            projected_start, projected_end = projected[index]
        elif mark is ItemMark.NOW:
            projected_start = item_state.actual_start
            projected_end = now + dt.timedelta(seconds=max(allotted - elapsed, 0.0))
        elif mark is ItemMark.DONE:
            projected_start, projected_end = item_state.actual_start, item_state.actual_end
        if projected_end is not None and index <= closing_item:
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

    social = first_social_start(plan, {t.index: t.actual_start or t.projected_start for t in timings})
    if mode is Mode.ENDED and social is None:
        projected_close = last_end or now
    else:
        projected_close = close_after(plan, planned, plan_close, last_end or now, social)
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
        plan_close=plan_close,
    )


def _mark(state: DayState, index: int, current: int | None) -> ItemMark:
    item = state.items[index]
    if index == current:
        return ItemMark.NOW
    if item.skipped:
        return ItemMark.SKIPPED
    # Where the day is: the running item, or the one waited for in a gap.
    position = current if current is not None else state.waiting
    if item.started and position is not None and (index > position or index == state.waiting):
        # We went back to an earlier item: this one is still to come (it resumes).
        return ItemMark.UPCOMING
    if item.started:
        return ItemMark.DONE
    if (position is not None and index < position) or state.ended:
        return ItemMark.MISSED
    return ItemMark.UPCOMING


def format_clock(seconds: float) -> str:
    """`MM:SS` for a countdown, `+MM:SS` for overtime; from an hour on, `H:MM:SS`."""
    if seconds > 0:
        whole = math.ceil(seconds - 1e-9)
        sign = ""
    else:
        whole = math.floor(-seconds + 1e-9)
        sign = "+" if seconds < 0 else ""
    minutes, secs = divmod(whole, 60)
    if minutes >= 60:
        hours, minutes = divmod(minutes, 60)
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
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
