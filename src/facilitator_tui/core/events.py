"""Events: every act of the day, as one immutable record.

The day's log of these is the single source of truth; what the screen shows
is always `fold(events)`. Each event carries a unique id, its author and
device, so logs from several devices can be merged as a union.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter


class EventBase(BaseModel):
    """Fields every event has."""

    model_config = ConfigDict(frozen=True, extra="ignore", defer_build=True)

    id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    at: AwareDatetime
    """When it happened, on the day's clock (timezone-aware)."""
    author: str = ""
    device: str = ""


class DayCreated(EventBase):
    """The first event of a day: which plan it runs, and on what clock."""

    type: Literal["day_created"] = "day_created"
    day_id: str
    date: dt.date
    plan_name: str
    """The plan's file name, never a full path."""
    plan: dict[str, Any]
    """The plan as it was when the day began, so later edits to the file cannot change the day."""
    rehearsal: bool = False
    timezone: str = ""
    """The day's zone (an IANA name, or a UTC offset such as "+01:00"); empty in a day begun before zones were kept."""
    speed: float = 1.0
    real_anchor: dt.datetime | None = None
    virtual_anchor: dt.datetime | None = None


class Start(EventBase):
    """Start the day at its first item not skipped; once started, resume a pause or start the item waited for in a gap."""

    type: Literal["start"] = "start"


class Pause(EventBase):
    """Stop the current item's clock."""

    type: Literal["pause"] = "pause"


class Resume(EventBase):
    """Restart the current item's clock after a pause."""

    type: Literal["resume"] = "resume"


class Next(EventBase):
    """End the current item and start the next one not skipped.

    With `to_gap`, the next item is not started: the day waits in the gap
    before it, and the next `next` or `start` starts it.
    """

    type: Literal["next"] = "next"
    to_gap: bool = False


class Previous(EventBase):
    """End the current item and reopen the one before it."""

    type: Literal["previous"] = "previous"


class GoTo(EventBase):
    """End the current item and start `item_id`."""

    type: Literal["goto"] = "goto"
    item_id: str


class Skip(EventBase):
    """Mark an item that has not started as skipped."""

    type: Literal["skip"] = "skip"
    item_id: str


class Extend(EventBase):
    """Give an item more (or, when negative, fewer) minutes."""

    type: Literal["extend"] = "extend"
    item_id: str
    minutes: int


class NextPhase(EventBase):
    """Move the current item on to its next exercise phase now."""

    type: Literal["next_phase"] = "next_phase"


class CorrectStart(EventBase):
    """The current item really started at `started` ("we started at 09:32")."""

    type: Literal["correct_start"] = "correct_start"
    item_id: str
    started: AwareDatetime


class Replan(EventBase):
    """A re-plan accepted: new lengths for items, and items dropped."""

    type: Literal["replan"] = "replan"
    minutes: dict[str, int] = Field(default_factory=dict)
    dropped: tuple[str, ...] = ()


class AcceptClose(EventBase):
    """The facilitator accepts a later (or earlier) close instead of re-planning."""

    type: Literal["accept_close"] = "accept_close"
    close: AwareDatetime


class RoomBlank(EventBase):
    """The room display goes blank, or comes back (as presentation software's `b`)."""

    type: Literal["room_blank"] = "room_blank"
    blank: bool


class RoomMessage(EventBase):
    """A short message shown large on the room display until cleared (an empty text clears it)."""

    type: Literal["room_message"] = "room_message"
    text: str


class RoomClock(EventBase):
    """The room display shows, or hides, the clock (for an exercise a countdown would distract)."""

    type: Literal["room_clock"] = "room_clock"
    shown: bool


class ClockTaken(EventBase):
    """This device takes over running the day's clock (the one that ran it is gone); the timer carries on from the log."""

    type: Literal["clock_taken"] = "clock_taken"


class PeopleListed(EventBase):
    """The participant list the day runs with (kept in the day's private log, so exports and a restart have it)."""

    type: Literal["people_listed"] = "people_listed"
    people: tuple[dict[str, Any], ...]
    """Each person's fields, as `people.Person` has them."""


