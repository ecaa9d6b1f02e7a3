"""Issue 12's standing suite: hostile text in every field, on every screen and in every export.

Hostile text: Rich/Textual markup (`[bold]x[/]`, `[@click=app.quit]q[/]`, a lone `[/`),
HTML (`<script>`), Markdown, a right-to-left override (U+202E) with Arabic and
Hebrew, emoji, a 5,000-character word, a spreadsheet formula, and control
characters (ESC, BEL, C1 and the rest).

- Files the app reads (a plan, a participant list) are refused when any text in
  them holds a control character, naming the field (or row and column) and the
  character; every other hostile string loads exactly as written.
- Text typed into the app (notes, captures, their owner and due) keeps each
  control character as its picture (ESC as ␛).
- Every screen shows the strings as typed (markup is never interpreted), and no
  raw control character reaches the terminal.
- Every export format, read back with its own reader, holds the strings as
  typed and no raw control character; a formula is never a live formula.
"""

from __future__ import annotations

import csv
import io
import json
import re
import typing
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple
from xml.etree import ElementTree

import docx
import html5lib
import openpyxl
import pytest
import tomli_w
from icalendar import Calendar
from markdown_it import MarkdownIt
from pydantic import BaseModel
from textual.app import App
from textual.widgets import OptionList

from day_helpers import at
from facilitator_tui.core import acts
from facilitator_tui.core.clock import FakeClock
from facilitator_tui.core.control_chars import visible
from facilitator_tui.core.days import open_day
from facilitator_tui.core.opening import DayRequest
from facilitator_tui.core.people import PeopleError, Person, load_people
from facilitator_tui.core.plan import Plan
from facilitator_tui.core.plan_loader import PlanError, parse_plan, plan_to_toml
from facilitator_tui.export import FORMATS, WHATS, render
from facilitator_tui.export.record import DayRecord, day_record, share
from facilitator_tui.ui.app import FacilitatorApp, make_app
from facilitator_tui.ui.display_app import DisplayApp
from facilitator_tui.ui.widgets.big_clock import BigClock
from plan_helpers import text_fields

# ----- the hostile strings ----------------------------------------------------------

MARKUP = "[bold]x[/]"
CLICK = "[@click=app.quit]q[/]"
OPEN_TAG = "[/"
HTML = "<script>alert(1)</script>"
MARKDOWN = "**strong** _em_ `code` [link](http://x.example)"
RLO = "\u202eexe.txt\u202c"
ARABIC = "مرحبا بكم"
HEBREW = "שלום"
EMOJI = "🎉👩🏽‍⚕️"
FORMULA = '=HYPERLINK("http://evil.example","click")'
LONG_WORD = "W" * 4999 + "Z"
"""A 5,000-character word, its end marked so a cut-off shows."""

HOSTILE = f"{MARKUP} {CLICK} {HTML} {EMOJI} {RLO} {ARABIC} {HEBREW} {MARKDOWN} {OPEN_TAG}"
"""Every hostile string but the control characters, the formula (it must start a cell) and the long word."""
LITERALS = (MARKUP, CLICK, OPEN_TAG, HTML, EMOJI, ARABIC, HEBREW)
"""What a reader must see exactly as typed wherever the text is shown whole."""

