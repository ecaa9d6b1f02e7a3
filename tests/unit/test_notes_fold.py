"""Capture events and how they fold: notes per item, captured items, edits and deletions."""

from __future__ import annotations

import datetime as dt

from day_helpers import at, header, small_plan
from export_helpers import (
    ACTION_FORMULA,
    ACTION_MULTILINE,
    ACTION_MULTILINE_DUE,
    ACTION_MULTILINE_OWNER,
    ACTION_PRIVATE,
    DELETED,
    OPEN_NOTE,
    OPEN_NOTE_DRAFT,
    PARKING,
    PARKING_OLD,
    build_day,
)
from facilitator_tui.core import events as ev
from facilitator_tui.core.days import days_dir, open_day
from facilitator_tui.core.event_log import LogReader
from facilitator_tui.core.fold import fold
from facilitator_tui.core.notes import fold_notes
from facilitator_tui.export import render
from facilitator_tui.export.record import day_record

PLAN = small_plan()


def saved(when: str, item: str, text: str, author: str = "ann") -> ev.NoteSaved:
    return ev.NoteSaved(at=at(when), author=author, item_id=item, text=text)


def test_latest_note_text_wins_per_item():
    notes = fold_notes(
        [
            saved("09:01", "open", "a"),
            saved("09:02", "open", "a b"),
            saved("09:03", "tea", "tea notes"),
            saved("09:04", "open", "a b c"),
        ]
    )
    assert notes.notes_for("open", "ann").text == "a b c"
    assert notes.notes_for("open", "ann").at == at("09:04")
    assert notes.notes_for("tea", "ann").text == "tea notes"
    assert notes.notes_for("last", "ann").text == ""


def test_a_shorter_later_save_still_wins():
    """Deleting text is a save too: the latest text wins, not the longest."""
    notes = fold_notes([saved("09:01", "open", "long text here"), saved("09:02", "open", "")])
    assert notes.notes_for("open", "ann").text == ""
    assert notes.count == 0


def test_each_facilitator_keeps_their_own_notes_on_an_item():
    """A co-facilitator's notes never replace yours: each author's latest text wins for that author."""
    notes = fold_notes(
        [
            saved("09:01", "open", "a", author="ann"),
            saved("09:02", "open", "bob's", author="bob"),
            saved("09:03", "open", "ann's", author="ann"),
        ]
    )
    assert [(n.author, n.text) for n in notes.notes_of("open")] == [("ann", "ann's"), ("bob", "bob's")]
    assert notes.notes_for("open", "bob").text == "bob's"
    assert notes.notes_for("open", "cy").text == "" and notes.notes_for("open", "cy").author == "cy"
    assert notes.count == 2


def test_notes_are_private_until_marked_shareable_and_the_mark_can_be_taken_back():
    events = [saved("09:01", "open", "x")]
    assert fold_notes(events).notes_for("open", "ann").shareable is False
    events.append(ev.NoteSharing(at=at("09:02"), author="ann", item_id="open", shareable=True))
    assert fold_notes(events).notes_for("open", "ann").shareable is True
    events.append(saved("09:03", "open", "xy"))
    assert fold_notes(events).notes_for("open", "ann").shareable is True, "a later save keeps the mark"
    events.append(ev.NoteSharing(at=at("09:04"), author="ann", item_id="open", shareable=False))
    assert fold_notes(events).notes_for("open", "ann").shareable is False


def test_sharing_mark_before_any_text_is_kept():
    notes = fold_notes([ev.NoteSharing(at=at("09:00"), author="ann", item_id="open", shareable=True), saved("09:01", "open", "x")])
    assert notes.notes_for("open", "ann").shareable is True
    assert notes.notes_for("open", "ann").text == "x"


