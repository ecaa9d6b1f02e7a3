"""The day log as CSV: one table per file, for Excel and Calc.

Each file starts with a UTF-8 byte order mark: without it Excel and Calc's
default import read `café` as `cafÃ©`. Times are `HH:MM` as every other
format shows them, dates ISO, so a spreadsheet reads both as values.
"""

from __future__ import annotations

import csv
import io

from .record import DayRecord, NoteEntry
from .wording import hhmm

BOM = "\ufeff"
TABLE_KINDS = {"decisions": "decision", "parking": "parking", "quotes": "quote"}


def csv_safe(value: object) -> str:
    """A cell a spreadsheet will not run as a formula (a number stays a number, `-1` included)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def to_csv(record: DayRecord, what: str = "items") -> str:
    """One table: a row per agenda item (`items`), action, decision, parking-lot item or quote."""
    if what == "items":
        rows = _items(record)
    elif what == "actions":
        rows = _actions(record)
    else:
        rows = _captures(record, TABLE_KINDS[what])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([csv_safe(cell) for cell in row] for row in rows)
    return BOM + buffer.getvalue()


def _items(record: DayRecord) -> list[list[object]]:
    rows: list[list[object]] = [
        [
            "workshop", "date", "id", "title", "kind", "planned_start", "planned_minutes", "actual_start", "actual_end",
            "actual_minutes", "paused_minutes", "over_minutes", "skipped", "notes", "captured",
        ]
    ]  # fmt: skip
    for item in record.items:
        free = next((note.text for note in item.notes if note.kind == "note"), "")
        rows.append(
            [
                record.title,
                record.date.isoformat(),
                item.id,
                item.title,
                item.kind,
                item.planned_start,
                item.planned_minutes,
                hhmm(item.actual_start) if item.actual_start else "",
                hhmm(item.actual_end) if item.actual_end else "",
                "" if item.actual_minutes is None else item.actual_minutes,
                item.paused_minutes if item.actual_start else "",
                "" if item.overrun_minutes is None else item.overrun_minutes,
                "yes" if item.skipped else "no",
                free,
                sum(1 for note in item.notes if note.kind != "note"),
            ]
        )
    return rows


def _private(record: DayRecord, note: NoteEntry) -> list[object]:
    """The private column, in a full export only (a shared one has no private entries)."""
    return [] if record.shared else ["yes" if note.private else "no"]


def _actions(record: DayRecord) -> list[list[object]]:
    head: list[object] = ["workshop", "date", "item", "text", "owner", "due", "due_as_typed", *([] if record.shared else ["private"]), "status"]
    rows: list[list[object]] = [head]
    for item, note in record.all_notes("action"):
        due = note.due_date.isoformat() if note.due_date else (note.due or "")
        rows.append(
            [record.title, record.date.isoformat(), item.title, note.text, note.owner or "", due, note.due or "", *_private(record, note), note.status]
        )
    return rows


def _captures(record: DayRecord, kind: str) -> list[list[object]]:
    rows: list[list[object]] = [["workshop", "date", "item", "text", "at", "author", *([] if record.shared else ["private"])]]
    for item, note in record.all_notes(kind):
        rows.append([record.title, record.date.isoformat(), item.title, note.text, hhmm(note.at), note.author, *_private(record, note)])
    return rows
