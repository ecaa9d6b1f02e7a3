"""The Excel day log, read back with openpyxl: typed values, text that never runs, sharing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import zipfile

import openpyxl
import pytest

from export_helpers import (
    ACTION_FORMULA,
    ACTION_MULTILINE,
    ACTION_MULTILINE_OWNER,
    ACTION_PRIVATE,
    DECISION,
    EXTRA_TITLE,
    LAST_NOTE,
    LAST_TITLE,
    LUNCH_TITLE,
    OPEN_NOTE,
    OPEN_TITLE,
    PARKING,
    PLAN_TITLE,
    PRIVATE_STRINGS,
    PSEUDONYMS,
    TEA_NOTE,
    TEA_TITLE,
    build_day,
)
from facilitator_tui.export import render
from facilitator_tui.export.record import DayRecord, share
from facilitator_tui.export.xlsx_log import to_xlsx

SHEETS = ["Agenda", "Actions", "Decisions", "Parking lot", "Quotes"]
AGENDA_HEAD = [
    "Planned", "Item", "Kind", "Planned min", "Actual start", "Actual end", "Actual min", "Paused min", "Over", "Skipped", "Notes",
]  # fmt: skip
TITLES = [OPEN_TITLE, TEA_TITLE, EXTRA_TITLE, LUNCH_TITLE, LAST_TITLE]
DAY = dt.datetime(2026, 11, 26)
REAL_NAMES = ("Ann Smith", "José", "Zoë", "O'Neil", "tester")
HOSTILE = ['=HYPERLINK("http://evil.example","click")', "=1+1", "+44 20 7946 0000", "-2", "@SUM(A1:A2)", "=", "'=quoted"]


@pytest.fixture(scope="module")
def record(tmp_path_factory) -> DayRecord:
    return build_day(tmp_path_factory.mktemp("data")).record()


def read(record: DayRecord) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(to_xlsx(record)))


@pytest.fixture(scope="module")
def book(record):
    data = render(record, "xlsx")
    assert isinstance(data, bytes)
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.fixture(scope="module")
def shared_book(record):
    return read(share(record, PSEUDONYMS))


def values(sheet) -> list[list[object]]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def strings(book) -> str:
    return "\n".join(str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row if cell.value is not None)


def test_one_workbook_with_a_sheet_per_table(book):
    assert book.sheetnames == SHEETS


def test_agenda_one_row_per_item_with_typed_values(book):
    rows = values(book["Agenda"])
    assert rows[0] == AGENDA_HEAD
    assert [row[1] for row in rows[1:]] == TITLES
    assert rows[1] == [dt.time(9, 0), OPEN_TITLE, "session", 30, dt.time(9, 0), dt.time(9, 31), 31, 0, 1, "no", OPEN_NOTE]
    assert rows[2] == [dt.time(9, 30), TEA_TITLE, "break", 15, dt.time(9, 31), dt.time(9, 50), 14, 5, -1, "no", TEA_NOTE]
    assert rows[3] == [dt.time(9, 45), EXTRA_TITLE, "session", 15, None, None, None, None, None, "yes", None]
    assert rows[5][4:9] == [dt.time(10, 25), dt.time(11, 2), 37, 0, -3]
    assert rows[5][10] == LAST_NOTE


def test_times_and_numbers_have_formats_a_reader_expects(book):
    sheet = book["Agenda"]
    for column in ("A", "E", "F"):
        cell = sheet[f"{column}2"]
        assert cell.is_date and cell.number_format == "hh:mm", column
    for column in ("D", "G", "H", "I"):
        assert sheet[f"{column}2"].data_type == "n", column
    assert sheet["I2"].number_format == "+0;-0;0", "an overrun reads +1 as in the other formats"


def test_times_are_the_days_wall_clock_rounded_as_shown(tmp_path):
    plus = dt.timezone(dt.timedelta(hours=5, minutes=30))
    record = build_day(tmp_path, start=dt.datetime(2026, 11, 26, 8, 55, tzinfo=plus)).record()
    first = dataclasses.replace(record.items[0], actual_start=record.items[0].actual_start + dt.timedelta(seconds=40))
    row = values(read(dataclasses.replace(record, items=(first, *record.items[1:])))["Agenda"])[1]
    assert row[4:6] == [dt.time(9, 1), dt.time(9, 31)], "09:00:40 shows as 09:01 everywhere"


def test_header_row_bold_frozen_filtered_and_columns_readable(book):
    for sheet in book:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(cell.font.bold for cell in sheet[1]), sheet.title
        assert sheet.auto_filter.ref == sheet.dimensions, sheet.title
        for cell in sheet[1]:
            assert sheet.column_dimensions[cell.column_letter].width >= 7, (sheet.title, cell.value)
    agenda = book["Agenda"]
    widths = {cell.value: agenda.column_dimensions[cell.column_letter].width for cell in agenda[1]}
    assert widths["Item"] >= 30 and widths["Notes"] >= 50
    assert agenda["K2"].alignment.wrap_text and agenda["B2"].alignment.wrap_text
    assert book["Actions"]["D2"].alignment.wrap_text
    # LibreOffice keeps a row at one line unless told: the six-line note's row is six lines tall.
    assert agenda.row_dimensions[2].height >= 6 * 15 > (agenda.row_dimensions[3].height or 15)
    assert agenda.row_dimensions[1].height >= 2 * 15, "'Actual start' wraps in its column"


def test_sheets_print_on_a4_landscape_one_page_wide(book):
    for sheet in book:
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows == "$1:$1"


def test_actions_sheet_with_real_dates(book):
    rows = values(book["Actions"])
    assert rows[0] == ["Workshop", "Date", "Item", "Text", "Owner", "Due", "Due as typed", "Private", "Status"]
    assert rows[1:] == [
        [PLAN_TITLE, DAY, OPEN_TITLE, ACTION_FORMULA, "O'Neil", dt.datetime(2026, 12, 1), "2026-12-01", "no", "open"],
        [PLAN_TITLE, DAY, OPEN_TITLE, ACTION_MULTILINE, ACTION_MULTILINE_OWNER, dt.datetime(2026, 12, 3), "+1 week", "no", "open"],
        [PLAN_TITLE, DAY, OPEN_TITLE, ACTION_PRIVATE, "José", None, None, "yes", "open"],
    ]
    sheet = book["Actions"]
    for cell in (sheet["B2"], sheet["F2"], sheet["F3"]):
        assert cell.is_date and cell.number_format == "yyyy-mm-dd", cell.coordinate


def test_a_due_in_words_only_is_kept_as_words(record):
    notes = tuple(
        dataclasses.replace(n, due="after the board", due_date=None) if n.text == ACTION_FORMULA else n
        for n in record.items[0].notes
    )
    items = (dataclasses.replace(record.items[0], notes=notes), *record.items[1:])
    cell = read(dataclasses.replace(record, items=items))["Actions"]["F2"]
    assert cell.value == "after the board" and cell.data_type == "s"


@pytest.mark.parametrize(("sheet", "kind", "text"), [("Decisions", "decision", DECISION), ("Parking lot", "parking", PARKING)])
def test_decisions_and_parking_sheets(book, record, sheet, kind, text):
    rows = values(book[sheet])
    assert rows == [["Workshop", "Date", "Item", "Text", "Private"], [PLAN_TITLE, DAY, OPEN_TITLE, text, "no"]]
    notes = tuple(dataclasses.replace(n, private=True) if n.kind == kind else n for n in record.items[0].notes)
    marked = read(dataclasses.replace(record, items=(dataclasses.replace(record.items[0], notes=notes), *record.items[1:])))
    assert values(marked[sheet])[1][4] == "yes"


def test_formula_looking_text_is_stored_as_text_never_a_formula(book, record):
    cell = book["Actions"]["D2"]
    assert cell.value == ACTION_FORMULA and cell.data_type == "s"
    # Every place user text goes: the title, an item, a note, a capture, an owner, a due in words.
    action, owner, due, note, title, workshop, tea = HOSTILE
    notes = tuple(
        dataclasses.replace(n, text=action, owner=owner, due=due, due_date=None) if n.kind == "action" else n
        for n in record.items[0].notes
    )
    notes = tuple(dataclasses.replace(n, text=note) if n.kind in ("note", "decision") else n for n in notes)
    tea_notes = tuple(dataclasses.replace(n, text=tea) for n in record.items[1].notes)
    items = (
        dataclasses.replace(record.items[0], title=title, notes=notes),
        dataclasses.replace(record.items[1], notes=tea_notes),
    )
    hostile = dataclasses.replace(record, title=workshop, items=(*items, *record.items[2:]))
    data = to_xlsx(hostile)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
    assert len(sheets) == len(SHEETS) and not any("<f>" in xml or "<f " in xml for xml in sheets), "a cell became a formula"
    loaded = openpyxl.load_workbook(io.BytesIO(data))
    found = [cell for sheet in loaded for row in sheet.iter_rows() for cell in row if cell.value in HOSTILE]
    assert {cell.value for cell in found} == set(HOSTILE)
    assert all(cell.data_type == "s" for cell in found)


def test_hostile_text_comes_back_literally(book):
    text = strings(book)
    for string in (PLAN_TITLE, *TITLES, OPEN_NOTE, TEA_NOTE, LAST_NOTE, ACTION_FORMULA, ACTION_MULTILINE, DECISION, PARKING):
        assert string in text, string
    assert book["Agenda"]["K2"].value == OPEN_NOTE, "newlines, markup, emoji and Hebrew intact"


def test_control_characters_are_dropped_not_fatal(record):
    item = dataclasses.replace(record.items[0], title="Open\x00ing\x1b\x0b", notes=())
    dirty = dataclasses.replace(record, title="Day\x01 one\twith\ttabs\r\nand\x7f", items=(item, *record.items[1:]))
    loaded = read(dirty)
    assert loaded["Agenda"]["B2"].value == "Opening"
    assert loaded["Decisions"]["A1"].value == "Workshop"
    assert loaded.properties.title == "Day one\twith\ttabs\nand\x7f"


def test_every_character_openpyxl_refuses_is_dropped(record):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    every = "".join(map(chr, range(32)))
    assert ILLEGAL_CHARACTERS_RE.sub("", every) == "\t\n\r"
    item = dataclasses.replace(record.items[0], title=f"a{every}b\ud800\uffff")
    value = read(dataclasses.replace(record, items=(item, *record.items[1:])))["Agenda"]["B2"].value
    assert value == "a\t\n\nb", "tab and newline kept, a carriage return read as a newline"


def test_a_shared_workbook_leaks_nothing_and_has_no_private_column(shared_book):
    text = strings(shared_book)
    for string in PRIVATE_STRINGS:
        assert string not in text, string
    for name in REAL_NAMES:
        assert not re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text), name
    assert values(shared_book["Actions"])[0] == ["Workshop", "Date", "Item", "Text", "Owner", "Due", "Due as typed", "Status"]
    assert values(shared_book["Decisions"])[0] == ["Workshop", "Date", "Item", "Text"]
    assert values(shared_book["Parking lot"])[0] == ["Workshop", "Date", "Item", "Text"]
    assert [row[3] for row in values(shared_book["Actions"])[1:]] == [
        ACTION_FORMULA,
        "Email Participant D the notes\nand the slides | all",
    ]
    assert not any(name in (shared_book.properties.title or "") for name in REAL_NAMES)


def test_properties_name_no_login_and_bytes_do_not_change(book, record):
    props = book.properties
    assert props.creator == props.lastModifiedBy == "facilitator-tui"
    assert props.title == PLAN_TITLE
    assert props.created == props.modified == DAY
    assert to_xlsx(record) == to_xlsx(record)
