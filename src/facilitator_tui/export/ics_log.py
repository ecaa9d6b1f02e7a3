"""The day log as an iCalendar file: dated actions as to-dos, or the agenda as events.

The same record gives the same bytes: UIDs and DTSTAMP come from the record,
never from the clock or a random number, so importing a later export updates
the entries instead of adding copies. Agenda times are floating (local wall
clock, no TZID): a plan's `HH:MM` is the venue's time, and the record keeps
only UTC offsets, not a zone name a calendar could use.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid

from icalendar import Calendar, Component, Event, Todo
from icalendar.enums import CLASS, STATUS

from .errors import ExportError
from .record import DayRecord, ItemRecord, NoteEntry
from .wording import day_heading, note_meta, timing_summary

PRODID = "-//facilitator-tui//day log//EN"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "facilitator-tui.invalid")
"""Namespace of every UID this module makes (uuid5: the same name gives the same UID)."""

# Control characters other than tab and newline have no place in a calendar
# (a NUL would cut the text short in some readers); carriage returns become newlines.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _clean(text: str) -> str:
    """User text fit for a TEXT value: newlines normalised, other control characters gone.

    Commas, semicolons, backslashes and newlines stay: icalendar escapes them.
    """
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _uid(record: DayRecord, *parts: str) -> str:
    """A UID stable across exports of the same day."""
    return str(uuid.uuid5(NAMESPACE, "/".join((record.day_id, *parts))))


def _stamp(record: DayRecord) -> dt.datetime:
    """DTSTAMP (UTC, as RFC 5545 asks): the last moment the record saw, else the day's midnight.

    It moves on as the day does, so a calendar that compares stamps takes a
    later export as the newer one; exporting twice gives the same stamp.
    """
    moments = [note.at for item in record.items for note in item.notes]
    moments += [when for item in record.items for when in (item.actual_start, item.actual_end) if when]
    moments += [entry.at for entry in record.replans]
    moments += [when for when in (record.target_accepted_at, record.closed_at) if when]
    if not moments:
        return dt.datetime.combine(record.date, dt.time(), tzinfo=dt.UTC)
    return max(moments).astimezone(dt.UTC).replace(microsecond=0)


def to_ics(record: DayRecord, what: str) -> str:
    """`actions`: each action with a due date as a VTODO; `agenda`: each item as a VEVENT."""
    if what == "actions":
        components = _todos(record, _stamp(record))
    elif what == "agenda":
        components = _events(record, _stamp(record))
    else:
        raise ExportError(f"--format ics takes --what actions or agenda, not {what!r}")
    calendar = Calendar.new(
        prodid=PRODID,
        uid=_uid(record, "calendar", what),
        name=_clean(f"{record.title} – {what}"),
        subcomponents=components,
    )
    data: bytes = calendar.to_ical()  # icalendar leaves to_ical's return type unannotated
    return data.decode("utf-8")


def _todos(record: DayRecord, stamp: dt.datetime) -> list[Component]:
    """Dated actions only: an action due "after the board" has no place in a calendar."""
    todos: list[Component] = []
    for item in record.items:
        seen: dict[dt.datetime, int] = {}
        for note in item.notes:
            if note.kind != "action":
                continue
            # Keyed on the item and the capture time, not the text: editing an
            # action's words, owner or due keeps its UID, so the to-do updates.
            at = note.at.astimezone(dt.UTC)
            seen[at] = seen.get(at, 0) + 1
            if note.due_date is None:
                continue
            todo = Todo.new(
                uid=_uid(record, "action", item.id, at.isoformat(), str(seen[at])),
                stamp=stamp,
                summary=_clean(note.text),
                description=_clean(_action_description(record, item, note)),
                status=STATUS.NEEDS_ACTION,
                categories=[_clean(record.title)],
                classification=CLASS.PRIVATE if note.private else None,
            )
            todo.add("due", note.due_date)
            todos.append(todo)
    return todos


def _action_description(record: DayRecord, item: ItemRecord, note: NoteEntry) -> str:
    return f"{note_meta(note)}\nSession: {item.title}\nWorkshop: {record.title} · {day_heading(record)}"


def _events(record: DayRecord, stamp: dt.datetime) -> list[Component]:
    """The plan's agenda on the day, with how each item ran where it did."""
    events: list[Component] = []
    for item in record.items:
        start = dt.datetime.combine(record.date, dt.time.fromisoformat(item.planned_start))
        ran = item.skipped or item.actual_start is not None
        description = item.kind.capitalize() + (f" · {timing_summary(item)}" if ran else "")
        events.append(
            Event.new(
                uid=_uid(record, "item", item.id),
                stamp=stamp,
                start=start,
                end=start + dt.timedelta(minutes=item.planned_minutes),
                summary=_clean(item.title),
                description=_clean(description),
                location=_clean(record.venue) or None,
                categories=[_clean(record.title)],
            )
        )
    return events
