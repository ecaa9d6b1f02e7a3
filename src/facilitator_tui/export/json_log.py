"""The day log as versioned JSON (see `day-log.schema.json`).

Version 2 (incompatible with 1): lengths are whole minutes (integers) beside
exact seconds; `owner`, `due`, `due_date` and `status` appear on actions only;
the venue, the close, the re-plans and (when asked for) guidance are recorded.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from .record import DayRecord, ItemRecord, NoteEntry, ReplanEntry

SCHEMA_ID = "facilitator-tui/day-log"
SCHEMA_VERSION = 2


def _iso(when: dt.datetime | None) -> str | None:
    return when.isoformat(timespec="seconds") if when else None


def to_json_data(record: DayRecord) -> dict[str, Any]:
    """The versioned JSON record (see `day-log.schema.json`)."""
    return {
        "schema": SCHEMA_ID,
        "version": SCHEMA_VERSION,
        "day_id": record.day_id,
        "plan": {"title": record.title, "subtitle": record.subtitle, "file": record.plan_file, "venue": record.venue},
        "date": record.date.isoformat(),
        "rehearsal": record.rehearsal,
        "shared": record.shared,
        "close": {
            "plan_close": _iso(record.plan_close),
            "target_close": _iso(record.target_close),
            "target_accepted_at": _iso(record.target_accepted_at),
            "closed_at": _iso(record.closed_at),
            "projected_close": _iso(record.projected_close),
            "close_minutes": record.close_minutes,
        },
        "replans": [_replan(entry) for entry in record.replans],
        "items": [_item(item) for item in record.items],
        "tasks": [
            {"id": t.id, "task": t.task, "after": t.after, "due": t.due.isoformat(), "done": t.done, "done_at": _iso(t.done_at)}
            for t in record.tasks
        ],
    }


def _replan(entry: ReplanEntry) -> dict[str, Any]:
    return {
        "at": _iso(entry.at),
        "lengths": [
            {"item_id": change.item_id, "title": change.title, "before": change.before, "after": change.after}
            for change in entry.lengths
        ],
        "dropped": list(entry.dropped),
    }


def _item(item: ItemRecord) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title,
        "kind": item.kind,
        "planned_start": item.planned_start,
        "planned_minutes": item.planned_minutes,
        "actual_start": _iso(item.actual_start),
        "actual_end": _iso(item.actual_end),
        "actual_minutes": item.actual_minutes,
        "actual_seconds": item.actual_seconds,
        "paused_minutes": item.paused_minutes,
        "paused_seconds": item.paused_seconds,
        "overrun_minutes": item.overrun_minutes,
        "skipped": item.skipped,
        "notes": [_note(note) for note in item.notes],
        "guidance": _guidance(item),
    }


def _guidance(item: ItemRecord) -> dict[str, list[str]] | None:
    """The item's guidance; None unless asked for (`--with-guidance`), and always None when shared."""
    if item.guidance is None:
        return None
    return {
        "watch_for": list(item.guidance.watch_for),
        "debrief": list(item.guidance.debrief),
        "notes": list(item.guidance.notes),
    }


def _note(note: NoteEntry) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": note.kind,
        "text": note.text,
        "at": _iso(note.at),
        "author": note.author,
        "private": note.private,
    }
    # Only an action has an owner and a due: other kinds carry no such keys
    # (not even null), so the schema can refuse them.
    if note.kind == "action":
        data["owner"] = note.owner
        data["due"] = note.due
        data["due_date"] = note.due_date.isoformat() if note.due_date else None
        data["status"] = note.status
    return data


def to_json(record: DayRecord) -> str:
    """The JSON record as text."""
    return json.dumps(to_json_data(record), ensure_ascii=False, indent=2) + "\n"
