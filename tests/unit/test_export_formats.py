"""Every export format from one recorded day, each checked with a real parser.

JSON against the shipped schema (jsonschema, Draft 2020-12), HTML with
html5lib (strict), CSV with `csv`, Markdown with markdown-it-py. The day holds
hostile text (Textual markup, HTML, Markdown syntax, formulas, newlines, emoji,
right-to-left scripts) in titles, notes, owners and authors.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import re

import html5lib
import pytest
from jsonschema import Draft202012Validator
from markdown_it import MarkdownIt

from export_helpers import (
    ACTION_FORMULA,
    ACTION_FORMULA_DUE,
    ACTION_FORMULA_OWNER,
    ACTION_MULTILINE,
    ACTION_MULTILINE_DUE,
    ACTION_MULTILINE_OWNER,
    ACTION_PRIVATE,
    DECISION,
    EXTRA_TITLE,
    FULL_STRINGS,
    GONE_STRINGS,
    GUIDANCE_LINE,
    LAST_NOTE,
    LAST_TITLE,
    LUNCH_TITLE,
    OPEN_NOTE,
    OPEN_TITLE,
    PARKING,
    PLAN_SUBTITLE,
    PLAN_TITLE,
    PRIVATE_QUOTE,
    QUOTE,
    SCRIPT,
    TEA_NOTE,
    TEA_TITLE,
    build_day,
)
from facilitator_tui.export import render, schema_text
from facilitator_tui.export.csv_log import csv_safe

ITEM_KEYS = {
    "id",
    "title",
    "kind",
    "planned_start",
    "planned_minutes",
    "actual_start",
    "actual_end",
    "actual_minutes",
    "skipped",
    "notes",
    "actual_seconds",
    "paused_minutes",
    "paused_seconds",
    "overrun_minutes",
    "guidance",
}
NOTE_KEYS = {"kind", "text", "at", "author", "private"}
ACTION_KEYS = NOTE_KEYS | {"owner", "due", "due_date", "status"}
TOP_KEYS = {"schema", "version", "day_id", "plan", "date", "rehearsal", "shared", "close", "replans", "items"}
OFFSET = re.compile(r"(Z|[+-]\d{2}:\d{2})$")
TITLES = [OPEN_TITLE, TEA_TITLE, EXTRA_TITLE, LUNCH_TITLE, LAST_TITLE]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_day(tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="module")
def record(built):
    return built.record()


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(schema_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def one_line(text: str) -> str:
    return " ".join(text.split())


# ===== JSON ======================================================================


@pytest.fixture(scope="module")
def data(record):
    return json.loads(render(record, "json"))


def test_json_validates_against_the_shipped_schema(validator, data):
    errors = [e.message for e in validator.iter_errors(data)]
    assert errors == []


def test_json_top_level(data):
    assert TOP_KEYS <= set(data)
    assert data["schema"] == "facilitator-tui/day-log"
    assert data["version"] == 2 and type(data["version"]) is int
    assert data["plan"] == {"title": PLAN_TITLE, "subtitle": PLAN_SUBTITLE, "file": "hostile-day.toml", "venue": ""}
    assert data["date"] == "2026-11-26"
    assert data["rehearsal"] is False
    assert [item["id"] for item in data["items"]] == ["open", "tea", "extra", "lunch", "last"]


def test_json_items_have_every_key_with_plan_and_actual(data):
    items = {item["id"]: item for item in data["items"]}
    for item in items.values():
        assert ITEM_KEYS <= set(item), item["id"]
        assert isinstance(item["planned_minutes"], int) and isinstance(item["skipped"], bool)
        assert re.fullmatch(r"\d{2}:\d{2}", item["planned_start"])
    assert [items[i]["title"] for i in items] == TITLES
    assert [items[i]["kind"] for i in items] == ["session", "break", "session", "lunch", "session"]
    assert [items[i]["planned_minutes"] for i in items] == [30, 15, 15, 20, 40]
    assert items["open"]["planned_start"] == "09:00" and items["last"]["planned_start"] == "10:20"
    tea = items["tea"]
    assert tea["actual_start"] == "2026-11-26T09:31:00+00:00"
    assert tea["actual_end"] == "2026-11-26T09:50:00+00:00"
    assert tea["actual_minutes"] == 14, "19 minutes on the wall, less a 5-minute pause"
    extra = items["extra"]
    assert extra["skipped"] is True
    assert (extra["actual_start"], extra["actual_end"], extra["actual_minutes"]) == (None, None, None)
    assert items["lunch"]["actual_minutes"] == 35


def test_json_timestamps_are_iso_8601_with_an_offset(data):
    stamps = [item[key] for item in data["items"] for key in ("actual_start", "actual_end") if item[key] is not None]
    stamps += [note["at"] for item in data["items"] for note in item["notes"]]
    assert len(stamps) == 8 + 10  # four items ran; ten notes and captures
    for stamp in stamps:
        assert OFFSET.search(stamp), stamp
        assert dt.datetime.fromisoformat(stamp).utcoffset() is not None


def test_json_keeps_a_non_utc_offset(tmp_path, validator):
    plus = dt.timezone(dt.timedelta(hours=5, minutes=30))
    other = build_day(tmp_path, start=dt.datetime(2026, 11, 26, 8, 55, tzinfo=plus))
    data = json.loads(render(other.record(), "json"))
    assert validator.is_valid(data)
    assert data["items"][0]["actual_start"] == "2026-11-26T09:00:00+05:30"
    assert all(note["at"].endswith("+05:30") for note in data["items"][0]["notes"])


def test_json_notes_have_every_key_and_owner_due_only_for_actions(data):
    notes = [note for item in data["items"] for note in item["notes"]]
    assert {note["kind"] for note in notes} == {"note", "action", "decision", "parking", "quote"}
    for note in notes:
        assert NOTE_KEYS <= set(note)
        assert isinstance(note["text"], str) and isinstance(note["author"], str)
        assert isinstance(note["private"], bool)
        if note["kind"] == "action":
            assert ACTION_KEYS <= set(note) and isinstance(note["owner"], str), note
        else:
            assert "owner" not in note and "due" not in note, note
    actions = [(n["text"], n["owner"], n["due"], n["private"]) for n in notes if n["kind"] == "action"]
    assert actions == [
        (ACTION_FORMULA, ACTION_FORMULA_OWNER, ACTION_FORMULA_DUE, False),
        (ACTION_MULTILINE, ACTION_MULTILINE_OWNER, ACTION_MULTILINE_DUE, False),
        (ACTION_PRIVATE, "José", None, True),
    ]


def test_json_free_text_notes_are_one_entry_with_the_latest_text(data):
    open_notes = data["items"][0]["notes"]
    free = [n for n in open_notes if n["kind"] == "note"]
    assert len(free) == 1
    assert free[0]["text"] == OPEN_NOTE  # exact, hostile text and newlines intact
    assert free[0]["author"] == "José" and free[0]["at"] == "2026-11-26T09:06:00+00:00"
    assert [n["kind"] for n in data["items"][1]["notes"]] == ["note"]
    assert data["items"][1]["notes"][0] == {
        "kind": "note",
        "text": TEA_NOTE,
        "at": "2026-11-26T09:33:00+00:00",
        "author": "tester",
        "private": True,
    }


def test_json_plan_file_is_a_name_even_when_the_plan_came_from_a_path(tmp_path, validator):
    deep = tmp_path / "some" / "deep folder" / "my-plan.toml"
    other = build_day(tmp_path / "data", plan_path=deep)
    data = json.loads(render(other.record(), "json"))
    assert data["plan"]["file"] == "my-plan.toml"
    assert "/" not in data["plan"]["file"] and "\\" not in data["plan"]["file"]
    assert validator.is_valid(data)


def _drop(path):
    def apply(doc):
        *parents, last = path
        target = doc
        for key in parents:
            target = target[key]
        del target[last]

    return apply


def _set(path, value):
    def apply(doc):
        *parents, last = path
        target = doc
        for key in parents:
            target = target[key]
        target[last] = value

    return apply


# Indices: items[1] is tea (has a note), items[0].notes[1] an action.
BROKEN = {
    "no schema": _drop(["schema"]),
    "wrong schema name": _set(["schema"], "something-else"),
    "no version": _drop(["version"]),
    "version 1": _set(["version"], 1),
    "version as text": _set(["version"], "1"),
    "no plan": _drop(["plan"]),
    "no plan title": _drop(["plan", "title"]),
    "no plan file": _drop(["plan", "file"]),
    "plan file is a path": _set(["plan", "file"], "/home/ann/plans/day.toml"),
    "plan file is a relative path": _set(["plan", "file"], "sessions/day.toml"),
    "plan file is a windows path": _set(["plan", "file"], "C:\\plans\\day.toml"),
    "no date": _drop(["date"]),
    "date not ISO": _set(["date"], "26/11/2026"),
    "date as datetime": _set(["date"], "2026-11-26T09:00:00+00:00"),
    "no rehearsal": _drop(["rehearsal"]),
    "rehearsal as text": _set(["rehearsal"], "no"),
    "no items": _drop(["items"]),
    "items not a list": _set(["items"], {}),
    "item kind unknown": _set(["items", 0, "kind"], "workshop"),
    "planned_start not HH:MM": _set(["items", 0, "planned_start"], "9am"),
    "planned_minutes as text": _set(["items", 0, "planned_minutes"], "30"),
    "planned_minutes fractional": _set(["items", 0, "planned_minutes"], 30.5),
    "actual_start without offset": _set(["items", 0, "actual_start"], "2026-11-26T09:00:00"),
    "actual_end as HH:MM": _set(["items", 0, "actual_end"], "09:31"),
    "actual_minutes as text": _set(["items", 0, "actual_minutes"], "31"),
    "actual_minutes negative": _set(["items", 0, "actual_minutes"], -1),
    "skipped as int": _set(["items", 0, "skipped"], 0),
    "notes not a list": _set(["items", 0, "notes"], "none"),
    "unknown note kind": _set(["items", 1, "notes", 0, "kind"], "memo"),
    "note text null": _set(["items", 1, "notes", 0, "text"], None),
    "note time without offset": _set(["items", 1, "notes", 0, "at"], "2026-11-26T09:33:00"),
    "note time as date": _set(["items", 1, "notes", 0, "at"], "2026-11-26"),
    "note private as text": _set(["items", 1, "notes", 0, "private"], "yes"),
    "note author null": _set(["items", 1, "notes", 0, "author"], None),
    "action owner as number": _set(["items", 0, "notes", 1, "owner"], 5),
    "action due as list": _set(["items", 0, "notes", 1, "due"], ["Friday"]),
}


@pytest.mark.parametrize("breakage", BROKEN.values(), ids=list(BROKEN))
def test_broken_records_fail_the_schema(validator, data, breakage):
    assert validator.is_valid(data), "the unbroken record must pass"
    broken = copy.deepcopy(data)
    breakage(broken)
    assert not validator.is_valid(broken)


@pytest.mark.parametrize("key", sorted(TOP_KEYS))
def test_every_top_level_key_is_required(validator, data, key):
    broken = copy.deepcopy(data)
    del broken[key]
    assert not validator.is_valid(broken)


@pytest.mark.parametrize("key", sorted(ITEM_KEYS))
def test_every_item_key_is_required(validator, data, key):
    broken = copy.deepcopy(data)
    del broken["items"][2][key]
    assert not validator.is_valid(broken)


@pytest.mark.parametrize("key", sorted(ACTION_KEYS))
def test_every_note_key_is_required(validator, data, key):
    broken = copy.deepcopy(data)
    del broken["items"][0]["notes"][2][key]
    assert not validator.is_valid(broken)


def test_null_timings_are_valid_for_an_item_not_run(validator, data):
    assert data["items"][2]["actual_start"] is None
    assert validator.is_valid(data)


# ===== HTML ======================================================================


def parse_html(text: str):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    doc = parser.parse(text)
    assert parser.errors == []
    return doc


def text_of(element) -> str:
    """An element's text as a reader sees it: a `<br>` is a line break."""
    out = [element.text or ""]
    for child in element:
        out.append("\n" if child.tag == "br" else text_of(child))
        out.append(child.tail or "")
    return "".join(out)


