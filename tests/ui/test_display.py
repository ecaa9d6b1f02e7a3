"""The room display (`facilitator-tui display`): every scene at two sizes (time frozen), the big clock's size, nothing private.

Each test records the room day (tests/room_helpers.py) up to a scene with one
window, then opens the display on the same folder as a second, read-only
window, as on the day.
"""

from __future__ import annotations

import pytest

from day_helpers import at
from facilitator_tui.core import acts
from facilitator_tui.core.clock import FakeClock
from facilitator_tui.ui.display_app import DisplayApp
from facilitator_tui.ui.widgets.big_clock import BigClock, ClockFace, draw, scale_for
from room_helpers import SECRET, display_at, open_room_day

SCENES = ["welcome", "session", "phase", "warning", "overtime", "clock-hidden", "message", "blank", "break", "gap", "closed"]
SIZES = [(80, 24), (160, 48)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scene", SCENES)
def test_display_scene(snap_compare, tmp_path, scene, size):
    assert snap_compare(display_at(tmp_path, scene), terminal_size=size)


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (160, 48), (300, 90)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_no_scene_shows_anything_private_at_any_size(tmp_path, size):
    for scene in SCENES:
        app = display_at(tmp_path / scene, scene)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            screen = app.export_screenshot()
        assert SECRET not in screen, (scene, size)


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 48), (200, 60), (300, 90)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scene", ["phase", "overtime"])
async def test_the_clock_fills_at_least_half_the_width(tmp_path, size, scene):
    app = display_at(tmp_path, scene)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        face = app.query_one(ClockFace)
        # The face is exactly as wide as its letters: its two parts side by side.
        parts = [part.render().plain.splitlines() for part in face.children]
        drawn = sum(max(len(line) for line in lines) for lines in parts if lines)
        assert face.size.width == drawn and face.size.height == len(parts[0])
    assert drawn >= size[0] / 2, (drawn, size)


def test_block_letters_scale_with_the_space():
    # "12:34" is 17 pixels wide (four 3-pixel digits, a 1-pixel colon, four gaps) and 5 high.
    assert scale_for("12:34", 17, 3) == 1 and scale_for("12:34", 16, 3) == 0 and scale_for("12:34", 17, 2) == 0
    assert scale_for("12:34", 300, 90) == 17
    assert [len(line) for line in draw("+01:00", 2)] == [42] * 5
    assert draw("1", 1) == ["▄█ ", " █ ", "▀▀▀"]


async def test_the_display_follows_the_run_window_and_never_writes(tmp_path):
    clock = FakeClock(at("08:59"))
    day = open_room_day(tmp_path, clock)
    day.do(acts.MessageRoom("hello"))
    app = DisplayApp(tmp_path, day.day_id, clock=clock, live=False)
    logs = sorted((tmp_path / "days").rglob("*.jsonl"))
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.query_one(BigClock).value == "hello"
        day.do(acts.MessageRoom(""))
        clock.set(at("09:00"))
        day.do(acts.Start())
        app.tick()
        await pilot.pause()
        assert str(app.query_one("#room-heading").content) == "Role-play"
        assert app.query_one(ClockFace).value == "30:00" and not app.query_one(BigClock).display
    day.close()
    assert sorted((tmp_path / "days").rglob("*.jsonl")) == logs, "the display wrote no log of its own"


async def test_with_no_day_yet_the_display_waits_and_then_follows(tmp_path):
    clock = FakeClock(at("08:59"))
    app = DisplayApp(tmp_path, None, clock=clock, live=False)
    async with app.run_test(size=(80, 24)) as pilot:
        assert str(app.query_one("#room-heading").content) == "Waiting for the day"
        day = open_room_day(tmp_path, clock)
        day.do(acts.Start())
        app.tick()
        await pilot.pause()
        assert str(app.query_one("#room-heading").content) == "Role-play"
        day.close()


async def test_an_unreadable_log_is_said_and_tried_again(tmp_path):
    clock = FakeClock(at("08:59"))
    day = open_room_day(tmp_path, clock)
    day.do(acts.Start())
    day.close()
    app = DisplayApp(tmp_path, day.day_id, clock=clock, live=False)
    folder = next((tmp_path / "days").iterdir())
    async with app.run_test(size=(80, 24)) as pilot:
        folder.chmod(0o000)
        try:
            app.follower.day = None  # as if the display had just started
            app.tick()
            await pilot.pause()
            heading = str(app.query_one("#room-heading").content)
        finally:
            folder.chmod(0o700)
        app.tick()
        await pilot.pause()
        assert str(app.query_one("#room-heading").content) == "Role-play"
    import os

    if os.geteuid() != 0:
        assert heading == "Waiting for the day"


async def test_a_message_is_drawn_in_block_letters_and_other_scripts_as_text(tmp_path):
    clock = FakeClock(at("08:59"))
    day = open_room_day(tmp_path, clock)
    day.do(acts.MessageRoom("Back at 11:15, please"))
    app = DisplayApp(tmp_path, day.day_id, clock=clock, live=False)
    async with app.run_test(size=(80, 24)) as pilot:
        big = app.query_one(BigClock)
        drawn = big.render().plain
        assert big.value == "Back at 11:15, please" and "█" in drawn and "Back" not in drawn
        day.do(acts.MessageRoom("مرحبا بكم"))
        app.tick()
        await pilot.pause()
        assert big.render().plain.strip() == "مرحبا بكم", "a script the block font lacks is shown as text"
    day.close()


def test_words_wrap_to_be_as_large_as_the_space_allows():
    from facilitator_tui.ui.widgets.big_clock import drawable, layout

    text = drawable("Please come back to your tables")
    assert text == "PLEASE COME BACK TO YOUR TABLES"
    assert layout(text, 76, 20) == (["PLEASE COME BACK TO", "YOUR TABLES"], 1)
    lines, scale = layout(text, 156, 44) or ([], 0)
    assert scale == 3 and " ".join(lines) == text  # larger on the larger screen, on more lines
    assert layout(text, 10, 3) is None
    assert drawable("Café – “ok”") == "CAFE - 'OK'" and drawable("مرحبا") is None


async def test_a_ticking_clock_shows_the_same_as_a_fresh_screen(tmp_path):
    """After 29:59 → 29:58 → … the screen is what a display opened at that moment shows."""
    clock = FakeClock(at("09:00"))
    day = open_room_day(tmp_path, clock)
    day.do(acts.Start())
    ticking = DisplayApp(tmp_path, day.day_id, clock=clock, live=False)
    async with ticking.run_test(size=(80, 24)) as pilot:
        for seconds in (1, 2, 10, 61):
            clock.set(at("09:00", seconds))
            ticking.tick()
            await pilot.pause()
        seen = ticking.export_screenshot()
    fresh = DisplayApp(tmp_path, day.day_id, clock=clock, live=False)
    async with fresh.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        expected = fresh.export_screenshot()
    day.close()
    assert seen == expected
