"""The benchmark's baseline: a minimal Textual app with one `Digits` updated every second.

`run_screen_bench.py` launches it in a pty and waits for MARKER to appear.
Run it by hand to look at it: `python bench/baseline_digits_app.py` (ctrl+q quits).
"""

from __future__ import annotations

from datetime import datetime

from textual.app import App, ComposeResult
from textual.widgets import Digits, Label

MARKER = "Digits baseline"
"""Text on the first frame; the benchmark times how long it takes to appear."""


def now_text() -> str:
    """The wall-clock time as HH:MM:SS."""
    return datetime.now().strftime("%H:%M:%S")


class DigitsBaseline(App):
    """One label and one `Digits` clock, repainted by a 1 Hz timer."""

    def compose(self) -> ComposeResult:
        yield Label(MARKER)
        yield Digits(now_text(), id="clock")

    def on_mount(self) -> None:
        self.set_interval(1.0, self.tick)

    def tick(self) -> None:
        """Show the time now."""
        self.query_one("#clock", Digits).update(now_text())


if __name__ == "__main__":
    DigitsBaseline().run()