@pytest.fixture(scope="module")
def html_doc(record):
    return parse_html(render(record, "html"))


def sections(doc) -> dict[str, list]:
    """Body children grouped under the h2/h3 heading text they follow."""
    found: dict[str, list] = {}
    current = None
    for child in doc.find("body"):
        if child.tag in ("h2", "h3"):
            current = text_of(child)
            found[current] = []
        elif current is not None:
            found[current].append(child)
    return found


def rows(table) -> list[list[str]]:
    return [[text_of(cell) for cell in tr if cell.tag in ("td", "th")] for tr in table.iter("tr")]


def test_html_is_valid_and_has_title_and_date(html_doc):
    assert text_of(html_doc.find("head/title")) == f"{PLAN_TITLE} · 2026-11-26"
    assert text_of(html_doc.find("body/h1")) == PLAN_TITLE
    paragraphs = [text_of(p) for p in html_doc.find("body").findall("p")]
    assert "Run with Ann Smith and O'Neil" in paragraphs
    assert "Thursday 26 November 2026" in paragraphs
    assert "Closed 11:02, 2 min after the target (11:00)." in paragraphs
    assert html_doc.find("head/meta").get("charset") == "utf-8"
    viewport = [m for m in html_doc.iter("meta") if m.get("name") == "viewport"]
    assert viewport and "width=device-width" in viewport[0].get("content")


