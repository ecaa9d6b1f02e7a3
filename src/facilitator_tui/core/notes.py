"""Fold the note events of a day: free-text notes per item and captured items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from .control_chars import visible
from .events import Captured, CaptureDeleted, CaptureEdited, Event, NoteSaved, NoteSharing

CAPTURE_LABELS = {
    "action": "Action",
    "decision": "Decision",
    "parking": "Parking lot",
    "quote": "Quote / insight",
}


@dataclass
class ItemNotes:
    """One facilitator's free-text notes on an item: their latest text wins."""

    text: str = ""
    at: dt.datetime | None = None
    author: str = ""
    """Whose notes these are."""
    shareable: bool = False
    """Marked by their author as fit for a shared export; private by default."""


@dataclass(slots=True)
class Capture:
    """A captured action, decision, parking-lot item or quote, as it now stands."""

    capture_id: str
    kind: str
    item_id: str
    text: str
    at: dt.datetime
    author: str
    owner: str | None = None
    due: str | None = None
    due_date: dt.date | None = None
    private: bool = False
    deleted: bool = False


@dataclass
class DayNotes:
    """Every note of the day."""

    items: dict[tuple[str, str], ItemNotes] = field(default_factory=dict)
    """Free-text notes by (item id, author): each facilitator keeps their own, so a co-facilitator's never replace yours."""
    captures: dict[str, Capture] = field(default_factory=dict)

    def notes_for(self, item_id: str, author: str) -> ItemNotes:
        """One author's notes on an item (empty if none yet)."""
        return self.items.get((item_id, author)) or ItemNotes(author=author)

    def notes_of(self, item_id: str) -> list[ItemNotes]:
        """Every author's notes on an item, in the order they first wrote."""
        return [notes for (item, _), notes in self.items.items() if item == item_id]

    def captures_for(self, item_id: str, *, include_deleted: bool = False) -> list[Capture]:
        """Captured items of one item, oldest first."""
        return [
            c for c in self.captures.values() if c.item_id == item_id and (include_deleted or not c.deleted)
        ]

    def live_captures(self) -> list[Capture]:
        """Every capture not deleted, oldest first."""
        return [c for c in self.captures.values() if not c.deleted]

    @property
    def count(self) -> int:
        """Items with notes plus live captures."""
        return sum(1 for n in self.items.values() if n.text.strip()) + len(self.live_captures())


NOTE_TYPES = frozenset({"note_saved", "note_sharing", "captured", "capture_edited", "capture_deleted"})


def fold_notes(events: Iterable[Event]) -> DayNotes:
    """The day's notes after `events`, in order."""
    notes = DayNotes()
    for event in events:
        if event.type in NOTE_TYPES:
            apply_note_event(notes, event, shown_safely=False)
    # Each note is made safe to show once, not at every autosave (a long day has tens of thousands).
    for item in notes.items.values():
        item.text = visible(item.text)
    return notes


def _visible(value: str | None) -> str | None:
    return None if value is None else visible(value)


def _item_notes(notes: DayNotes, item_id: str, author: str) -> ItemNotes:
    """One author's notes on an item, made on first use (`setdefault` would build one to throw away at every autosave)."""
    item = notes.items.get((item_id, author))
    if item is None:
        item = notes.items[item_id, author] = ItemNotes(author=author)
    return item


def apply_note_event(notes: DayNotes, event: Event, *, shown_safely: bool = True) -> None:
    """Fold one more event into `notes` (other events are ignored).

    `shown_safely=False` leaves a note's control characters for the caller to
    make visible (`fold_notes` does it once per note, after the last save).
    """
    # A long day is mostly captures and autosaves: they are matched first, and
    # built positionally, a third of keywords' cost (a restart folds tens of
    # thousands); test_notes_fold checks each field lands in its place.
    match event:
        case Captured():
            notes.captures[event.capture_id] = Capture(
                event.capture_id,
                event.kind,
                event.item_id,
                visible(event.text),
                event.at,
                event.author,
                _visible(event.owner),
                _visible(event.due),
                event.due_date,
                event.private,
            )
        case NoteSaved():
            item = _item_notes(notes, event.item_id, event.author)
            # A log written by hand (or before control characters were made visible) is shown safely too.
            item.text, item.at = visible(event.text) if shown_safely else event.text, event.at
        case NoteSharing():
            _item_notes(notes, event.item_id, event.author).shareable = event.shareable
        case CaptureEdited() if event.capture_id in notes.captures:
            capture = notes.captures[event.capture_id]
            capture.text, capture.owner, capture.private = visible(event.text), _visible(event.owner), event.private
            capture.due, capture.due_date = _visible(event.due), event.due_date
        case CaptureDeleted() if event.capture_id in notes.captures:
            notes.captures[event.capture_id].deleted = True
        case _:
            pass  # not a note event
