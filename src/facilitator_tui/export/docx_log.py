"""The day log as a Word document, laid out like the HTML log.

Headings use Word's own styles (Title, Heading 1 for sections, Heading 2 per
session), so the navigation pane and a table of contents work. Tables have
fixed column widths on every cell as well as on the grid: Word reads the
cells, LibreOffice the grid. User text is literal: it goes into runs, never
parsed, and the characters XML cannot hold are dropped first.

python-docx makes the skeleton (its template, the styles, the page, the
properties), but the body is written as WordprocessingML text and parsed once:
built through python-docx's objects, a day of 10,000 notes took 16 s.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import unicodedata
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, RGBColor, Twips

from .office import clean, steady_zip
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

AUTHOR = "facilitator-tui"
META_STYLE = "Note Meta"
CELL_STYLE = "Table Text"
NOTE_STYLE = "Note Text"
GREY = RGBColor(0x59, 0x59, 0x59)
PRIVATE_RED = RGBColor(0xB0, 0x00, 0x00)
# A4 less two 20 mm margins leaves 170 mm: the item and actual columns get the room, a
# number column just enough for its heading's longest word.
AGENDA_WIDTHS = (20, 44, 18, 20, 50, 18)
ACTION_HEADINGS = ("Action", "Owner", "Due", "Session")
ACTION_WIDTHS = (58, 30, 28, 34, 20)
SHARED_ACTION_WIDTHS = (70, 32, 30, 38)
# The styles the body uses, by name; their ids are looked up once per document.
_STYLES = (
    "Title", "Subtitle", "Heading 1", "Heading 2", "List Bullet", "Table Grid", META_STYLE, CELL_STYLE, NOTE_STYLE,
)  # fmt: skip
# What python-docx's table template sets: no overall width, and Word's default banding.
_TABLE_WIDTH = '<w:tblW w:type="auto" w:w="0"/>'
_TABLE_LOOK = (
    '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" w:noVBand="1" w:val="04A0"/>'
)
_HEADER_SHADING = '<w:shd w:val="clear" w:color="auto" w:fill="EEEEEE"/>'
_TAB_OR_NEWLINE = re.compile("([\t\n])")
_TABLE = qn("w:tbl")


def to_docx(record: DayRecord) -> bytes:
    """The whole document."""
    doc = Document()
    _set_up(doc, record)
    body = _Body(doc)
    body.paragraph("Title", record.title)
    if record.subtitle:
        body.paragraph("Subtitle", record.subtitle)
    body.paragraph(None, day_heading(record), bold=True)
    for line in [close_line(record), *(replan_line(entry) for entry in record.replans)]:
        if line:
            body.paragraph(None, line)
    body.paragraph("Heading 1", "Agenda: planned and actual")
    body.table(AGENDA_HEADINGS, [agenda_row(item) for item in record.items], AGENDA_WIDTHS)
    body.paragraph("Heading 1", "Notes by session")
    for item in record.items:
        _item(body, item)
    _consolidated(body, record)
    for after, heading in TASK_HEADINGS:
        tasks = [task for task in record.tasks if task.after == after]
        if tasks:
            body.paragraph("Heading 1", heading)
            for task in tasks:
                body.paragraph("List Bullet", task_line(task))
    body.add_to(doc)
    out = io.BytesIO()
    doc.save(out)
    return steady_zip(out.getvalue(), record.date)


def _set_up(doc: DocxDocument, record: DayRecord) -> None:
    """A4, a compact body, the note-meta and table-text styles, and properties that name no login and do not change."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(20)
    doc.styles["Normal"].font.size = Pt(10.5)
    meta = doc.styles.add_style(META_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    meta.base_style = doc.styles["Normal"]
    meta.font.size = Pt(9)
    meta.font.color.rgb = GREY
    meta.paragraph_format.keep_with_next = True
    meta.paragraph_format.space_after = Pt(2)
    cell = doc.styles.add_style(CELL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = doc.styles["Normal"]
    cell.font.size = Pt(9.5)  # a table packs six columns into 170 mm
    cell.paragraph_format.space_before = cell.paragraph_format.space_after = Pt(1.5)
    note = doc.styles.add_style(NOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = doc.styles["Normal"]
    note.paragraph_format.left_indent = Mm(4)
    props = doc.core_properties
    props.title = clean(record.title)
    props.subject = clean(day_heading(record))
    props.author = props.last_modified_by = AUTHOR
    props.comments = ""  # the template says "generated by python-docx"
    props.created = props.modified = dt.datetime.combine(record.date, dt.time(), dt.UTC)
    props.revision = 1


class _Body:
    """The document's paragraphs and tables as WordprocessingML text, added to the document in one go."""

    def __init__(self, doc: DocxDocument) -> None:
        # python-docx finds a style by name by going through every style; once each is enough.
        self.style_ids = {name: doc.styles[name].style_id for name in _STYLES}
        self.parts: list[str] = []

    def paragraph(
        self, style: str | None, text: str | None, *, bold: bool = False, color: RGBColor | None = None, more: str = ""
    ) -> None:
        """A paragraph in a style (None: Normal) of one run of literal text, then the runs in `more`."""
        self.parts.append(_paragraph(self.style_ids[style] if style else None, text, bold=bold, color=color, more=more))

    def table(self, headings: Sequence[str], rows: Sequence[Sequence[str]], widths_mm: Sequence[int]) -> None:
        """A grid table with a bold, shaded header row repeated on each page, and fixed column widths."""
        cell_style = self.style_ids[CELL_STYLE]
        widths = [_twips(width) for width in widths_mm]
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
        self.parts.append(
            f"<w:tbl><w:tblPr><w:tblStyle w:val={quoteattr(self.style_ids['Table Grid'])}/>{_TABLE_WIDTH}"
            f'<w:tblLayout w:type="fixed"/>{_TABLE_LOOK}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
        )
        self.parts.append(_row(cell_style, headings, widths, header=True))
        self.parts.extend(_row(cell_style, values, widths, header=False) for values in rows)
        self.parts.append("</w:tbl>")

    def add_to(self, doc: DocxDocument) -> None:
        """Parse the content once and put it at the end of the body, before the section properties."""
        content = parse_xml(f"<w:body {nsdecls('w')}>{''.join(self.parts)}</w:body>")
        body = doc.element.body
        section = body.find(qn("w:sectPr"))
        for block in list(content):
            if block.tag == _TABLE:
                _move_table(block, body)
            else:
                body.append(block)
        if section is not None:
            body.append(section)  # the schema wants the section's properties last: this moves them there


def _move_table(table: BaseOxmlElement, parent: BaseOxmlElement) -> None:
    """Move a parsed table to the end of `parent`, in the document: the table empty, then its rows one by one.

    lxml takes time growing with the square of a subtree's size to move it to
    another document (its namespace cache never hits): a table of 2,500 rows
    took 4 s in one piece, 25 ms row by row.
    """
    rows = table.findall(qn("w:tr"))
    for row in rows:
        table.remove(row)
    parent.append(table)
    table.extend(rows)


def _twips(mm: int) -> int:
    """A width in twips, rounded as python-docx rounds it."""
    return round(Mm(mm) / Twips(1))


def _row(cell_style: str, values: Sequence[str], widths: Sequence[int], *, header: bool) -> str:
    """A table row that never splits across pages; the header row repeats on each and is bold and shaded."""
    cells = "".join(
        f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{_HEADER_SHADING if header else ""}</w:tcPr>'
        f"{_paragraph(cell_style, value, bold=header)}</w:tc>"
        for value, width in zip(values, widths, strict=True)
    )
    repeat = "<w:tblHeader/>" if header else ""
    return f"<w:tr><w:trPr><w:cantSplit/>{repeat}</w:trPr>{cells}</w:tr>"


def _paragraph(
    style_id: str | None, text: str | None, *, bold: bool = False, color: RGBColor | None = None, more: str = ""
) -> str:
    """A paragraph of one run of literal text, then the runs in `more`; it reads right to left if its text does."""
    value = clean(text)
    # The schema puts the style first in a paragraph's properties, right-to-left later.
    props = (_style_element(style_id) if style_id else "") + ("<w:bidi/>" if _right_to_left(value) else "")
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{_run(value, bold=bold, color=color)}{more}</w:p>"


@functools.cache
def _style_element(style_id: str) -> str:
    """A paragraph's style, by id (made once: a day has tens of thousands of paragraphs in a handful of styles)."""
    return f"<w:pStyle w:val={quoteattr(style_id)}/>"


def _run(text: str, *, bold: bool = False, color: RGBColor | None = None) -> str:
    """A run of literal, already `clean` text: a tab is a tab and a newline a line break, the rest words, never markup."""
    props = ("<w:b/>" if bold else "") + (f'<w:color w:val="{color}"/>' if color is not None else "")
    if "\t" in text or "\n" in text:
        content = "".join(_run_content(piece) for piece in _TAB_OR_NEWLINE.split(text) if piece)
    else:  # most runs: one piece of text, or none
        content = _run_content(text) if text else ""
    return f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{content}</w:r>"


def _run_content(piece: str) -> str:
    """A tab, a line break, or text; text that starts or ends with spaces is marked to keep them (Word drops them otherwise)."""
    if piece == "\t":
        return "<w:tab/>"
    if piece == "\n":
        return "<w:br/>"
    space = ' xml:space="preserve"' if piece.strip() != piece else ""
    return f"<w:t{space}>{escape(piece)}</w:t>"


def _right_to_left(text: str) -> bool:
    """Whether the first strong character is right-to-left (as HTML's `dir="auto"` decides)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return False
        if kind in ("R", "AL"):
            return True
    return False


def _meta(body: _Body, text: str, *, bold: bool = False, private: bool = False) -> None:
    """A small grey label; a private note's in red."""
    body.paragraph(META_STYLE, text, bold=bold, color=PRIVATE_RED if private else None)


def _item(body: _Body, item: ItemRecord) -> None:
    """A session: its heading and timing, its notes, then any guidance."""
    body.paragraph("Heading 2", f"{item.planned_start} {item.title}")
    _meta(body, timing_summary(item))
    if not item.notes and item.guidance is None:
        body.paragraph(None, "No notes.")
    for note in item.notes:
        _note(body, note)
    lines = guidance_lines(item)
    if lines:
        _meta(body, "Facilitator guidance (private)", bold=True)
        for line in lines:
            body.paragraph("List Bullet", line)


def _note(body: _Body, note: NoteEntry) -> None:
    """The note's label, then its text: a paragraph per blank-line-separated part, its lines kept as line breaks."""
    _meta(body, note_meta(note), private=note.private)
    parts = [part for part in clean(note.text).split("\n\n") if part.strip()]
    for part in parts:
        body.paragraph(NOTE_STYLE, "\n".join(part.splitlines()))


def _consolidated(body: _Body, record: DayRecord) -> None:
    """The actions as a table, then the decisions and the parking lot as lists, each with its session."""
    full = not record.shared
    body.paragraph("Heading 1", "Actions")
    actions = record.all_notes("action")
    if actions:
        rows = [
            [
                note.text,
                note.owner or "unassigned",
                due_text(note),
                item.title,
                *([("private" if note.private else "")] if full else []),
            ]
            for item, note in actions
        ]
        headings = [*ACTION_HEADINGS, *(["Private"] if full else [])]
        body.table(headings, rows, ACTION_WIDTHS if full else SHARED_ACTION_WIDTHS)
    else:
        body.paragraph(None, "None recorded.")
    for kind, heading in CONSOLIDATED:
        body.paragraph("Heading 1", heading)
        entries = record.all_notes(kind)
        if not entries:
            body.paragraph(None, "None recorded.")
        for item, note in entries:
            session = _run(f" ({clean(item.title)})", color=GREY)
            body.paragraph("List Bullet", note.text, more=session + (_run(" (private)", bold=True) if note.private else ""))
