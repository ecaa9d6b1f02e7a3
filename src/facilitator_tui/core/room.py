"""What the room sees: one projection of the live day for the room display, terminal or browser.

`room_view` is the only way a display learns about the day, and it reads
only what is meant for the room: the plan's title, venue and item titles,
the phase names and their participant instructions, the times, and the
message the facilitator sent, and the running exercise's groups when the
plan says the room sees them (by name or pseudonym). Notes, captures,
guidance, scripts, role briefs and castings, and exercise summaries never
enter a `RoomView`, so no display can show them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

from .fold import DayState
from .people import pseudonyms_of
from .phases import steps_of
from .plan import Item, Kind, Plan
from .roster import Roster
from .status import ItemMark, Mode, Status, format_clock, hhmm, warning_level

RESTING = (Kind.BREAK, Kind.LUNCH)
"""Items the room spends away from the work: the display says when to be back."""


class Scene(str, Enum):
    """Which screen the room sees."""

    WELCOME = "welcome"
    SESSION = "session"
    BREAK = "break"
    GAP = "gap"
    CLOSED = "closed"
    BLANK = "blank"
    MESSAGE = "message"


@dataclass(frozen=True)
class RoomPhase:
    """The running exercise phase, as the room sees it."""

    name: str
    instructions: str
    left: str
    """The phase's own time left in words, to the minute: `7 min left`, `under a minute left`, `time is up`."""
    position: str
    """`Phase 2 of 4`."""


@dataclass(frozen=True)
class RoomView:
    """Everything a room display shows, as words; `clock` is None when hidden or when there is none."""

    scene: Scene
    heading: str
    """The day's title on the welcome and closing screens; the item's title otherwise."""
    clock: str | None
    caption: str
    """What the clock counts: `left`, `over`, `until we start`, `back at 11:15`."""
    warning: str
    """`5 minutes left`, `1 minute left`, `Time is up`: in words, never only a colour."""
    level: str
    """`ok`, `warn`, `critical` or `over`: the display changes its border's shape with it."""
    phase: RoomPhase | None
    next_up: str
    """`Next at 11:00: Break`, or empty."""
    lines: tuple[str, ...] = ()
    """More words for the scene: the venue and start on the welcome screen, a thank-you at the close."""
    message: str = ""


def room_view(plan: Plan, state: DayState, status: Status) -> RoomView:
    """The room display for the day as it stands: blank and message win over the timer's scenes."""
    room = state.room
    if room.blank:
        return RoomView(Scene.BLANK, "", None, "", "", "ok", None, "")
    if room.message:
        return RoomView(Scene.MESSAGE, room.message, None, "", "", "ok", None, "", message=room.message)
    view = _timer_view(plan, status, state.roster)
    if not room.clock_shown:
        # The words stay (what is on, what is next); the countdown and its warnings go.
        view = RoomView(view.scene, view.heading, None, "", "", "ok", _without_time(view.phase), view.next_up, view.lines)
    return view


def _timer_view(plan: Plan, status: Status, roster: Roster) -> RoomView:
    if status.mode is Mode.BEFORE:
        first = plan.agenda[status.next_index if status.next_index is not None else 0].title
        lines = tuple(line for line in (plan.subtitle, plan.venue, f"We start at {hhmm(status.planned_start)}: {first}") if line)
        clock = format_clock(status.until_start) if status.until_start > 0 else None
        return RoomView(Scene.WELCOME, plan.title, clock, "until we start", "", "ok", None, "", lines)
    if status.mode is Mode.ENDED:
        lines = (f"We closed at {hhmm(status.projected_close)}.", "Thank you for your work today.")
        return RoomView(Scene.CLOSED, plan.title, None, "", "", "ok", None, "", lines)
    if status.mode is Mode.GAP:
        following = status.next_index
        back = status.items[following].planned_start if following is not None else status.now
        until = status.until_next or 0.0
        heading = plan.agenda[following].title if following is not None else ""
        clock = format_clock(until) if until > 0 else None
        return RoomView(Scene.GAP, heading, clock, f"we start at {hhmm(back)}", "", "ok", None, "")
    index = status.current if status.current is not None else 0
    item = plan.agenda[index]
    remaining = status.remaining
    level = warning_level(remaining, plan.warnings.minutes)
    warning = _warning(remaining, level)
    if item.kind in RESTING:
        back = status.items[index].projected_end or status.now
        scene, caption = Scene.BREAK, f"back at {hhmm(back)}"
    else:
        scene, caption = Scene.SESSION, "left" if remaining > 0 else "over"
    if status.mode is Mode.PAUSED:
        caption += " · paused"
    return RoomView(scene, item.title, format_clock(remaining), caption, warning, level, _phase(plan, status, roster), _next_up(plan, status))


def _warning(remaining: float, level: str) -> str:
    if level == "over":
        return "Time is up"
    if level in ("warn", "critical"):
        minutes = max(1, int((remaining + 59) // 60))
        return f"{minutes} minute{'s' if minutes != 1 else ''} left"
    return ""


def _phase(plan: Plan, status: Status, roster: Roster) -> RoomPhase | None:
    phase = status.phase
    if status.current is None or phase is None or phase.done:
        return None
    item = plan.agenda[status.current]
    step = steps_of(item)[phase.index]
    shown = step.shown
    words = "\n".join(part for part in (shown.instructions, shown.link, *_groups_for_room(item, step.exercise, roster)) if part)
    return RoomPhase(shown.name, words, phase_time_words(phase.remaining), f"Phase {phase.index + 1} of {phase.count}")


def phase_time_words(seconds: float) -> str:
    """A phase's time left as the room reads it: whole minutes, rounded up.

    The big clock already counts the item's seconds; a second clock ticking
    beside it would pull the room's eyes twice (and repaint a line of the
    projector every second for nothing).
    """
    if seconds <= 0:
        return "time is up"
    if seconds <= 60:
        return "under a minute left"
    return f"{math.ceil(seconds / 60 - 1e-9)} min left"


def _groups_for_room(item: Item, exercise: int, roster: Roster) -> tuple[str, ...]:
    """The running exercise's groups, as the plan says the room sees them: names, pseudonyms, or nothing.

    Roles are never shown: who plays whom is handed out with the briefs.
    """
    rule = item.exercises[exercise].groups
    made = roster.groups.get((item.id, exercise))
    if rule is None or made is None or rule.room == "hidden":
        return ()
    if rule.room == "pseudonyms":
        table = pseudonyms_of(roster.people)
        shown = [[table.get(name, "Participant") for name in group] for group in made.groups]
        observers = [table.get(name, "Participant") for name in made.observers]
    else:
        shown = [list(group) for group in made.groups]
        observers = list(made.observers)
    label = "Board" if rule.boards else "Group"
    lines = [f"{label} {number}: {', '.join(group)}" for number, group in enumerate(shown, start=1)]
    if observers:
        lines.append(f"Observers: {', '.join(observers)}")
    return tuple(lines)


def _without_time(phase: RoomPhase | None) -> RoomPhase | None:
    return None if phase is None else RoomPhase(phase.name, phase.instructions, "", phase.position)


def _next_up(plan: Plan, status: Status) -> str:
    """`Next at 11:00: Break`: the first item still to come after the running one, else the close."""
    if status.current is None:
        return ""
    for timing in status.items[status.current + 1 :]:
        if timing.mark is ItemMark.UPCOMING and timing.projected_start is not None:
            return f"Next at {hhmm(timing.projected_start)}: {plan.agenda[timing.index].title}"
    return f"Close at {hhmm(status.projected_close)}"
