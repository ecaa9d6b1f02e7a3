"""The agenda beside the clock: planned and actual starts, markers and drift."""

from __future__ import annotations

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


def agenda_line(plan: Plan, status: Status, index: int) -> Text:
    """One agenda row: marker, planned start, actual start (once started), drift in minutes, title."""
    item = plan.agenda[index]
    timing = status.items[index]
    drift = timing.start_drift_minutes
    shown_drift = drift if drift and timing.mark not in (ItemMark.SKIPPED, ItemMark.MISSED) else 0
    line = Text(no_wrap=True, overflow="ellipsis", style=MARK_STYLES[timing.mark])
    line.append(f"{MARKS[timing.mark]} {item.start} ")
    if timing.actual_start:
        line.append(f"{hhmm(timing.actual_start)} ", style="italic")
    if shown_drift:
        line.append(f"{shown_drift:+d} ", style="bold")
    line.append(item.title)
    return line


class AgendaPanel(OptionList):
    """Every item of the day, re-drawn only when a row's text changes."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._rows: list[Text] = []

    def show(self, plan: Plan, status: Status) -> None:
        """Repaint rows that changed."""
        lines = [agenda_line(plan, status, index) for index in range(len(plan.agenda))]
        if len(lines) != len(self._rows):
            self.clear_options()
            self.add_options([Option(line, id=plan.agenda[i].id) for i, line in enumerate(lines)])
        else:
            for index, (old, new) in enumerate(zip(self._rows, lines, strict=True)):
                if old.plain != new.plain or old.style != new.style:
                    self.replace_option_prompt_at_index(index, new)
        self._rows = lines
        if status.current is not None and self.highlighted != status.current and not self.has_focus:
            self.highlighted = status.current
