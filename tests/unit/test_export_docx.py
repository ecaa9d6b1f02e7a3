"""The Word day log, read back with python-docx: styles, tables, notes, hostile text, sharing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table
from docx.text.paragraph import Paragraph

from export_helpers import (
    ACTION_FORMULA,
    ACTION_MULTILINE,
    ACTION_PRIVATE,
    DECISION,
    EXTRA_TITLE,
    FULL_STRINGS,
    GONE_STRINGS,
    GUIDANCE_LINE,
    LAST_TITLE,
    LUNCH_TITLE,
    OPEN_NOTE,
    OPEN_TITLE,
    PARKING,
    PLAN_SUBTITLE,
    PLAN_TITLE,
    PRIVATE_STRINGS,
    PSEUDONYMS,
    TEA_TITLE,
    build_day,
)
from facilitator_tui.export import render
from facilitator_tui.export.docx_log import to_docx
from facilitator_tui.export.record import DayRecord, share
from facilitator_tui.export.wording import AGENDA_HEADINGS, agenda_row, close_line, day_heading, note_meta

GUIDANCE_LABEL = "Facilitator guidance (private)"
REAL_NAMES = ("Ann Smith", "José", "Zoë", "O'Neil", "tester")


@pytest.fixture(scope="module")
def record(tmp_path_factory) -> DayRecord:
    return build_day(tmp_path_factory.mktemp("data")).record()


@pytest.fixture(scope="module")
def shared(record) -> DayRecord:
    return share(record, PSEUDONYMS)


def read(record: DayRecord):
    return docx.Document(io.BytesIO(to_docx(record)))


@pytest.fixture(scope="module")
def doc(record):
    data = render(record, "docx")
    assert isinstance(data, bytes)
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def shared_doc(shared):
    return read(shared)


def everything(document) -> str:
    """All the text a reader sees, paragraphs and table cells, in document order."""
    out = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            out.append(block.text)
        else:
            out += [cell.text for row in block.rows for cell in row.cells]
    return "\n".join(out)


def cells(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def headings(document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name == "Title" or p.style.name.startswith("Heading")]


def test_headings_use_words_own_styles_in_order(doc):
    assert headings(doc) == [
        ("Title", PLAN_TITLE),
        ("Heading 1", "Agenda: planned and actual"),
        ("Heading 1", "Notes by session"),
        ("Heading 2", f"09:00 {OPEN_TITLE}"),
        ("Heading 2", f"09:30 {TEA_TITLE}"),
        ("Heading 2", f"09:45 {EXTRA_TITLE}"),
        ("Heading 2", f"10:00 {LUNCH_TITLE}"),
        ("Heading 2", f"10:20 {LAST_TITLE}"),
        ("Heading 1", "Actions"),
        ("Heading 1", "Decisions"),
        ("Heading 1", "Parking lot"),
    ]


@pytest.mark.parametrize(("name", "level"), [("Heading 1", "0"), ("Heading 2", "1")])
def test_heading_styles_are_the_built_in_ones_with_an_outline_level(doc, name, level):
    """The navigation pane and a table of contents list paragraphs by their style's outline level."""
    style = doc.styles[name]
    assert style.builtin and style.style_id == name.replace(" ", "")
    assert style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == level


def test_the_top_says_what_when_where_and_how_the_day_closed(doc, record):
    top = [p.text for p in doc.paragraphs[:4]]
    assert top == [PLAN_TITLE, PLAN_SUBTITLE, day_heading(record), close_line(record)]
    assert top[3] == "Closed 11:02, 2 min after the target (11:00)."
    assert doc.paragraphs[1].style.name == "Subtitle"
    assert all(run.bold for run in doc.paragraphs[2].runs)


def test_replans_and_venue_are_in_the_top_lines(record):
    from facilitator_tui.export.record import LengthChange, ReplanEntry

    when = dt.datetime(2026, 11, 26, 10, 47, tzinfo=dt.UTC)
    entry = ReplanEntry(when, (LengthChange("last", LAST_TITLE, 40, 30),), (EXTRA_TITLE,))
    top = [p.text for p in read(dataclasses.replace(record, venue="Salle Zoë", replans=(entry,))).paragraphs[:5]]
    assert top[2] == "Thursday 26 November 2026 · Salle Zoë"
    assert top[4] == f"Re-planned at 10:47: {LAST_TITLE} 40 → 30 min; dropped: {EXTRA_TITLE}."


def test_the_agenda_is_a_table_with_a_row_per_item(doc, record):
    agenda = doc.tables[0]
    got = cells(agenda)
    assert got[0] == list(AGENDA_HEADINGS)
    assert got[1:] == [list(agenda_row(item)) for item in record.items]
    assert [row[1] for row in got[1:]] == [OPEN_TITLE, TEA_TITLE, EXTRA_TITLE, LUNCH_TITLE, LAST_TITLE]
    assert got[1] == ["09:00", OPEN_TITLE, "session", "30", "09:00–09:31, 31 min (+1)", "+1"]
    assert got[3][4:] == ["–", "skipped"]
    # The table sits under its heading, before the notes.
    body = list(doc.iter_inner_content())
    at = next(i for i, b in enumerate(body) if isinstance(b, Paragraph) and b.text == "Agenda: planned and actual")
    assert body[at + 1]._element is agenda._element


