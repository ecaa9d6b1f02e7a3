"""The day log as one standalone, printable HTML file; every user string is escaped."""

from __future__ import annotations

from html import escape

from .formats import LABELS, hhmm, timing_summary
from .record import DayRecord, NoteEntry

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; color: #111; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { border: 1px solid #999; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #eee; }
.note { margin: .5rem 0 1rem; padding-left: .75rem; border-left: 3px solid #999; white-space: pre-wrap; }
.meta { color: #444; font-size: .9em; }
.private { border-left-color: #b00; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } }
"""


def _e(text: str | None) -> str:
    return escape(text or "", quote=True)


def to_html(record: DayRecord) -> str:
    """The whole page."""
    kind = " (rehearsal)" if record.rehearsal else ""
    shared = " · shared version" if record.shared else ""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{_e(record.title)} · {record.date.isoformat()}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(record.title)}</h1>",
    ]
    if record.subtitle:
        parts.append(f"<p>{_e(record.subtitle)}</p>")
    parts.append(f"<p><strong>{record.date:%A %d %B %Y}</strong>{kind}{shared}</p>")
    parts += ["<h2>Agenda: planned and actual</h2>", "<table>", "<tr><th>Planned</th><th>Item</th><th>Kind</th><th>Planned min</th><th>Actual</th><th>Over</th></tr>"]
    for item in record.items:
        over = item.overrun_minutes
        over_cell = "skipped" if item.skipped else ("" if over is None else f"{over:+d}")
        actual = "–" if item.skipped else timing_summary(item)
        parts.append(
            f"<tr><td>{item.planned_start}</td><td>{_e(item.title)}</td><td>{_e(item.kind)}</td>"
            f"<td>{item.planned_minutes}</td><td>{_e(actual)}</td><td>{over_cell}</td></tr>"
        )
    parts += ["</table>", "<h2>Notes by session</h2>"]
    for item in record.items:
        parts.append(f"<h3>{item.planned_start} {_e(item.title)}</h3>")
        parts.append(f'<p class="meta">{_e(timing_summary(item))}</p>')
        if not item.notes:
            parts.append("<p>No notes.</p>")
        parts += [_note(note) for note in item.notes]
        if item.guidance is not None and not record.shared:
            lines = (*item.guidance.watch_for, *item.guidance.debrief, *item.guidance.notes)
            parts.append("<p><strong>Facilitator guidance (private)</strong></p><ul>")
            parts += [f"<li>{_e(line)}</li>" for line in lines]
            parts.append("</ul>")
    parts += _consolidated(record)
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _note(note: NoteEntry) -> str:
    private = " (private)" if note.private else ""
    meta = f"{LABELS[note.kind]}{private} · {hhmm(note.at)} · {_e(note.author)}"
    if note.kind == "action":
        meta += f" · owner: {_e(note.owner or 'unassigned')}"
        if note.due:
            meta += f" · due: {_e(note.due)}"
    css = "note private" if note.private else "note"
    return f'<div class="{css}"><div class="meta">{meta}</div>{_e(note.text)}</div>'


def _consolidated(record: DayRecord) -> list[str]:
    parts = ["<h2>Actions</h2>"]
    actions = record.all_notes("action")
    if actions:
        parts += ["<table>", "<tr><th>Action</th><th>Owner</th><th>Due</th><th>Session</th></tr>"]
        parts += [
            f"<tr><td>{_e(n.text)}</td><td>{_e(n.owner or 'unassigned')}</td><td>{_e(n.due)}</td><td>{_e(i.title)}</td></tr>"
            for i, n in actions
        ]
        parts.append("</table>")
    else:
        parts.append("<p>None recorded.</p>")
    for kind, heading in (("decision", "Decisions"), ("parking", "Parking lot")):
        parts.append(f"<h2>{heading}</h2>")
        entries = record.all_notes(kind)
        if entries:
            parts.append("<ul>")
            parts += [f"<li>{_e(n.text)} <span class=\"meta\">({_e(i.title)})</span></li>" for i, n in entries]
            parts.append("</ul>")
        else:
            parts.append("<p>None recorded.</p>")
    return parts
