"""Fold a day's events into its state: where the day is, and what happened.

`fold` is pure: the same events always give the same state, so a restart is
just a replay. Live numbers (elapsed, remaining, drift) need "now" as well
and come from `status.status`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from . import events as ev
from .day_zone import zone_named
from .events import CLOCK_TYPES, ROOM_TYPES, TIMER_TYPES, DayCreated, Event
from .notes import DayNotes, fold_notes
from .phases import PhaseNow, effective_phase_lengths, phase_at
from .plan import Plan
from .roster import Roster, fold_roster


@dataclass
class Span:
    """A stretch of time; `end` is None while it is still open."""

    start: dt.datetime
    end: dt.datetime | None = None

    def seconds(self, now: dt.datetime) -> float:
        """Its length, counting an open span up to `now`."""
        end = self.end if self.end is not None else now
        return max((min(end, now) - self.start).total_seconds(), 0.0)


@dataclass
class ItemState:
    """What has happened to one agenda item."""

    segments: list[Span] = field(default_factory=list)
    """Running stretches; more than one when the item was reopened."""
    pauses: list[Span] = field(default_factory=list)
    skipped: bool = False
    dropped: bool = False
    """Dropped by a re-plan (also counts as skipped)."""
    extra_minutes: int = 0
    """Minutes added (or taken away) with extend / shorten."""
    phase_jumps: list[tuple[float, int]] = field(default_factory=list)
    """(running seconds, phase index) where the facilitator moved the phase on."""
    _closed_pauses: tuple[int, dt.datetime, float] | None = field(default=None, init=False, repr=False, compare=False)
    """(how many, the last one's end, their seconds) of the pauses already summed: a long day's fold asks for
    the running time at every phase act, and summing every pause again each time grew with the square."""

    @property
    def started(self) -> bool:
        """True once the item has run at all."""
        return bool(self.segments)

    @property
    def actual_start(self) -> dt.datetime | None:
        """When it first started."""
        return self.segments[0].start if self.segments else None

    @property
    def actual_end(self) -> dt.datetime | None:
        """When it last ended, or None while it runs or before it ran."""
        if not self.segments or self.segments[-1].end is None:
            return None
        return self.segments[-1].end

    @property
    def paused(self) -> bool:
        """True while a pause is open."""
        return bool(self.pauses) and self.pauses[-1].end is None

    def running_seconds(self, now: dt.datetime) -> float:
        """Time it has run, without pauses, up to `now`."""
        ran = sum(span.seconds(now) for span in self.segments)
        return max(ran - self._paused_seconds(now), 0.0)

    def _paused_seconds(self, now: dt.datetime) -> float:
        closed = len(self.pauses) - 1 if self.paused else len(self.pauses)
        done, total = 0, 0.0
        cached = self._closed_pauses
        # Closed pauses that ended by `now` count whole, whatever `now` is later: their sum is kept.
        if cached is not None and cached[0] <= closed and now >= cached[1]:
            done, total = cached[0], cached[2]
        for span in self.pauses[done:closed]:
            total += span.seconds(now)
        if closed and (last_end := self.pauses[closed - 1].end) is not None and now >= last_end:
            self._closed_pauses = (closed, last_end, total)
        return total + sum(span.seconds(now) for span in self.pauses[closed:])


@dataclass
class RoomState:
    """What the facilitator set for the room display."""

    blank: bool = False
    message: str = ""
    """Shown large until cleared; empty: none."""
    clock_shown: bool = True


@dataclass
class DayState:
    """A day folded from its events."""

    items: list[ItemState]
    planned_minutes: list[int]
    """Each item's length as planned, after any accepted re-plan."""
    header: DayCreated | None = None
    started: bool = False
    current: int | None = None
    """The running (or paused) item; None before the start and after the end."""
    ended: bool = False
    waiting: int | None = None
    """In a gap: the item the day waits to start (the next `next` or `start` starts it); else None."""
    target_close: dt.datetime | None = None
    """A close the facilitator accepted instead of the plan's."""
    timer_acts: int = 0
    """How many timer acts are in effect (after undo): zero means nothing to undo."""
    last_at: dt.datetime | None = None
    notes: DayNotes = field(default_factory=DayNotes)
    """Free-text notes and captured items."""
    room: RoomState = field(default_factory=RoomState)
    """Blank, message and clock of the room display."""
    clock_device: str = ""
    """The device that runs the day's clock: the writer of the last timer act, undo or take-over."""
    clock_at: dt.datetime | None = None
    """When that device last did."""
    roster: Roster = field(default_factory=Roster)
    """The people, who is here, the groups made and the tasks ticked."""

    @property
    def paused(self) -> bool:
        """True while the current item is paused."""
        return self.current is not None and self.items[self.current].paused

    def allotted_seconds(self, index: int) -> float:
        """The item's length now: planned (or re-planned) plus extensions, never below zero."""
        return max(self.planned_minutes[index] + self.items[index].extra_minutes, 0) * 60.0

    def next_index(self) -> int | None:
        """The item that `next` starts: the first not skipped after the running one.

        The one answer to "what is next", used by the fold, the status, the
        acts' rules and so every screen. None once the day has ended.
        """
        if not self.started:
            return next_runnable(self, -1)
        if self.waiting is not None:
            return self.waiting
        if self.current is None:
            return None
        return next_runnable(self, self.current)

    @property
    def in_gap(self) -> bool:
        """True while the day waits in a gap for its next item."""
        return self.waiting is not None

    def notes_index(self) -> int | None:
        """The item notes and captures go to unless another is picked: the running
        one, else the one up next, else (after the close) the last one."""
        if self.current is not None:
            return self.current
        following = self.next_index()
        if following is not None:
            return following
        return len(self.items) - 1 if self.items else None

    def untouched(self, index: int) -> bool:
        """True when an item has not run at all, not even for a second: a re-plan may drop or squeeze it.

        An item that has run (we went back before it) keeps what it has left.
        The one rule for the fold, the re-plan proposal and the `Replan` act.
        """
        return not self.items[index].started and index != self.current

    def previous_index(self) -> int | None:
        """The item that `previous` reopens: the last one before the running one that ran."""
        if not self.started:
            return None
        before = self.current if self.current is not None else self.waiting if self.waiting is not None else len(self.items)
        for index in range(before - 1, -1, -1):
            if self.items[index].started:
                return index
        return None


def next_runnable(state: DayState, after: int) -> int | None:
    """The first item after `after` that is not skipped."""
    for index in range(after + 1, len(state.items)):
        if not state.items[index].skipped:
            return index
    return None


def current_phase(plan: Plan, state: DayState, now: dt.datetime) -> PhaseNow | None:
    """The exercise phase the running item is in at `now` (None without a running item or phases).

    A squeezed item (re-plan or shorten) shrinks its phases with it.
    """
    if state.current is None:
        return None
    planned = plan.item_minutes(state.current) * 60.0
    lengths = effective_phase_lengths(plan.agenda[state.current], planned, state.allotted_seconds(state.current))
    item = state.items[state.current]
    return phase_at(lengths, item.phase_jumps, item.running_seconds(now))


def new_state(plan: Plan) -> DayState:
    """The state of a day on which nothing has happened."""
    return DayState(
        items=[ItemState() for _ in plan.agenda],
        planned_minutes=[plan.item_minutes(i) for i in range(len(plan.agenda))],
    )


def effective_timer_events(events: Iterable[Event]) -> list[Event]:
    """Timer events still in effect once every undo has taken back its act."""
    kept: list[Event] = []
    for event in events:
        if isinstance(event, ev.Undo):
            if kept:
                kept.pop()
        elif event.type in TIMER_TYPES:
            kept.append(event)
    return kept


def fold(plan: Plan, events: Iterable[Event]) -> DayState:
    """The day's state after `events`, in order: timer and notes."""
    events = list(events)
    state = fold_timer(plan, events)
    state.notes = fold_notes(events)
    state.roster = fold_roster(events)
    return state


def fold_timer(plan: Plan, events: Iterable[Event]) -> DayState:
    """The day's timer state after `events` (notes left empty)."""
    events = list(events)
    state = new_state(plan)
    # One look at each event's type: on a long day almost every event is a note, which this pass skips.
    for event in events:
        kind = event.type
        if kind in CLOCK_TYPES:
            state.clock_device, state.clock_at = event.device, event.at
        elif kind in ROOM_TYPES:
            _room(state.room, event)
        elif isinstance(event, DayCreated) and state.header is None:
            state.header = event
    if events:
        state.last_at = events[-1].at
    timer = effective_timer_events(events)
    state.timer_acts = len(timer)
    zone = zone_named(state.header.timezone) if state.header is not None else None
    for event in timer:
        # Spans on the day's clock face: a laptop in another zone writes the same instants.
        _apply(plan, state, event.model_copy(update={"at": event.at.astimezone(zone)}) if zone is not None else event)
    return state


def _apply(plan: Plan, state: DayState, event: Event) -> None:
    """Fold one timer event in. The acts' rules (`acts`) decided it was allowed;
    the fold still ignores what cannot apply, so a hand-edited or merged log
    never breaks a replay."""
    at = event.at
    match event:
        case ev.Start():
            if not state.started or state.waiting is not None:
                _begin(state, state.next_index(), at)
            elif state.paused:
                _close_pause(state, at)
        case ev.Pause():
            if state.current is not None and not state.paused:
                state.items[state.current].pauses.append(Span(at))
        case ev.Resume():
            if state.paused:
                _close_pause(state, at)
        case ev.Next(to_gap=to_gap):
            if not state.started or state.waiting is not None:
                _begin(state, state.next_index(), at)
            elif state.current is not None:
                following = state.next_index()
                _end_current(state, at)
                if to_gap and following is not None:
                    state.waiting = following
                else:
                    _begin(state, following, at)
        case ev.Previous():
            earlier = state.previous_index()
            if earlier is not None:
                _end_current(state, at)
                _begin(state, earlier, at)
        case ev.GoTo(item_id=item_id):
            _goto(plan, state, item_id, at)
        case ev.Skip(item_id=item_id):
            _skip(plan, state, item_id)
        case ev.Extend(item_id=item_id, minutes=minutes):
            index = _index(plan, item_id)
            if index is not None:
                # Never below zero minutes in all, so `+` always helps at once.
                item = state.items[index]
                item.extra_minutes = max(item.extra_minutes + minutes, -state.planned_minutes[index])
        case ev.NextPhase():
            _next_phase(plan, state, at)
        case ev.CorrectStart(item_id=item_id, started=started):
            index = _index(plan, item_id)
            if index is not None and state.items[index].segments:
                first = state.items[index].segments[0]
                if started < (first.end or at):
                    first.start = started
        case ev.Replan(minutes=minutes, dropped=dropped):
            _replan(plan, state, minutes, dropped)
        case ev.AcceptClose(close=close):
            state.target_close = close
        case _:
            pass  # not a timer event


def _room(room: RoomState, event: Event) -> None:
    """Fold one room-display event in (the last of each kind wins)."""
    match event:
        case ev.RoomBlank(blank=blank):
            room.blank = blank
        case ev.RoomMessage(text=text):
            room.message = text
        case ev.RoomClock(shown=shown):
            room.clock_shown = shown
        case _:
            pass  # not a room event


def _index(plan: Plan, item_id: str) -> int | None:
    try:
        return plan.index_of(item_id)
    except KeyError:
        return None


def _begin(state: DayState, index: int | None, at: dt.datetime) -> None:
    state.started = True
    state.waiting = None
    state.current = index
    state.ended = index is None
    if index is not None:
        state.items[index].segments.append(Span(at))


def _close_pause(state: DayState, at: dt.datetime) -> None:
    assert state.current is not None
    state.items[state.current].pauses[-1].end = at


def _end_current(state: DayState, at: dt.datetime) -> None:
    if state.current is None:
        return
    if state.paused:
        _close_pause(state, at)
    state.items[state.current].segments[-1].end = at
    state.current = None


def _goto(plan: Plan, state: DayState, item_id: str, at: dt.datetime) -> None:
    index = _index(plan, item_id)
    if index is None or index == state.current:
        return
    state.items[index].skipped = False
    state.items[index].dropped = False
    _end_current(state, at)
    _begin(state, index, at)


def _skip(plan: Plan, state: DayState, item_id: str) -> None:
    index = _index(plan, item_id)
    if index is None or index == state.current or state.items[index].started:
        return
    state.items[index].skipped = True
    _reseat_waiting(state)


def _reseat_waiting(state: DayState) -> None:
    """In a gap whose item was skipped or dropped: wait for the next one instead (none left: the day has ended)."""
    if state.waiting is not None and state.items[state.waiting].skipped:
        state.waiting = next_runnable(state, state.waiting)
        state.ended = state.waiting is None


def _next_phase(plan: Plan, state: DayState, at: dt.datetime) -> None:
    phase = current_phase(plan, state, at)
    if state.current is not None and phase is not None and phase.index + 1 < phase.count:
        item = state.items[state.current]
        item.phase_jumps.append((item.running_seconds(at), phase.index + 1))


def with_replan(plan: Plan, state: DayState, minutes: dict[str, int], dropped: tuple[str, ...]) -> DayState:
    """A copy of `state` as if a `Replan` of these lengths and drops were accepted; `state` is untouched.

    The re-plan proposal predicts its close with this, so the preview and the
    accepted day follow one rule (dropping the last item left ends the day).
    """
    trial = replace(state, items=[replace(item) for item in state.items], planned_minutes=list(state.planned_minutes))
    _replan(plan, trial, minutes, dropped)
    return trial


def _replan(plan: Plan, state: DayState, minutes: dict[str, int], dropped: tuple[str, ...]) -> None:
    for item_id, length in minutes.items():
        index = _index(plan, item_id)
        if index is not None:
            state.planned_minutes[index] = max(length, 0)
            state.items[index].extra_minutes = 0
    for item_id in dropped:
        index = _index(plan, item_id)
        if index is not None and state.untouched(index):
            state.items[index].skipped = True
            state.items[index].dropped = True
    _reseat_waiting(state)
