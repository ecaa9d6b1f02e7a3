"""The Textual app: one factory used by the CLI and by the tests."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from ..days import Day
from .run_screen import RunScreen


class FacilitatorApp(App):
    """Runs one day on the run screen."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "facilitator-tui"
    BINDINGS = [
        # A presentation clicker sends PageDown/PageUp: these must move the
        # day whatever has focus, even with a dialog open.
        Binding("pagedown", "clicker('next')", "Next item (clicker)", show=False, priority=True, id="next-clicker"),
        Binding("pageup", "clicker('previous')", "Previous item (clicker)", show=False, priority=True, id="previous-clicker"),
        Binding("ctrl+q", "quit", "Quit (the day resumes on the next run)", show=False, id="quit", priority=True),
    ]

    def __init__(self, day: Day, *, live: bool = True, bell: bool = True) -> None:
        super().__init__()
        self.day = day
        self.live = live
        self.bell_enabled = bell

    def on_mount(self) -> None:
        self.push_screen(RunScreen(self.day, live=self.live, bell=self.bell_enabled))

    @property
    def run_screen(self) -> RunScreen:
        """The run screen (under any dialog on top of it)."""
        return next(s for s in self.screen_stack if isinstance(s, RunScreen))

    async def action_quit(self) -> None:
        """Save unsaved notes, then quit; the day resumes on the next run."""
        for screen in self.screen_stack:
            if isinstance(screen, RunScreen):
                screen.flush_notes()
        self.exit()

    def action_clicker(self, act: str) -> None:
        """Run a clicker act on the run screen."""
        getattr(self.run_screen, f"action_{act}")()

    def key_rows(self, screen: Screen) -> list[tuple[str, str]]:
        """(keys, description) for every binding of `screen` and the app."""
        rows = []
        for binding in [*screen.BINDINGS, *self.BINDINGS]:
            keys = binding.key_display or ", ".join(self.get_key_display(Binding(k, "")) for k in binding.key.split(","))
            rows.append((keys, binding.tooltip or binding.description))
        rows += [
            ("↑ ↓ enter", "In the agenda: pick an item to read and add to its notes (the timer stays put)"),
            ("ctrl+t", "In a capture form: private on/off"),
            ("ctrl+p", "Command palette: every action by name"),
        ]
        return rows

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every run-screen key is also a command in the palette (ctrl+p)."""
        yield from super().get_system_commands(screen)
        if isinstance(screen, RunScreen):
            seen = set()
            for binding in screen.BINDINGS:
                if binding.action in seen:
                    continue
                seen.add(binding.action)
                key = binding.key_display or binding.key.split(",")[0]
                title = binding.tooltip or binding.description
                yield SystemCommand(title, f"key: {key}", partial(screen.run_action, binding.action))

    def on_unmount(self) -> None:
        self.day.close()


def create_app(day: Day, *, live: bool = True, bell: bool = True) -> FacilitatorApp:
    """The app for a day; tests pass live=False and drive the clock themselves."""
    return FacilitatorApp(day, live=live, bell=bell)
