"""The room display's acts and its one projection of the day, `room_view`: every scene, and nothing private."""

from __future__ import annotations

import dataclasses

import pytest

from day_helpers import at
from facilitator_tui.core import acts
from facilitator_tui.core.clock import FakeClock
from facilitator_tui.core.room import RoomView, Scene, phase_time_words, room_view
from facilitator_tui.core.status import status
from room_helpers import INSTRUCTIONS, SECRET, open_room_day, walk


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(at("08:50"))


@pytest.fixture
def day(tmp_path, clock):
    opened = open_room_day(tmp_path, clock)
    yield opened
    opened.close()


def view(day) -> RoomView:
    return room_view(day.plan, day.state, status(day.plan, day.state, day.clock.now()))


def words(value: object) -> list[str]:
    """Every string in a view, however deep."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value):
        return [w for field in dataclasses.fields(value) for w in words(getattr(value, field.name))]
    if isinstance(value, tuple | list):
        return [w for inner in value for w in words(inner)]
    return []


# ----- the acts --------------------------------------------------------------


def test_blank_and_back_write_once_each(day):
    assert day.do(acts.BlankRoom(True)).message == "The room display is blank (w brings it back)."
    assert not day.do(acts.BlankRoom(True)).changed
    assert day.state.room.blank
    assert day.do(acts.BlankRoom(False)).message == "The room display is back."
    assert [e.type for e in day.events].count("room_blank") == 2


def test_a_message_is_one_line_of_at_most_120_characters_and_empty_clears_it(day):
    assert day.do(acts.MessageRoom("  Please come back\nto your tables \x1b[2J ")).done
    assert day.state.room.message == "Please come back to your tables [2J"
    refused = day.do(acts.MessageRoom("x" * 121))
    assert not refused.done and "at most 120 characters (121 now)" in refused.message
    assert not day.do(acts.MessageRoom("Please come back to your tables [2J")).changed
    assert day.do(acts.MessageRoom("   ")).message == "Message cleared."
    assert day.state.room.message == ""


def test_the_clock_hides_and_shows(day):
    assert day.do(acts.ShowRoomClock(False)).message.startswith("The clock is hidden from the room")
    assert not day.state.room.clock_shown
    assert not day.do(acts.ShowRoomClock(False)).changed
    assert day.do(acts.ShowRoomClock(True)).done and day.state.room.clock_shown


def test_undo_leaves_the_room_alone(day, clock):
    clock.set(at("09:00"))
    day.do(acts.Start())
    day.do(acts.BlankRoom(True))
    day.do(acts.Undo())
    assert day.state.room.blank, "undo takes back the timer's last act, not the room's"
    assert not day.state.started


def test_a_read_only_window_cannot_control_the_room():
    assert acts.BlankRoom.writes and acts.MessageRoom.writes and acts.ShowRoomClock.writes


# ----- the scenes --------------------------------------------------------------


def scenes(day, clock) -> dict[str, RoomView]:
    return {name: view(day) for name in walk(day, clock)}


def test_every_scene(day, clock):
    seen = scenes(day, clock)
    welcome = seen["welcome"]
    assert (welcome.scene, welcome.heading, welcome.clock, welcome.caption) == (Scene.WELCOME, "Partnership day", "10:00", "until we start")
    assert welcome.lines == ("Working across the system", "Town Hall, Room 2", "We start at 09:00: Role-play")

    session = seen["session"]
    assert (session.scene, session.heading, session.clock, session.caption, session.warning) == (Scene.SESSION, "Role-play", "27:00", "left", "")
    assert session.phase is not None and (session.phase.name, session.phase.left, session.phase.position) == ("Read your brief", "7 min left", "Phase 1 of 2")
    assert session.next_up == "Next at 09:30: Tea"

    phase = seen["phase"].phase
    assert phase is not None and (phase.name, phase.instructions, phase.left) == ("Pairs", INSTRUCTIONS, "16 min left")

    warning = seen["warning"]
    assert (warning.clock, warning.warning, warning.level) == ("03:00", "3 minutes left", "warn")

    over = seen["overtime"]
    assert (over.clock, over.caption, over.warning, over.level) == ("+02:00", "over", "Time is up", "over")

    hidden = seen["clock-hidden"]
    assert (hidden.clock, hidden.warning, hidden.level, hidden.heading) == (None, "", "ok", "Role-play")

    message = seen["message"]
    assert (message.scene, message.message, message.clock) == (Scene.MESSAGE, "Please come back to your tables", None)

    blank = seen["blank"]
    assert blank.scene is Scene.BLANK and [w for w in words(blank) if w] == ["blank", "ok"]

    tea = seen["break"]
    assert (tea.scene, tea.heading, tea.clock, tea.caption) == (Scene.BREAK, "Tea", "07:00", "back at 09:47")

    gap = seen["gap"]
    assert (gap.scene, gap.heading, gap.clock, gap.caption) == (Scene.GAP, "Debrief", "08:00", "we start at 10:00")

    closed = seen["closed"]
    assert closed.scene is Scene.CLOSED and closed.lines == ("We closed at 10:31.", "Thank you for your work today.")


def test_no_scene_holds_anything_private(day, clock):
    for name, shown in scenes(day, clock).items():
        leaked = [w for w in words(shown) if SECRET in w]
        assert leaked == [], name


def test_with_the_clock_hidden_the_phase_keeps_its_name_and_loses_its_time(day, clock):
    clock.set(at("09:00"))
    day.do(acts.Start())
    clock.set(at("09:14"))
    day.do(acts.ShowRoomClock(False))
    phase = view(day).phase
    assert phase is not None and (phase.name, phase.instructions, phase.left) == ("Pairs", INSTRUCTIONS, "")


def test_a_paused_item_says_so(day, clock):
    clock.set(at("09:00"))
    day.do(acts.Start())
    clock.set(at("09:05"))
    day.do(acts.Pause())
    assert view(day).caption == "left · paused"


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(1000.0, "17 min left"), (120.0, "2 min left"), (60.5, "2 min left"), (60.0, "under a minute left"), (1.0, "under a minute left"),
     (0.0, "time is up"), (-30.0, "time is up")],
)
def test_the_room_reads_a_phase_s_time_left_to_the_minute(seconds, words):
    assert phase_time_words(seconds) == words
