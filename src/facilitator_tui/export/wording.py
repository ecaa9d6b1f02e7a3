"""The words every format shares: labels, clock times, lengths, the close, re-plans, dues.

One place decides how a length or a time reads, so a Word file, a web page
and a spreadsheet never disagree (whole minutes everywhere, never `17.8 min`
beside `45`).
"""

from __future__ import annotations

import datetime as dt

from ..core.status import hhmm as clock_hhmm
from .record import DayRecord, ItemRecord, NoteEntry, ReplanEntry, TaskEntry

LABELS = {"note": "Notes", "action": "Action", "decision": "Decision", "parking": "Parking lot", "quote": "Quote"}
CONSOLIDATED = (("decision", "Decisions"), ("parking", "Parking lot"))
AGENDA_HEADINGS = ("Planned", "Item", "Kind", "Planned min", "Actual", "Over")


def hhmm(when: dt.datetime | None) -> str:
    """`HH:MM` rounded to the nearest minute (the core's one rule), or an en dash for none."""
    return clock_hhmm(when) if when else "–"


def day_heading(record: DayRecord) -> str:
    """`Wednesday 2 December 2026 · Venue` with `(rehearsal)` and `· shared version` where they apply."""
    parts = [f"{record.date:%A} {record.date.day} {record.date:%B %Y}" + (" (rehearsal)" if record.rehearsal else "")]
    if record.venue:
        parts.append(record.venue)
    if record.shared:
        parts.append("shared version")
    return " · ".join(parts)


def timing_summary(item: ItemRecord) -> str:
    """`09:34–11:04, 88 min (+3), paused 2 min`, `skipped` or `not run`."""
    if item.skipped:
        return "skipped"
    if item.actual_start is None:
        return "not run"
    paused = f", paused {item.paused_minutes} min" if item.paused_minutes else ""
    if item.actual_end is None:
        return f"started {hhmm(item.actual_start)}, still running{paused}"
    over = item.overrun_minutes or 0
    delta = f" ({over:+d})" if over else ""
    return f"{hhmm(item.actual_start)}–{hhmm(item.actual_end)}, {item.actual_minutes} min{delta}{paused}"


def agenda_row(item: ItemRecord) -> tuple[str, str, str, str, str, str]:
    """One row of the agenda table, as text: planned, item, kind, planned min, actual, over."""
    over = item.overrun_minutes
    over_cell = "skipped" if item.skipped else ("" if over is None else f"{over:+d}")
    actual = "–" if item.skipped else timing_summary(item)
    return (item.planned_start, item.title, item.kind, str(item.planned_minutes), actual, over_cell)


def close_line(record: DayRecord) -> str:
    """The close against the target: `Closed 16:52, 7 min after the target (16:45).`"""
    if record.target_close is None or record.projected_close is None:
        return ""
    minutes = record.close_minutes or 0
    against = "on the target" if minutes == 0 else f"{abs(minutes)} min {'after' if minutes > 0 else 'before'} the target"
    target = f"{against} ({hhmm(record.target_close)})"
    if record.target_accepted_at is not None:
        target += f"; the plan closed at {hhmm(record.plan_close)}, and {hhmm(record.target_close)} was accepted at {hhmm(record.target_accepted_at)}"
    if record.closed_at is not None:
        return f"Closed {hhmm(record.closed_at)}, {target}."
    return f"Not closed when exported: projected close {hhmm(record.projected_close)}, {target}."


def replan_line(entry: ReplanEntry) -> str:
    """`Re-planned at 10:47: Role-play 60 → 45 min; dropped: Coffee.`"""
    parts = [f"{change.title} {change.before} → {change.after} min" for change in entry.lengths]
    if entry.dropped:
        parts.append("dropped: " + ", ".join(entry.dropped))
    return f"Re-planned at {hhmm(entry.at)}: " + ("; ".join(parts) or "no lengths changed") + "."


def due_text(note: NoteEntry) -> str:
    """An action's due as a reader wants it: the date, with the words typed when they say more."""
    if note.due_date is not None:
        date = f"{note.due_date:%a} {note.due_date.day} {note.due_date:%b %Y}"
        typed = note.due or ""
        return date if not typed or typed == note.due_date.isoformat() else f"{date} ({typed})"
    return note.due or ""


def note_meta(note: NoteEntry) -> str:
    """`Action (private) · 10:05 · Facilitator · owner: Ann · due: Fri 11 Dec 2026`."""
    meta = f"{LABELS[note.kind]}{' (private)' if note.private else ''} · {hhmm(note.at)} · {note.author}"
    if note.kind == "action":
        meta += f" · owner: {note.owner or 'unassigned'}"
        if note.due:
            meta += f" · due: {due_text(note)}"
    return meta


def guidance_lines(item: ItemRecord) -> tuple[str, ...]:
    """An item's facilitator guidance, one line each (empty without guidance)."""
    if item.guidance is None:
        return ()
    return (*item.guidance.watch_for, *item.guidance.debrief, *item.guidance.notes)


def task_line(task: TaskEntry) -> str:
    """`[x] Briefs printed (due Tue 08 Dec)`: a checklist line, done or not, in words and a mark."""
    mark = "[x]" if task.done else "[ ]"
    return f"{mark} {task.task} (due {task.due:%a %d %b %Y})"


TASK_HEADINGS = ((False, "Before the day"), (True, "After the day"))
"""The two checklists, in order."""
