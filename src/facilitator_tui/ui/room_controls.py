"""The run screen's controls of the room display: blank it, send it a message, hide its clock.

Each is a core act, so it is an event in the log: the room display and a
co-facilitator's window follow it like any other change to the day.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from ..core.acts import ROOM_MESSAGE_MAX, Outcome


class RoomMessageScreen(ModalScreen[None]):
    """Type a short message for the room; enter shows it (an empty line clears it), escape cancels."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, current: str, submit: Callable[[str], Outcome]) -> None:
        super().__init__()
        self.current = current
        self.submit = submit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Message for the room display", classes="dialog-title")
            yield Label(Text("Shown large until cleared. Enter shows it; an empty line clears it; escape cancels."))
            yield Input(value=self.current, placeholder="Please come back to your tables", max_length=ROOM_MESSAGE_MAX, id="room-message")
            yield Label("", id="room-message-error", markup=False)

    def on_mount(self) -> None:
        field = self.query_one("#room-message", Input)
        field.cursor_blink = False
        field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        outcome = self.submit(event.value)
        if outcome.done:
            self.dismiss(None)
        else:
            self.query_one("#room-message-error", Label).update(Text(f"⚠ {outcome.message}"))