def test_the_header_row_is_bold_shaded_and_repeats_on_each_page(doc):
    for table in doc.tables:
        header = table.rows[0]
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None
        for cell in header.cells:
            assert all(run.bold for run in cell.paragraphs[0].runs), cell.text
            assert cell._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == "EEEEEE"
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)


def test_column_widths_are_fixed_on_grid_and_cells_and_fit_a4(doc):
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    text_width = section.page_width - section.left_margin - section.right_margin
    for table in doc.tables:
        assert table.autofit is False
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        grid = [column.width for column in table.columns]
        assert sum(grid) <= text_width
        for row in table.rows:
            assert [cell.width for cell in row.cells] == grid
    planned, item, kind, planned_min, actual, over = (column.width for column in doc.tables[0].columns)
    assert min(item, actual) > 2 * max(planned, kind, planned_min, over), "item and actual get the room"
    action, owner, due, session, private = (column.width for column in doc.tables[1].columns)
    assert action == max(action, owner, due, session, private) and private < owner


def test_a_notes_lines_are_kept_as_line_breaks(doc):
    paragraphs = doc.paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.text == OPEN_NOTE)
    note = paragraphs[at]
    breaks = note._p.findall(".//" + qn("w:br"))
    assert len(breaks) == OPEN_NOTE.count("\n") == 5
    assert paragraphs[at - 1].text == "Notes · 09:06 · José"


def test_a_two_line_action_keeps_its_break_in_the_note_and_the_table(doc):
    assert ACTION_MULTILINE in [p.text for p in doc.paragraphs]
    action_cells = [row.cells[0] for row in doc.tables[1].rows[1:]]
    assert action_cells[1].text == ACTION_MULTILINE == "Email Zoë the notes\nand the slides | all"
    assert len(action_cells[1]._tc.findall(".//" + qn("w:br"))) == 1


def test_a_blank_line_starts_a_new_paragraph(record):
    note = dataclasses.replace(record.items[0].notes[0], text="first part\n\nsecond part\nits second line")
    items = (dataclasses.replace(record.items[0], notes=(note,)), *record.items[1:])
    paragraphs = [p.text for p in read(dataclasses.replace(record, items=items)).paragraphs]
    at = paragraphs.index(note_meta(note))
    assert paragraphs[at + 1 : at + 3] == ["first part", "second part\nits second line"]


def test_each_note_is_introduced_by_its_meta_in_a_small_grey_style(doc, record):
    normal = doc.styles["Normal"].font.size
    meta = doc.styles["Note Meta"]
    assert meta.font.size < normal and meta.font.color.rgb is not None and str(meta.font.color.rgb) != "000000"
    assert meta.paragraph_format.keep_with_next, "a label must not end a page without its note"
    texts = [p.text for p in doc.paragraphs]
    for item in record.items:
        for note in item.notes:
            label = doc.paragraphs[texts.index(note_meta(note))]
            assert label.style.name == "Note Meta"
            body = doc.paragraphs[texts.index(note_meta(note)) + 1]
            assert body.text == note.text, note_meta(note)
    assert "Action (private) · 09:12 · tester · owner: José" in texts


def test_guidance_only_under_its_label_and_only_when_present(doc, record):
    texts = [p.text for p in doc.paragraphs]
    assert texts.count(GUIDANCE_LABEL) == 1
    at = texts.index(GUIDANCE_LABEL)
    assert texts[at + 1 : at + 3] == [GUIDANCE_LINE, "GUIDANCE-DEBRIEF ask twice"]
    assert {doc.paragraphs[at + 1].style.name, doc.paragraphs[at + 2].style.name} == {"List Bullet"}
    assert texts[at + 3] == f"09:30 {TEA_TITLE}"
    without = everything(
        read(dataclasses.replace(record, items=tuple(dataclasses.replace(i, guidance=None) for i in record.items)))
    )
    assert GUIDANCE_LABEL not in without and GUIDANCE_LINE not in without


def test_actions_table_marks_private_entries_in_a_full_export(doc):
    got = cells(doc.tables[1])
    assert got[0] == ["Action", "Owner", "Due", "Session", "Private"]
    assert [row[0] for row in got[1:]] == [ACTION_FORMULA, ACTION_MULTILINE, ACTION_PRIVATE]
    assert [row[4] for row in got[1:]] == ["", "", "private"]
    assert got[1][1:4] == ["O'Neil", "Tue 1 Dec 2026", OPEN_TITLE]
    assert got[3][1:3] == ["José", ""]


