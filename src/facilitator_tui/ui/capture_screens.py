"""Quick capture (action, decision, parking lot, quote) and the list to edit or delete them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, OptionList
from textual.widgets.option_list import Option

from ..core.acts import Outcome
from ..core.due_dates import due_words, understand_due
from ..core.notes import CAPTURE_LABELS, Capture
from ..core.status import hhmm
from .widgets.tick_box import TickBox


@dataclass(frozen=True)
class CaptureForm:
    """What the capture form returns."""

    text: str
    owner: str | None
    due: str | None
    private: bool


class CaptureScreen(ModalScreen[None]):
    """A small form: enter saves, escape cancels, ctrl+t toggles private.

    `submit` asks the core to save the form; a refusal is shown in the form,
    which stays open with what was typed.
    """

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("ctrl+t", "toggle_private", "Private on/off"),
        # Priority: the focus moves the moment tab is read, before the keys typed after it are handed
        # to a field. Without it a fast "text, tab, owner" put the owner in the text (issue 12).
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
    ]

    def __init__(
        self,
        kind: str,
        item_title: str,
        submit: Callable[[CaptureForm], Outcome],
        existing: Capture | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__()
        self.kind = kind
        self.submit = submit
        self.item_title = item_title
        self.existing = existing
        self.today = today or dt.date.today()
        """The day's date, from the day's clock: what `Fri` or `in 2 weeks` counts from."""

    def compose(self) -> ComposeResult:
        verb = "Edit" if self.existing else "New"
        old = self.existing
        with Vertical(classes="dialog", id="capture-box"):
            yield Label(Text(f"{verb} {CAPTURE_LABELS[self.kind].lower()} · {self.item_title}"), classes="dialog-title")
            yield Input(value=old.text if old else "", placeholder=CAPTURE_LABELS[self.kind], id="capture-text", select_on_focus=False)
            if self.kind == "action":
                with Horizontal(id="capture-action-row"):
                    yield Input(value=(old.owner or "") if old else "", placeholder="Owner", id="capture-owner")
                    yield Input(value=(old.due or "") if old else "", placeholder="Due: 9/12, Fri, in 2 weeks", id="capture-due")
                # What the due was understood as, so a wrong guess is seen before it is saved.
                yield Label("", id="capture-due-meaning", markup=False)
            yield TickBox("Private: facilitator-only (ctrl+t)", value=bool(old and old.private), id="capture-private")
            yield Label("enter saves · escape cancels · tab moves", markup=False)
            yield Label("", id="capture-error", markup=False)

    def on_mount(self) -> None:
        # No blinking cursors: they cost battery and make snapshots flaky.
        for field in self.query(Input):
            field.cursor_blink = False
        self.query_one("#capture-text", Input).focus()
        self.mask(self.masked)
        if self.kind == "action":
            self._show_due(self.query_one("#capture-due", Input).value)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "capture-due":
            self._show_due(event.value)

    def _show_due(self, words: str) -> None:
        self.query_one("#capture-due-meaning", Label).update(due_words(words, understand_due(words, self.today)))

    masked: bool = False
    """Privacy is on: what is typed shows as dots (set before the form opens, or by `mask`)."""

    def mask(self, on: bool) -> None:
        """Hide (or show again) what is typed in every field: privacy mode on a mirrored screen."""
        self.masked = on
        for field in self.query(Input):
            field.password = on
        for meaning in self.query("#capture-due-meaning"):
            meaning.display = not on

    def action_toggle_private(self) -> None:
        box = self.query_one("#capture-private", Checkbox)
        box.value = not box.value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        owner = due = None
        if self.kind == "action":
            owner = self.query_one("#capture-owner", Input).value
            due = self.query_one("#capture-due", Input).value
        text = self.query_one("#capture-text", Input).value
        outcome = self.submit(CaptureForm(text, owner, due, self.query_one("#capture-private", Checkbox).value))
        if outcome.done:
            self.dismiss(None)
            return
        self.query_one("#capture-error", Label).update(Text(f"⚠ {outcome.message} (escape cancels)"))
        if not outcome.failed:
            self.query_one("#capture-text", Input).focus()


def capture_line(capture: Capture) -> Text:
    """One captured item on one line, for lists."""
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{hhmm(capture.at)} {CAPTURE_LABELS[capture.kind]}", style="bold")
    if capture.private:
        line.append(" (private)", style="italic")
    line.append(": ")
    line.append(capture.text)
    if capture.kind == "action":
        line.append(f" — {capture.owner or 'unassigned'}")
        if capture.due:
            date = capture.due_date
            line.append(f", due {date:%a} {date.day} {date:%b}" if date else f", due {capture.due}")
    return line


class CapturesScreen(ModalScreen[tuple[str, str] | None]):
    """This item's captured items: enter edits, x deletes."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close"),
        Binding("x,delete", "delete", "Delete"),
    ]

    def __init__(self, item_title: str, captures: list[Capture]) -> None:
        super().__init__()
        self.item_title = item_title
        self.captures = captures

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(f"Captured in {self.item_title}"), classes="dialog-title")
            if self.captures:
                yield OptionList(*[Option(capture_line(c), id=c.capture_id) for c in self.captures], id="captures-list")
            else:
                yield Label("Nothing captured here yet: a action · d decision · l parking lot · q quote.", markup=False)
            yield Label("enter edits · x deletes (the log keeps it) · escape closes", markup=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(("edit", event.option.id))

    def action_delete(self) -> None:
        if not self.captures:
            return
        listing = self.query_one("#captures-list", OptionList)
        if listing.highlighted is not None:
            self.dismiss(("delete", self.captures[listing.highlighted].capture_id))