def test_captured_keeps_kind_item_time_owner_due_and_private():
    action = ev.Captured(
        at=at("09:10"),
        author="ann",
        kind="action",
        item_id="open",
        text="send pack",
        owner="Bob",
        due="Friday",
        due_date=dt.date(2026, 11, 27),
        private=True,
    )
    quote = ev.Captured(at=at("09:12"), author="bob", kind="quote", item_id="tea", text="nice")
    notes = fold_notes([action, quote])
    got = notes.captures[action.capture_id]
    assert (got.kind, got.item_id, got.text, got.at, got.author) == ("action", "open", "send pack", at("09:10"), "ann")
    assert (got.owner, got.due, got.due_date, got.private, got.deleted) == ("Bob", "Friday", dt.date(2026, 11, 27), True, False)
    other = notes.captures[quote.capture_id]
    assert (other.owner, other.due, other.due_date, other.private) == (None, None, None, False)
    assert [c.capture_id for c in notes.captures_for("open")] == [action.capture_id]
    assert [c.capture_id for c in notes.captures_for("tea")] == [quote.capture_id]
    assert notes.count == 2


def test_each_capture_gets_its_own_id():
    a = ev.Captured(at=at("09:10"), kind="decision", item_id="open", text="same")
    b = ev.Captured(at=at("09:10"), kind="decision", item_id="open", text="same")
    assert a.capture_id != b.capture_id and a.id != b.id
    assert len(fold_notes([a, b]).live_captures()) == 2


def test_capture_edited_replaces_contents_but_keeps_kind_item_and_time():
    cap = ev.Captured(at=at("09:10"), author="ann", kind="action", item_id="open", text="old", owner="Bob", due="Mon")
    edit = ev.CaptureEdited(at=at("09:20"), author="bob", capture_id=cap.capture_id, text="new", owner="Cy", due=None, private=True)
    got = fold_notes([cap, edit]).captures[cap.capture_id]
    assert (got.text, got.owner, got.due, got.private) == ("new", "Cy", None, True)
    assert (got.kind, got.item_id, got.at, got.author) == ("action", "open", at("09:10"), "ann")


def test_edit_or_delete_of_an_unknown_capture_is_ignored():
    cap = ev.Captured(at=at("09:10"), kind="parking", item_id="open", text="keep")
    notes = fold_notes(
        [
            cap,
            ev.CaptureEdited(at=at("09:11"), capture_id="nope", text="ghost"),
            ev.CaptureDeleted(at=at("09:12"), capture_id="nope"),
        ]
    )
    assert list(notes.captures) == [cap.capture_id]
    assert notes.captures[cap.capture_id].text == "keep"


def test_capture_deleted_hides_it_but_keeps_it_on_request():
    cap = ev.Captured(at=at("09:10"), kind="decision", item_id="open", text="gone")
    notes = fold_notes([cap, ev.CaptureDeleted(at=at("09:11"), capture_id=cap.capture_id)])
    assert notes.captures_for("open") == []
    assert notes.live_captures() == []
    assert [c.text for c in notes.captures_for("open", include_deleted=True)] == ["gone"]
    assert notes.count == 0


def test_note_events_do_not_move_the_timer():
    events = [
        header(PLAN),
        ev.Start(at=at("09:00")),
        saved("09:05", "tea", "early notes for tea"),
        ev.Captured(at=at("09:06"), kind="action", item_id="last", text="x"),
    ]
    state = fold(PLAN, events)
    assert state.current == 0
    assert state.timer_acts == 1
    assert state.notes.notes_for("tea", "ann").text == "early notes for tea"


def test_undo_does_not_take_back_a_note():
    events = [header(PLAN), ev.Start(at=at("09:00")), saved("09:01", "open", "kept"), ev.Undo(at=at("09:02"))]
    state = fold(PLAN, events)
    assert state.started is False, "undo took back the start"
    assert state.notes.notes_for("open", "ann").text == "kept"


def test_note_events_round_trip_through_a_log_line_with_hostile_text():
    text = "[red]x[/] [/ [@click=app.quit]q[/] <script>\n🎉 مرحبا שלום \"quoted\" \\ back"
    for event in (
        ev.NoteSaved(at=at("09:01"), author="José", item_id="open", text=text),
        ev.NoteSharing(at=at("09:01"), item_id="open", shareable=True),
        ev.Captured(at=at("09:02"), kind="action", item_id="open", text=text, owner=text, due=text, private=True),
        ev.CaptureEdited(at=at("09:03"), capture_id="c1", text=text, owner=None, due="soon", private=False),
        ev.CaptureDeleted(at=at("09:04"), capture_id="c1"),
    ):
        line = ev.event_to_line(event)
        assert line.endswith(b"\n") and line.count(b"\n") == 1, "one event, one line"
        assert ev.event_from_line(line) == event


