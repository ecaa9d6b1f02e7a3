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
from textual.containers import Container, Vertical
from textual.widgets import Label

from ..core.clock import Clock, SystemClock
from ..core.plan import Plan
from ..core.room import RoomView, Scene
from ..core.room_follower import FOLLOW_SECONDS, RoomFollower
from . import startup_gc
from .widgets.big_clock import BigClock, ClockFace

STYLESHEET = Path(__file__).with_name("display.tcss")
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
        self.follower = RoomFollower(data, day_id, plan, day_clock=clock, clock=clock or SystemClock())
        self.live = live
        self._flash = 0
        self._last_level = "ok"
        self._last_view: RoomView | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="room"):
            yield Label(id="room-heading", markup=False)
            with Container(id="room-clock-box"):
                yield ClockFace(id="room-face")
                yield BigClock(id="room-clock")
            yield Label(id="room-caption", markup=False)
            yield Label(id="room-warning", markup=False)
            yield Label(id="room-phase", markup=False)
            yield Label(id="room-instructions", markup=False)
            yield Label(id="room-next-up", markup=False)
            yield Label(id="room-lines", markup=False)

    def on_mount(self) -> None:
        self.tick()
        self.call_after_refresh(startup_gc.resume)
        if self.live:
            self.set_interval(FOLLOW_SECONDS, self.tick)

    def on_unmount(self) -> None:
        self.follower.close()

    def tick(self) -> None:
        """Follow the day, then show what the room should see (or why there is nothing yet)."""
        view = self.follower.look()
        if view is None:
            self._last_view = None
            self.show_waiting()
        elif view != self._last_view or self._flash:
            # Twice a second, but the room's view changes at most once a second: repaint only on a change.
            self._last_view = view
            self.show(view)

    def show_waiting(self) -> None:
        """No day to show: say what the display waits for."""
        self._scene("waiting")
        self._words(
            heading="Waiting for the day",
            clock="",
            lines=f"{self.follower.problem}\nThis screen keeps trying and follows the day once it starts.",
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
            phase=f"{phase.position} · {phase.name}" + (f" · {phase.left}" if phase.left else "") if phase else "",
            instructions=phase.instructions if phase else "",
            next_up=view.next_up,
            lines="\n".join(view.lines),
        )
        if view.scene is Scene.MESSAGE:
            # The message, in block letters as large as the screen allows (plain text for scripts the font lacks).
            self._words(heading="", message=view.message)

    def _scene(self, name: str) -> None:
        room = self.query_one("#room")
        for scene in (*(s.value for s in Scene), "waiting"):
            room.set_class(scene == name, f"-{scene}")

    def _words(self, **texts: str) -> None:
        """Set the named parts (heading, clock, caption, …); a part left out keeps its words, an empty one hides."""
        for name, text in texts.items():
            if name in ("clock", "message"):
                # The ticking clock is a face whose last digit repaints alone; a message is words, wrapped.
                face, big = self.query_one("#room-face", ClockFace), self.query_one("#room-clock", BigClock)
                if name == "clock":
                    face.value = text
                big.value = text if name == "message" else ""
                face.display, big.display = name == "clock" and bool(text), name == "message" and bool(text)
                self.query_one("#room-clock-box").display = bool(text)
                continue
            label = self.query_one(f"#room-{name.replace('_', '-')}", Label)
            before = getattr(label, "_room_text", None)
            if before != text:
                # These labels wrap, so a change may change their height: a new layout. The
                # countdown in the phase line changes every second but never its length, so
                # then only the label repaints (a layout repaints the whole screen: idle CPU).
                label._room_text = text  # type: ignore[attr-defined]
                label.update(Text(text), layout=before is None or len(before) != len(text))
            label.display = bool(text)
