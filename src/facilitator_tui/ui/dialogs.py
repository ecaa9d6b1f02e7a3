"""Small modal screens: help, jump to an item, correct the start."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ..core.acts import Outcome
from ..core.plan import Plan


class HelpScreen(ModalScreen[None]):
    """Every key of the run screen, with what it does."""

    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close help")]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        text = Text()
        width = max(len(key) for key, _ in self.rows)
        for key, description in self.rows:
            text.append(f" {key:<{width}}  ", style="bold")
            text.append(description + "\n")
        with Vertical(id="help-box", classes="dialog"):
            yield Label("Keys (escape closes)", classes="dialog-title")
            with VerticalScroll():
                yield Static(text, markup=False, id="help-keys")


class JumpScreen(ModalScreen[str | None]):
    """Pick an agenda item to jump to."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, plan: Plan, current: int | None) -> None:
        super().__init__()
        self.plan = plan
        self.current = current

    def compose(self) -> ComposeResult:
        options = [Option(Text(f"{item.start}  {item.title}", no_wrap=True, overflow="ellipsis"), id=item.id) for item in self.plan.agenda]
        with Vertical(classes="dialog"):
            yield Label("Jump to which item? (enter starts it, escape cancels)", classes="dialog-title")
            yield OptionList(*options, id="jump-list")

    def on_mount(self) -> None:
        jump = self.query_one("#jump-list", OptionList)
        jump.highlighted = self.current if self.current is not None else 0
        jump.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


def parse_correction(text: str, day: dt.date, tz: dt.tzinfo | None) -> dt.datetime:
    """A typed `HH:MM` (or `H:MM`, `HHMM`) as a datetime on the day; raises ValueError."""
    cleaned = text.strip().replace(".", ":")
    if ":" not in cleaned and cleaned.isdigit() and len(cleaned) in (3, 4):
        cleaned = f"{cleaned[:-2]}:{cleaned[-2:]}"
    try:
        when = dt.datetime.strptime(cleaned, "%H:%M").time()
    except ValueError:
        raise ValueError(f"{text!r} is not a time; type it as HH:MM, e.g. 09:32") from None
    return dt.datetime.combine(day, when, tzinfo=tz)


class CorrectStartScreen(ModalScreen[None]):
    """Type when the current item really started; `submit` asks the core, and a refusal shows here."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, started: dt.datetime, now: dt.datetime, submit: Callable[[dt.datetime], Outcome]) -> None:
        super().__init__()
        self.item_title = title
        self.started = started
        self.now = now
        self.submit = submit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(f"When did “{self.item_title}” really start?"), classes="dialog-title")
            yield Label(Text(f"Recorded: {self.started:%H:%M:%S}. Type HH:MM, enter saves, escape cancels."))
            yield Input(placeholder="HH:MM", id="correct-input")
            yield Label("", id="correct-error", markup=False)

    def on_mount(self) -> None:
        field = self.query_one("#correct-input", Input)
        field.cursor_blink = False
        field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        error = self.query_one("#correct-error", Label)
        try:
            when = parse_correction(event.value, self.now.date(), self.now.tzinfo)
        except ValueError as exc:
            error.update(Text(f"⚠ {exc}"))
            return
        outcome = self.submit(when)
        if outcome.done:
            self.dismiss(None)
        else:
            error.update(Text(f"⚠ {outcome.message}"))


REHEARSE = "rehearse"
"""What `ConfirmScreen` answers when the user picks rehearsing instead."""


class ConfirmScreen(ModalScreen[bool | str]):
    """A yes/no question from the core before an act that is easy to regret.

    `enter` or `y` says yes, `escape` or `n` says no; a clicker's next and
    previous (the app's priority keys) say yes and no too. With `rehearse`,
    `r` answers "rehearse instead".
    """

    BINDINGS = [
        Binding("enter,y", "answer(True)", "Yes"),
        Binding("escape,n", "answer(False)", "No"),
        Binding("r", "rehearse", "Rehearse instead"),
    ]

    def __init__(self, question: str, *, rehearse: str | None = None, clicker: bool = False) -> None:
        super().__init__()
        self.question = question
        self.rehearse = rehearse
        """The words for the rehearse choice, or None when it is not offered."""
        self.clicker = clicker
        """A clicker's next and previous answer it (questions about moving the day only, never about sharing)."""

    def compose(self) -> ComposeResult:
        keys = "enter or y: yes · escape or n: no" + (" (a clicker: next yes, previous no)" if self.clicker else "")
        if self.rehearse:
            keys = f"y: start the real day now · r: {self.rehearse} · escape: neither"
        with Vertical(classes="dialog", id="confirm-box"):
            yield Label(Text(self.question), classes="dialog-title", id="confirm-question")
            yield Label(keys, markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def action_rehearse(self) -> None:
        if self.rehearse:
            self.dismiss(REHEARSE)
