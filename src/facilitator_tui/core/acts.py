"""Acts: everything a user can do to a day, each with its one rule.

An act is a small value (`Next()`, `Extend(1)`, `SaveNote(item, text)`).
`act.decide(situation)` checks the act's rule against the day as it stands
and says which event records it, that it would change nothing, or why not,
in words a screen shows as they are. `Day.do` (in `days`) is the only caller
that writes: the screens and the command line never re-check a rule.

Each act class also carries what the screens need to know about it without
running it: whether it writes the log, whether it needs a running item, and
whether it can change the running item (notes are saved before such an act).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

from . import events as ev
from .control_chars import typed
from .due_dates import understand_due
from .fold import DayState, current_phase
from .notes import CAPTURE_LABELS
from .plan import Plan
from .status import gap_before, hhmm, planned_times


@dataclass(frozen=True)
class Situation:
    """What an act's rule may look at: the plan, the folded day and the time now."""

    plan: Plan
    state: DayState
    now: dt.datetime
    rehearsal: bool = False
    """The day is a rehearsal (on a scaled clock): nothing real to protect."""
    author: str = ""
    """Who acts: free-text notes are theirs."""

    def title(self, index: int) -> str:
        """The title of agenda item `index`."""
        return self.plan.agenda[index].title

    def index(self, item_id: str) -> int | None:
        """The position of an item id, or None if the plan has no such item."""
        try:
            return self.plan.index_of(item_id)
        except KeyError:
            return None


@dataclass(frozen=True)
class Change:
    """The act is allowed and changes the day: record this event."""

    event: type[ev.EventBase]
    fields: dict[str, Any] = field(default_factory=dict)
    message: str = ""
    """What to tell the user once it is saved (may be empty: the screen shows the change)."""


@dataclass(frozen=True)
class NoChange:
    """The act is allowed but would change nothing, so nothing is written."""

    message: str = ""


@dataclass(frozen=True)
class Refusal:
    """The act is not allowed now; `reason` says why, in the user's words."""

    reason: str


@dataclass(frozen=True)
class Ask:
    """The act needs the user's say-so first: `question` asks it, and `then` is the act to do on yes."""

    question: str
    then: Act
    rehearse_at: dt.datetime | None = None
    """Rehearsing instead is offered: a rehearsal day that starts at this planned time."""


Decision = Change | NoChange | Refusal | Ask

START_GUARD = dt.timedelta(minutes=30)
"""How far from its planned start a real day may be started without a question."""


class Act:
    """Base of every act: its metadata, and its rule in `decide`."""

    writes: ClassVar[bool] = True
    """It writes the log (so a read-only window cannot do it)."""
    needs_item: ClassVar[bool] = False
    """It only makes sense while an item is running."""
    moves: ClassVar[bool] = False
    """It can change the running item: unsaved notes are saved first, for the item they were typed on."""

    def decide(self, now: Situation) -> Decision:
        """The act's rule: the event to record, no change, or a refusal."""
        raise NotImplementedError


def no_such_item(item_id: str) -> Refusal:
    """The refusal for an item id the plan does not have."""
    return Refusal(f"The plan has no item {item_id!r}.")


def format_minutes(seconds: float) -> str:
    """`12 min` (whole minutes, rounded down: what has fully passed)."""
    return f"{int(seconds // 60)} min"


def far_from_plan(now: Situation, index: int) -> str | None:
    """The question to ask before starting a real day at item `index` far from its planned start; None if near."""
    planned = planned_times(now.plan, now.state, now.now)[index][0]
    if now.rehearsal or abs(now.now - planned) <= START_GUARD:
        return None
    return f"It is {hhmm(now.now)}; this day is planned for {hhmm(planned)}. Start the real day now, or rehearse it?"


NOT_STARTED = "The day has not started yet."
ENDED = "The day has ended."
NO_ITEM = "No item is running."


# ----- the timer -----------------------------------------------------------


