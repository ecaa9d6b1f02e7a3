"""The re-plan preview: every remaining item's old → new times, before anything changes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from ..core.plan import Plan
from ..core.replan import Proposal
from .texts import hhmm
from .widgets.lean_footer import LeanFooter


class ReplanScreen(ModalScreen[str | None]):
    """Shows a proposal; dismisses with "accept", "late", "save" or None."""

    BINDINGS = [
        Binding("enter,y", "choose('accept')", "Accept re-plan", priority=True),
        Binding("l", "choose('late')", "Keep plan, accept later close"),
        Binding("w", "choose('save')", "Accept and save as plan file"),
        Binding("escape", "choose(None)", "Cancel"),
    ]

    def __init__(self, plan: Plan, proposal: Proposal) -> None:
        super().__init__()
        self.plan = plan
        self.proposal = proposal

    def compose(self) -> ComposeResult:
        p = self.proposal
        if not p.changes:
            headline = f"No change needed: the day is projected to close {hhmm(p.old_close)} (target {hhmm(p.target_close)})."
        elif p.feasible:
            headline = f"Re-plan to close {hhmm(p.new_close)} (target {hhmm(p.target_close)}; now projected {hhmm(p.old_close)})."
        else:
            headline = f"⚠ Cannot reach {hhmm(p.target_close)}: best close {hhmm(p.new_close)} (now projected {hhmm(p.old_close)})."
        with Vertical(id="replan-box", classes="dialog"):
            yield Label(Text(headline), classes="dialog-title")
            yield DataTable(id="replan-table", cursor_type="row", zebra_stripes=True)
            if any(row.phases for row in p.rows):
                yield Label("", id="replan-phases")
            yield Label("enter accept · l keep plan, accept later close · w accept + save plan · esc cancel", markup=False)
        yield LeanFooter()

    def on_mount(self) -> None:
        table = self.query_one("#replan-table", DataTable)
        # Fit the title column to the dialog (96% of the screen, at most 100 wide, less border and padding)
        # so the times and minutes are never scrolled off: the other three columns take 37 cells.
        inner = min(int(self.app.size.width * 0.96), 100) - 4
        title_width = max(inner - 40, 12)
        table.add_column("Item", width=title_width)
        table.add_columns("Old", "New", "Min")
        for row in self.proposal.rows:
            item = self.plan.agenda[row.index]
            old = f"{hhmm(row.old_start)}–{hhmm(row.old_end)}"
            if row.dropped:
                new, minutes = "dropped", f"{row.old_minutes}→0"
            else:
                new = f"{hhmm(row.new_start)}–{hhmm(row.new_end)}"
                minutes = f"{row.old_minutes}→{row.new_minutes}" if row.new_minutes != row.old_minutes else str(row.old_minutes)
            table.add_row(Text(item.title, no_wrap=True, overflow="ellipsis"), Text(old), Text(new), Text(minutes))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Say what the highlighted item's phases become (cut, shortened), by the one phase rule."""
        labels = self.query("#replan-phases")
        if not labels or not 0 <= event.cursor_row < len(self.proposal.rows):
            return
        row = self.proposal.rows[event.cursor_row]
        words = "; ".join(row.phases) if row.phases else "no phase changes"
        labels.first(Label).update(Text(f"Phases of {self.plan.agenda[row.index].title}: {words}"))

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)
