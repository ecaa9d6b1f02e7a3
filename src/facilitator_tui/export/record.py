"""The day log as one record: every exporter is a pure function of it.

`day_record` builds it from a day's plan and events; `share` turns it into a
version fit to send to participants (no private items, no raw notes unless
marked shareable, no guidance, names replaced by pseudonyms).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..core.events import DayCreated, Event
from ..core.fold import DayState, fold
from ..core.plan import Guidance, Plan
from ..core.status import ItemMark, status


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
    actual_minutes: float | None
    skipped: bool
    notes: tuple[NoteEntry, ...]
    guidance: Guidance | None = None
    """Facilitator guidance; None in a shared record."""

    @property
    def overrun_minutes(self) -> int | None:
        """Minutes run beyond the plan (negative: finished early); None unless it ran and ended."""
        if self.actual_minutes is None or self.actual_end is None:
            return None
        return round(self.actual_minutes - self.planned_minutes)


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

    def all_notes(self, kind: str) -> list[tuple[ItemRecord, NoteEntry]]:
        """Every note of one kind, with its item, in agenda order."""
        return [(item, note) for item in self.items for note in item.notes if note.kind == kind]


def day_record(plan: Plan, events: list[Event], now: dt.datetime) -> DayRecord:
    """The record of a day from its plan and events, reporting the day as it stood at `now`."""
    header = next((e for e in events if isinstance(e, DayCreated)), None)
    if header is None:
        raise ValueError("nothing has been recorded for this day yet")
    state = fold(plan, events)
    live = status(plan, state, now)
    items = []
    for index, item in enumerate(plan.agenda):
        timing = live.items[index]
        items.append(
            ItemRecord(
                id=item.id,
                title=item.title,
                kind=item.kind.value,
                planned_start=item.start,
                planned_minutes=plan.item_minutes(index),
                actual_start=timing.actual_start,
                actual_end=timing.actual_end,
                actual_minutes=round(timing.running_seconds / 60, 1) if timing.actual_start else None,
                skipped=timing.mark is ItemMark.SKIPPED,
                notes=tuple(_notes_of(state, item.id)),
                guidance=None if item.guidance.is_empty else item.guidance,
            )
        )
    return DayRecord(
        title=plan.title,
        subtitle=plan.subtitle,
        plan_file=header.plan_name,
        date=header.date,
        rehearsal=header.rehearsal,
        day_id=header.day_id,
        items=tuple(items),
    )


def _notes_of(state: DayState, item_id: str) -> list[NoteEntry]:
    entries = []
    free = state.notes.notes_for(item_id)
    if free.text.strip() and free.at is not None:
        entries.append(NoteEntry("note", free.text, free.at, free.author, private=not free.shareable))
    for capture in state.notes.captures_for(item_id):
        entries.append(
            NoteEntry(capture.kind, capture.text, capture.at, capture.author, capture.private, capture.owner, capture.due)
        )
    return entries


def share(record: DayRecord, pseudonyms: Mapping[str, str]) -> DayRecord:
    """A version fit to send: private items and raw notes out, guidance out, names pseudonymised."""
    rename = pseudonymiser(pseudonyms)
    items = []
    for item in record.items:
        notes = tuple(
            dataclasses.replace(
                note,
                text=rename(note.text),
                author=rename(note.author),
                owner=rename(note.owner) if note.owner is not None else None,
                due=rename(note.due) if note.due is not None else None,
            )
            for note in item.notes
            if not note.private
        )
        items.append(dataclasses.replace(item, title=rename(item.title), notes=notes, guidance=None))
    return dataclasses.replace(
        record,
        title=rename(record.title),
        subtitle=rename(record.subtitle),
        items=tuple(items),
        shared=True,
    )


def pseudonymiser(pseudonyms: Mapping[str, str]) -> Callable[[str], str]:
    """A function replacing each name (any case, whole words only) by its pseudonym."""
    names = sorted((n for n in pseudonyms if n.strip()), key=len, reverse=True)
    if not names:
        return lambda text: text
    # Whole words: "Ann" must not match inside "Annual" or "Joanne". One group per
    # name says which name matched: looking the match up by `casefold()` misses
    # case pairs that `re.IGNORECASE` accepts ("I" for "ı" in "Işıl"), leaking the name.
    # Names and text are compared in NFC, so a decomposed "Zoë" matches a composed
    # one, and a line break or double space inside a full name still matches.
    parts = [r"\s+".join(re.escape(word) for word in _nfc(name).split()) for name in names]
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(f"({part})" for part in parts) + r")(?!\w)", re.IGNORECASE)


    def rename(text: str) -> str:
        normal = _nfc(text)
        replaced, count = pattern.subn(lambda m: pseudonyms[names[(m.lastindex or 1) - 1]], normal)
        # Text without a name comes back exactly as written, not normalised.
        return replaced if count else text

    return rename


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