def test_html_agenda_table_planned_against_actual(html_doc):
    table = sections(html_doc)["Agenda: planned and actual"][0]
    assert table.tag == "table"
    got = rows(table)
    assert got[0] == ["Planned", "Item", "Kind", "Planned min", "Actual", "Over"]
    assert len(got) == 6 and all(len(r) == 6 for r in got)
    assert [r[1] for r in got[1:]] == TITLES
    assert got[1] == ["09:00", OPEN_TITLE, "session", "30", "09:00–09:31, 31 min (+1)", "+1"]
    assert got[2][4:] == ["09:31–09:50, 14 min (-1), paused 5 min", "-1"]
    assert got[3][4:] == ["–", "skipped"]
    assert got[4][4:] == ["09:50–10:25, 35 min (+15)", "+15"]


def note_divs(elements) -> list:
    return [e for e in elements if e.tag == "div" and "note" in (e.get("class") or "").split()]


def note_parts(div) -> tuple[str, str]:
    meta = div.find("div")
    paragraphs = list(div)[1:]
    assert all(p.tag == "p" for p in paragraphs), "a note's text is in paragraphs, its line breaks real <br>s"
    return text_of(meta), "\n\n".join(text_of(p) for p in paragraphs)


def test_html_notes_per_item(html_doc):
    found = sections(html_doc)
    opening = [note_parts(d) for d in note_divs(found[f"09:00 {OPEN_TITLE}"])]
    assert [body for _, body in opening] == [OPEN_NOTE, ACTION_FORMULA, ACTION_MULTILINE, ACTION_PRIVATE, DECISION, PARKING, QUOTE]
    assert opening[0][0] == "Notes · 09:06 · José"
    assert opening[2][0] == f"Action · 09:11 · tester · owner: {ACTION_MULTILINE_OWNER} · due: Thu 3 Dec 2026 ({ACTION_MULTILINE_DUE})"
    assert opening[3][0].startswith("Action (private) · 09:12")
    tea = [note_parts(d) for d in note_divs(found[f"09:30 {TEA_TITLE}"])]
    assert tea == [("Notes (private) · 09:33 · tester", TEA_NOTE)]
    assert [text_of(e) for e in found[f"10:00 {LUNCH_TITLE}"]][-1] == "No notes."
    last = [body for _, body in map(note_parts, note_divs(found[f"10:20 {LAST_TITLE}"]))]
    assert last == [LAST_NOTE, PRIVATE_QUOTE]
    guidance = " ".join(text_of(e) for e in found[f"09:00 {OPEN_TITLE}"])
    assert "Facilitator guidance (private)" in guidance and GUIDANCE_LINE in guidance


