"""Opening a day as asked: which plan, which data folder, which day, read-only or writing, on which clock.

One implementation for the command line, the app factory, the tests and the
benchmarks. Every failure is an `OpenError` subclass with a message to show
as it is; nothing here prints.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .acts import TakeClock
from .clock import Clock
from .days import Day, DayError, existing_day_ids, latest_day_id, open_day, peek_day
from .locations import PlanNotFound, resolve_plan
from .people import Person
from .plan import Plan
from .plan_loader import PlanError, Problem, load_plan
from .status import hhmm


def open_plan(name: str | None) -> tuple[Plan, Path]:
    """Load a plan by path or bundled name (None: the bundled workshop); raises PlanError with clear problems."""
    try:
        path = resolve_plan(name)
    except PlanNotFound as exc:
        raise PlanError([Problem(name or "", "", str(exc))]) from None
    return load_plan(path), path


@dataclass(frozen=True)
class DayRequest:
    """What the user asked to open: the `run` command's options, as values."""

    data: Path
    """The data folder."""
    plan: str | None = None
    """A plan file or bundled plan name; None: the bundled workshop (or the plan saved with `day_id`)."""
    day_id: str | None = None
    """A recorded day to open; None: today's day for the plan."""
    new: bool = False
    """Start another day of the plan today (a second cohort)."""
    read_only: bool = False
    rehearse: bool = False
    speed: float = 1.0
    rehearse_start: dt.time | None = None
    author: str | None = None
    take_over: bool = False
    """Take the day's clock over from the device that ran it (it is gone); recorded as an event."""
    join: bool = False
    """Write notes and captures on a day whose clock another device runs (a co-facilitator's laptop)."""
    people: tuple[Person, ...] | None = None
    """The participant list to run the day with (`--people`), already checked."""


class ClockElsewhere(DayError):
    """Another device runs this day's clock: two clocks would fight. The message says which and what to do."""


def open_requested_day(request: DayRequest, *, clock: Clock | None = None, today: dt.date | None = None) -> Day:
    """Open the day `request` asks for, taking its writer lock unless read-only.

    Raises PlanError (a plan that does not load), DayError (no such day) or
    DayLocked (another window writes it). `clock` replaces the day's own
    (tests and benchmarks pass a `FakeClock`).
    """
    plan = plan_path = None
    if request.day_id is None or request.plan is not None:
        plan, plan_path = open_plan(request.plan)
    day = open_day(
        request.data,
        plan,
        plan_path,
        day_id=request.day_id,
        new=request.new,
        read_only=request.read_only,
        rehearse=request.rehearse,
        speed=request.speed,
        rehearse_start=request.rehearse_start,
        author=request.author,
        clock=clock,
        today=today or (clock.now().date() if clock is not None else None),
    )
    if request.join:
        day.joined = not request.read_only
    elif not request.read_only:
        _check_the_clock(day, request.take_over)
    if request.people is not None:
        day.use_people(request.people)
    return day


def _check_the_clock(day: Day, take_over: bool) -> None:
    """Refuse to run a day whose clock another device runs (a synced folder), unless taking it over."""
    running, last = day.state.clock_device, day.state.clock_at
    if not running or running == day.device:
        return
    if take_over:
        day.do(TakeClock(day.device))
        return
    day.close()
    when = f"it last wrote at {hhmm(last)} on {last:%d %b}" if last else "it has written"
    raise ClockElsewhere(
        f"the clock of day {day.day_id!r} is run by {running} ({when}). Write your notes beside it with "
        f"`run --day {day.day_id} --join`, watch it with `--read-only`, show it to the room with `display`, or, "
        f"if that laptop is gone, take the clock over with `run --day {day.day_id} --take-over`"
    )


def open_for_reading(data: Path, day_id: str | None, *, real_only: bool, clock: Clock | None = None) -> Day:
    """A recorded day opened read-only (default: the latest with events); raises DayError saying why not."""
    day_id = day_to_read(data, day_id, real_only=real_only)
    return open_day(data, None, None, day_id=day_id, read_only=True, clock=clock)


def day_to_read(data: Path, day_id: str | None, *, real_only: bool) -> str:
    """Which recorded day to read (default: the latest with events); raises DayError saying why none.

    Reads only the names of the days and the ends of their logs, so a command
    can check it before anything else (`review` does, before its terminal check).
    """
    if day_id is None:
        day_id = latest_day_id(data, real_only=real_only)
        if day_id is None:
            kind = "real day (rehearsals are left out; name one with --day)" if real_only else "day"
            raise DayError(f"no recorded {kind} with events in {data}")
    known = existing_day_ids(data)
    if day_id not in known:
        raise DayError(f"no day {day_id!r}; recorded days: {', '.join(known) or 'none'}")
    if peek_day(data, day_id)[0] is None:
        raise DayError(f"day {day_id!r} has no events yet")
    return day_id
