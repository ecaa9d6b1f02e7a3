"""`facilitator-tui display`: the room's view of the day, on a second terminal on the projector.

Read-only: it opens the day without its lock, follows the log twice a
second and shows only `core.room.room_view`, which holds nothing private.
When there is no day yet, or its log cannot be read, it says so and keeps
trying; it never writes and never crashes on a bad log.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label

from ..core.clock import Clock, SystemClock
from ..core.days import Day, DayError, latest_day_id, peek_day
from ..core.fold import new_state
from ..core.opening import open_for_reading
from ..core.plan import Plan
from ..core.room import RoomView, Scene, room_view
from ..core.status import status
from .widgets.big_clock import BigClock

STYLESHEET = Path(__file__).with_name("display.tcss")
FOLLOW_SECONDS = 0.5
"""How often the display reads the log: a change shows within a second."""
FLASH_TICKS = 6
"""Ticks the screen flashes for when the time runs out (3 s at two ticks a second)."""


class DisplayApp(App[None]):
    """The room display: the day's clock, item, phase and what is next, large."""

    CSS_PATH = STYLESHEET
    TITLE = "facilitator-tui display"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True), Binding("q", "quit", "Quit", show=False)]

    def __init__(
        self, data: Path, day_id: str | None = None, *, plan: Plan | None = None, clock: Clock | None = None, live: bool = True
    ) -> None:
        super().__init__()
        self.data = data
        self.day_id = day_id
        self.plan = plan
        """The day's plan, for the welcome screen before the day's first act (when there is no log to read yet)."""
        self.day_clock = clock
        """A clock for the day (tests); None: the day's own (a rehearsal's runs scaled)."""
        self.clock = clock or SystemClock()
        self.live = live
        self.day: Day | None = None
        self.problem = ""
        self._flash = 0
        self._last_level = "ok"

    def compose(self) -> ComposeResult:
        with Vertical(id="room"):
            yield Label(id="room-heading", markup=False)
            yield BigClock(id="room-clock")
            yield Label(id="room-caption", markup=False)
            yield Label(id="room-warning", markup=False)
            yield Label(id="room-phase", markup=False)
            yield Label(id="room-instructions", markup=False)
            yield Label(id="room-next-up", markup=False)
            yield Label(id="room-lines", markup=False)

    def on_mount(self) -> None:
        self.tick()
        if self.live:
            self.set_interval(FOLLOW_SECONDS, self.tick)

    def on_unmount(self) -> None:
        if self.day is not None:
            self.day.close()

    def tick(self) -> None:
        """Open or follow the day, then show what the room should see (or why there is nothing yet)."""
        try:
            if self.day is None:
                self.day = self._open()
            else:
                self.day.follow()
            self.problem = ""
        except (DayError, OSError, ValueError) as error:
            # No day yet, a log mid-copy, a folder unmounted: say so and try again next tick.
            self.problem = str(error)
        if self.day is None and self.plan is not None:
            fresh = new_state(self.plan)
            self.show(room_view(self.plan, fresh, status(self.plan, fresh, self.clock.now())))
            return
        if self.day is None or self.problem:
            self.show_waiting()
            return
        day = self.day
        self.show(room_view(day.plan, day.state, status(day.plan, day.state, day.clock.now())))

    def _open(self) -> Day | None:
        """The day to follow: the one asked for, else the latest; with a plan, only a day of today (else None: welcome)."""
        if self.day_id is None and self.plan is not None:
            latest = latest_day_id(self.data, real_only=False)
            header = peek_day(self.data, latest)[0] if latest else None
            if header is None or header.date != self.clock.now().date():
                return None
        return open_for_reading(self.data, self.day_id, real_only=False, clock=self.day_clock)

    def show_waiting(self) -> None:
        """No day to show: say what the display waits for."""
        self._scene("waiting")
        self._words(
            heading="Waiting for the day",
            clock="",
            lines=f"{self.problem}\nThis screen keeps trying and follows the day once it starts.",
        )

    def show(self, view: RoomView) -> None:
        """Repaint from the room's view."""
        self._scene(view.scene.value)
        if view.level == "over" and self._last_level != "over":
            self._flash = FLASH_TICKS
        self._last_level = view.level
        self._flash = max(self._flash - 1, 0)
        room = self.query_one("#room")
        for level in ("ok", "warn", "critical", "over"):
            room.set_class(view.level == level, f"-{level}")
        room.set_class(self._flash % 2 == 1, "-flash")
        phase = view.phase
        warning = {"warn": "⚠ ", "critical": "⚠ ", "over": "■ "}.get(view.level, "") + view.warning if view.warning else ""
        self._words(
            heading=view.heading,
            clock=view.clock or "",
            caption=view.caption,
            warning=warning,
            phase=f"{phase.position} · {phase.name}" + (f" · {phase.left} left" if phase.left else "") if phase else "",
            instructions=phase.instructions if phase else "",
            next_up=view.next_up,
            lines="\n".join(view.lines),
        )
        if view.scene is Scene.MESSAGE:
            self._words(heading=view.message)

    def _scene(self, name: str) -> None:
        room = self.query_one("#room")
        for scene in (*(s.value for s in Scene), "waiting"):
            room.set_class(scene == name, f"-{scene}")

    def _words(self, **texts: str) -> None:
        """Set the named parts (heading, clock, caption, …); a part left out keeps its words, an empty one hides."""
        for name, text in texts.items():
            if name == "clock":
                big = self.query_one("#room-clock", BigClock)
                big.value = text
                big.display = bool(text)
                continue
            label = self.query_one(f"#room-{name.replace('_', '-')}", Label)
            if getattr(label, "_room_text", None) != text:
                # These labels wrap, so a change may change their height: a full update.
                label._room_text = text  # type: ignore[attr-defined]
                label.update(Text(text))
            label.display = bool(text)
