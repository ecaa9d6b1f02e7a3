"""`facilitator-tui review`: the review screen on its own, following the live day."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding

from ..days import Day
from .review_screen import ReviewScreen


class ReviewApp(App):
    """Read-only review of one day."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "facilitator-tui review"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(self, day: Day, *, follow: bool = True) -> None:
        super().__init__()
        self.day = day
        self.follow = follow

    def on_mount(self) -> None:
        self.push_screen(ReviewScreen(self.day, follow=self.follow))
