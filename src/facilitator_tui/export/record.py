"""The day log as one record: every exporter is a pure function of it.

`day_record` builds it from a day's plan and events; `share` turns it into a
version fit to send to participants (no private items, no raw notes unless
marked shareable, no guidance, names replaced by pseudonyms).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..core.events import AcceptClose, DayCreated, Event, Replan
from ..core.fold import DayState, effective_timer_events, fold
from ..core.plan import Guidance, Plan
from ..core.readiness import readiness
from ..core.status import ItemMark, minutes_between, status
from .pseudonyms import pseudonymiser

# Control characters (C0 but tab and newline, DEL, C1) and lone surrogates: never
# in an export, where they would move a terminal's cursor, break XML or hide text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean(text: str) -> str:
    """User text fit for any export: line ends made `\\n`, control characters gone."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _clean_optional(text: str | None) -> str | None:
    return None if text is None else clean(text)


def _clean_guidance(guidance: Guidance) -> Guidance:
    fields = ("watch_for", "debrief", "notes")
    return guidance.model_copy(update={name: type(getattr(guidance, name))(map(clean, getattr(guidance, name))) for name in fields})


def whole_minutes(seconds: float) -> int:
    """Seconds as whole minutes, half a minute rounding up: the one way every export shows a length."""
    return int((seconds + 30) // 60)


@dataclass(frozen=True)
class NoteEntry:
    """A note or captured item, as exported."""

    kind: str
    text: str
    at: dt.datetime
    author: str
    private: bool
    owner: str | None = None
    due: str | None = None
    """When it is due, as typed (actions only)."""
    due_date: dt.date | None = None
    """The date the typed words were understood as; None when they are not a date."""

    @property
    def status(self) -> str:
        """An action's status: every action leaves the day open (the follow-up closes it)."""
        return "open"


@dataclass(frozen=True)
class ItemRecord:
    """One agenda item: plan against actual, and its notes."""

    id: str
    title: str
    kind: str
    planned_start: str
    planned_minutes: int
    actual_start: dt.datetime | None
    actual_end: dt.datetime | None
    actual_seconds: int | None
    """Running time without pauses; None if it never ran."""
    paused_seconds: int
    skipped: bool
    notes: tuple[NoteEntry, ...]
    guidance: Guidance | None = None
    """Facilitator guidance; None in a shared record."""

    @property
    def actual_minutes(self) -> int | None:
        """Running time in whole minutes; None if it never ran."""
        return None if self.actual_seconds is None else whole_minutes(self.actual_seconds)

    @property
    def paused_minutes(self) -> int:
        """Time paused, in whole minutes."""
        return whole_minutes(self.paused_seconds)

    @property
    def overrun_minutes(self) -> int | None:
        """Minutes run beyond the plan (negative: finished early); None unless it ran and ended."""
        if self.actual_minutes is None or self.actual_end is None:
            return None
        return self.actual_minutes - self.planned_minutes


@dataclass(frozen=True)
class LengthChange:
    """One item's new length in an accepted re-plan."""

    item_id: str
    title: str
    before: int
    after: int


@dataclass(frozen=True)
class ReplanEntry:
    """An accepted re-plan: when, which lengths changed, which items were dropped (titles)."""

    at: dt.datetime
    lengths: tuple[LengthChange, ...]
    dropped: tuple[str, ...]


@dataclass(frozen=True)
class TaskEntry:
    """A preparation or follow-up task of the plan, and whether it was ticked done."""

    id: str
    task: str
    after: bool
    """A follow-up task (due after the day), else preparation."""
    due: dt.date
    done: bool
    done_at: dt.datetime | None = None


@dataclass(frozen=True)
class DayRecord:
    """Everything a day log says."""

    title: str
    subtitle: str
    plan_file: str
    date: dt.date
    rehearsal: bool
    day_id: str
    items: tuple[ItemRecord, ...]
    shared: bool = False
    facilitator: str = ""
    """Who began the day (its first writer): named "Facilitator" in a shared record."""
    venue: str = ""
    plan_close: dt.datetime | None = None
    """The plan's own close on the day."""
    target_close: dt.datetime | None = None
    """The close the day aimed at: the plan's, or one the facilitator accepted."""
    target_accepted_at: dt.datetime | None = None
    """When the facilitator accepted a close other than the plan's; None if never."""
    closed_at: dt.datetime | None = None
    """When the day's last item ended; None while the day is still running."""
    projected_close: dt.datetime | None = None
    """The close as it stood at the export (the actual close once the day has closed)."""
    replans: tuple[ReplanEntry, ...] = ()
    with_guidance: bool = False
    """Facilitator guidance is included (only in a full export, and only when asked)."""
    tasks: tuple[TaskEntry, ...] = ()
    """The plan's preparation and follow-up checklists, as ticked."""

    @property
    def close_minutes(self) -> int | None:
        """The close (actual, else projected) against the target in whole minutes; positive: late."""
        close = self.closed_at or self.projected_close
        if close is None or self.target_close is None:
            return None
        return minutes_between(close, self.target_close)

    def all_notes(self, kind: str) -> list[tuple[ItemRecord, NoteEntry]]:
        """Every note of one kind, with its item, in agenda order."""
        return [(item, note) for item in self.items for note in item.notes if note.kind == kind]


def day_record(plan: Plan, events: list[Event], now: dt.datetime, *, with_guidance: bool = False) -> DayRecord:
    """The record of a day from its plan and events, reporting the day as it stood at `now`.

    Guidance from the plan comes along only `with_guidance`: a day log is the
    day's notes, and the plan's guidance would bury them.
    """
    header = next((e for e in events if isinstance(e, DayCreated)), None)
    if header is None:
        raise ValueError("nothing has been recorded for this day yet")
    # A clock set back since the last event: the report is at the log's last time, never before it.
    now = max(now, max(event.at for event in events))
    state = fold(plan, events)
    live = status(plan, state, now)
    items = []
    for index, item in enumerate(plan.agenda):
        timing = live.items[index]
        items.append(
            ItemRecord(
                id=item.id,
                title=clean(item.title),
                kind=item.kind.value,
                planned_start=item.start,
                planned_minutes=plan.item_minutes(index),
                actual_start=timing.actual_start,
                actual_end=timing.actual_end,
                actual_seconds=round(timing.running_seconds) if timing.actual_start else None,
                paused_seconds=round(sum(span.seconds(now) for span in state.items[index].pauses)),
                skipped=timing.mark is ItemMark.SKIPPED,
                notes=tuple(_notes_of(state, item.id)),
                guidance=None if item.guidance.is_empty or not with_guidance else _clean_guidance(item.guidance),
            )
        )
    accepted = [e for e in effective_timer_events(events) if isinstance(e, AcceptClose)]
    return DayRecord(
        title=clean(plan.title),
        subtitle=clean(plan.subtitle),
        plan_file=header.plan_name,
        date=header.date,
        rehearsal=header.rehearsal,
        day_id=header.day_id,
        items=tuple(items),
        facilitator=clean(header.author),
        venue=clean(plan.venue),
        plan_close=live.plan_close,
        target_close=live.target_close,
        target_accepted_at=accepted[-1].at if accepted and live.target_moved else None,
        closed_at=live.projected_close if state.ended else None,
        projected_close=live.projected_close,
        replans=_replans(plan, events),
        with_guidance=with_guidance,
        tasks=_tasks(plan, state, header.date, now),
    )


def _tasks(plan: Plan, state: DayState, day: dt.date, now: dt.datetime) -> tuple[TaskEntry, ...]:
    """Both checklists with their due dates and ticks."""
    ready = readiness(plan, state.roster, day, now.date())
    entries = []
    for row in ready.rows:
        tick = state.roster.ticks.get(row.task.id)
        done = tick is not None and tick.done
        entries.append(TaskEntry(row.task.id, clean(row.task.task), row.after, row.due, done, tick.at if tick and done else None))
    return tuple(entries)


def _replans(plan: Plan, events: list[Event]) -> tuple[ReplanEntry, ...]:
    """Each re-plan in effect (not undone), with each length before and after it."""
    lengths = {item.id: plan.item_minutes(index) for index, item in enumerate(plan.agenda)}
    titles = {item.id: clean(item.title) for item in plan.agenda}
    entries = []
    for event in effective_timer_events(events):
        if not isinstance(event, Replan):
            continue
        changes = tuple(
            LengthChange(item_id, titles[item_id], lengths[item_id], minutes)
            for item_id, minutes in event.minutes.items()
            if item_id in titles and minutes != lengths[item_id]
        )
        lengths.update({change.item_id: change.after for change in changes})
        entries.append(ReplanEntry(event.at, changes, tuple(titles[i] for i in event.dropped if i in titles)))
    return tuple(entries)


def _notes_of(state: DayState, item_id: str) -> list[NoteEntry]:
    entries = []
    for free in state.notes.notes_of(item_id):
        if free.text.strip() and free.at is not None:
            entries.append(NoteEntry("note", clean(free.text), free.at, clean(free.author), private=not free.shareable))
    for capture in state.notes.captures_for(item_id):
        entries.append(
            NoteEntry(
                capture.kind,
                clean(capture.text),
                capture.at,
                clean(capture.author),
                capture.private,
                _clean_optional(capture.owner),
                _clean_optional(capture.due),
                capture.due_date,
            )
        )
    return entries


def author_labels(record: DayRecord, rename: Callable[[str], str]) -> dict[str, str]:
    """What each author is called in a shared record: never a login name.

    An author whose name is in the pseudonym table gets its pseudonym; else the
    day's first writer is "Facilitator" and the others "Co-facilitator 1", "2"…
    in the order they first wrote.
    """
    authors = sorted({note.author for item in record.items for note in item.notes}, key=lambda a: _first_at(record, a))
    labels: dict[str, str] = {}
    others = 0
    for author in authors:
        renamed = rename(author)
        if renamed != author:
            labels[author] = renamed
        elif author == record.facilitator:
            labels[author] = "Facilitator"
        else:
            others += 1
            labels[author] = f"Co-facilitator {others}"
    return labels


def _first_at(record: DayRecord, author: str) -> dt.datetime:
    return min(note.at for item in record.items for note in item.notes if note.author == author)


def share(record: DayRecord, pseudonyms: Mapping[str, str]) -> DayRecord:
    """A version fit to send: private items and raw notes out, guidance out, names pseudonymised, authors labelled."""
    rename = pseudonymiser(pseudonyms)
    labels = author_labels(record, rename)
    items = []
    for item in record.items:
        notes = tuple(
            dataclasses.replace(
                note,
                text=rename(note.text),
                author=labels[note.author],
                owner=rename(note.owner) if note.owner is not None else None,
                due=rename(note.due) if note.due is not None else None,
            )
            for note in item.notes
            if not note.private
        )
        items.append(dataclasses.replace(item, title=rename(item.title), notes=notes, guidance=None))
    replans = tuple(
        dataclasses.replace(
            entry,
            lengths=tuple(dataclasses.replace(change, title=rename(change.title)) for change in entry.lengths),
            dropped=tuple(rename(title) for title in entry.dropped),
        )
        for entry in record.replans
    )
    return dataclasses.replace(
        record,
        title=rename(record.title),
        subtitle=rename(record.subtitle),
        venue=rename(record.venue),
        items=tuple(items),
        replans=replans,
        tasks=tuple(dataclasses.replace(task, task=rename(task.task)) for task in record.tasks),
        shared=True,
        facilitator="Facilitator",
        with_guidance=False,
    )
