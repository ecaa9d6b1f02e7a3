"""Words and symbols shared by the widgets (no markup: everything is `Text`)."""

from __future__ import annotations

import datetime as dt

from ..core.plan import Plan
from ..core.status import ItemMark, Mode, Status, format_clock
from ..core.status import hhmm as clock_hhmm

MARKS = {
    ItemMark.DONE: "✓",
    ItemMark.NOW: "▶",
    ItemMark.SKIPPED: "✗",
    ItemMark.MISSED: "–",
    ItemMark.UPCOMING: " ",
}


def hhmm(when: dt.datetime | None) -> str:
    """`HH:MM` rounded to the nearest minute (the core's one rule), or blanks for no time."""
    return clock_hhmm(when) if when else "     "


def drift_text(minutes: int) -> str:
    """`4 min behind`, `2 min ahead` or `on time`."""
    if minutes > 0:
        return f"{minutes} min behind"
    if minutes < 0:
        return f"{-minutes} min ahead"
    return "on time"


def day_line(status: Status) -> str:
    """The day's line: drift and projected close."""
    close = hhmm(status.projected_close)
    if status.mode is Mode.ENDED:
        return f"Day closed {close}\n{drift_text(status.drift_minutes).capitalize()}"
    if status.mode is Mode.BEFORE:
        minutes = round(status.until_start / 60)
        lead = f"Starts {hhmm(status.planned_start)} · in {minutes} min" if minutes >= 0 else f"Late by {-minutes} min"
        return f"{lead}\nProjected close {close}"
    target = f" (agreed {hhmm(status.target_close)})" if status.target_moved else ""
    return f"Day: {drift_text(status.drift_minutes)}{target}\nProjected close {close}"


def clock_line(plan: Plan, status: Status) -> str:
    """The clock in one line: `Now: Break · 09:12 left · ends 11:15 · Day: 4 min behind`."""
    day = drift_text(status.drift_minutes)
    if status.mode is Mode.ENDED:
        return f"Day closed {hhmm(status.projected_close)} · {day}"
    if status.current is None:
        if status.next_index is None:
            return f"Day: {day}"
        upcoming = plan.agenda[status.next_index].title
        until = status.until_next or 0.0
        lead = "Up first" if status.mode is Mode.BEFORE else "Gap · next"
        return f"{lead}: {upcoming} at {hhmm(status.items[status.next_index].planned_start)} ({format_clock(until)}) · Day: {day}"
    title = plan.agenda[status.current].title
    left = format_clock(status.remaining)
    state = "paused, " if status.mode is Mode.PAUSED else ""
    ends = status.items[status.current].projected_end
    return f"Now: {title} · {state}{left} {'left' if status.remaining > 0 else 'over'} · ends {hhmm(ends)} · Day: {day}"
