"""Export the day log from the app: the same choices, and the same files, as the `export` command."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from ..core.days import Day
from ..export import ExportError
from ..export.day_log import ExportRequest, write_export
from .dialogs import ConfirmScreen


class ExportScreen(ModalScreen[None]):
    """Keys 1–4 write Markdown, HTML, JSON or CSV to the data folder's `exports`.

    `s` switches between the full log and the shared version, `a` switches a
    CSV between one row per item and one per action, and `p` asks for a
    pseudonym file for the shared version (as `--pseudonyms` does).
    """

    BINDINGS = [
        Binding("1", "export('md')", "Markdown"),
        Binding("2", "export('html')", "HTML"),
        Binding("3", "export('json')", "JSON"),
        Binding("4", "export('csv')", "CSV"),
        Binding("s", "toggle_share", "Full / shared"),
        Binding("a", "toggle_what", "CSV rows: items / actions"),
        Binding("p", "pseudonyms", "Pseudonym file"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, day: Day) -> None:
        super().__init__()
        self.day = day
        self.request = ExportRequest()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-box"):
            yield Label("Export the day log", classes="dialog-title")
            yield Label("1 Markdown · 2 HTML · 3 JSON · 4 CSV", markup=False)
            yield Label("s full/shared · a CSV rows · p pseudonym file · escape closes", markup=False)
            yield Label(id="export-mode", markup=False)
            # Disabled (so never focused) until `p` asks for it: the number keys must export, not type.
            yield Input(placeholder="Pseudonym file (TOML), enter keeps it", id="export-pseudonyms", disabled=True)
            yield Label(id="export-result", markup=False)

    def on_mount(self) -> None:
        field = self.query_one("#export-pseudonyms", Input)
        field.cursor_blink = False
        field.display = False
        self._show_mode()

    def _show_mode(self) -> None:
        request = self.request
        rows = "one row per action" if request.what == "actions" else "one row per item"
        if not request.shared:
            mode = f"Full: everything, private notes too (readable by you only). CSV: {rows}."
        else:
            if request.pseudonyms is not None:
                names = f"names from {request.pseudonyms}"
            elif self.day.plan.pseudonyms:
                names = "names from the plan's [pseudonyms]"
            else:
                names = "⚠ NO pseudonyms: names are NOT replaced (p gives a file)"
            mode = f"Shared: no private items, no raw notes unless marked shareable (m); {names}. CSV: {rows}."
        self.query_one("#export-mode", Label).update(Text(mode))

    def _choose(self, **changes: object) -> None:
        self.request = dataclasses.replace(self.request, **changes)  # type: ignore[arg-type]
        self._show_mode()
        self.query_one("#export-result", Label).update("")

    def action_toggle_share(self) -> None:
        self._choose(shared=not self.request.shared)

    def action_toggle_what(self) -> None:
        self._choose(what="actions" if self.request.what == "items" else "items")

    def action_pseudonyms(self) -> None:
        field = self.query_one("#export-pseudonyms", Input)
        field.disabled = False
        field.display = True
        field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        typed = event.value.strip()
        path = Path(typed).expanduser() if typed else None
        event.input.display = False
        event.input.disabled = True
        self._choose(pseudonyms=path, shared=self.request.shared or path is not None)

    def action_close(self) -> None:
        field = self.query_one("#export-pseudonyms", Input)
        if field.has_focus:
            field.display = False
            field.disabled = True
            return
        self.dismiss(None)

    def action_export(self, fmt: str) -> None:
        request = dataclasses.replace(self.request, fmt=fmt)
        if request.shared and request.pseudonyms is None and not self.day.plan.pseudonyms:
            # The same refusal as `export --share`, as a clear choice: names out as written only on a yes.
            question = (
                "There is no pseudonym table, so this shared export would carry every name as written. "
                "Share it with the names anyway? (p gives a pseudonym file instead.)"
            )

            def answered(yes: bool | str | None) -> None:
                if yes is True:
                    self._write(dataclasses.replace(request, no_pseudonyms=True))

            self.app.push_screen(ConfirmScreen(question), answered)
            return
        self._write(request)

    def _write(self, request: ExportRequest) -> None:
        result = self.query_one("#export-result", Label)
        try:
            path = write_export(self.day, request, self.day.clock.now())
        except ExportError as error:
            result.update(Text(f"⚠ {error}"))
            return
        result.update(Text(f"Wrote {path}"))
        self.notify(f"Exported {path}", timeout=6, markup=False)