def test_html_consolidated_sections(html_doc):
    found = sections(html_doc)
    headings = [text_of(h) for h in html_doc.find("body") if h.tag == "h2"]
    assert headings == ["Agenda: planned and actual", "Notes by session", "Actions", "Decisions", "Parking lot"]
    actions = rows(found["Actions"][0])
    assert actions == [
        ["Action", "Owner", "Due", "Session", "Private"],
        [ACTION_FORMULA, ACTION_FORMULA_OWNER, "Tue 1 Dec 2026", OPEN_TITLE, ""],
        [ACTION_MULTILINE, ACTION_MULTILINE_OWNER, f"Thu 3 Dec 2026 ({ACTION_MULTILINE_DUE})", OPEN_TITLE, ""],
        [ACTION_PRIVATE, "José", "", OPEN_TITLE, "private"],
    ]
    assert [text_of(li) for li in found["Decisions"][0].iter("li")] == [f"{DECISION} ({OPEN_TITLE})"]
    assert [text_of(li) for li in found["Parking lot"][0].iter("li")] == [f"{PARKING} ({OPEN_TITLE})"]


def test_html_consolidated_lists_mark_private_entries(record):
    import dataclasses

    items = list(record.items)
    items[0] = dataclasses.replace(items[0], notes=tuple(dataclasses.replace(n, private=True) for n in items[0].notes))
    doc = parse_html(render(dataclasses.replace(record, items=tuple(items)), "html"))
    found = sections(doc)
    assert [text_of(li) for li in found["Decisions"][0].iter("li")] == [f"{DECISION} ({OPEN_TITLE}) (private)"]
    assert [text_of(li) for li in found["Parking lot"][0].iter("li")] == [f"{PARKING} ({OPEN_TITLE}) (private)"]


