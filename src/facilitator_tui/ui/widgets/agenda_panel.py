"""The agenda beside the clock: planned and actual starts, markers and drift."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...core.plan import Plan
from ...core.status import ItemMark, Status
from ..texts import MARKS, hhmm

MARK_STYLES = {
    ItemMark.DONE: "dim",
    ItemMark.NOW: "bold reverse",
    ItemMark.SKIPPED: "dim strike",
    ItemMark.MISSED: "dim",
    ItemMark.UPCOMING: "",
}


RowKey = tuple[ItemMark, dt.datetime | None, int]
"""What an agenda row shows beside the item's own start and title: mark, actual start, drift."""


def row_key(status: Status, index: int) -> RowKey:
    """The parts of a row that change during the day (cheap: no text is built)."""
    timing = status.items[index]
    drift = timing.start_drift_minutes
    shown_drift = drift if drift and timing.mark not in (ItemMark.SKIPPED, ItemMark.MISSED) else 0
    return (timing.mark, timing.actual_start, shown_drift)


def agenda_line(plan: Plan, status: Status, index: int) -> Text:
    """One agenda row: marker, planned start, actual start (once started), drift in minutes, title."""
    return _line(plan, index, row_key(status, index))


def _line(plan: Plan, index: int, key: RowKey) -> Text:
    item = plan.agenda[index]
    mark, actual_start, shown_drift = key
    line = Text(no_wrap=True, overflow="ellipsis", style=MARK_STYLES[mark])
    line.append(f"{MARKS[mark]} {item.start} ")
    if actual_start:
        line.append(f"{hhmm(actual_start)} ", style="italic")
    if shown_drift:
        line.append(f"{shown_drift:+d} ", style="bold")
    line.append(item.title)
    return line


class AgendaPanel(OptionList):
    """Every item of the day, re-drawn only when a row's text changes."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._keys: list[RowKey] = []
        self._plan: Plan | None = None

    def show(self, plan: Plan, status: Status) -> None:
        """Repaint rows that changed.

        Rows are compared by what they show (`row_key`), and their text built
        only when that changed: the screen asks every second, rows change by
        the minute.
        """
        keys = [row_key(status, index) for index in range(len(plan.agenda))]
        if plan is not self._plan or len(keys) != len(self._keys):
            # Another plan: its items (ids, titles, starts) may differ as well as their timing.
            self.clear_options()
            self.add_options([Option(_line(plan, i, key), id=plan.agenda[i].id) for i, key in enumerate(keys)])
        else:
            for index, (old, new) in enumerate(zip(self._keys, keys, strict=True)):
                if old != new:
                    self.replace_option_prompt_at_index(index, _line(plan, index, new))
        self._plan, self._keys = plan, keys
        if status.current is not None and self.highlighted != status.current and not self.has_focus:
            self.highlighted = status.current
