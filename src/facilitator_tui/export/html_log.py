"""The day log as one standalone, printable HTML file; every user string is escaped.

It prints on A4 without shrinking: long unbroken text wraps, a session's
heading stays with its first note and a note's label with its text. Line
breaks in notes are real `<br>`s, so they survive a conversion to Word, and
each piece of user text carries `dir="auto"` so right-to-left text reads so.
"""

from __future__ import annotations

from html import escape

from .record import DayRecord, ItemRecord, NoteEntry
from .wording import (
    AGENDA_HEADINGS,
    CONSOLIDATED,
    TASK_HEADINGS,
    agenda_row,
    close_line,
    day_heading,
    due_text,
    guidance_lines,
    note_meta,
    replan_line,
    task_line,
    timing_summary,
)

# Percentages of the page's width, per column.
AGENDA_WIDTHS = (11, 31, 11, 11, 26, 10)
ACTION_WIDTHS = (36, 17, 17, 20, 10)
ACTION_WIDTHS_SHARED = (40, 19, 18, 23)

STYLE = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: system-ui, sans-serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; color: #111;
       overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; table-layout: fixed; }
th, td { border: 1px solid #999; padding: .25rem .4rem; text-align: start; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eee; font-size: .85em; overflow-wrap: normal; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
h1, h2, h3, .meta { break-after: avoid; }
.note { margin: .5rem 0 1rem; padding-inline-start: .75rem; border-inline-start: 3px solid #999; }
.note p { margin: 0; }
.meta { color: #444; font-size: .9em; }
.private { border-inline-start-color: #b00; }
.tag { font-weight: bold; }
@media print { body { margin: 0; max-width: none; padding: 0; } a { color: inherit; } }
"""


def _e(text: str | None) -> str:
    return escape(text or "", quote=True)


def _user(text: str | None, tag: str = "span") -> str:
    """User text in its own element, its direction taken from its first strong character."""
    return f'<{tag} dir="auto">{_e(text)}</{tag}>'


def _lines(text: str) -> str:
    """Text with its line breaks as `<br>` (a blank line starts a new paragraph)."""
    paragraphs = [part for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]
    return "".join(f'<p dir="auto">{"<br>".join(_e(line) for line in part.splitlines())}</p>' for part in paragraphs)


def to_html(record: DayRecord) -> str:
    """The whole page."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(record.title)} · {record.date.isoformat()}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        _user(record.title, "h1"),
    ]
    if record.subtitle:
        parts.append(_user(record.subtitle, "p"))
    parts.append(f'<p><strong dir="auto">{_e(day_heading(record))}</strong></p>')
    summary = [close_line(record), *(replan_line(entry) for entry in record.replans)]
    parts += [_user(line, "p") for line in summary if line]
    parts += ["<h2>Agenda: planned and actual</h2>", "<table>", _columns(AGENDA_WIDTHS), _head(AGENDA_HEADINGS), "<tbody>"]
    parts += ["<tr>" + "".join(_user(cell, "td") for cell in agenda_row(item)) + "</tr>" for item in record.items]
    parts += ["</tbody>", "</table>", "<h2>Notes by session</h2>"]
    for item in record.items:
        parts += _item(item)
    parts += _consolidated(record)
    parts += _tasks(record)
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _columns(widths: tuple[int, ...]) -> str:
    """Fixed column widths: a table laid out from its content would squeeze a time to `09:3` / `0` beside a long title."""
    return "<colgroup>" + "".join(f'<col style="width: {width}%">' for width in widths) + "</colgroup>"


def _head(headings: tuple[str, ...]) -> str:
    return "<thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in headings) + "</tr></thead>"


def _item(item: ItemRecord) -> list[str]:
    parts = [f'<h3 dir="auto">{_e(item.planned_start)} {_e(item.title)}</h3>', f'<p class="meta">{_e(timing_summary(item))}</p>']
    if not item.notes and item.guidance is None:
        parts.append("<p>No notes.</p>")
    parts += [_note(note) for note in item.notes]
    lines = guidance_lines(item)
    if lines:
        parts.append('<p class="meta"><strong>Facilitator guidance (private)</strong></p><ul>')
        parts += [_user(line, "li") for line in lines]
        parts.append("</ul>")
    return parts


def _note(note: NoteEntry) -> str:
    css = "note private" if note.private else "note"
    return f'<div class="{css}"><div class="meta" dir="auto">{_e(note_meta(note))}</div>{_lines(note.text)}</div>'


def _private_mark(note: NoteEntry) -> str:
    return ' <span class="tag">(private)</span>' if note.private else ""


def _consolidated(record: DayRecord) -> list[str]:
    full = not record.shared
    parts = ["<h2>Actions</h2>"]
    actions = record.all_notes("action")
    if actions:
        widths = ACTION_WIDTHS if full else ACTION_WIDTHS_SHARED
        parts += ["<table>", _columns(widths), _head(("Action", "Owner", "Due", "Session", *(("Private",) if full else ()))), "<tbody>"]
        for item, note in actions:
            cells = [_user(note.text, "td"), _user(note.owner or "unassigned", "td"), _user(due_text(note), "td"), _user(item.title, "td")]
            if full:
                cells.append(f"<td>{'private' if note.private else ''}</td>")
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts += ["</tbody>", "</table>"]
    else:
        parts.append("<p>None recorded.</p>")
    for kind, heading in CONSOLIDATED:
        parts.append(f"<h2>{heading}</h2>")
        entries = record.all_notes(kind)
        if entries:
            parts.append("<ul>")
            parts += [
                f'<li>{_user(n.text)} <span class="meta">({_user(i.title)})</span>{_private_mark(n)}</li>' for i, n in entries
            ]
            parts.append("</ul>")
        else:
            parts.append("<p>None recorded.</p>")
    return parts


def _tasks(record: DayRecord) -> list[str]:
    """The preparation and follow-up checklists, ticked or not."""
    parts = []
    for after, heading in TASK_HEADINGS:
        tasks = [task for task in record.tasks if task.after == after]
        if tasks:
            parts += [f"<h2>{heading}</h2>", "<ul>", *(f"<li>{_user(task_line(task))}</li>" for task in tasks), "</ul>"]
    return parts