def test_html_prints_on_a4_wraps_long_words_and_keeps_headings_with_their_notes(html_doc):
    style = text_of(html_doc.find("head/style"))
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", style)
    assert "overflow-wrap: anywhere" in style
    assert re.search(r"h3[^{]*\{[^}]*break-after:\s*avoid", style)
    assert re.search(r"\.meta[^{]*\{[^}]*break-after:\s*avoid", style)


def test_html_user_text_takes_its_own_direction(html_doc):
    last = [d for d in note_divs(sections(html_doc)[f"10:20 {LAST_TITLE}"])]
    assert all(p.get("dir") == "auto" for d in last for p in d.iter("p"))
    agenda = sections(html_doc)["Agenda: planned and actual"][0]
    cells = list(agenda.iter("td"))
    assert len(cells) == 30 and all(td.get("dir") == "auto" for td in cells)


def test_html_user_strings_are_text_never_markup(html_doc, record):
    raw = render(record, "html")
    assert "<script" not in raw.lower()
    assert list(html_doc.iter("script")) == []
    assert list(html_doc.iter("b")) == [], "the <b> in the plan title became an element"
    body = text_of(html_doc.find("body"))
    for string in FULL_STRINGS:
        assert string in body, string
    assert body.count(SCRIPT) == 3  # in the note, the decision and the decisions list


def test_html_is_standalone(html_doc):
    for element in html_doc.iter():
        assert element.tag not in ("script", "link", "img", "iframe", "object", "embed", "base"), element.tag
        for name, value in element.attrib.items():
            assert name not in ("src", "href", "srcset", "action"), (element.tag, name, value)
            assert not name.startswith("on"), (element.tag, name)
    style = text_of(html_doc.find("head/style"))
    assert "url(" not in style and "@import" not in style
    assert "@media print" in style


# ===== CSV =======================================================================


def read_csv(text: str) -> list[list[str]]:
    """The table, after checking the byte order mark Excel and Calc need to read UTF-8."""
    assert text.startswith("\ufeff"), "no byte order mark: Excel shows café as cafÃ©"
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


ITEMS_HEAD = [
    "workshop", "date", "id", "title", "kind", "planned_start", "planned_minutes", "actual_start", "actual_end",
    "actual_minutes", "paused_minutes", "over_minutes", "skipped", "notes", "captured",
]  # fmt: skip


def test_csv_one_row_per_item_with_timings_and_notes(record):
    table = read_csv(render(record, "csv"))
    assert table[0] == ITEMS_HEAD
    body = [dict(zip(ITEMS_HEAD, row, strict=True)) for row in table[1:]]
    assert [r["id"] for r in body] == ["open", "tea", "extra", "lunch", "last"]
    assert [r["title"] for r in body] == TITLES
    assert {(r["workshop"], r["date"]) for r in body} == {(PLAN_TITLE, "2026-11-26")}
    tea = body[1]
    assert [tea[k] for k in ITEMS_HEAD[4:]] == ["break", "09:30", "15", "09:31", "09:50", "14", "5", "-1", "no", TEA_NOTE, "0"]
    assert [body[2][k] for k in ("actual_start", "actual_end", "actual_minutes", "skipped")] == ["", "", "", "yes"]
    assert body[3]["actual_minutes"] == "35"
    assert body[0]["notes"] == OPEN_NOTE, "the notes' text, not a count"
    assert body[0]["captured"] == "6"


ACTIONS_HEAD = ["workshop", "date", "item", "text", "owner", "due", "due_as_typed", "private", "status"]


