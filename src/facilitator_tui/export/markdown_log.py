"""The day log as Markdown that reads well as plain text pasted into an email.

User text is escaped only where Markdown would change its meaning (a link,
emphasis, a heading, a list, a tag), so `a < b`, `[red]` and `fish & chips`
read as typed, and a bare URL stays plain, copyable text.
"""

from __future__ import annotations

import re

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

_ESCAPE = re.compile(
    # At a line's start: a heading, list, quote, table row, definition, rule or setext underline.
    r"^(?:#{1,6}(?=\s|$)|[-+*](?=\s|$)|[-_*=](?=[-_*= ]*$)|[>|]|:(?=\s)|\[(?=[^\]\n]*\]:))"
    r"|^\d{1,9}(?P<dot>[.)])(?=\s|$)"
    # Anywhere: code, an entity, a tag or autolink, a link or span, emphasis, strikeout or sub/superscript.
    r"|\\(?=[!-/:-@\[-`{-~]|$)|`|&(?=#?\w+;)|<(?=[A-Za-z/!?])|\](?=[({])"
    r"|(?<!\s)\*|\*(?!\s)|(?<![^\W_])_|_(?![^\W_])|(?P<mark>[~^])(?=\S*(?P=mark))",
    re.MULTILINE,
)
# Leading spaces or tabs would make an indented code block, where escapes show as
# backslashes; Markdown drops a line's indentation anyway.
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
PAGE_COLUMNS = 72
"""Pandoc's page width in characters (`--columns`), which a table's dashes are shares of."""
CELL_MARGIN = 2
"""Page columns a cell's margins take in Word, on top of its longest word."""
GLYPH = 11
"""Tenths of a page column a letter of a cell takes in Word (Cambria, Calibri)."""
HEADING_GLYPH = 12
"""The same for a letter of a bold heading."""
LONG_WORD = 24
WIDE = 40
"""More text than this in a column only wraps: it claims no more of the page."""


def _escaped(match: re.Match[str]) -> str:
    dot = match.group("dot")
    if dot:
        # `1. x`: the dot is escaped (a backslash before a digit would show).
        return match.group(0)[:-1] + "\\" + dot
    return "\\" + match.group(0)


def md_escape(text: str) -> str:
    """User text made literal in Markdown, escaping only what would change its meaning."""
    return _ESCAPE.sub(_escaped, _INDENT.sub("", text))


def md_cell(text: str) -> str:
    """User text for a Markdown table cell: escaped, on one line, pipes escaped."""
    return md_escape(" ".join(text.split())).replace("|", "\\|")


def md_table(headings: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    """A pipe table whose dashes give each column its share of the width.

    Pandoc sizes a wide table's columns by the dashes under each heading, as
    shares of its 72-column page. Each column gets its longest word (and a
    cell's margins) first, so words stay whole in Word; the columns with more
    text share what is left.
    """
    cells = [[md_cell(cell) for cell in row] for row in rows]
    texts = [[heading, *(row[column] for row in cells)] for column, heading in enumerate(headings)]
    # (A word longer than a third of the page, a URL say, breaks anyway: it claims no more.)
    # Headings are bold, so their letters are wider.
    longest = [
        max(
            max(len(word) * HEADING_GLYPH for word in [*column[0].split(), "---"]),
            max(min(len(word), LONG_WORD) * GLYPH for text in column[1:] for word in [*text.split(), "---"]),
        )
        for column in texts
    ]
    least = [-(-length // 10) + CELL_MARGIN for length in longest]
    wants = [max(least[i], min(WIDE, max(len(text) for text in column))) for i, column in enumerate(texts)]
    spare = max(PAGE_COLUMNS - sum(least), 0)
    extra = [want - low for want, low in zip(wants, least, strict=True)]
    widths = [low + (spare * more // sum(extra) if sum(extra) else 0) for low, more in zip(least, extra, strict=True)]
    out = ["| " + " | ".join(headings) + " |", "|" + "|".join("-" * width for width in widths) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in cells]
    return out


def to_markdown(record: DayRecord) -> str:
    """The day log as Markdown."""
    out = [f"# {md_escape(record.title)}", ""]
    if record.subtitle:
        out += [md_escape(record.subtitle), ""]
    out += [f"**{md_escape(day_heading(record))}**", ""]
    summary = [close_line(record), *(replan_line(entry) for entry in record.replans)]
    out += [md_escape(line) + "  " for line in summary if line]
    if out[-1].endswith("  "):
        out[-1] = out[-1].rstrip()
        out.append("")
    out += ["## Agenda: planned and actual", ""]
    out += md_table(AGENDA_HEADINGS, [agenda_row(item) for item in record.items])
    out += ["", "## Notes by session", ""]
    for item in record.items:
        out += _md_item(item)
    out += _md_consolidated(record)
    out += _md_tasks(record)
    return "\n".join(out).rstrip() + "\n"


def _md_tasks(record: DayRecord) -> list[str]:
    """The preparation and follow-up checklists, ticked or not."""
    out = []
    for after, heading in TASK_HEADINGS:
        tasks = [task for task in record.tasks if task.after == after]
        if tasks:
            out += [f"## {heading}", "", *(f"- {md_escape(task_line(task))}" for task in tasks), ""]
    return out


def _md_item(item: ItemRecord) -> list[str]:
    out = [f"### {item.planned_start} {md_escape(item.title)}", "", f"*{md_escape(timing_summary(item))}*", ""]
    if not item.notes and item.guidance is None:
        out += ["No notes.", ""]
    for note in item.notes:
        out += _md_note(note)
    lines = guidance_lines(item)
    if lines:
        out += ["**Facilitator guidance (private)**", ""]
        out += [f"- {md_escape(line)}" for line in lines]
        out.append("")
    return out


def _md_note(note: NoteEntry) -> list[str]:
    body = "  \n".join(md_escape(line) for line in note.text.splitlines())
    return [f"**{md_escape(note_meta(note))}**", "", body, ""]


def _md_consolidated(record: DayRecord) -> list[str]:
    full = not record.shared
    out = ["## Actions", ""]
    actions = record.all_notes("action")
    if actions:
        headings = ("Action", "Owner", "Due", "Session", *(("Private",) if full else ()))
        rows = [
            (note.text, note.owner or "unassigned", due_text(note), item.title, *(("private" if note.private else "",) if full else ()))
            for item, note in actions
        ]
        out += md_table(headings, rows)
    else:
        out.append("None recorded.")
    for kind, heading in CONSOLIDATED:
        out += ["", f"## {heading}", ""]
        entries = record.all_notes(kind)
        out += [
            f"- {md_cell(note.text)} *({md_escape(item.title)})*" + (" **(private)**" if note.private else "") for item, note in entries
        ] or ["None recorded."]
    return [*out, ""]