CONTROLS = {
    "ESC": "\x1b",
    "BEL": "\x07",
    "CSI (C1)": "\x9b",
    "NEL (C1)": "\x85",
    "NUL": "\x00",
    "DEL": "\x7f",
    "backspace": "\x08",
    "carriage return": "\r",
}
TERMINAL_ATTACK = "\x1b]0;pwned\x07\x1b[2J\x9b31m\x85\x00\x7f\x08"
"""An escape sequence that would retitle and clear a terminal, with C1, NUL, DEL and backspace."""
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""A control character that must never reach the terminal or an export (tab and newline are text)."""


def raw_controls(text: str) -> list[str]:
    return [f"U+{ord(char):04X}" for char in RAW_CONTROL.findall(text)]


# ----- a plan that uses every text field ---------------------------------------------


def every_field_plan(text: Callable[[str], str]) -> dict[str, Any]:
    """Plan data with every free-text field filled by `text(tag)` (times, kinds and numbers stay valid)."""
    return {
        "title": text("plan-title"),
        "subtitle": text("subtitle"),
        "venue": text("venue"),
        "start": "09:00",
        "close": "11:00",
        "timezone": "Europe/London",
        "pseudonyms": {text("pseudonym-name"): text("pseudonym")},
        "prepare": [{"id": text("prepare-id"), "task": text("prepare-task"), "days": 7, "link": text("prepare-link")}],
        "follow_up": [{"id": text("follow-id"), "task": text("follow-task"), "days": 3, "link": text("follow-link")}],
        "agenda": [
            {
                "id": text("open-id"),
                "title": text("open-title"),
                "start": "09:00",
                "purpose": text("purpose"),
                "prompts": [text("prompt-1"), text("prompt-2")],
                "lead": text("lead"),
                "co": text("co"),
                "setup": text("setup"),
                "script": text("script"),
                "transition_minutes": 1,
                "materials": [text("material"), {"name": text("material-name"), "per": "group", "count": 2}],
                "handouts": [{"title": text("handout-title"), "content": text("handout-content"), "per": "room"}],
                "guidance": {
                    "watch_for": [text("watch-for")],
                    "debrief": [text("guidance-debrief")],
                    "notes": [text("guidance-notes")],
                    "contingency": {"behind": text("behind"), "distress": text("distress"), "conflict": text("conflict")},
                },
                "exercises": [
                    {
                        "title": text("exercise-title"),
                        "summary": text("summary"),
                        "debrief": [text("exercise-debrief")],
                        "groups": {"size": "pairs", "mix": ["sectors"], "room": "names"},
                        "roles": [
                            {
                                "name": text("role-name"),
                                "brief": text("role-brief"),
                                "organisation": text("role-organisation"),
                                "sector": text("role-sector"),
                            }
                        ],
                        "phases": [
                            {
                                "name": text("phase-name"),
                                "minutes": 10,
                                "repeat": 2,
                                "instructions": text("instructions"),
                                "lead": text("phase-lead"),
                                "co": text("phase-co"),
                                "setup": text("phase-setup"),
                                "script": text("phase-script"),
                                "link": text("phase-link"),
                            },
                            {"name": text("phase-2-name"), "minutes": 5, "cut_first": True},
                        ],
                    }
                ],
            },
            {"id": text("tea-id"), "title": text("tea-title"), "kind": "break", "start": "09:30"},
            {"id": text("last-id"), "title": text("last-title"), "start": "09:45"},
        ],
    }


def hostile(tag: str) -> str:
    """A field's hostile text: its tag first (so each field can be found), then every hostile string."""
    return f"{tag}: {HOSTILE}"


def _at_path(value: Any, path: str) -> Any:
    """The value at a loader field path (`agenda[0].exercises[0].title`) in dumped plan data."""
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        value = value[int(index)] if index else value[name]
    return value


PLAN_FIELDS = [path for path, _, _ in text_fields(every_field_plan(hostile))]


def _model_text_fields(model: type[BaseModel]) -> Iterator[str]:
    """`Model.field` for every field of the plan format that holds free text (times, zones and choices aside)."""
    for name, field in model.model_fields.items():
        annotation = repr(field.annotation)
        if "str" in annotation and name not in ("start", "close", "timezone", "size"):
            yield f"{model.__name__}.{name}"
        for inner in _models_in(field.annotation):
            yield from _model_text_fields(inner)


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _models_in(arg)