def test_csv_actions_one_row_each(record):
    table = read_csv(render(record, "csv", "actions"))
    assert table[0] == ACTIONS_HEAD
    got = [dict(zip(ACTIONS_HEAD, row, strict=True)) for row in table[1:]]
    assert [[r["text"], r["owner"], r["due"], r["due_as_typed"], r["private"], r["status"]] for r in got] == [
        ["'" + ACTION_FORMULA, ACTION_FORMULA_OWNER, "2026-12-01", ACTION_FORMULA_DUE, "no", "open"],
        [ACTION_MULTILINE, ACTION_MULTILINE_OWNER, "2026-12-03", "'" + ACTION_MULTILINE_DUE, "no", "open"],
        [ACTION_PRIVATE, "José", "", "", "yes", "open"],
    ]
    assert {(r["workshop"], r["date"], r["item"]) for r in got} == {(PLAN_TITLE, "2026-11-26", OPEN_TITLE)}
    assert "\n" in got[1]["text"], "the newline inside the cell round-trips"


def test_csv_shared_actions_have_no_private_column(record):
    from export_helpers import PSEUDONYMS
    from facilitator_tui.export.record import share

    table = read_csv(render(share(record, PSEUDONYMS), "csv", "actions"))
    assert table[0] == [h for h in ACTIONS_HEAD if h != "private"]
    assert len(table) == 3


@pytest.mark.parametrize(
    ("what", "rows"),
    [
        ("decisions", [[OPEN_TITLE, DECISION, "no"]]),
        ("parking", [[OPEN_TITLE, "'" + PARKING, "no"]]),
        ("quotes", [[OPEN_TITLE, QUOTE, "no"], [LAST_TITLE, PRIVATE_QUOTE, "yes"]]),
    ],
)
def test_csv_decisions_parking_and_quotes_tables(record, what, rows):
    table = read_csv(render(record, "csv", what))
    assert table[0] == ["workshop", "date", "item", "text", "at", "author", "private"]
    assert [[row[2], row[3], row[6]] for row in table[1:]] == rows


@pytest.mark.parametrize("what", ["items", "actions", "decisions", "parking", "quotes"])
def test_csv_no_cell_can_run_as_a_formula(record, what):
    for row in read_csv(render(record, "csv", what)):
        for cell in row:
            # A negative whole number is a number, not a formula.
            assert not cell or cell[0] not in "=+-@\t\r" or re.fullmatch(r"-\d+", cell), cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2", "'-2"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Ann", "Ann"),
        ("1-2", "1-2"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (30, "30"),
        (-1, "-1"),
    ],
)
def test_csv_safe(value, expected):
    assert csv_safe(value) == expected


def test_csv_titles_with_newlines_and_hostile_text_round_trip(record):
    import dataclasses

    nasty = "line one\nline two, \"quoted\" | [red]x[/] \r\nשלום 🎉"
    items = (dataclasses.replace(record.items[0], title=nasty), *record.items[1:])
    table = read_csv(render(dataclasses.replace(record, items=items), "csv"))
    assert table[1][3] == nasty
    assert len(table) == 6


# ===== Markdown ==================================================================

MD = MarkdownIt("commonmark").enable("table")
FORMATTING = {"strong_open", "strong_close", "em_open", "em_close"}


