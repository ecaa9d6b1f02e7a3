"""Snapshots of the run screen at 80x24 and 120x40, with time frozen on a fake clock.

Each test's docstring says what a reviewer should see in the SVG. Every 80x24
snapshot also asserts that the countdown and the day's drift line are wholly
on screen.
"""

from __future__ import annotations

import pytest

from facilitator_tui.core import events as ev
from ui_helpers import app_at, countdown, fully_visible, label_text

SIZES = [(60, 20), (80, 24), (120, 40)]
"""60x20: the agenda folds away and the day line moves to the top bar."""
START = ("09:30", ev.Start, {})


def check_essentials(expected_clock: str, expected_line: str):
    """A run_before hook asserting the countdown and drift line are shown."""

    async def run_before(pilot) -> None:
        app = pilot.app
        app.run_screen.refresh_status()
        await pilot.pause()
        assert countdown(app) == expected_clock
        assert fully_visible(app, "#countdown")
        assert fully_visible(app, "#clock-title") and fully_visible(app, "#next-up")
        where = "#topbar" if app.run_screen.narrow else "#dayline"
        assert fully_visible(app, where)
        assert expected_line in label_text(app, where)
        footer = app.run_screen.query_one("Footer")
        assert footer.region.right <= app.size.width

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_before_start(snap_compare, tmp_path, size):
    """Before 09:30: the clock counts down 12:00 to the planned start; "Up first" names the role-play; no item marked."""
    app, _, _ = app_at(tmp_path, "09:18")
    assert snap_compare(app, terminal_size=size, run_before=check_essentials("12:00", "in 12 min"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_mid_session(snap_compare, tmp_path, size):
    """11:40, second session started 4 min late: 25:00 left, agenda shows ✓ on done items, ▶ on now, +4 drift; "4 min behind"."""
    acts = [START, ("11:00", ev.Next, {}), ("11:19", ev.Next, {})]
    app, _, _ = app_at(tmp_path, "11:39", acts)
    assert snap_compare(app, terminal_size=size, run_before=check_essentials("25:00", "4 min behind"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_warning(snap_compare, tmp_path, size):
    """Four minutes left of the opening: heavy warning border and "⚠ 5 MIN WARNING" label, not colour alone."""
    app, _, _ = app_at(tmp_path, "10:56", [START])
    assert snap_compare(app, terminal_size=size, run_before=check_essentials("04:00", "on time"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_overtime(snap_compare, tmp_path, size):
    """Opening 3 min over: the clock counts up "+03:00", double border, "■ OVERTIME" label; day 3 min behind."""
    app, _, _ = app_at(tmp_path, "11:03", [START])
    assert snap_compare(app, terminal_size=size, run_before=check_essentials("+03:00", "3 min behind"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_paused(snap_compare, tmp_path, size):
    """Paused 10 min into the opening for 5 min: "⏸ PAUSED" label, dashed border, 1:20:00 frozen (hours shown from an hour on), 5 min behind."""
    app, _, _ = app_at(tmp_path, "09:45", [START, ("09:40", ev.Pause, {})])
    assert snap_compare(app, terminal_size=size, run_before=check_essentials("1:20:00", "5 min behind"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_break(snap_compare, tmp_path, size):
    """Morning break on time: "Now: Break" with 10:00 left; next up is "From competition to collaboration"."""
    app, _, _ = app_at(tmp_path, "11:05", [START, ("11:00", ev.Next, {})])
    assert snap_compare(app, terminal_size=size, run_before=check_essentials("10:00", "on time"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_day_end(snap_compare, tmp_path, size):
    """Day closed at 16:47 after a skip: the opening ✓, the break ✗ (skipped), the sessions jumped over –, the last ✓; "Day closed 16:47", "2 min behind"."""
    acts = [START, ("11:00", ev.Skip, {"item_id": "break-morning"}), ("11:00", ev.GoTo, {"item_id": "tying-together"}), ("16:47", ev.Next, {})]
    app, _day, _ = app_at(tmp_path, "16:50", acts)
    assert snap_compare(app, terminal_size=size, run_before=check_essentials("16:50", "2 min behind"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_replan_preview(snap_compare, tmp_path, size):
    """Second session started 20 min late: the preview lists each remaining item's old → new times and minutes, lunch unchanged."""
    acts = [START, ("11:20", ev.Next, {}), ("11:35", ev.Next, {})]
    app, _, _ = app_at(tmp_path, "11:40", acts)

    async def run_before(pilot) -> None:
        await check_essentials("40:00", "20 min behind")(pilot)
        await pilot.press("r")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