# ----- through a recorded day on disk ------------------------------------------


def test_recorded_day_folds_the_same_incrementally_and_on_replay(tmp_path):
    built = build_day(tmp_path)
    reopened = open_day(tmp_path, None, None, day_id=built.day_id, read_only=True)
    replayed = reopened.state.notes
    assert replayed.notes_for("open", "José").text == OPEN_NOTE
    assert [n.author for n in replayed.notes_of("open")] == ["José"]
    assert replayed.notes_for("open", "José").shareable is True
    assert replayed.notes_for("tea", "tester").shareable is False
    assert replayed.captures[built.ids["parking"]].text == PARKING
    assert replayed.captures[built.ids["deleted"]].deleted is True
    # Replaying the log gives the notes the writing day folded in one event at a time.
    assert replayed == built.notes
    assert replayed == fold_notes(built.events)


def test_deleted_capture_stays_in_the_log_but_leaves_every_export(tmp_path):
    built = build_day(tmp_path)
    events = LogReader(days_dir(tmp_path) / built.day_id).read_new()
    captured = [e for e in events if isinstance(e, ev.Captured) and e.capture_id == built.ids["deleted"]]
    deleted = [e for e in events if isinstance(e, ev.CaptureDeleted) and e.capture_id == built.ids["deleted"]]
    assert [e.text for e in captured] == [DELETED]
    assert len(deleted) == 1
    # The raw log file holds the text too: a deletion is recorded, not lost.
    raw = b"".join(p.read_bytes() for p in (days_dir(tmp_path) / built.day_id).glob("*.jsonl"))
    assert DELETED.encode() in raw
    record = day_record(built.plan, events, events[-1].at)
    for fmt in ("md", "html", "json", "csv"):
        assert DELETED not in render(record, fmt), fmt
    assert DELETED not in render(record, "csv", "actions")
    assert all(n.text != DELETED for item in record.items for n in item.notes)


def test_edited_and_superseded_text_leaves_exports_but_stays_in_the_log(tmp_path):
    built = build_day(tmp_path)
    raw = b"".join(p.read_bytes() for p in (days_dir(tmp_path) / built.day_id).glob("*.jsonl"))
    assert PARKING_OLD.encode() in raw and OPEN_NOTE_DRAFT.encode() in raw
    record = built.record()
    for fmt in ("md", "html", "json"):
        out = render(record, fmt)
        assert PARKING_OLD not in out and OPEN_NOTE_DRAFT not in out, fmt
        assert PARKING in out, fmt


def test_record_stamps_captures_with_their_item_and_time(tmp_path):
    built = build_day(tmp_path)
    record = built.record()
    by_item = {item.id: item for item in record.items}
    open_notes = by_item["open"].notes
    # One free-text entry holding the latest text, first, then the captures in order.
    assert [n.kind for n in open_notes] == ["note", "action", "action", "action", "decision", "parking", "quote"]
    assert open_notes[0].text == OPEN_NOTE and open_notes[0].at == at("09:06") and open_notes[0].author == "José"
    assert open_notes[0].private is False  # marked shareable
    formula, multiline, private = open_notes[1:4]
    assert (formula.text, formula.at, formula.owner) == (ACTION_FORMULA, at("09:10"), "O'Neil")
    assert (multiline.text, multiline.owner, multiline.due) == (ACTION_MULTILINE, ACTION_MULTILINE_OWNER, ACTION_MULTILINE_DUE)
    assert (private.text, private.private, private.at) == (ACTION_PRIVATE, True, at("09:12"))
    assert open_notes[5].at == at("09:14"), "an edit keeps the capture's own time"
    tea = by_item["tea"].notes
    assert [(n.kind, n.private) for n in tea] == [("note", True)], "free-text notes are private by default"
    assert by_item["lunch"].notes == () and by_item["extra"].notes == ()
    assert [(n.kind, n.private) for n in by_item["last"].notes] == [("note", True), ("quote", True)]


def test_whitespace_only_notes_are_not_exported():
    events = [header(PLAN), ev.Start(at=at("09:00")), saved("09:01", "open", "  \n\t ")]
    record = day_record(PLAN, events, events[-1].at)
    assert record.items[0].notes == ()
    assert fold(PLAN, events).notes.count == 0