def test_the_plan_under_test_uses_every_text_field_of_the_format():
    """If the format grows a text field, the plan these tests use (and so every test below) must fill it."""
    names = {re.sub(r"\[\d+\]", "", path).split(".")[-1] for path in PLAN_FIELDS if not path.startswith("pseudonyms.")}
    names.add("pseudonyms")
    missing = sorted({field for field in _model_text_fields(Plan) if field.split(".")[1] not in names})
    assert missing == [], f"text fields the hostile plan leaves empty: {missing}"
    assert len(PLAN_FIELDS) >= 50


def test_hostile_text_in_every_plan_field_loads_exactly_as_written():
    data = every_field_plan(hostile)
    plan = parse_plan(tomli_w.dumps(data), "hostile.toml")
    dumped = plan.model_dump(mode="json")
    for path, container, key in text_fields(data):
        if path.startswith("pseudonyms.") or HOSTILE not in container[key]:
            continue  # a key (checked below), or a time or a choice
        assert _at_path(dumped, path) == container[key], path
    assert plan.pseudonyms == {hostile("pseudonym-name"): hostile("pseudonym")}
    # Saved and read again, it is the same plan.
    assert parse_plan(plan_to_toml(plan), "again.toml") == plan


@pytest.mark.parametrize("name", CONTROLS)
def test_a_control_character_in_any_plan_field_is_refused_with_its_path(name):
    """Every text field, one at a time: one problem, at that field, naming the character, and echoing none."""
    char = CONTROLS[name]
    for path in PLAN_FIELDS:
        data = every_field_plan(hostile)
        for here, container, key in text_fields(data):
            if here == path:
                container[key] = f"before{char}[2J{TERMINAL_ATTACK if name == 'ESC' else ''}after"
        with pytest.raises(PlanError) as caught:
            parse_plan(tomli_w.dumps(data), "hostile.toml")
        problems = caught.value.problems
        assert [p.where for p in problems] == [path], (path, [str(p) for p in problems])
        (problem,) = problems
        assert "control character" in problem.message and f"(U+{ord(char):04X}) at character 7" in problem.message, problem
        assert raw_controls(str(problem)) == [], (path, str(problem))


def test_a_control_character_in_a_plan_key_is_refused_without_echoing_it():
    """A key holding ESC is refused at its place; the refusal itself must not carry the ESC to the terminal."""
    for where in ("pseudonyms", "agenda", "top"):
        data = every_field_plan(hostile)
        bad_key = f"Ann{TERMINAL_ATTACK}"
        if where == "pseudonyms":
            data["pseudonyms"][bad_key] = "P"
        elif where == "agenda":
            data["agenda"][0][bad_key] = "x"
        else:
            data[bad_key] = "x"
        with pytest.raises(PlanError) as caught:
            parse_plan(tomli_w.dumps(data), "hostile.toml")
        (problem,) = caught.value.problems
        assert "the key holds a control character, ESC (U+001B) at character 4" in problem.message, str(problem)
        assert problem.where.startswith({"pseudonyms": "pseudonyms.Ann", "agenda": "agenda[0].Ann", "top": "Ann"}[where]), problem.where
        assert not raw_controls(str(problem)), f"the raw key is echoed in the problem's place: {problem.where!r}"


# ----- participant lists: hostile text kept, control characters refused at row and column ----------------

PEOPLE_COLUMNS = ("name", "organisation", "sector", "role", "pseudonym")