@dataclass(frozen=True)
class Toggle(Act):
    """Space: start the day, pause the running item, or resume it."""

    confirmed: bool = False
    """The user has said yes to starting a real day far from its planned start."""
    moves: ClassVar[bool] = True

    def decide(self, now: Situation) -> Decision:
        state = now.state
        if state.ended:
            return Refusal(ENDED)
        if not state.started:
            return Start(self.confirmed).decide(now)
        if state.paused:
            return Resume().decide(now)
        if state.in_gap:
            return Change(ev.Start)  # the item waited for starts now, early if need be
        return Pause().decide(now)


@dataclass(frozen=True)
class Start(Act):
    """Start the day at the item `next` would start.

    A real day started more than half an hour from its planned start asks
    first: at 03:56 a day planned for 09:30 is more likely a rehearsal.
    """

    confirmed: bool = False
    moves: ClassVar[bool] = True

    def decide(self, now: Situation) -> Decision:
        if now.state.started:
            return NoChange()
        first = now.state.next_index()
        if first is None:
            return Refusal("Every item is skipped: there is nothing to start.")
        if not self.confirmed:
            question = far_from_plan(now, first)
            if question:
                return Ask(question, Start(confirmed=True), planned_times(now.plan, now.state, now.now)[first][0])
        return Change(ev.Start)


@dataclass(frozen=True)
class Pause(Act):
    """Stop the running item's clock."""

    needs_item: ClassVar[bool] = True

    def decide(self, now: Situation) -> Decision:
        if now.state.current is None:
            return Refusal(NO_ITEM)
        if now.state.paused:
            return NoChange()
        return Change(ev.Pause)


@dataclass(frozen=True)
class Resume(Act):
    """Restart the running item's clock after a pause."""

    needs_item: ClassVar[bool] = True

    def decide(self, now: Situation) -> Decision:
        if not now.state.paused:
            return NoChange()
        return Change(ev.Resume)


@dataclass(frozen=True)
class Next(Act):
    """End the running item and start the next one (before the start: the first).

    When a gap lies before the next item and its planned start is still to
    come, the item ends and the day waits in the gap: nothing starts by
    itself, and the next `Next` or `Toggle` starts it, early if wanted.
    """

    confirmed: bool = False
    """The user has said yes to closing the day from its last item."""
    moves: ClassVar[bool] = True

    def decide(self, now: Situation) -> Decision:
        state = now.state
        if state.ended:
            return Refusal(ENDED)
        if not state.started:
            return Start(self.confirmed).decide(now)
        following = state.next_index()
        if state.current is not None and following is None and not self.confirmed:
            title = now.title(state.current)
            return Ask(f"{title} is the last item. End it and close the day?", Next(confirmed=True))
        if state.current is not None and following is not None:
            planned = planned_times(now.plan, state, now.now)
            if gap_before(planned, following) and now.now < planned[following][0]:
                return Change(ev.Next, {"to_gap": True})
        return Change(ev.Next)


@dataclass(frozen=True)
class Previous(Act):
    """End the running item and reopen the last one before it that ran."""

    moves: ClassVar[bool] = True

    def decide(self, now: Situation) -> Decision:
        if not now.state.started:
            return Refusal(NOT_STARTED)
        if now.state.previous_index() is None:
            return Refusal("This is the first item run today.")
        return Change(ev.Previous)


@dataclass(frozen=True)
class Jump(Act):
    """End the running item and start `item_id`, even one skipped or passed over."""

    item_id: str
    confirmed: bool = False
    moves: ClassVar[bool] = True

    def decide(self, now: Situation) -> Decision:
        index = now.index(self.item_id)
        if index is None:
            return no_such_item(self.item_id)
        if index == now.state.current:
            return Refusal(f"{now.title(index)} is already running.")
        if not now.state.started and not self.confirmed:
            question = far_from_plan(now, index)
            if question:
                return Ask(question, Jump(self.item_id, confirmed=True), planned_times(now.plan, now.state, now.now)[index][0])
        return Change(ev.GoTo, {"item_id": self.item_id})


