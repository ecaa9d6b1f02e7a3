"""Following a day for a room display: one follower for the terminal display and the web page alike.

It opens the day read-only (never its lock, never a write), follows the log
on each `look`, and gives the room's view of it, or why there is none yet:
no day, a log that cannot be read, a folder gone. It keeps trying.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .clock import Clock, SystemClock
from .days import Day, DayError, latest_day_id, peek_day
from .fold import new_state
from .opening import open_for_reading
from .plan import Plan
from .room import RoomView, room_view
from .status import status

FOLLOW_SECONDS = 0.5
"""How often a room display reads the day: a change reaches the room within a second."""


@dataclass
class RoomFollower:
    """The day a room display follows: the one named, else the latest (with a plan: only one dated today)."""

    data: Path
    day_id: str | None = None
    plan: Plan | None = None
    """The day's plan, for the welcome before the day's first act (when there is no log to read yet)."""
    day_clock: Clock | None = None
    """A clock for the day (tests); None: the day's own (a rehearsal's runs scaled)."""
    clock: Clock = field(default_factory=SystemClock)
    day: Day | None = None
    problem: str = ""
    _seen: tuple[int, int] | None = field(default=None, repr=False)
    """(events, whole second) of the last view worked out: the room's view changes with nothing else."""
    _view: RoomView | None = field(default=None, repr=False)

    def look(self) -> RoomView | None:
        """The room's view now, after reading what is new in the log; None with `problem` saying why not."""
        try:
            if self.day is None:
                self.day = self._open()
            else:
                self.day.follow()
            self.problem = ""
        except (DayError, OSError, ValueError) as error:
            # No day yet, a log mid-copy, a folder unmounted: say so, and try again next time.
            self.problem = str(error)
        if self.day is None and self.plan is not None and not self.problem:
            fresh = new_state(self.plan)
            return room_view(self.plan, fresh, status(self.plan, fresh, self.clock.now()))
        if self.day is None or self.problem:
            return None
        day = self.day
        now = day.now()  # never before the log's last event: a clock set back shows what the run window shows
        # Looked at twice a second, the view changes at most once a second, or with a new event:
        # working out the day's status only then halves a display's idle work.
        seen = (len(day.events), int(now.timestamp()))
        if seen != self._seen or self._view is None:
            self._seen, self._view = seen, room_view(day.plan, day.state, status(day.plan, day.state, now))
        return self._view

    def _open(self) -> Day | None:
        if self.day_id is None and self.plan is not None:
            latest = latest_day_id(self.data, real_only=False)
            header = peek_day(self.data, latest)[0] if latest else None
            if header is None or header.date != self.clock.now().date():
                return None
        return open_for_reading(self.data, self.day_id, real_only=False, clock=self.day_clock)

    def close(self) -> None:
        """Let go of the day's files."""
        if self.day is not None:
            self.day.close()
