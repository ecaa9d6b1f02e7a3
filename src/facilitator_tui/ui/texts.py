"""Words and symbols shared by the widgets (no markup: everything is `Text`)."""

from __future__ import annotations

import datetime as dt

from ..core.status import ItemMark, Mode, Status
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
