"""Every screen at every size from 40x12 to 300x90, and rapid resizes: no crash, the time left always whole (issue 12).

"Whole" is measured on the layout, not read off the glyphs: the countdown is
displayed, lies inside the screen, nothing clips it (a parent's scroll region,
the screen's edge) and its box holds all of its content. A clock cut to
`12:3` by a narrow panel fails all of these.
"""

from __future__ import annotations

import random

import pytest
from textual.drivers.headless_driver import HeadlessDriver
from textual.errors import NoWidget
from textual.events import Resize
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Digits

from day_helpers import at
from facilitator_tui.core import events as ev
from facilitator_tui.ui.widgets.big_clock import ClockFace, drawable
from room_helpers import display_at
from ui_helpers import app_at

WIDTHS = (40, 47, 80, 120, 300)
HEIGHTS = (12, 15, 24, 40, 90)
SIZES = [(width, height) for width in WIDTHS for height in HEIGHTS]
"""From the smallest the issue names to a projector, the odd sizes between included."""

CLOCKS = {
    "09:31": "1:29:00",  # the first item, 89 minutes to go
    "11:05": "+05:00",  # five minutes over
    "23:59": "+12:59:00",  # the widest the run screen's clock gets in a day
}
"""The time of day and the countdown the run screen shows then (the day started 09:30)."""


def whole(widget: Widget) -> str:
    """'whole' when `widget` shows all of its content on screen, else what is wrong."""
    if not widget.display:
        return "not displayed"
    try:
        geometry = widget.screen.find_widget(widget)
    except NoWidget:
        return "not on the screen"
    region = geometry.region
    if region.area == 0:
        return "no room at all"
    if region.intersection(geometry.clip) != region:
        return f"clipped: {region} shown only within {geometry.clip}"
    if not widget.screen.region.contains_region(region):
        return f"beyond the screen's edge: {region}"
    size = widget.app.size
    width = widget.get_content_width(region.size, size)
    if widget.content_region.width < width:
        return f"{widget.content_region.width} columns for {width}"
    height = widget.get_content_height(region.size, size, width)
    if widget.content_region.height < height:
        return f"{widget.content_region.height} rows for {height}"
    return "whole"


def run_app(tmp_path, when: str):
    app, _day, _clock = app_at(tmp_path, when, [("09:30", ev.Start, {})])
    return app


@pytest.mark.parametrize("when", list(CLOCKS))
async def test_the_run_screen_countdown_is_whole_at_every_size(tmp_path, when):
    app = run_app(tmp_path, when)
    async with app.run_test(size=(100, 30)) as pilot:
        countdown = app.run_screen.query_one("#countdown", Digits)
        for width, height in SIZES:
            await pilot.resize_terminal(width, height)
            assert app.size == (width, height)
            assert countdown.value == CLOCKS[when]
            assert whole(countdown) == "whole", (width, height, countdown.value)


async def test_thirty_rapid_resizes_leave_a_whole_countdown(tmp_path):
    """Resizes faster than the screen can lay out (no pause between them), as a window dragged by its corner."""
    app = run_app(tmp_path, "11:05")
    sizes = random.Random(12).choices([Size(w, h) for w in range(40, 301) for h in range(12, 91)], k=30)
    async with app.run_test(size=(100, 30)) as pilot:
        driver = app._driver
        assert isinstance(driver, HeadlessDriver)
        for size in sizes:
            # What `pilot.resize_terminal` does, without its pause: every resize queued before any is laid out.
            driver._size = size
            app.post_message(Resize(size, size))
        await pilot.pause()
        await pilot.pause()
        assert app.size == sizes[-1]
        assert whole(app.run_screen.query_one("#countdown", Digits)) == "whole"


SCREEN_KEYS = {
    "help": ["question_mark"],
    "review": ["v"],
    "export": ["x"],
    "action form": ["a"],
    "re-plan": ["r"],
    "jump": ["j"],
    "correct start": ["c"],
    "room message": ["o"],
    "captures": ["i"],
    "groups": ["t"],
    "attendance": ["k"],
    "checklists": ["y"],
}
"""Every screen the run screen opens, by the key that opens it."""


@pytest.mark.parametrize("part", range(3))
async def test_every_screen_survives_every_size_and_the_countdown_is_whole_after(tmp_path, part):
    """Each screen in turn on one running day (a third of them per test): opened, resized from the smallest
    to a projector, closed."""
    app = run_app(tmp_path, "11:05")
    async with app.run_test(size=(100, 30)) as pilot:
        for name, keys in list(SCREEN_KEYS.items())[part::3]:
            await pilot.resize_terminal(100, 30)
            await pilot.press(*keys)
            opened = app.screen
            assert opened is not app.run_screen, f"{name} did not open"
            for width, height in ((40, 12), (47, 15), (300, 90), (60, 20)):
                await pilot.resize_terminal(width, height)
                await pilot.pause()
                assert app.screen is opened, f"{name} closed itself at {width}x{height}"
                assert opened.size == (width, height), f"{name} was not laid out again at {width}x{height}"
            await pilot.press("escape")
            await pilot.pause(0.05)  # an escape and the next key at once would read as alt+key
            assert app.screen is app.run_screen, f"escape did not close {name}"
            await pilot.resize_terminal(40, 12)
            assert whole(app.run_screen.query_one("#countdown", Digits)) == "whole", f"after {name}"


DISPLAY_SCENES = ("session", "phase", "overtime", "break", "gap")


@pytest.mark.parametrize("scene", DISPLAY_SCENES)
async def test_the_room_display_clock_is_whole_at_every_size(tmp_path, scene):
    app = display_at(tmp_path, scene)
    async with app.run_test(size=(100, 30)) as pilot:
        face = app.query_one("#room-face", ClockFace)
        for width, height in SIZES:
            await pilot.resize_terminal(width, height)
            assert face.value and drawable(face.value) == face.letters
            assert face.scale >= 1, f"no room to draw {face.value} at {width}x{height}"
            assert whole(face) == "whole", (width, height, face.value)


async def test_the_room_display_clock_is_whole_hours_over_at_the_smallest_size(tmp_path):
    app = display_at(tmp_path, "overtime")
    app.follower.clock.set(at("23:59"))  # the session ran on all day: the widest clock the room sees
    async with app.run_test(size=(40, 12)) as pilot:
        app.tick()
        await pilot.pause()
        face = app.query_one("#room-face", ClockFace)
        assert face.value.startswith("+") and face.value.count(":") == 2, face.value
        assert face.scale >= 1 and whole(face) == "whole", face.value


async def test_the_check_can_fail(tmp_path):
    """`whole` reports a clock that does not fit: below the sizes above (20x6) the run screen's is cut."""
    app = run_app(tmp_path, "09:31")
    async with app.run_test(size=(20, 6)) as pilot:
        await pilot.pause()
        assert whole(app.run_screen.query_one("#countdown", Digits)).startswith("clipped")
