"""Telling the person at the screen that part of the day's log could not be read."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from ..core.days import Day

SHOWN = 3
"""Notices at most: a badly damaged log says the first few things, not hundreds."""


def notify_log_damage(screen: Screen[Any], day: Day) -> None:
    """One notice per problem found reading the log (a garbled line, a file that cannot be read), the first few."""
    for warning in day.warnings[:SHOWN]:
        screen.notify(f"Log damage: {warning}", title="Part of the log not read", severity="warning", timeout=10, markup=False)
