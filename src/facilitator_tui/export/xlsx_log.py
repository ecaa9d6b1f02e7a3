"""The day log as an Excel workbook: the agenda, actions, decisions, parking lot and quotes, a sheet each.

Values are typed so a spreadsheet can work with them: dates are dates, clock
times are times (as shown everywhere else: rounded to the minute, in the day's
own offset), lengths are numbers. Every piece of user text is stored as text,
so `=HYPERLINK(…)` typed as an action stays words and never runs.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..core.status import shown_minute
from .office import clean, steady_zip
from .record import DayRecord, NoteEntry

AUTHOR = "facilitator-tui"
TIME = "hh:mm"
DATE = "yyyy-mm-dd"
LINE_POINTS = 15  # a line of 11-point text, with its leading
SIGNED = "+0;-0;0"  # an overrun reads `+3` as in every other format
SHEET_KINDS = {"Decisions": "decision", "Parking lot": "parking", "Quotes": "quote"}

Value = str | int | dt.date | dt.time | None
Sheet = Worksheet


@dataclass(frozen=True)
class Column:
    """A column's heading, its width in characters, whether long text wraps in it, and how numbers show."""

    heading: str
    width: int
    wrap: bool = False
    number_format: str | None = None


def clock(when: dt.datetime | None) -> dt.time | None:
    """A time of day as every export shows it; Excel holds no offset, so the day's own wall clock."""
    return None if when is None else shown_minute(when).time()


def to_xlsx(record: DayRecord) -> bytes:
    """The workbook, the same bytes for the same record."""
    book = Workbook()
    agenda = book.worksheets[0]
    agenda.title = "Agenda"
    _agenda(agenda, record)
    _actions(book.create_sheet("Actions"), record)
    for title, kind in SHEET_KINDS.items():
        _captures(book.create_sheet(title), record, kind)
    stamp = dt.datetime.combine(record.date, dt.time())
    book.properties.title = clean(record.title)
    book.properties.creator = book.properties.lastModifiedBy = AUTHOR
    book.properties.created = book.properties.modified = stamp
    out = io.BytesIO()
    # ExcelWriter, not Workbook.save: save stamps `modified` with the time of writing.
    ExcelWriter(book, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)).save()
    return steady_zip(out.getvalue(), record.date)


def _private(record: DayRecord) -> list[Column]:
    """The private column, in a full export only (a shared record has no private entries)."""
    return [] if record.shared else [Column("Private", 9)]


def _agenda(sheet: Sheet, record: DayRecord) -> None:
    columns = [
        Column("Planned", 9), Column("Item", 36, wrap=True), Column("Kind", 10), Column("Planned min", 9),
        Column("Actual start", 9), Column("Actual end", 9), Column("Actual min", 9), Column("Paused min", 9),
        Column("Over", 7, number_format=SIGNED), Column("Skipped", 9), Column("Notes", 60, wrap=True),
    ]  # fmt: skip
    rows: list[list[Value]] = []
    for item in record.items:
        ran = item.actual_start is not None
        hour, minute = (int(part) for part in item.planned_start.split(":"))
        rows.append(
            [
                dt.time(hour, minute),
                item.title,
                item.kind,
                item.planned_minutes,
                clock(item.actual_start),
                clock(item.actual_end),
                item.actual_minutes,
                item.paused_minutes if ran else None,
                item.overrun_minutes,
                "yes" if item.skipped else "no",
                next((note.text for note in item.notes if note.kind == "note"), None),
            ]
        )
    _fill(sheet, columns, rows)


def _where() -> list[Column]:
    """The columns every capture sheet starts with."""
    return [Column("Workshop", 24, wrap=True), Column("Date", 11), Column("Item", 28, wrap=True), Column("Text", 50, wrap=True)]


def _flag(record: DayRecord, note: NoteEntry) -> list[Value]:
    return [] if record.shared else ["yes" if note.private else "no"]


def _actions(sheet: Sheet, record: DayRecord) -> None:
    columns = [
        *_where(), Column("Owner", 20, wrap=True), Column("Due", 12, number_format=DATE), Column("Due as typed", 14, wrap=True),
        *_private(record), Column("Status", 8),
    ]  # fmt: skip
    rows: list[list[Value]] = [
        # A due the words typed do not date ("after the board") stays those words.
        [
            record.title,
            record.date,
            item.title,
            note.text,
            note.owner or "",
            note.due_date or note.due,
            note.due or "",
            *_flag(record, note),
            note.status,
        ]
        for item, note in record.all_notes("action")
    ]
    _fill(sheet, columns, rows)


def _captures(sheet: Sheet, record: DayRecord, kind: str) -> None:
    rows: list[list[Value]] = [
        [record.title, record.date, item.title, note.text, *_flag(record, note)] for item, note in record.all_notes(kind)
    ]
    _fill(sheet, [*_where(), *_private(record)], rows)


def _fill(sheet: Sheet, columns: Sequence[Column], rows: Sequence[Sequence[Value]]) -> None:
    """Headings in a bold, frozen first row with a filter; widths set; times, dates and text typed and wrapped."""
    bold, top, wrap = Font(bold=True), Alignment(vertical="top"), Alignment(vertical="top", wrap_text=True)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.heading)
        cell.font, cell.alignment = bold, wrap
        sheet.column_dimensions[cell.column_letter].width = column.width
    _fit_height(sheet, 1, [(column.heading, column.width) for column in columns])
    looks: dict[tuple[bool, str | None], Cell | MergedCell] = {}
    for row_number, values in enumerate(rows, start=2):
        texts = []
        for index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            target = sheet.cell(row=row_number, column=index)
            number_format = None
            if isinstance(value, str):
                target.value = clean(value)
                target.data_type = "s"  # openpyxl takes a leading "=" as a formula: this keeps it text
                if column.wrap:
                    texts.append((target.value, column.width))
            else:
                target.value = value
                if column.number_format:
                    number_format = column.number_format
                elif isinstance(value, dt.time):
                    number_format = TIME
                elif isinstance(value, dt.date):
                    number_format = DATE
            _look(target, looks, column.wrap, number_format, wrap if column.wrap else top)
        _fit_height(sheet, row_number, texts)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    # Printed: A4 landscape, one page wide, the headings on every page.
    sheet.page_setup.orientation, sheet.page_setup.paperSize = "landscape", sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = "1:1"


def _look(
    cell: Cell | MergedCell, looks: dict[tuple[bool, str | None], Cell | MergedCell], wrap: bool, number_format: str | None, alignment: Alignment
) -> None:
    """Give `cell` its alignment and number format, copied from the first cell that had the same.

    Setting a style on each cell makes openpyxl hash it every time: 3 s for a
    day of 10,000 notes. A copy of a styled cell's style indexes costs nothing.
    """
    model = looks.get((wrap, number_format))
    if model is None:
        cell.alignment = alignment
        if number_format:
            cell.number_format = number_format
        looks[(wrap, number_format)] = cell
        return
    cell._style = copy(model._style)  # type: ignore[union-attr]  # (openpyxl's own way to copy a style; not in its stubs)


def _fit_height(sheet: Sheet, row: int, texts: Sequence[tuple[str, int]]) -> None:
    """A row tall enough for its wrapped text: LibreOffice keeps the default height unless told."""
    lines = max(
        (sum(max(1, -(-len(line) // max(1, width - 2))) for line in text.split("\n")) for text, width in texts), default=1
    )
    if lines > 1:
        sheet.row_dimensions[row].height = LINE_POINTS * lines
