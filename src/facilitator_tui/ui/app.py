"""The Textual apps and the one factory that opens a day for them.

`make_app` is used by the command line, the tests and the benchmarks alike
(as posting's `make_posting` is): it opens the day the request asks for,
with its lock and clock, and returns the app that runs it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, TextArea

from ..core.clock import Clock
from ..core.control_chars import CONTROL, visible
from ..core.days import Day, DayError
from ..core.opening import DayRequest, open_for_reading, open_requested_day
from ..core.writer_lock import DayLocked
from . import startup_gc
from .capture_screens import CaptureScreen, CapturesScreen
from .commands import RUN_COMMANDS, keys_shown
from .dialogs import ConfirmScreen
from .keymap import keymap_path, load_keymap
from .review_screen import ReviewScreen
from .run_screen import RunScreen

STYLESHEET = Path(__file__).with_name("app.tcss")


class FacilitatorApp(App[str | None]):
    """Runs one day on the run screen."""

    CSS_PATH = STYLESHEET
    TITLE = "facilitator-tui"
    BINDINGS = [
        # A presentation clicker sends PageDown/PageUp: these must move the
        # day whatever has focus, even with a dialog open.
        Binding("pagedown", "clicker('next')", "Next item (clicker)", show=False, priority=True, id="next-clicker"),
        Binding("pageup", "clicker('previous')", "Previous item (clicker)", show=False, priority=True, id="previous-clicker"),
        Binding("ctrl+q", "quit", "Quit (the day resumes on the next run)", show=False, id="quit", priority=True),
        # Privacy must be one key away even while typing notes or in a dialog:
        # neither TextArea nor Input binds ctrl+b or f9.
        Binding(
            "ctrl+b,f9", "privacy", "Privacy on/off, also while typing", show=False, id="privacy-anywhere", priority=True
        ),
    ]

    def __init__(self, day: Day, *, live: bool = True, bell: bool = True, request: DayRequest | None = None) -> None:
        super().__init__()
        self.day = day
        self.live = live
        self.bell_enabled = bell
        self.request = request
        """What the day was opened from: needed to reopen the plan as a rehearsal."""

    def on_input_changed(self, event: Input.Changed) -> None:
        """A control character pasted into any field is shown as its picture (␛) at once, never sent to the terminal."""
        if CONTROL.search(event.value):
            field, cursor = event.input, event.input.cursor_position
            field.value = visible(event.value)  # one character for one: the cursor stays put
            field.cursor_position = cursor

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """The same for the notes: a pasted escape sequence is shown, not obeyed."""
        area = event.text_area
        if CONTROL.search(area.text):
            cursor = area.cursor_location
            area.replace(visible(area.text), (0, 0), area.document.end, maintain_selection_offset=False)
            area.move_cursor(cursor)

    def on_run_screen_rehearse_instead(self, message: RunScreen.RehearseInstead) -> None:
        """Put the real day aside (nothing was written) and rehearse the plan from its planned start."""
        if self.request is None:
            self.notify("Quit and run the plan with --rehearse to rehearse it.", markup=False)
            return
        request = dataclasses.replace(
            self.request, rehearse=True, rehearse_start=message.start.time(), day_id=None, new=False, read_only=False
        )
        try:
            rehearsal = open_requested_day(request)
        except (OSError, ValueError, DayError, DayLocked) as error:
            self.notify(f"Could not open a rehearsal: {error}", severity="error", markup=False)
            return
        self.day.close()
        self.day = rehearsal
        self.switch_screen(RunScreen(rehearsal, live=self.live, bell=self.bell_enabled))

    def on_mount(self) -> None:
        keymap, problems = load_keymap(keymap_path(self.day.data))
        if keymap:
            self.set_keymap(keymap)
        self.push_screen(RunScreen(self.day, live=self.live, bell=self.bell_enabled))
        self.call_after_refresh(startup_gc.resume)
        for problem in problems:
            self.notify(problem, title="Keymap not used", severity="warning", timeout=15, markup=False)

    def action_privacy(self) -> None:
        """Privacy on or off from anywhere; turning it on closes what shows notes and masks what is typed."""
        screen = self.run_screen
        screen.action_privacy()
        if screen.private:
            while isinstance(self.screen, (ReviewScreen, CapturesScreen)):
                self.pop_screen()
        for dialog in self.screen_stack:
            if isinstance(dialog, CaptureScreen):
                dialog.mask(screen.private)

    @property
    def run_screen(self) -> RunScreen:
        """The run screen (under any dialog on top of it)."""
        return next(s for s in self.screen_stack if isinstance(s, RunScreen))

    async def action_quit(self) -> None:
        """Save unsaved notes, then quit; the day resumes on the next run.

        Notes that cannot be saved (a full disk) are never lost silently: the
        app asks first, and on quitting anyway hands them back to be printed.
        """
        unsaved = None
        for screen in self.screen_stack:
            if isinstance(screen, RunScreen):
                screen.flush_notes()
                unsaved = screen.unsaved_notes()
        if unsaved is None or isinstance(self.screen, ConfirmScreen):  # all saved, or ctrl+q again on the question
            self.exit(unsaved)
            return

        def answered(quit_anyway: bool | str | None) -> None:
            if quit_anyway is True:
                self.exit(unsaved)

        question = (
            "Your latest notes could not be saved (see the red line). Quit anyway? "
            "They are printed in the terminal as the app closes, to copy; or answer no, free some space, and they save by themselves."
        )
        self.push_screen(ConfirmScreen(question), answered)

    def action_clicker(self, act: str) -> None:
        """Run a clicker act on the run screen; on a yes/no question, next says yes and previous no."""
        if isinstance(self.screen, ConfirmScreen):
            if self.screen.clicker:
                self.screen.action_answer(act == "next")
            return  # a question about anything else waits for a real key
        self.run_screen.run_clicker(act)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every run-screen command is also in the palette (ctrl+p), with its key."""
        yield from super().get_system_commands(screen)
        if isinstance(screen, RunScreen):
            seen = set()
            for command in RUN_COMMANDS:
                if command.action in seen:
                    continue
                seen.add(command.action)
                key = keys_shown(self, command.keys.split(",")[0], command.key_display)
                yield SystemCommand(command.help_text, f"key: {key}", partial(screen.run_action, command.action))

    def on_unmount(self) -> None:
        self.day.close()


class ReviewApp(App[None]):
    """`facilitator-tui review`: the review screen on its own, read-only, following the live day."""

    CSS_PATH = STYLESHEET
    TITLE = "facilitator-tui review"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(self, day: Day, *, follow: bool = True) -> None:
        super().__init__()
        self.day = day
        self.follow = follow

    def on_mount(self) -> None:
        self.push_screen(ReviewScreen(self.day, follow=self.follow))

    def on_unmount(self) -> None:
        self.day.close()


def make_app(
    request: DayRequest,
    *,
    clock: Clock | None = None,
    today: dt.date | None = None,
    live: bool = True,
    bell: bool = True,
) -> FacilitatorApp:
    """Open the day `request` asks for and return the app that runs it.

    Raises what `open_requested_day` raises (PlanError, DayError, DayLocked,
    OSError). Tests pass a fake `clock` and `live=False`, and drive the tick.
    """
    return FacilitatorApp(open_requested_day(request, clock=clock, today=today), live=live, bell=bell, request=request)


def make_review_app(data: Path, day_id: str | None = None, *, clock: Clock | None = None) -> ReviewApp:
    """Open a recorded day read-only (default: the latest) and return the review app; raises DayError."""
    return ReviewApp(open_for_reading(data, day_id, real_only=False, clock=clock))
