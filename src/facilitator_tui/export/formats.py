"""Markdown, JSON and CSV from a day record (HTML lives in `html_log`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from typing import Any

from ..core.status import hhmm as clock_hhmm
from .record import DayRecord, ItemRecord, NoteEntry

SCHEMA_ID = "facilitator-tui/day-log"
SCHEMA_VERSION = 1

LABELS = {"note": "Notes", "action": "Action", "decision": "Decision", "parking": "Parking lot", "quote": "Quote"}


def hhmm(when: dt.datetime | None) -> str:
    """`HH:MM` rounded to the nearest minute (the core's one rule), or an en dash for none."""
    return clock_hhmm(when) if when else "–"


def timing_summary(item: ItemRecord) -> str:
    """`09:34–11:04, 88 min (+3)`, `skipped` or `not run`."""
    if item.skipped:
        return "skipped"
    if item.actual_start is None:
        return "not run"
    if item.actual_end is None:
        return f"started {hhmm(item.actual_start)}, still running"
    over = item.overrun_minutes or 0
    delta = f" ({over:+d})" if over else ""
    return f"{hhmm(item.actual_start)}–{hhmm(item.actual_end)}, {item.actual_minutes:g} min{delta}"


# ----- Markdown --------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~!{}])")
_MD_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
_MD_LINE_START = re.compile(r"^(\s*)([-+>=]|\d+(?=[.)]))", re.MULTILINE)


def md_escape(text: str) -> str:
    """User text made literal in Markdown (no emphasis, links, HTML or lists)."""
    text = text.replace("&", "&amp;")
    # Leading spaces or tabs would make an indented code block, where escapes show
    # as backslashes; Markdown drops a line's indentation anyway.
    text = _MD_INDENT.sub("", text)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # `- x`, `+ x`, `=`: escape the mark itself; `1. x`, `1) x`: escape the dot or
    # parenthesis (a backslash before a digit is not an escape and would show).
    return _MD_LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, mark = match.group(1), match.group(2)
    if mark.isdigit():
        return indent + mark + "\\"
    return indent + "\\" + mark


def md_cell(text: str) -> str:
    """User text for a Markdown table cell: escaped, on one line."""
    return md_escape(" ".join(text.split()))


def to_markdown(record: DayRecord) -> str:
    """The day log as Markdown."""
    out = [f"# {md_escape(record.title)}", ""]
    if record.subtitle:
        out += [md_escape(record.subtitle), ""]
    kind = " (rehearsal)" if record.rehearsal else ""
    shared = " · shared version" if record.shared else ""
    out += [f"**{record.date:%A %d %B %Y}**{kind}{shared}", "", "## Agenda: planned and actual", ""]
    out += ["| Planned | Item | Kind | Planned min | Actual | Over |", "|---|---|---|---|---|---|"]
    for item in record.items:
        over = item.overrun_minutes
        over_cell = "skipped" if item.skipped else ("" if over is None else f"{over:+d}")
        actual = timing_summary(item) if not item.skipped else "–"
        out.append(f"| {item.planned_start} | {md_cell(item.title)} | {item.kind} | {item.planned_minutes} | {actual} | {over_cell} |")
    out += ["", "## Notes by session", ""]
    for item in record.items:
        out += [f"### {item.planned_start} {md_escape(item.title)}", "", f"*{timing_summary(item)}*", ""]
        if not item.notes and item.guidance is None:
            out += ["No notes.", ""]
        for note in item.notes:
            out += _md_note(note)
        if item.guidance is not None and not record.shared:
            out += ["**Facilitator guidance (private)**", ""]
            for line in (*item.guidance.watch_for, *item.guidance.debrief, *item.guidance.notes):
                out.append(f"- {md_escape(line)}")
            out.append("")
    out += _md_consolidated(record)
    return "\n".join(out).rstrip() + "\n"


def _md_note(note: NoteEntry) -> list[str]:
    private = " (private)" if note.private else ""
    head = f"**{LABELS[note.kind]}**{private} · {hhmm(note.at)} · {md_escape(note.author)}"
    if note.kind == "action":
        head += f" · owner: {md_escape(note.owner or 'unassigned')}"
        if note.due:
            head += f" · due: {md_escape(note.due)}"
    body = "  \n".join(md_escape(line) for line in note.text.splitlines()) or ""
    return [head, "", body, ""]


def _md_consolidated(record: DayRecord) -> list[str]:
    out = ["## Actions", ""]
    actions = record.all_notes("action")
    if actions:
        out += ["| Action | Owner | Due | Session |", "|---|---|---|---|"]
        for item, note in actions:
            out.append(f"| {md_cell(note.text)} | {md_cell(note.owner or 'unassigned')} | {md_cell(note.due or '')} | {md_cell(item.title)} |")
    else:
        out.append("None recorded.")
    for kind, heading in (("decision", "Decisions"), ("parking", "Parking lot")):
        out += ["", f"## {heading}", ""]
        entries = record.all_notes(kind)
        out += [f"- {md_cell(note.text)} *({md_escape(item.title)})*" for item, note in entries] or ["None recorded."]
    return [*out, ""]


# ----- JSON ------------------------------------------------------------------


def _iso(when: dt.datetime | None) -> str | None:
    return when.isoformat(timespec="seconds") if when else None


def to_json_data(record: DayRecord) -> dict[str, Any]:
    """The versioned JSON record (see `day-log.schema.json`)."""
    return {
        "schema": SCHEMA_ID,
        "version": SCHEMA_VERSION,
        "plan": {"title": record.title, "file": record.plan_file},
        "date": record.date.isoformat(),
        "rehearsal": record.rehearsal,
        "shared": record.shared,
        "items": [
            {
                "id": item.id,
                "title": item.title,
                "kind": item.kind,
                "planned_start": item.planned_start,
                "planned_minutes": item.planned_minutes,
                "actual_start": _iso(item.actual_start),
                "actual_end": _iso(item.actual_end),
                "actual_minutes": item.actual_minutes,
                "skipped": item.skipped,
                "notes": [
                    {
                        "kind": note.kind,
                        "text": note.text,
                        "at": _iso(note.at),
                        "author": note.author,
                        "private": note.private,
                        "owner": note.owner if note.kind == "action" else None,
                        "due": note.due if note.kind == "action" else None,
                    }
                    for note in item.notes
                ],
            }
            for item in record.items
        ],
    }


def to_json(record: DayRecord) -> str:
    """The JSON record as text."""
    return json.dumps(to_json_data(record), ensure_ascii=False, indent=2) + "\n"


# ----- CSV -------------------------------------------------------------------


def csv_safe(value: object) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def to_csv(record: DayRecord, what: str = "items") -> str:
    """One row per agenda item (`items`) or per action (`actions`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if what == "actions":
        writer.writerow(["action", "owner", "due", "item", "at", "author"])
        for item, note in record.all_notes("action"):
            writer.writerow([csv_safe(v) for v in (note.text, note.owner or "", note.due or "", item.title, _iso(note.at), note.author)])
    else:
        writer.writerow(
            ["id", "title", "kind", "planned_start", "planned_minutes", "actual_start", "actual_end", "actual_minutes", "skipped", "notes"]
        )
        for item in record.items:
            writer.writerow(
                [
                    csv_safe(v)
                    for v in (
                        item.id,
                        item.title,
                        item.kind,
                        item.planned_start,
                        item.planned_minutes,
                        _iso(item.actual_start) or "",
                        _iso(item.actual_end) or "",
                        "" if item.actual_minutes is None else item.actual_minutes,
                        "yes" if item.skipped else "no",
                        len(item.notes),
                    )
                ]
            )
    return buffer.getvalue()
