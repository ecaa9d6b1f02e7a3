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
from ..export import WHATS, ExportError
from ..export.day_log import ExportRequest, default_path, write_export
from .dialogs import ConfirmScreen

FORMAT_KEYS = {"1": "md", "2": "html", "3": "json", "4": "csv", "5": "docx", "6": "xlsx", "7": "ics"}
FORMAT_NAMES = {"md": "Markdown", "html": "HTML", "json": "JSON", "csv": "CSV", "docx": "Word", "xlsx": "Excel", "ics": "Calendar"}
TABLE_WORDS = {
    "items": "a row per item",
    "actions": "a row per action",
    "decisions": "a row per decision",
    "parking": "a row per parking-lot item",
    "quotes": "a row per quote",
}
CALENDAR_WORDS = {"actions": "actions with a due date", "agenda": "the agenda"}


def _next(options: tuple[str, ...], current: str) -> str:
    return options[(options.index(current) + 1) % len(options)]


class ExportScreen(ModalScreen[None]):
    """Keys 1–7 write Markdown, HTML, JSON, CSV, Word, Excel or a calendar to the data folder's `exports`.

    `s` switches between the full log and the shared version, `t` picks the
    CSV's table, `c` the calendar's, `g` puts the plan's guidance in a full
    export, and `p` asks for a pseudonym file for the shared version (as
    `--pseudonyms` does): the same choices as the `export` command.
    """

    BINDINGS = [
        *(Binding(key, f"export('{fmt}')", FORMAT_NAMES[fmt]) for key, fmt in FORMAT_KEYS.items()),
        Binding("s", "toggle_share", "Full / shared"),
        Binding("t", "next_table", "CSV table"),
        Binding("c", "next_calendar", "Calendar: actions / agenda"),
        Binding("g", "toggle_guidance", "Guidance in / out"),
        Binding("p", "pseudonyms", "Pseudonym file"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, day: Day) -> None:
        super().__init__()
        self.day = day
        self.request = ExportRequest()
        self.csv_table = WHATS["csv"][0]
        self.calendar = WHATS["ics"][0]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-box"):
            yield Label("Export the day log", classes="dialog-title")
            yield Label(" · ".join(f"{key} {FORMAT_NAMES[fmt]}" for key, fmt in FORMAT_KEYS.items()), markup=False)
            yield Label("s full/shared · t CSV table · c calendar · g guidance · p pseudonyms · esc", markup=False)
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
        tables = f"CSV: {TABLE_WORDS[self.csv_table]}. Calendar: {CALENDAR_WORDS[self.calendar]}."
        if not request.shared:
            guidance = "with" if request.with_guidance else "without"
            mode = f"Full: everything, private notes too (readable by you only), {guidance} the plan's guidance. {tables}"
        else:
            if request.pseudonyms is not None:
                names = f"names from {request.pseudonyms}"
            elif self.day.plan.pseudonyms:
                names = "names from the plan's [pseudonyms]"
            else:
                names = "⚠ NO pseudonyms: names are NOT replaced (p gives a file)"
            mode = f"Shared: no private items, no raw notes unless marked shareable (m); {names}. {tables}"
        self.query_one("#export-mode", Label).update(Text(mode))

    def _choose(self, **changes: object) -> None:
        self.request = dataclasses.replace(self.request, **changes)  # type: ignore[arg-type]
        self._show_mode()
        self.query_one("#export-result", Label).update("")

    def action_toggle_share(self) -> None:
        self._choose(shared=not self.request.shared, with_guidance=False)

    def action_next_table(self) -> None:
        self.csv_table = _next(WHATS["csv"], self.csv_table)
        self._choose()

    def action_next_calendar(self) -> None:
        self.calendar = _next(WHATS["ics"], self.calendar)
        self._choose()

    def action_toggle_guidance(self) -> None:
        if self.request.shared:
            self.query_one("#export-result", Label).update("Guidance is never shared: s switches to the full export.")
            return
        self._choose(with_guidance=not self.request.with_guidance)

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
        shared = self.request.shared or path is not None
        self._choose(pseudonyms=path, shared=shared, with_guidance=self.request.with_guidance and not shared)

    def action_close(self) -> None:
        field = self.query_one("#export-pseudonyms", Input)
        if field.has_focus:
            field.display = False
            field.disabled = True
            return
        self.dismiss(None)

    def action_export(self, fmt: str) -> None:
        what = {"csv": self.csv_table, "ics": self.calendar}.get(fmt)
        request = dataclasses.replace(self.request, fmt=fmt, what=what)
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
        replaced = default_path(self.day, request).exists()
        try:
            path = write_export(self.day, request, self.day.now())
        except ExportError as error:
            result.update(Text(f"⚠ {error}"))
            return
        # The name is the day's, so a second export replaces the first: say so.
        again = " (replacing the earlier export of that name)" if replaced else ""
        result.update(Text(f"Wrote {path}{again}"))
        self.notify(f"Exported {path}{again}", timeout=6, markup=False)