def inline_text(token) -> str:
    """What a reader sees of an inline token: text, with line breaks as newlines."""
    out = []
    for child in token.children or ():
        if child.type in ("text", "text_special", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type not in FORMATTING:
            raise AssertionError(f"user text became {child.type}: {child}")
    return "".join(out)


@pytest.fixture(scope="module")
def md_tokens(record):
    return MD.parse(render(record, "md"))


def blocks(tokens) -> list[tuple[str, str]]:
    """(block tag, inline text) for every inline token, in order."""
    found = []
    for index, token in enumerate(tokens):
        if token.type == "inline":
            found.append((tokens[index - 1].tag, inline_text(token)))
    return found


def md_tables(tokens) -> list[list[list[str]]]:
    tables, table, row = [], None, None
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            table = []
        elif token.type == "table_close":
            tables.append(table)
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            table.append(row)
        elif token.type == "inline" and tokens[index - 1].type in ("th_open", "td_open"):
            row.append(inline_text(token))
    return tables


def test_md_has_no_raw_html_links_images_or_code(md_tokens):
    kinds = {t.type for t in md_tokens} | {c.type for t in md_tokens for c in t.children or ()}
    for bad in ("html_block", "html_inline", "link_open", "image", "code_block", "fence", "hr", "blockquote_open"):
        assert bad not in kinds, bad


def test_md_headings_are_only_the_documents_own(md_tokens):
    heads = [(tag, text) for tag, text in blocks(md_tokens) if tag in ("h1", "h2", "h3", "h4", "h5", "h6")]
    assert heads == [
        ("h1", PLAN_TITLE),
        ("h2", "Agenda: planned and actual"),
        ("h2", "Notes by session"),
        ("h3", f"09:00 {OPEN_TITLE}"),
        ("h3", f"09:30 {TEA_TITLE}"),
        ("h3", f"09:45 {EXTRA_TITLE}"),
        ("h3", f"10:00 {LUNCH_TITLE}"),
        ("h3", f"10:20 {LAST_TITLE}"),
        ("h2", "Actions"),
        ("h2", "Decisions"),
        ("h2", "Parking lot"),
    ]


def test_md_lists_are_only_guidance_decisions_and_parking(md_tokens):
    assert [t.type for t in md_tokens if t.type.endswith("list_open")] == ["bullet_list_open"] * 3
    depth, items = 0, []
    for token in md_tokens:
        depth += {"list_item_open": 1, "list_item_close": -1}.get(token.type, 0)
        if depth and token.type == "inline":
            items.append(inline_text(token))
    assert items == [
        GUIDANCE_LINE,
        "GUIDANCE-DEBRIEF ask twice",
        f"{DECISION} ({OPEN_TITLE})",
        f"{PARKING} ({OPEN_TITLE})",
    ]


def test_md_tables_keep_their_columns_and_cell_text(md_tokens):
    agenda, actions = md_tables(md_tokens)
    assert [len(r) for r in agenda] == [6] * 6
    assert [r[1] for r in agenda[1:]] == TITLES
    assert agenda[1] == ["09:00", OPEN_TITLE, "session", "30", "09:00–09:31, 31 min (+1)", "+1"]
    assert agenda[3][4:] == ["–", "skipped"]
    assert [len(r) for r in actions] == [5] * 4
    assert actions[1:] == [
        [ACTION_FORMULA, ACTION_FORMULA_OWNER, "Tue 1 Dec 2026", OPEN_TITLE, ""],
        [one_line(ACTION_MULTILINE), ACTION_MULTILINE_OWNER, f"Thu 3 Dec 2026 ({ACTION_MULTILINE_DUE})", OPEN_TITLE, ""],
        [ACTION_PRIVATE, "José", "", OPEN_TITLE, "private"],
    ]


def test_md_note_bodies_render_as_typed(md_tokens):
    paragraphs = [text for tag, text in blocks(md_tokens) if tag == "p"]
    at = paragraphs.index("Notes · 09:06 · José")
    assert paragraphs[at + 1] == OPEN_NOTE, "escaping changed what the reader sees"
    for body in (ACTION_FORMULA, ACTION_MULTILINE, ACTION_PRIVATE, DECISION, PARKING, QUOTE, TEA_NOTE, LAST_NOTE, PRIVATE_QUOTE):
        assert body in paragraphs, body
    assert f"Action · 09:11 · tester · owner: {ACTION_MULTILINE_OWNER} · due: Thu 3 Dec 2026 ({ACTION_MULTILINE_DUE})" in paragraphs
    assert "Notes (private) · 09:33 · tester" in paragraphs
    assert "Facilitator guidance (private)" in paragraphs


def test_md_consolidated_lists(md_tokens):
    found = blocks(md_tokens)
    heads = [i for i, (tag, _) in enumerate(found) if tag == "h2"]
    decisions = found[heads[3] + 1 : heads[4]]
    parking = found[heads[4] + 1 :]
    assert decisions == [("p", f"{DECISION} ({OPEN_TITLE})")]
    assert parking == [("p", f"{PARKING} ({OPEN_TITLE})")]


@pytest.mark.parametrize(
    "text",
    [
        "1. one",
        "10) ten",
        "- dash",
        "+ plus",
        "# hash",
        "> quote",
        "=== setext",
        "---",
        "*em* _em_ **strong** `code`",
        "[x](y) ![i](j) <http://a.b> <b>bold</b>",
        "a | b | c",
        "&amp; &copy; &#35; \\ backslash \\* star",
        "[red]x[/] [/ [@click=app.quit]q[/]",
        "~~strike~~ {brace}",
    ],
)
def test_md_escape_survives_markdown_syntax_in_a_note(record, text):
    import dataclasses

    note = dataclasses.replace(record.items[0].notes[0], text=text)
    items = list(record.items)
    items[3] = dataclasses.replace(items[3], notes=(note,))
    tokens = MD.parse(render(dataclasses.replace(record, items=tuple(items)), "md"))
    paragraphs = [t for tag, t in blocks(tokens) if tag == "p"]
    assert text in paragraphs
    assert not any(t.type in ("ordered_list_open", "blockquote_open", "hr", "html_block") for t in tokens)


@pytest.mark.parametrize(
    "text",
    ["a < b and c > d", "[red]x[/] and [note]", "fish & chips", "https://example.org/a_b?c=1&d=2", "snake_case_name", "2 * 3 = 6"],
)
def test_md_leaves_text_alone_where_markdown_would_not_change_it(record, text):
    """Pasted into an email, the Markdown reads as typed: no `\\<`, `\\[` or `&amp;`."""
    import dataclasses

    note = dataclasses.replace(record.items[0].notes[0], text=text)
    items = list(record.items)
    items[3] = dataclasses.replace(items[3], notes=(note,))
    source = render(dataclasses.replace(record, items=tuple(items)), "md")
    assert f"\n{text}\n" in source
    assert text in [t for tag, t in blocks(MD.parse(source)) if tag == "p"]


def test_md_tables_give_columns_their_share_of_the_width(record):
    """Pandoc sizes a wide table's columns by the dashes under each heading: no column narrower than its longest word."""
    source = render(record, "md")
    lines = source.splitlines()
    at = lines.index(next(line for line in lines if line.startswith("| Planned | Item")))
    dashes = [len(cell) for cell in lines[at + 1].strip("|").split("|")]
    cells = [line.strip("|").split(" | ") for line in lines[at + 2 : at + 7]]
    for column, width in enumerate(dashes):
        longest = max(len(word) for row in cells for word in row[column].split())
        assert width >= longest, (column, width, longest)
    assert dashes[1] > dashes[0] and dashes[4] > dashes[3], "titles and timings get more room than the numbers"


def test_md_consolidated_lists_mark_private_entries(record):
    import dataclasses

    items = list(record.items)
    items[0] = dataclasses.replace(items[0], notes=tuple(dataclasses.replace(n, private=True) for n in items[0].notes))
    found = blocks(MD.parse(render(dataclasses.replace(record, items=tuple(items)), "md")))
    assert ("p", f"{DECISION} ({OPEN_TITLE}) (private)") in found


# ===== hostile text in every format ==============================================


def md_text(text: str) -> str:
    return "\n".join(t for _, t in blocks(MD.parse(text)))


def html_text(text: str) -> str:
    return text_of(parse_html(text).find("body"))


def json_text(text: str) -> str:
    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)

    return "\n".join(strings(json.loads(text)))


