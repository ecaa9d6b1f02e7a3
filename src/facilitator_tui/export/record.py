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
    facilitator: str = ""
    """Who began the day (its first writer): named "Facilitator" in a shared record."""

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
        facilitator=header.author,
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
    return dataclasses.replace(
        record,
        title=rename(record.title),
        subtitle=rename(record.subtitle),
        items=tuple(items),
        shared=True,
        facilitator="Facilitator",
    )


def pseudonymiser(pseudonyms: Mapping[str, str]) -> Callable[[str], str]:
    """A function replacing every way of writing a listed name by its pseudonym.

    Matching is on whole words only ("Ann" never matches inside "Annual" or
    "Joanne"), in NFC, with Unicode case folding ("Weiß" matches "WEISS"; the
    Turkish I's ı and İ count as i), the apostrophe family (' ’ ‘ ʼ) counted as
    one character and the hyphen family (- ‐ ‑ ‒ – —) as another, and any run of
    whitespace or line breaks between the words of a full name.

    Besides each name as listed, a listed full name such as "Ann Smith" is
    recognised as "Smith, Ann", as "A. Smith" or "A Smith" (initial and
    surname), as an email address whose local part is the name
    ("ann.smith@…", "ann_smith@…", "annsmith@…": the whole address is
    replaced), and as its first name or surname alone. A spelling that is not
    itself listed is used only when it is unambiguous: it belongs to exactly one
    pseudonym. So a first name or surname alone is replaced only when no other
    listed person has it as a first name or surname (a one-word entry counts as
    both), and "A. Smith" is left alone when Ann Smith and Alan Smith are both
    listed. An ambiguous spelling is left as written, since any choice could
    name the wrong person. A listed spelling always wins over a derived one.

    Where spellings overlap, the longest wins. Text without a name comes back
    exactly as written; text with one comes back in NFC.
    """
    spellings = _spellings(pseudonyms)
    if not spellings:
        return lambda text: text
    # One group per spelling says which matched; the alternatives are tried
    # longest first, email addresses before the bare names inside them.
    targets = [target for _, target in spellings]
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(f"({source})" for source, _ in spellings) + r")(?!\w)")

    def rename(text: str) -> str:
        normal = _nfc(text)
        folded, origin = _fold(normal)
        pieces: list[str] = []
        done = 0
        for match in pattern.finditer(folded):
            # Back to the original: from the character the match starts in to the
            # end of the one it ends in (a folded character can be longer, ß → ss).
            start, end = origin[match.start()], origin[match.end() - 1] + 1
            if end <= done:
                continue
            pieces.append(normal[done : max(start, done)])
            pieces.append(targets[(match.lastindex or 1) - 1])
            done = end
        if not pieces:
            # Text without a name comes back exactly as written, not normalised.
            return text
        pieces.append(normal[done:])
        return "".join(pieces)

    return rename


_APOSTROPHES = "'\u2019\u2018\u02bc"
_HYPHENS = "-\u2010\u2011\u2012\u2013\u2014"
# The Turkish I's: `re.IGNORECASE` matched "ı" with "I" and "İ" with "i"; casefold does not.
_CANONICAL = str.maketrans({"\u0131": "i", "\u0130": "i"} | dict.fromkeys(_APOSTROPHES, "'") | dict.fromkeys(_HYPHENS, "-"))
# After the local part: an optional "+tag", then the domain.
_EMAIL_DOMAIN = r"(?:\+[\w.-]*)?@[\w-]+(?:\.[\w-]+)*"


def _fold(text: str) -> tuple[str, list[int]]:
    """`text` case-folded with apostrophes and hyphens made one, and for each of its characters the index it came from."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = char.translate(_CANONICAL).casefold()
        out.append(folded)
        origin.extend([index] * len(folded))
    return "".join(out), origin


def _spellings(pseudonyms: Mapping[str, str]) -> list[tuple[str, str]]:
    """(pattern on folded text, pseudonym) for every spelling of every listed name, longest first."""
    listed: dict[str, tuple[str, str]] = {}
    derived: dict[str, tuple[str, set[str]]] = {}

    def derive(key: str, source: str, target: str) -> None:
        derived.setdefault(key, (source, set()))[1].add(target)

    for name, target in pseudonyms.items():
        words = [_fold(word)[0] for word in _nfc(name).split()]
        if not words:
            continue
        listed.setdefault(" ".join(words), (r"\s+".join(map(re.escape, words)), target))
        listed.setdefault("@" + " ".join(words), (_email(words), target))
        first, last = words[0], words[-1]
        for single in {first, last}:
            derive(single, re.escape(single), target)
            derive("@" + single, _email([single]), target)
        if len(words) > 1:
            rest = r"\s+".join(map(re.escape, words[:-1]))
            derive(f"{last}, {' '.join(words[:-1])}", rf"{re.escape(last)}\s*,\s*{rest}", target)
            initial = _fold(_nfc(name).split()[0][0])[0]
            if initial.isalpha():
                derive(f"{initial}. {last}", rf"{re.escape(initial)}(?:\.\s*|\s+){re.escape(last)}", target)
    chosen = dict(listed)
    for key, (source, targets) in derived.items():
        if key not in chosen and len(targets) == 1:
            chosen[key] = (source, next(iter(targets)))
    order = sorted(chosen, key=lambda key: (key.startswith("@"), len(key)), reverse=True)
    return [chosen[key] for key in order]


def _email(words: list[str]) -> str:
    """An email address whose local part is these (folded) words, run together or joined by . _ - or ', plus any +tag."""
    parts = [part for word in words for part in re.split(r"['-]", word) if part]
    return r"[._'-]?".join(map(re.escape, parts)) + _EMAIL_DOMAIN


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
