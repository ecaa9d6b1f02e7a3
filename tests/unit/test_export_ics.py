"""The iCalendar export: dated actions as to-dos, the agenda as events, read back with icalendar.

Checked on the recorded hostile day: what goes in and what stays out, dates
as date values, floating agenda times, text that survives escaping and
folding, UIDs and bytes that do not change between two exports, and a
shared calendar with nothing private in it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import uuid

import pytest
from icalendar import Calendar

from export_helpers import (
    ACTION_FORMULA,
    ACTION_FORMULA_OWNER,
    ACTION_MULTILINE,
    ACTION_PRIVATE,
    ARABIC,
    EMOJI,
    EXTRA_TITLE,
    LAST_TITLE,
    LUNCH_TITLE,
    OPEN_TITLE,
    PLAN_TITLE,
    PRIVATE_STRINGS,
    PSEUDONYMS,
    TEA_TITLE,
    build_day,
)
from facilitator_tui.export import ExportError, render
from facilitator_tui.export.ics_log import to_ics
from facilitator_tui.export.record import DayRecord, NoteEntry, share

HOSTILE = f"Call Ann, then José; agree a, b; c\\d\nsecond line\r\nthird\x00\x07\x1b[31m {EMOJI} {ARABIC}"
HOSTILE_CLEAN = f"Call Ann, then José; agree a, b; c\\d\nsecond line\nthird[31m {EMOJI} {ARABIC}"
TITLES = [OPEN_TITLE, TEA_TITLE, EXTRA_TITLE, LUNCH_TITLE, LAST_TITLE]


@pytest.fixture(scope="module")
def record(tmp_path_factory) -> DayRecord:
    return build_day(tmp_path_factory.mktemp("data")).record()


def edit_notes(record: DayRecord, change) -> DayRecord:
    """The record with `change(note)` applied to every note (it returns the note, changed or not)."""
    items = tuple(dataclasses.replace(item, notes=tuple(change(note) for note in item.notes)) for item in record.items)
    return dataclasses.replace(record, items=items)


@pytest.fixture(scope="module")
def dated(record) -> DayRecord:
    """The day with the private action given a due date too (otherwise it would be left out for lacking one)."""
    return edit_notes(record, lambda n: dataclasses.replace(n, due_date=dt.date(2026, 12, 24)) if n.text == ACTION_PRIVATE else n)


def parse(text: str) -> Calendar:
    calendar = Calendar.from_ical(text)
    assert calendar["PRODID"] == "-//facilitator-tui//day log//EN"
    assert calendar["VERSION"] == "2.0"
    return calendar


def values(calendar: Calendar) -> list[str]:
    """Every property value in the calendar, unescaped."""
    found = []
    for component in calendar.walk():
        for _, value in component.property_items(recursive=False):
            if hasattr(value, "cats"):
                found += [str(category) for category in value.cats]
            elif isinstance(value, str):
                found.append(str(value))
            elif hasattr(value, "to_ical"):
                found.append(value.to_ical().decode())
    return found


def whole_word(name: str, text: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text, re.IGNORECASE) is not None


# ----- actions -----------------------------------------------------------------------


def test_actions_with_a_due_date_become_to_dos(record):
    calendar = parse(to_ics(record, "actions"))
    assert calendar.events == []
    todos = calendar.todos
    assert [str(t["SUMMARY"]) for t in todos] == [ACTION_FORMULA, ACTION_MULTILINE]
    assert [t.decoded("DUE") for t in todos] == [dt.date(2026, 12, 1), dt.date(2026, 12, 3)]
    for todo in todos:
        assert type(todo.decoded("DUE")) is dt.date, "a date value, not a date-time"
        assert todo["STATUS"] == "NEEDS-ACTION"
        assert [str(c) for c in todo["CATEGORIES"].cats] == [PLAN_TITLE]
        assert "CLASS" not in todo
    description = str(todos[0]["DESCRIPTION"])
    assert f"owner: {ACTION_FORMULA_OWNER}" in description
    assert f"Session: {OPEN_TITLE}" in description
    assert PLAN_TITLE in description and "Thursday 26 November 2026" in description
    assert "due: Thu 3 Dec 2026 (+1 week)" in str(todos[1]["DESCRIPTION"])


def test_render_defaults_to_actions(record):
    assert render(record, "ics") == to_ics(record, "actions")


def test_an_action_without_a_date_is_left_out(record):
    text = to_ics(record, "actions")
    assert "PRIVATE-ACTION" not in text, "no due date: not a calendar entry"


def test_no_dated_action_gives_an_empty_valid_calendar(record):
    undated = edit_notes(record, lambda n: dataclasses.replace(n, due_date=None))
    text = to_ics(undated, "actions")
    calendar = parse(text)
    assert calendar.subcomponents == []
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")


def test_a_private_action_is_marked_private_in_a_full_calendar(dated):
    todos = parse(to_ics(dated, "actions")).todos
    private = [t for t in todos if str(t["SUMMARY"]) == ACTION_PRIVATE]
    assert len(private) == 1 and private[0]["CLASS"] == "PRIVATE"
    assert private[0].decoded("DUE") == dt.date(2026, 12, 24)
    assert all("CLASS" not in t for t in todos if t is not private[0])


@pytest.mark.parametrize("what", ["actions", "agenda"])
def test_a_shared_calendar_has_no_private_text_and_no_names(dated, what):
    text = to_ics(share(dated, PSEUDONYMS), what)
    calendar = parse(text)
    unfolded = text.replace("\r\n ", "")
    texts = [*values(calendar), unfolded]
    assert any("Participant" in t for t in values(calendar)), "the values are read (and pseudonymised)"
    for secret in PRIVATE_STRINGS:
        assert not any(secret in t for t in texts), secret
    assert "PRIVATE" not in unfolded, "no CLASS:PRIVATE either: share removed the entry"
    for name in PSEUDONYMS:
        assert not any(whole_word(name, t) for t in texts), name
    if what == "actions":
        assert len(calendar.todos) == 2


# ----- hostile text, escaping and folding --------------------------------------------


@pytest.fixture(scope="module")
def hostile(record) -> DayRecord:
    """One dated action with commas, semicolons, a backslash, newlines, controls, emoji and Arabic, long enough to fold."""
    long = HOSTILE + " " + (EMOJI + ARABIC) * 8
    first = record.items[0]
    note = NoteEntry(
        "action", long, first.notes[0].at, "Zoë", False, owner="Ann; B, C", due="Fri", due_date=dt.date(2026, 11, 27)
    )
    title = f"Opening, part 1; {ARABIC}\nsecond line"
    item = dataclasses.replace(first, title=title, notes=(note,))
    return dataclasses.replace(record, title="Day, one; two", items=(item,))


def test_hostile_text_round_trips_literally(hostile):
    text = to_ics(hostile, "actions")
    todo = parse(text).todos[0]
    assert str(todo["SUMMARY"]) == HOSTILE_CLEAN + " " + (EMOJI + ARABIC) * 8
    assert [str(c) for c in todo["CATEGORIES"].cats] == ["Day, one; two"], "one category, comma and all"
    assert "owner: Ann; B, C" in str(todo["DESCRIPTION"])
    assert f"Session: Opening, part 1; {ARABIC}\nsecond line" in str(todo["DESCRIPTION"])
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:Call Ann\\, then José\\; agree a\\, b\\; c\\\\d\\nsecond line\\nthird" in unfolded
    assert "CATEGORIES:Day\\, one\\; two\r\n" in unfolded
    agenda = parse(to_ics(hostile, "agenda")).events[0]
    assert str(agenda["SUMMARY"]) == f"Opening, part 1; {ARABIC}\nsecond line"


def test_no_control_characters_reach_the_file(hostile):
    text = to_ics(hostile, "actions")
    body = text.replace("\r\n", "")
    assert not [c for c in body if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F]
    assert text.count("\r") == text.count("\r\n") == text.count("\n"), "every line ends CRLF, and only lines do"


@pytest.mark.parametrize("what", ["actions", "agenda"])
def test_lines_fold_at_75_octets_without_splitting_a_character(hostile, record, what):
    for rec in (hostile, record):
        raw = to_ics(rec, what).encode("utf-8")
        lines = raw.split(b"\r\n")
        assert lines[-1] == b""
        for line in lines[:-1]:
            assert len(line) <= 75, line
            line.decode("utf-8")  # a fold inside a multi-octet character would not decode
    folded = to_ics(hostile, "actions").split("\r\n")
    assert any(line.startswith(" ") for line in folded), "the long summary is folded"


# ----- UIDs and stamps ---------------------------------------------------------------


@pytest.mark.parametrize("what", ["actions", "agenda"])
def test_same_record_same_bytes_and_stable_uids(record, dated, what):
    assert to_ics(record, what) == to_ics(record, what)
    uids = [str(c["UID"]) for c in parse(to_ics(dated, what)).walk() if c.name in ("VTODO", "VEVENT")]
    assert len(uids) == len(set(uids)) > 0
    for value in uids:
        assert uuid.UUID(value).version == 5


def test_an_edited_action_keeps_its_uid_and_another_day_does_not_share_them(record):
    before = {str(t["SUMMARY"]): str(t["UID"]) for t in parse(to_ics(record, "actions")).todos}
    edited = edit_notes(
        record, lambda n: dataclasses.replace(n, text="Send the link", owner="Bea") if n.text == ACTION_FORMULA else n
    )
    after = {str(t["SUMMARY"]): str(t["UID"]) for t in parse(to_ics(edited, "actions")).todos}
    assert after["Send the link"] == before[ACTION_FORMULA], "re-importing updates the to-do"
    assert after[ACTION_MULTILINE] == before[ACTION_MULTILINE]
    other = dataclasses.replace(record, day_id=record.day_id + "-2")
    assert not set(before.values()) & {str(t["UID"]) for t in parse(to_ics(other, "actions")).todos}


def test_shared_and_full_calendars_give_an_action_the_same_uid(record):
    full = {str(t["UID"]) for t in parse(to_ics(record, "actions")).todos}
    shared = {str(t["UID"]) for t in parse(to_ics(share(record, PSEUDONYMS), "actions")).todos}
    assert shared == full, "the UID hashes no text, so a pseudonymised title changes nothing"


def test_dtstamp_is_the_last_moment_of_the_record_in_utc(record):
    for what in ("actions", "agenda"):
        calendar = parse(to_ics(record, what))
        stamps = {c.decoded("DTSTAMP") for c in calendar.walk() if c.name in ("VTODO", "VEVENT")}
        assert stamps == {dt.datetime(2026, 11, 26, 11, 2, tzinfo=dt.UTC)}
        assert "DTSTAMP:20261126T110200Z\r\n" in to_ics(record, what)


# ----- agenda ------------------------------------------------------------------------


def test_agenda_is_one_event_per_item_at_planned_floating_times(record):
    text = to_ics(record, "agenda")
    calendar = parse(text)
    assert calendar.todos == []
    events = calendar.events
    assert [str(e["SUMMARY"]) for e in events] == TITLES
    day = dt.date(2026, 11, 26)
    starts = [dt.datetime.combine(day, dt.time(h, m)) for h, m in ((9, 0), (9, 30), (9, 45), (10, 0), (10, 20))]
    assert [e.decoded("DTSTART") for e in events] == starts
    assert [e.decoded("DTEND") - e.decoded("DTSTART") for e in events] == [dt.timedelta(minutes=m) for m in (30, 15, 15, 20, 40)]
    assert all(e.decoded("DTSTART").tzinfo is None for e in events), "floating local time"
    assert "DTSTART:20261126T090000\r\n" in text and "TZID" not in text and "VTIMEZONE" not in text
    assert [str(e["DESCRIPTION"]) for e in events] == [
        "Session · 09:00–09:31, 31 min (+1)",
        "Break · 09:31–09:50, 14 min (-1), paused 5 min",
        "Session · skipped",
        "Lunch · 09:50–10:25, 35 min (+15)",
        "Session · 10:25–11:02, 37 min (-3)",
    ]
    assert all("LOCATION" not in e for e in events), "no venue in the plan"


def test_agenda_before_the_day_ran_says_only_the_kind_and_gives_the_venue(record):
    items = tuple(
        dataclasses.replace(item, actual_start=None, actual_end=None, actual_seconds=None, skipped=False, kind=kind)
        for item, kind in zip(record.items, ("arrival", "session", "break", "lunch", "social"))
    )
    planned = dataclasses.replace(record, items=items, venue="Room 4, Town Hall; 2nd floor")
    events = parse(to_ics(planned, "agenda")).events
    assert [str(e["DESCRIPTION"]) for e in events] == ["Arrival", "Session", "Break", "Lunch", "Social"]
    assert {str(e["LOCATION"]) for e in events} == {"Room 4, Town Hall; 2nd floor"}


def test_unknown_what_is_refused(record):
    with pytest.raises(ExportError, match="actions or agenda"):
        to_ics(record, "decisions")