@dataclass(frozen=True)
class Extend(Act):
    """Give the running item (before the start or in a gap: the next) more minutes, or fewer."""

    minutes: int

    def decide(self, now: Situation) -> Decision:
        state = now.state
        index = state.current if state.current is not None else state.next_index()
        if index is None:
            return Refusal("There is no item to give time to.")
        if self.minutes == 0:
            return NoChange()
        item = state.items[index]
        # Never below zero minutes in all, so `+` always helps at once.
        extra = max(item.extra_minutes + self.minutes, -state.planned_minutes[index])
        if extra == item.extra_minutes:
            return Refusal(f"{now.title(index)} has no time left to take away.")
        ran = item.running_seconds(now.now)
        if self.minutes < 0 and (state.planned_minutes[index] + extra) * 60 < ran:
            return Refusal(f"{now.title(index)} has run {format_minutes(ran)} already; it cannot be shorter than that.")
        return Change(ev.Extend, {"item_id": now.plan.agenda[index].id, "minutes": self.minutes})


@dataclass(frozen=True)
class Skip(Act):
    """Mark an item not yet run as skipped; by default the one `next` would start."""

    item_id: str | None = None

    def decide(self, now: Situation) -> Decision:
        state = now.state
        index = state.next_index() if self.item_id is None else now.index(self.item_id)
        if index is None:
            return Refusal("Nothing left to skip.") if self.item_id is None else no_such_item(self.item_id)
        title = now.title(index)
        if index == state.current:
            return Refusal(f"{title} is running; it cannot be skipped.")
        if state.items[index].started:
            return Refusal(f"{title} has already run; next resumes it.")
        if state.items[index].skipped:
            return NoChange(f"{title} is already skipped.")
        return Change(ev.Skip, {"item_id": now.plan.agenda[index].id}, f"Skipped: {title}. Undo brings it back.")


@dataclass(frozen=True)
class Undo(Act):
    """Take back the last timer act still in effect (a clicker's double press)."""

    moves: ClassVar[bool] = True

    def decide(self, now: Situation) -> Decision:
        if now.state.timer_acts == 0:
            return Refusal("Nothing to undo.")
        return Change(ev.Undo, message="Undone.")


@dataclass(frozen=True)
class NextPhase(Act):
    """Move the running item on to its next exercise phase now."""

    needs_item: ClassVar[bool] = True

    def decide(self, now: Situation) -> Decision:
        phase = current_phase(now.plan, now.state, now.now)
        if now.state.current is None:
            return Refusal(NO_ITEM)
        if phase is None:
            return Refusal("This item has no exercise phases.")
        if phase.index + 1 >= phase.count:
            return Refusal("This is the last phase.")
        return Change(ev.NextPhase)


@dataclass(frozen=True)
class CorrectStart(Act):
    """The running item really started at `started` ("we started at 09:32")."""

    started: dt.datetime
    needs_item: ClassVar[bool] = True

    def decide(self, now: Situation) -> Decision:
        index = now.state.current
        if index is None:
            return Refusal("Start an item first; then you can correct when it started.")
        first = now.state.items[index].segments[0]
        limit = first.end or now.now
        if self.started >= limit:
            return Refusal(f"{self.started:%H:%M} is not in the past; the start must be before {limit:%H:%M}.")
        if self.started == first.start:
            return NoChange()
        return Change(
            ev.CorrectStart,
            {"item_id": now.plan.agenda[index].id, "started": self.started},
            f"Start corrected to {self.started:%H:%M}.",
        )