def csv_text(text: str) -> str:
    return "\n".join(cell.removeprefix("'") for row in read_csv(text) for cell in row)


def test_hostile_strings_come_through_every_format_as_typed(record):
    checks = {
        "md": md_text(render(record, "md")),
        "html": html_text(render(record, "html")),
        "json": json_text(render(record, "json")),
    }
    for fmt, text in checks.items():
        for string in FULL_STRINGS:
            # Markdown table cells and list items hold text on one line.
            assert string in text or (fmt == "md" and one_line(string) in text), (fmt, string)
        for string in GONE_STRINGS:
            assert string not in text, (fmt, string)
    items_csv = csv_text(render(record, "csv"))
    actions_csv = csv_text(render(record, "csv", "actions"))
    for string in TITLES:
        assert string in items_csv, string
    for string in (ACTION_FORMULA, ACTION_FORMULA_OWNER, ACTION_MULTILINE, ACTION_MULTILINE_OWNER, ACTION_MULTILINE_DUE, ACTION_PRIVATE, OPEN_TITLE):
        assert string in actions_csv, string


def test_md_indented_note_lines_are_not_code(record):
    """An indented first line must not become a code block, where escapes would show as backslashes."""
    import dataclasses

    text = "    indented [x] *y*\n\tTabbed <b>\n        - deep"
    note = dataclasses.replace(record.items[0].notes[0], text=text)
    items = (dataclasses.replace(record.items[0], notes=(note,)), *record.items[1:])
    tokens = MD.parse(render(dataclasses.replace(record, items=items), "md"))
    assert not any(t.type in ("code_block", "fence", "html_block") for t in tokens)
    # Only the guidance list: this record has no decisions or parking-lot items left.
    assert [t.type for t in tokens if t.type.endswith("list_open")] == ["bullet_list_open"]
    paragraphs = [t for tag, t in blocks(tokens) if tag == "p"]
    assert "indented [x] *y*\nTabbed <b>\n- deep" in paragraphs