class Attendance(EventBase):
    """Someone on the list is recorded absent, or arrives (late)."""

    type: Literal["attendance"] = "attendance"
    name: str
    present: bool


class GroupsMade(EventBase):
    """Groups (and role castings) made for one exercise from the people present; the last for an exercise stands."""

    type: Literal["groups_made"] = "groups_made"
    item_id: str
    exercise: int
    seed: int
    groups: tuple[tuple[str, ...], ...] = ()
    observers: tuple[str, ...] = ()
    castings: tuple[dict[str, Any], ...] = ()
    """Per board: {"board": n, "parts": [[role, name], ...], "observers": [...], "unplayed": [...]}."""
    broken: tuple[str, ...] = ()
    """Each rule that could not be kept, and why."""


class TaskTicked(EventBase):
    """A preparation or follow-up task ticked done, or unticked."""

    type: Literal["task_ticked"] = "task_ticked"
    task_id: str
    done: bool


class Undo(EventBase):
    """Take back the last timer act not already taken back."""

    type: Literal["undo"] = "undo"


CaptureKind = Literal["action", "decision", "parking", "quote"]
"""What a quick-captured item is."""


class NoteSaved(EventBase):
    """The latest full text of an item's free-text notes (autosaved as typed)."""

    type: Literal["note_saved"] = "note_saved"
    item_id: str
    text: str


class NoteSharing(EventBase):
    """Whether an item's free-text notes may go into a shared export."""

    type: Literal["note_sharing"] = "note_sharing"
    item_id: str
    shareable: bool


class Captured(EventBase):
    """An action, decision, parking-lot item or quote, stamped with its item."""

    type: Literal["captured"] = "captured"
    capture_id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    kind: CaptureKind
    item_id: str
    """The item it belongs to (before the start: the item up first)."""
    text: str
    owner: str | None = None
    """Who does it (actions only)."""
    due: str | None = None
    """When it is due, as typed (actions only)."""
    due_date: dt.date | None = None
    """The date `due` was understood as when captured; None when it is not a date."""
    private: bool = False
    """Facilitator-only: never in a shared export or on the room display."""


class CaptureEdited(EventBase):
    """New contents for a captured item (the old ones stay in the log)."""

    type: Literal["capture_edited"] = "capture_edited"
    capture_id: str
    text: str
    owner: str | None = None
    due: str | None = None
    due_date: dt.date | None = None
    private: bool = False


class CaptureDeleted(EventBase):
    """A captured item removed; the log keeps what it said."""

    type: Literal["capture_deleted"] = "capture_deleted"
    capture_id: str



Event = Annotated[
    DayCreated | Start | Pause | Resume | Next | Previous | GoTo | Skip | Extend | NextPhase | CorrectStart | Replan | AcceptClose | Undo | NoteSaved | NoteSharing | Captured | CaptureEdited | CaptureDeleted | RoomBlank | RoomMessage | RoomClock | ClockTaken | PeopleListed | Attendance | GroupsMade | TaskTicked,
    Field(discriminator="type"),
]

EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event, config=ConfigDict(defer_build=True))
"""Built at its first use (a log to read), not at import: a fresh day's first frame does not wait for it."""

TIMER_TYPES = frozenset(  # the acts `undo` can take back
    cls.model_fields["type"].default
    for cls in (Start, Pause, Resume, Next, Previous, GoTo, Skip, Extend, NextPhase, CorrectStart, Replan, AcceptClose)
)


CLOCK_TYPES = TIMER_TYPES | {"undo", ClockTaken.model_fields["type"].default}
"""Events only the device running the day's clock writes: the last one says which device that is."""

ROOM_TYPES = frozenset(cls.model_fields["type"].default for cls in (RoomBlank, RoomMessage, RoomClock))
"""What the room display shows: not timer acts, so `undo` leaves them alone."""


def event_to_line(event: EventBase) -> bytes:
    """One JSON line (ending in a newline) for the log."""
    return event.model_dump_json().encode("utf-8") + b"\n"


def event_from_line(line: bytes) -> Event:
    """Parse one log line; raises ValueError for anything that is not an event."""
    return EVENT_ADAPTER.validate_json(line)