def test_decisions_and_parking_are_lists_with_their_session(doc, record):
    texts = [(p.style.name, p.text) for p in doc.paragraphs]
    heads = [t for _, t in texts]
    decisions = texts[heads.index("Decisions") + 1 : heads.index("Parking lot")]
    parking = texts[heads.index("Parking lot") + 1 :]
    assert decisions == [("List Bullet", f"{DECISION} ({OPEN_TITLE})")]
    assert parking == [("List Bullet", f"{PARKING} ({OPEN_TITLE})")]


def test_a_private_decision_is_marked_in_a_full_export(record):
    notes = tuple(dataclasses.replace(n, private=True) if n.kind == "decision" else n for n in record.items[0].notes)
    items = (dataclasses.replace(record.items[0], notes=notes), *record.items[1:])
    texts = [p.text for p in read(dataclasses.replace(record, items=items)).paragraphs]
    assert f"{DECISION} ({OPEN_TITLE}) (private)" in texts
    assert f"{PARKING} ({OPEN_TITLE})" in texts


def test_a_day_without_captures_says_none_recorded(record):
    bare = dataclasses.replace(record, items=tuple(dataclasses.replace(i, notes=(), guidance=None) for i in record.items))
    document = read(bare)
    texts = [p.text for p in document.paragraphs]
    assert len(document.tables) == 1
    for heading in ("Actions", "Decisions", "Parking lot"):
        assert texts[texts.index(heading) + 1] == "None recorded."
    assert texts.count("No notes.") == len(record.items)


def test_hostile_strings_come_back_literally(doc):
    text = everything(doc)
    for string in FULL_STRINGS:
        assert string in text, string
    for string in GONE_STRINGS:
        assert string not in text, string
    assert text.count("<script>alert(1)</script>") == 3  # the note, the decision and the decisions list


def test_no_user_text_becomes_a_field_or_link(record):
    """`=HYPERLINK(…)` and `[x](y)` are words: no field codes, hyperlinks or relationships to anywhere."""
    with zipfile.ZipFile(io.BytesIO(to_docx(record))) as archive:
        body = archive.read("word/document.xml").decode()
        rels = archive.read("word/_rels/document.xml.rels").decode()
    for tag in ("<w:fldSimple", "<w:instrText", "<w:hyperlink", "<w:fldChar"):
        assert tag not in body, tag
    assert "evil.example" not in rels and 'TargetMode="External"' not in rels


def test_right_to_left_text_makes_a_right_to_left_paragraph(record):
    note = dataclasses.replace(record.items[0].notes[0], text="שלום עולם then English")
    items = (dataclasses.replace(record.items[0], notes=(note,)), *record.items[1:])
    document = read(dataclasses.replace(record, items=items))
    hebrew = next(p for p in document.paragraphs if p.text == note.text)
    assert hebrew._p.pPr.find(qn("w:bidi")) is not None
    english = next(p for p in document.paragraphs if p.text == "Closed 11:02, 2 min after the target (11:00).")
    assert english._p.pPr is None or english._p.pPr.find(qn("w:bidi")) is None


def test_control_characters_are_dropped_not_fatal(record):
    title = "Bad\x00 \x01title\x1b\x7f with\ttab"
    note = dataclasses.replace(record.items[0].notes[0], text="bell\x07 ends\r\nwindows\rmac\x0cpage", author="x\x08y")
    items = (dataclasses.replace(record.items[0], title="Open\x0bing", notes=(note,)), *record.items[1:])
    document = read(dataclasses.replace(record, title=title, items=items))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Bad title\x7f with\ttab"
    assert "bell ends\nwindows\nmacpage" in texts
    assert "09:00 Opening" in texts
    assert "Notes · 09:06 · xy" in texts
    assert document.core_properties.title == "Bad title\x7f with\ttab"


def test_a_shared_record_leaks_nothing_private(shared_doc):
    text = everything(shared_doc)
    for string in PRIVATE_STRINGS:
        assert string not in text, string
    for name in REAL_NAMES:
        assert not re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text), name
    assert GUIDANCE_LABEL not in text and "(private)" not in text
    assert "Participant E" in text and "Facilitator" in text
    props = shared_doc.core_properties
    assert props.title == shared_doc.paragraphs[0].text
    assert not any(name in (props.title + props.subject) for name in REAL_NAMES)


def test_a_shared_record_has_no_private_column(shared_doc):
    actions = cells(shared_doc.tables[1])
    assert actions[0] == ["Action", "Owner", "Due", "Session"]
    assert all(len(row) == 4 for row in actions)
    assert [row[0] for row in actions[1:]] == [ACTION_FORMULA, "Email Participant D the notes\nand the slides | all"]
    widths = [column.width for column in shared_doc.tables[1].columns]
    assert (
        sum(widths)
        <= shared_doc.sections[0].page_width - shared_doc.sections[0].left_margin - shared_doc.sections[0].right_margin
    )


def test_properties_name_no_login_and_do_not_change(doc, record):
    props = doc.core_properties
    assert props.title == PLAN_TITLE
    assert props.author == props.last_modified_by == "facilitator-tui"
    assert "python-docx" not in (props.comments or "")
    assert props.created == props.modified == dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
    assert to_docx(record) == to_docx(record), "the same record gives the same bytes"