def people_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    # Every cell quoted, as spreadsheets write a cell holding a line break: a bare CR would end the row.
    writer = csv.DictWriter(out, fieldnames=[*PEOPLE_COLUMNS, "line_manages"], lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def hostile_rows() -> list[dict[str, str]]:
    return [
        {column: f"{column} {n} {HOSTILE}" for column in PEOPLE_COLUMNS} | {"line_manages": ""}
        for n in range(1, 4)
    ] + [{"name": LONG_WORD, "organisation": FORMULA, "sector": "NHS", "role": "", "pseudonym": "", "line_manages": ""}]


@pytest.mark.parametrize("suffix", [".csv", ".toml"])
def test_hostile_text_in_every_people_field_loads_exactly_as_written(tmp_path, suffix):
    rows = hostile_rows()
    path = tmp_path / f"people{suffix}"
    if suffix == ".csv":
        path.write_text(people_csv(rows), encoding="utf-8")
    else:
        path.write_text(tomli_w.dumps({"people": [{k: v for k, v in row.items() if v} for row in rows]}), encoding="utf-8")
    people = load_people(path)
    assert [(p.name, p.organisation, p.sector, p.role, p.pseudonym) for p in people] == [
        tuple(row[column] for column in PEOPLE_COLUMNS) for row in rows
    ]


@pytest.mark.parametrize("column", PEOPLE_COLUMNS)
@pytest.mark.parametrize("name", sorted(CONTROLS))
def test_a_control_character_in_any_people_field_is_refused_with_its_row_and_column(tmp_path, name, column):
    rows = hostile_rows()[:2]
    rows[1][column] = f"{column}{CONTROLS[name]}tail"
    path = tmp_path / "people.csv"
    path.write_text(people_csv(rows), encoding="utf-8")
    with pytest.raises(PeopleError) as caught:
        load_people(path)
    found = [problem for problem in caught.value.problems if "control character" in problem.message]
    assert [problem.where for problem in found] == [f"row 3, {column}"], [str(problem) for problem in caught.value.problems]
    assert f"at character {len(column) + 1}" in found[0].message
    assert not raw_controls(str(found[0]))


def test_a_control_character_in_a_people_header_or_key_is_refused_without_echoing_it(tmp_path):
    csv_path = tmp_path / "people.csv"
    csv_path.write_text(f"name,organisation,sector,ro{TERMINAL_ATTACK}le\nAnn,ICB,NHS,x\n", encoding="utf-8")
    with pytest.raises(PeopleError) as caught:
        load_people(csv_path)
    assert caught.value.problems and not any(raw_controls(str(problem)) for problem in caught.value.problems)
    toml_path = tmp_path / "people.toml"
    toml_path.write_text(tomli_w.dumps({"people": [{"name": "Ann", "organisation": "ICB", "sector": "NHS", f"ro{TERMINAL_ATTACK}le": "x"}]}), encoding="utf-8")
    with pytest.raises(PeopleError) as caught:
        load_people(toml_path)
    (problem,) = caught.value.problems
    assert "unknown key" in problem.message
    assert not raw_controls(str(problem)), f"the raw key is echoed in the problem's place: {problem.where!r}"


# ----- the day: hostile plan, people, notes and captures ---------------------------------


def short(tag: str) -> str:
    """A field's text for the screens: short enough to show whole in a panel, every markup hazard in it."""
    return f"{tag} {MARKUP} {CLICK} {OPEN_TAG}"


SCREEN_PLAN = every_field_plan(short)
for _index, _item in enumerate(SCREEN_PLAN["agenda"]):
    _item["id"] = f"item-{_index}"  # ids are typed at the command line and in jumps: keep them plain here
SCREEN_PLAN["agenda"][0]["prompts"] = [
    f"prompt {MARKUP} {CLICK} {OPEN_TAG}",
    f"prompt {HTML} {EMOJI}",
    f"prompt {RLO} {ARABIC} {HEBREW}",
    f"{FORMULA}",
    f"{MARKDOWN}",
    LONG_WORD,
]
SCREEN_PLAN["agenda"][0]["exercises"][0]["phases"][0]["minutes"] = 11

NOTE = f"note {MARKUP} {CLICK} {OPEN_TAG} {HTML}\n{EMOJI} {RLO} {ARABIC} {HEBREW} {FORMULA}\nbad {TERMINAL_ATTACK} end\n{LONG_WORD}"


class Typed(NamedTuple):
    """A capture as typed: its kind, text, owner and due (actions only)."""

    kind: str
    text: str
    owner: str | None = None
    due: str | None = None


CAPTURES = {
    "action": Typed("action", f"{FORMULA} {TERMINAL_ATTACK}", f"{OPEN_TAG}owner {CLICK}\x1b[2J", f"Friday{TERMINAL_ATTACK}"),
    "dated": Typed("action", f"dated {CLICK} {HTML} {FORMULA}\x1b[31m", f"{ARABIC} {HTML}", "2026-12-01"),
    "decision": Typed("decision", f"decide {MARKUP} {HTML}\x07"),
    "parking": Typed("parking", f"park {CLICK} {MARKDOWN}\x9b"),
    "quote": Typed("quote", f"quote {EMOJI} {RLO} {HEBREW}\x85"),
}


def kept(text: str) -> str:
    """Typed text as the app keeps it: trimmed (NEL, U+0085, is white space), each control character as its picture."""
    return visible(text.strip())


PEOPLE = (
    Person(f"Ann {MARKUP}", f"Org {CLICK}", "NHS", pseudonym=f"P1 {OPEN_TAG}"),
    Person(f"Bob {OPEN_TAG}", f"<b>{HTML}</b>", "Voluntary"),
    Person(f"Cara {EMOJI}", f"{ARABIC}", "Local government"),
)


def open_hostile_app(tmp_path: Path, when: str = "09:05") -> FacilitatorApp:
    """The real app on the hostile plan with hostile people, on a fake clock; the day started, notes and captures typed."""
    path = tmp_path / "hostile.toml"
    path.write_text(tomli_w.dumps(SCREEN_PLAN), encoding="utf-8")
    clock = FakeClock(at("09:00"))
    app = make_app(DayRequest(data=tmp_path / "data", plan=str(path), author="tester", people=PEOPLE), clock=clock, live=False)
    day = app.day
    assert day.do(acts.Start()).done
    clock.set(at(when))
    first = day.plan.agenda[0].id
    assert day.do(acts.SaveNote(first, NOTE)).done
    for typed in CAPTURES.values():
        assert day.do(acts.Capture(typed.kind, first, typed.text, owner=typed.owner, due=typed.due)).done
    return app


def test_typed_notes_and_captures_keep_control_characters_as_pictures(tmp_path):
    app = open_hostile_app(tmp_path)
    try:
        notes = app.day.state.notes
        first = app.day.plan.agenda[0].id
        text = notes.notes_for(first, "tester").text
        assert text == visible(NOTE)
        assert "␛]0;pwned␇␛[2J" in text and raw_controls(text) == []
        assert MARKUP in text and LONG_WORD in text
        captures = notes.captures_for(first)
        assert [c.kind for c in captures] == [typed.kind for typed in CAPTURES.values()]
        for capture, typed in zip(captures, CAPTURES.values(), strict=True):
            assert capture.text == kept(typed.text)
            assert capture.owner == (kept(typed.owner) if typed.owner else None)
            for value in (capture.text, capture.owner or "", capture.due or ""):
                assert raw_controls(value) == [], value
        action = captures[0]
        assert action.due == kept(CAPTURES["action"].due) and action.due_date is None
        assert captures[1].due_date is not None and captures[1].due_date.isoformat() == "2026-12-01"
        # As written to disk: the log holds the pictures too, never the raw characters.
        log = b"".join(path.read_bytes() for path in app.day.folder.glob("*.jsonl")).decode("utf-8")
        assert "\\u001b" not in log and "\\u0007" not in log and "\\u009b" not in log and "␛" in log
    finally:
        app.day.close()


# ----- (a) on screen -------------------------------------------------------------------------


def screen_lines(app: App[Any]) -> list[str]:
    """What the terminal shows now, line by line (the active screen, with what shows through it)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def check_screen(app: App[Any], name: str, *expected: str) -> str:
    """The screen's text: no raw control character anywhere; each expected string shown literally on it."""
    lines = screen_lines(app)
    text = "\n".join(lines)
    for number, line in enumerate(lines):
        assert raw_controls(line) == [], f"{name}: raw control characters on line {number}: {line!r}"
    # The same from the SVG screenshot: well-formed, and not one raw control character in it.
    svg = app.export_screenshot()
    assert raw_controls(svg) == [], f"{name}: raw control characters in the screenshot"
    ElementTree.fromstring(svg)
    flat = " ".join(line.strip() for line in lines)
    for string in expected:
        assert string in text or string in flat, f"{name}: {string!r} not shown literally:\n{text}"
    return text


async def test_hostile_text_is_shown_literally_on_every_screen(tmp_path):
    """Run, guidance, a skip's toast, review (v), captures (i), help (?), jump (j), who is here (k), groups (t), checklists (y)."""
    app = open_hostile_app(tmp_path)
    titles = [item["title"] for item in SCREEN_PLAN["agenda"]]
    async with app.run_test(size=(180, 60), notifications=True) as pilot:
        await pilot.pause()
        text = check_screen(
            app, "run", short("plan-title"), titles[0], short("phase-name") + " · round 1 of 2", short("script"),
            f"prompt {MARKUP} {CLICK} {OPEN_TAG}", f"prompt {HTML} {EMOJI}", FORMULA, MARKDOWN, ARABIC,
            f"note {MARKUP} {CLICK} {OPEN_TAG} {HTML}", "bad ␛]0;pwned␇␛[2J",
        )
        assert re.search("W{80}", text), "the 5,000-character word is not shown"
        await pilot.press("g")
        await pilot.pause()
        check_screen(app, "run with guidance", short("watch-for"))
        await pilot.press("s")  # skip the next item: its title is in the toast
        await pilot.pause()
        await pilot.pause()  # the toast rack is shown on the next turn
        assert app.day.state.items[1].skipped
        check_screen(app, "toast", "Skipped: tea-title")
        toasts = [toast.render().plain for toast in app.screen.query("Toast")]
        assert f"Skipped: {titles[1]}. Undo brings it back." in toasts, toasts
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        check_screen(
            app, "review", titles[0], f"note {MARKUP} {CLICK} {OPEN_TAG} {HTML}", "bad ␛]0;pwned␇␛[2J",
            kept(CAPTURES["decision"].text), kept(CAPTURES["parking"].text), kept(CAPTURES["action"].owner),
        )
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        check_screen(app, "captures", f"Captured in {titles[0]}", "decide [bold]x[/] <script>alert(1)</script>␇", f"— {OPEN_TAG}owner")
        # The list crops a long line on screen; each option holds it whole, as typed.
        listed = app.screen.query_one(OptionList)
        options = [str(getattr(listed.get_option_at_index(i).prompt, "plain", listed.get_option_at_index(i).prompt)) for i in range(listed.option_count)]
        assert any(kept(CAPTURES["action"].text) in option and f"{OPEN_TAG}owner {CLICK}␛[2J" in option for option in options), options
        assert all(raw_controls(option) == [] for option in options)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = check_screen(app, "help", "Scroll prompts up", "Scroll prompts down")
        assert re.search(r"\[\s+Scroll prompts up", help_text) and re.search(r"\]\s+Scroll prompts down", help_text), help_text
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        check_screen(app, "jump", *titles)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        check_screen(app, "who is here", *(f"{p.name} · {p.organisation} · {p.sector}" for p in PEOPLE))
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("t", "r")
        await pilot.pause()
        check_screen(app, "groups", short("role-name"))
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        check_screen(app, "checklists", short("prepare-task"), short("follow-task"))
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running, "a [@click=app.quit] in the text quit the app"


async def test_the_room_display_shows_hostile_text_literally_and_nothing_private(tmp_path):
    """The projector: the running item and phase as typed; no script, guidance or note; a room message made one clean line."""
    app = open_hostile_app(tmp_path)
    day = app.day
    day_id = day.day_id
    day.close()
    clock = FakeClock(at("09:05"))
    display = DisplayApp(tmp_path / "data", day_id, clock=clock, live=False)
    async with display.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        text = check_screen(display, "room display", short("open-title"), short("phase-name"), short("instructions"))
        for private in (short("script"), short("phase-script"), short("watch-for"), short("role-brief"), short("summary"), "note ", "pwned"):
            assert private not in text, private
    # A room message typed with control characters: one line, each control character a space, markup as typed.
    writer = open_day(tmp_path / "data", None, None, day_id=day_id, clock=clock)
    try:
        assert writer.do(acts.MessageRoom(f"Back at 10 {MARKUP}\x1b[2J{CLICK}\x07 {OPEN_TAG}")).done
        assert writer.state.room.message == f"Back at 10 {MARKUP} [2J{CLICK} {OPEN_TAG}"
    finally:
        writer.close()
    display = DisplayApp(tmp_path / "data", day_id, clock=clock, live=False)
    async with display.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        check_screen(display, "room message")
        assert display.query_one(BigClock).value == f"Back at 10 {MARKUP} [2J{CLICK} {OPEN_TAG}"
        assert display.is_running


# ----- (b) in every export ------------------------------------------------------------------

MD = MarkdownIt("commonmark").enable("table")


def md_shown(text: str) -> str:
    """What a Markdown reader shows: the text of every inline token."""
    shown = []
    for token in MD.parse(text):
        for child in token.children or ():
            if child.type in ("text", "text_special", "code_inline"):
                shown.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                shown.append("\n")
            elif child.type in ("html_inline", "html_block"):
                raise AssertionError(f"user text became HTML in the Markdown: {child.content!r}")
            elif child.type == "link_open":
                raise AssertionError(f"user text became a link in the Markdown: {child}")
        shown.append("\n")
    return "".join(shown)


def html_shown(text: str) -> str:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    doc = parser.parse(text)
    assert parser.errors == [], parser.errors[:3]
    assert doc.findall(".//script") == [], "user text became a <script> element"
    return "".join(doc.find("body").itertext())


def json_shown(text: str) -> str:
    def strings(value: Any) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    return "\n".join(strings(json.loads(text)))


def csv_shown(text: str) -> str:
    assert text.startswith("\ufeff")
    cells = [cell for row in csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")) for cell in row]
    formulas = [cell for cell in cells if cell[:1] in ("=", "+", "@") or (cell[:1] == "-" and not re.fullmatch(r"-\d+", cell))]
    assert formulas == [], f"cells a spreadsheet would run as formulas: {formulas}"
    return "\n".join(cell.removeprefix("'") for cell in cells)


def docx_shown(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def xlsx_shown(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data))
    values = []
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"a live formula in {sheet.title}!{cell.coordinate}: {cell.value!r}"
                if cell.value is not None:
                    values.append(str(cell.value))
    return "\n".join(values)


def ics_shown(text: str) -> str:
    calendar = Calendar.from_ical(text)
    found = []
    for component in calendar.walk():
        for _, value in component.property_items(recursive=False):
            if isinstance(value, str):
                found.append(str(value))
            elif hasattr(value, "to_ical"):
                found.append(value.to_ical().decode())
    return "\n".join(found)


def archive_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith((".xml", ".rels")))


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> dict[str, DayRecord]:
    """The hostile day's record, full (with guidance) and shared (pseudonyms, private left out)."""
    app = open_hostile_app(tmp_path_factory.mktemp("export"))
    try:
        day = app.day
        first = day.plan.agenda[0].id
        assert day.do(acts.ShareNotes(first, True)).done
        record = day_record(day.plan, day.events, day.now(), with_guidance=True)
        pseudonyms = {**day.plan.pseudonyms, **{p.name: p.pseudonym or f"Participant {i}" for i, p in enumerate(PEOPLE, start=1)}}
        SHARED_NAMES.update(word for name in pseudonyms for word in name.split())
        return {"full": record, "shared": share(record, pseudonyms)}
    finally:
        app.day.close()


SHARED_NAMES: set[str] = set()
"""Every word of every name a shared export replaces by a pseudonym (a surname alone is replaced too)."""

SHOWN: dict[str, Callable[[Any], str]] = {
    "md": md_shown, "html": html_shown, "json": json_shown, "csv": csv_shown,
    "docx": docx_shown, "xlsx": xlsx_shown, "ics": ics_shown,
}


def expected_in(fmt: str, what: str | None) -> list[str]:
    """The hostile strings this format and table show, exactly as typed (text: its words; tables: one line per cell)."""
    title = short("plan-title")
    item = short("open-title")
    note_line = f"note {MARKUP} {CLICK} {OPEN_TAG} {HTML}"
    if fmt == "csv":
        return {
            "items": [title, item, note_line, LONG_WORD, f"bad {visible(TERMINAL_ATTACK)} end"],
            "actions": [kept(CAPTURES["action"].text), kept(CAPTURES["action"].owner), kept(CAPTURES["dated"].text)],
            "decisions": [kept(CAPTURES["decision"].text)],
            "parking": [kept(CAPTURES["parking"].text)],
            "quotes": [kept(CAPTURES["quote"].text)],
        }[what or "items"]
    if fmt == "ics":
        if what == "agenda":
            return [item, short("tea-title")]
        return [kept(CAPTURES["dated"].text), kept(CAPTURES["dated"].owner)]
    return [title, item, note_line, LONG_WORD, f"bad {visible(TERMINAL_ATTACK)} end", FORMULA, kept(CAPTURES["decision"].text), kept(CAPTURES["quote"].text)]


@pytest.mark.parametrize("which", ["full", "shared"])
@pytest.mark.parametrize(("fmt", "what"), [(fmt, what) for fmt in FORMATS for what in WHATS.get(fmt, (None,))])
def test_every_export_shows_hostile_text_as_typed_and_no_control_character(records, which, fmt, what):
    record = records[which]
    content = render(record, fmt, what)
    raw = archive_text(content) if isinstance(content, bytes) else content
    # A CSV row and an iCalendar line end in CR LF, as their standards say; no other CR, nor any other control.
    assert raw_controls(raw.replace("\r\n", "\n")) == [], (fmt, what, raw_controls(raw.replace("\r\n", "\n"))[:10])
    if fmt == "json":
        assert not re.search(r"\\u00(?:[01][0-9a-fA-F]|7[fF]|[89][0-9a-fA-F])", raw), "an escaped control character in the JSON"
    shown = SHOWN[fmt](content)
    assert raw_controls(shown) == [], (fmt, what)
    flat = " ".join(shown.split())
    guidance = short("watch-for")
    if which == "shared":
        # Shared: the guidance is out; what is left (the notes were marked shareable) still reads as typed,
        # but for the names a pseudonym replaces (a hostile name's words included).
        assert guidance not in shown and guidance not in flat, (fmt, what)
        expected = [string for string in expected_in(fmt, what) if not any(word in string for word in SHARED_NAMES)]
        assert expected or (fmt, what) in (("ics", "agenda"), ("csv", "decisions"), ("csv", "parking"), ("csv", "quotes")), (fmt, what)
        for string in expected:
            assert string in shown or " ".join(string.split()) in flat, (fmt, what, string)
        return
    for string in expected_in(fmt, what):
        assert string in shown or " ".join(string.split()) in flat, (fmt, what, string)
    if fmt in ("md", "html", "json", "docx"):
        # The guidance went in (the export was asked for it), as typed.
        assert guidance in shown or guidance in flat, (fmt, "guidance")