@dataclass(frozen=True)
class Replan(Act):
    """Accept a re-plan: new lengths for items still to come, and items dropped."""

    minutes: dict[str, int]
    dropped: tuple[str, ...] = ()

    def decide(self, now: Situation) -> Decision:
        unknown = [i for i in (*self.minutes, *self.dropped) if now.index(i) is None]
        if unknown:
            return no_such_item(unknown[0])
        if not self.minutes and not self.dropped:
            return NoChange("Nothing to change: the day already closes on time.")
        for item_id in self.dropped:
            index = now.plan.index_of(item_id)
            if not now.state.untouched(index):
                return Refusal(f"{now.title(index)} has already run; it cannot be dropped.")
        return Change(ev.Replan, {"minutes": dict(self.minutes), "dropped": self.dropped}, "Re-plan accepted.")


@dataclass(frozen=True)
class AcceptClose(Act):
    """Keep every item as it is and take the close it leads to."""

    close: dt.datetime

    def decide(self, now: Situation) -> Decision:
        if now.state.target_close == self.close:
            return NoChange()
        return Change(ev.AcceptClose, {"close": self.close}, f"The day now closes at {hhmm(self.close)}.")


@dataclass(frozen=True)
class TakeClock(Act):
    """This device takes over the day's clock from one that is gone (a laptop died mid-day)."""

    device: str

    def decide(self, now: Situation) -> Decision:
        running = now.state.clock_device
        if not running or running == self.device:
            return NoChange()
        return Change(ev.ClockTaken, {}, f"This laptop now runs the clock (it was {running}); the timer carries on from the log.")


# ----- the room display ------------------------------------------------------

ROOM_MESSAGE_MAX = 120
"""A room message is read from the back of the room: a line or two, not a paragraph."""
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class BlankRoom(Act):
    """Blank the room display, or bring it back."""

    blank: bool

    def decide(self, now: Situation) -> Decision:
        if now.state.room.blank == self.blank:
            return NoChange()
        words = "The room display is blank (w brings it back)." if self.blank else "The room display is back."
        return Change(ev.RoomBlank, {"blank": self.blank}, words)


@dataclass(frozen=True)
class MessageRoom(Act):
    """Show the room a short message until it is cleared (empty text clears it)."""

    text: str

    def decide(self, now: Situation) -> Decision:
        # One line on the projector: line breaks and control characters become spaces.
        text = " ".join(_CONTROL.sub(" ", self.text).split())
        if len(text) > ROOM_MESSAGE_MAX:
            return Refusal(f"Keep it short for the room: at most {ROOM_MESSAGE_MAX} characters ({len(text)} now).")
        if text == now.state.room.message:
            return NoChange()
        words = "The room sees your message (o, then enter on an empty line, clears it)." if text else "Message cleared."
        return Change(ev.RoomMessage, {"text": text}, words)


@dataclass(frozen=True)
class ShowRoomClock(Act):
    """Show or hide the clock on the room display."""

    shown: bool

    def decide(self, now: Situation) -> Decision:
        if now.state.room.clock_shown == self.shown:
            return NoChange()
        words = "The room sees the clock again." if self.shown else "The clock is hidden from the room (h shows it)."
        return Change(ev.RoomClock, {"shown": self.shown}, words)


# ----- notes ---------------------------------------------------------------


@dataclass(frozen=True)
class SaveNote(Act):
    """The latest full text of an item's free-text notes."""

    item_id: str
    text: str

    def decide(self, now: Situation) -> Decision:
        if now.index(self.item_id) is None:
            return no_such_item(self.item_id)
        # A pasted control character is kept as its picture (␛), so the note is seen, never obeyed.
        text = typed(self.text)
        if now.state.notes.notes_for(self.item_id, now.author).text == text:
            return NoChange()
        return Change(ev.NoteSaved, {"item_id": self.item_id, "text": text})


@dataclass(frozen=True)
class ShareNotes(Act):
    """Mark an item's notes fit (or not) for a shared export."""

    item_id: str
    shareable: bool

    def decide(self, now: Situation) -> Decision:
        if now.index(self.item_id) is None:
            return no_such_item(self.item_id)
        if now.state.notes.notes_for(self.item_id, now.author).shareable == self.shareable:
            return NoChange()
        words = "may now go into shared exports" if self.shareable else "are private again (left out of shared exports)"
        return Change(ev.NoteSharing, {"item_id": self.item_id, "shareable": self.shareable}, f"These notes {words}.")


