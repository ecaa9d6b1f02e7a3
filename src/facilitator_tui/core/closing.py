"""The day at its close: what a facilitator wants to see once the last item has ended."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .fold import DayState
from .plan import Plan
from .status import ItemMark, Status


@dataclass(frozen=True)
class Closing:
    """A closed day in figures: the close against the target, what ran, what overran, what was noted."""

    closed: dt.datetime
    target: dt.datetime
    drift_minutes: int
    """Positive: closed late; from the times as shown."""
    items_run: int
    items_total: int
    skipped: int
    overruns: tuple[tuple[str, int], ...]
    """(title, whole minutes over its time) for each item that ran at least a minute long, in agenda order."""
    notes: int
    """Items with free-text notes."""
    actions: int
    captures: int
    """Every captured item not deleted (actions included)."""


def closing(plan: Plan, state: DayState, status: Status) -> Closing:
    """The summary of a day that has ended (or of the day so far)."""
    overruns = []
    for timing in status.items:
        if timing.mark is ItemMark.DONE:
            over = round((timing.running_seconds - timing.allotted_seconds) / 60)
            if over >= 1:
                overruns.append((plan.agenda[timing.index].title, over))
    captures = state.notes.live_captures()
    return Closing(
        closed=status.projected_close,
        target=status.target_close,
        drift_minutes=status.drift_minutes,
        items_run=sum(1 for t in status.items if t.mark is ItemMark.DONE),
        items_total=len(plan.agenda),
        skipped=sum(1 for t in status.items if t.mark in (ItemMark.SKIPPED, ItemMark.MISSED)),
        overruns=tuple(overruns),
        notes=sum(1 for notes in state.notes.items.values() if notes.text.strip()),
        actions=sum(1 for capture in captures if capture.kind == "action"),
        captures=len(captures),
    )
