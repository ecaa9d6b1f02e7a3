"""Export the day log from the app: pick a format, full or shared."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from ..days import Day
from ..event_log import make_private_dir
from ..export import ExportError, render, write_atomic
from ..export.record import day_record, share


class ExportScreen(ModalScreen[None]):
    """Keys 1–4 write Markdown, HTML, JSON or CSV to the data folder; s toggles the shared version."""

    BINDINGS = [
        Binding("1", "export('md')", "Markdown"),
        Binding("2", "export('html')", "HTML"),
        Binding("3", "export('json')", "JSON"),
        Binding("4", "export('csv')", "CSV"),
        Binding("s", "toggle_share", "Full / shared"),
        Binding("escape", "dismiss", "Close"),
    ]

    def __init__(self, day: Day) -> None:
        super().__init__()
        self.day = day
        self.shared = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Export the day log", classes="dialog-title")
            yield Label("1 Markdown · 2 HTML · 3 JSON · 4 CSV · s full/shared · escape closes", markup=False)
            yield Label(id="export-mode", markup=False)
            yield Label(id="export-result", markup=False)

    def on_mount(self) -> None:
        self._show_mode()

    def _show_mode(self) -> None:
        if not self.shared:
            mode = "Full: everything, including private notes (file readable by you only)."
        elif self.day.plan.pseudonyms:
            mode = "Shared: no private items, no raw notes unless marked shareable (m), names pseudonymised."
        else:
            mode = (
                "Shared: no private items, no raw notes unless marked shareable (m). ⚠ The plan has no "
                "[pseudonyms] table, so names are NOT replaced (use the export command with --pseudonyms)."
            )
        self.query_one("#export-mode", Label).update(Text(mode))

    def action_toggle_share(self) -> None:
        self.shared = not self.shared
        self._show_mode()
        self.query_one("#export-result", Label).update("")

    def action_export(self, fmt: str) -> None:
        if not self.day.events:
            self.query_one("#export-result", Label).update(Text("⚠ Nothing recorded yet: start the day (space) first."))
            return
        record = day_record(self.day.plan, self.day.events, self.day.clock.now())
        if self.shared:
            record = share(record, self.day.plan.pseudonyms)
        folder = self.day.data / "exports"
        suffix = "-shared" if self.shared else ""
        path = folder / f"{self.day.day_id}{suffix}.{fmt}"
        result = self.query_one("#export-result", Label)
        try:
            make_private_dir(folder)
            write_atomic(path, render(record, fmt), private=not self.shared)
        except (ExportError, OSError) as error:
            result.update(Text(f"⚠ {error}"))
            return
        result.update(Text(f"Wrote {path}"))
        self.notify(f"Exported {path}", timeout=6, markup=False)