def _clean(value: str | None) -> str | None:
    """An optional field as typed: stripped, control characters made visible, and None when blank."""
    value = typed((value or "").strip())
    return value or None


def _due_fields(due: str | None, now: dt.datetime) -> dict[str, Any]:
    """An action's due as typed and the date it means, decided once, from the day's clock."""
    words = _clean(due)
    return {"due": words, "due_date": understand_due(words, now.date())}


@dataclass(frozen=True)
class Capture(Act):
    """Capture an action, decision, parking-lot item or quote against an item."""

    kind: ev.CaptureKind
    item_id: str
    text: str
    owner: str | None = None
    due: str | None = None
    private: bool = False

    def decide(self, now: Situation) -> Decision:
        if now.index(self.item_id) is None:
            return no_such_item(self.item_id)
        if not self.text.strip():
            return Refusal("Type something first.")
        fields: dict[str, Any] = {
            "kind": self.kind,
            "item_id": self.item_id,
            "text": typed(self.text.strip()),
            "owner": _clean(self.owner) if self.kind == "action" else None,
            "private": self.private,
            **_due_fields(self.due if self.kind == "action" else None, now.now),
        }
        return Change(ev.Captured, fields, f"{CAPTURE_LABELS[self.kind]} saved" + (" (private)." if self.private else "."))


@dataclass(frozen=True)
class EditCapture(Act):
    """New contents for a captured item (the log keeps the old ones)."""

    capture_id: str
    text: str
    owner: str | None = None
    due: str | None = None
    private: bool = False

    def decide(self, now: Situation) -> Decision:
        capture = now.state.notes.captures.get(self.capture_id)
        if capture is None or capture.deleted:
            return Refusal("That captured item is no longer there.")
        if not self.text.strip():
            return Refusal("Type something first.")
        action = capture.kind == "action"
        new = (typed(self.text.strip()), _clean(self.owner) if action else None, _clean(self.due) if action else None, self.private)
        if new == (capture.text, capture.owner, capture.due, capture.private):
            return NoChange()
        fields: dict[str, Any] = dict(zip(("text", "owner", "due", "private"), new, strict=True))
        # The same words keep the date they were understood as when first captured.
        fields["due_date"] = capture.due_date if new[2] == capture.due else _due_fields(new[2], now.now)["due_date"]
        return Change(ev.CaptureEdited, {"capture_id": self.capture_id, **fields}, f"{CAPTURE_LABELS[capture.kind]} saved.")


@dataclass(frozen=True)
class DeleteCapture(Act):
    """Remove a captured item; the log keeps what it said."""

    capture_id: str

    def decide(self, now: Situation) -> Decision:
        capture = now.state.notes.captures.get(self.capture_id)
        if capture is None or capture.deleted:
            return Refusal("That captured item is no longer there.")
        return Change(ev.CaptureDeleted, {"capture_id": self.capture_id}, "Deleted (the day log keeps a record).")


@dataclass(frozen=True)
class Outcome:
    """What `Day.do` did with an act: the words for the user, and the event it wrote, if any."""

    done: bool
    """The act happened, or needed nothing; False when refused or not saved."""
    message: str = ""
    """What to tell the user, as it is (empty: the screen shows the change itself)."""
    event: ev.EventBase | None = None
    """The event written; None when nothing needed writing or the act was refused."""
    failed: bool = False
    """It was allowed but could not be saved (a full disk?): nothing already saved is lost."""
    ask: Act | None = None
    """The act needs a yes first: `message` is the question, and this is the act to do on yes."""
    rehearse_at: dt.datetime | None = None
    """With `ask`: rehearsing instead is offered, from this planned time."""

    @property
    def changed(self) -> bool:
        """True when an event was written."""
        return self.event is not None


READ_ONLY = "This day is open read-only."
