"""Control characters never reach the terminal: refused in the files the app reads, made visible in what is typed."""

from __future__ import annotations

import json

import pytest

from day_helpers import at, make_day, small_plan
from facilitator_tui.cli import main
from facilitator_tui.core import acts
from facilitator_tui.core import events as ev
from facilitator_tui.core.clock import FakeClock
from facilitator_tui.core.control_chars import CONTROL, first_control, typed, visible
from facilitator_tui.core.notes import DayNotes, apply_note_event, fold_notes
from facilitator_tui.core.people import PeopleError, load_people
from facilitator_tui.core.plan_loader import PlanError, parse_plan
from facilitator_tui.export.errors import ExportError
from facilitator_tui.export.pseudonyms import load_pseudonyms

TITLE_ATTACK = "\x1b]0;pwned\x07"
"""Sets a terminal's window title."""
WIPE = "\x1b[2J"
"""Clears a terminal's screen."""

PLAN = """\
title = "Day{title}"
start = "09:00"
close = "10:00"
[pseudonyms]
"Ann{key}" = "Participant A"
[[agenda]]
id = "a"
title = "Opening"
start = "09:00"
prompts = ["Fine", "Wipe{prompt}"]
"""


def toml_escape(text: str) -> str:
    return "".join(f"\\u{ord(c):04X}" if CONTROL.match(c) else c for c in text)


def test_a_plan_holding_one_is_refused_with_every_field_named():
    text = PLAN.format(title=toml_escape(TITLE_ATTACK), key=toml_escape("\x9b"), prompt=toml_escape(WIPE))
    with pytest.raises(PlanError) as raised:
        parse_plan(text, "day.toml")
    found = {problem.where: problem.message for problem in raised.value.problems}
    assert set(found) == {"title", "pseudonyms.Ann\x9b", "agenda[0].prompts[1]"}
    assert found["title"].startswith("holds a control character, ESC (U+001B) at character 4")
    assert "CSI (U+009B)" in found["pseudonyms.Ann\x9b"]
    assert "delete it" in found["agenda[0].prompts[1]"]


def test_validate_and_agenda_say_so_without_writing_the_character(tmp_path, capsys):
    path = tmp_path / "day.toml"
    path.write_text(PLAN.format(title=toml_escape(TITLE_ATTACK), key="", prompt=""), encoding="utf-8")
    for command in ("validate", "agenda"):
        assert main([command, str(path)]) == 2
        out = capsys.readouterr()
        assert "title: holds a control character, ESC (U+001B)" in out.err
        assert not CONTROL.search(out.out + out.err.replace("\n", "").replace("\t", ""))


def test_tab_and_newline_are_text_not_control():
    plan = parse_plan(PLAN.format(title="\\tday", key="", prompt="\\nline two"), "day.toml")
    assert plan.title == "Day\tday" and plan.agenda[0].prompts[1] == "Wipe\nline two"


def test_a_participant_list_holding_one_is_refused_at_its_row_and_column(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(f"name,organisation,sector\nAnn,ICB,NHS\nBob,Council{WIPE},Local government\n", encoding="utf-8")
    with pytest.raises(PeopleError) as raised:
        load_people(path)
    (problem,) = raised.value.problems
    assert (problem.where, problem.message.split(",")[0]) == ("row 3, organisation", "holds a control character")
    assert "ESC (U+001B) at character 8" in problem.message


def test_a_pseudonym_file_holding_one_is_refused(tmp_path):
    path = tmp_path / "names.toml"
    path.write_text('"Ann Smith" = "Participant\\u0007 A"\n', encoding="utf-8")
    with pytest.raises(ExportError) as raised:
        load_pseudonyms(path)
    assert "BEL (U+0007)" in str(raised.value) and "'Ann Smith'" in str(raised.value)


def test_typed_text_keeps_each_control_character_as_its_picture():
    assert visible(TITLE_ATTACK) == "␛]0;pwned␇"
    assert visible(WIPE + "\x7f\x85") == "␛[2J␡\ufffd"
    assert typed("one\r\ntwo\rthree\x1b") == "one\ntwo\nthree␛"
    assert first_control("plain\ttext\n") is None
    # One character for one: a cursor in a field stays where it was.
    assert len(visible(TITLE_ATTACK)) == len(TITLE_ATTACK)


@pytest.fixture
def day(tmp_path):
    clock = FakeClock(at("09:00"))
    d = make_day(tmp_path / "data", small_plan(), tmp_path / "small.toml", clock)
    yield d
    d.close()


def test_notes_and_captures_are_saved_with_their_pictures(day):
    day.do(acts.SaveNote("open", f"Pasted {WIPE} here"))
    day.do(acts.Capture("action", "open", f"Act {TITLE_ATTACK}", owner=f"Ann{WIPE}", due="Fri\x07"))
    lines = [json.loads(line) for line in day.writer.path.read_text().splitlines()]
    assert not any(CONTROL.search(json.dumps(line, ensure_ascii=False)) for line in lines)
    note = day.state.notes.notes_for("open", "tester")
    assert note.text == "Pasted ␛[2J here"
    (capture,) = day.state.notes.captures.values()
    assert (capture.text, capture.owner, capture.due) == ("Act ␛]0;pwned␇", "Ann␛[2J", "Fri␇")
    assert day.do(acts.EditCapture(capture.capture_id, f"Edited{WIPE}", owner="Bob")).changed
    assert day.state.notes.captures[capture.capture_id].text == "Edited␛[2J"


def test_a_log_written_by_hand_is_shown_safely_too():
    notes = DayNotes()
    apply_note_event(notes, ev.NoteSaved(at=at("09:00"), author="a", item_id="open", text=f"raw{WIPE}"))
    apply_note_event(notes, ev.Captured(at=at("09:00"), author="a", kind="action", item_id="open", text=TITLE_ATTACK, owner="\x07"))
    assert notes.notes_for("open", "a").text == "raw␛[2J"
    (capture,) = notes.captures.values()
    assert (capture.text, capture.owner) == ("␛]0;pwned␇", "␇")
    # A whole log folded at once (a restart) makes each note safe once, after its last save.
    folded = fold_notes([ev.NoteSaved(at=at("09:00"), author="a", item_id="open", text=f"first{WIPE}"),
                         ev.NoteSaved(at=at("09:01"), author="a", item_id="open", text=f"last{WIPE}\x07")])
    assert folded.notes_for("open", "a").text == "last␛[2J␇"
