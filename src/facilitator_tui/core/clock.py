"""Where time comes from: the real clock, a scaled rehearsal clock, a fake one."""

from __future__ import annotations

import datetime as dt
from typing import Protocol


def local_now() -> dt.datetime:
    """The current local time, timezone-aware."""
    return dt.datetime.now().astimezone()


class Clock(Protocol):
    """Anything that can tell the time (always timezone-aware)."""

    speed: float
    """How many clock seconds pass per real second."""

    def now(self) -> dt.datetime:
        """The current time on this clock."""
        ...


class SystemClock:
    """The real wall clock, for a real day."""

    speed = 1.0

    def now(self) -> dt.datetime:
        """The local time now."""
        return local_now()


class ScaledClock:
    """A rehearsal clock: `speed` times real time, from `virtual_anchor` at `real_anchor`.

    The anchors are stored with the day, so a resumed rehearsal continues on
    the same scaled timeline, counting the time it was closed.
    """

    def __init__(self, speed: float, real_anchor: dt.datetime, virtual_anchor: dt.datetime) -> None:
        self.speed = speed
        self.real_anchor = real_anchor
        self.virtual_anchor = virtual_anchor

    def now(self) -> dt.datetime:
        """The rehearsal time now."""
        return self.virtual_anchor + (local_now() - self.real_anchor) * self.speed


class FakeClock:
    """A clock that moves only when told: for tests and snapshots."""

    speed = 1.0

    def __init__(self, start: dt.datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware datetime")
        self._now = start

    def now(self) -> dt.datetime:
        """The time it was last set to."""
        return self._now

    def advance(self, seconds: float = 0, minutes: float = 0) -> None:
        """Move time forward."""
        self._now += dt.timedelta(seconds=seconds, minutes=minutes)

    def set(self, when: dt.datetime) -> None:
        """Jump to a time."""
        self._now = when
