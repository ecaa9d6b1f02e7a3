"""The run screen's people keys: t groups and roles (r re-rolls), k who is here, y the checklists; all events in the log."""

from __future__ import annotations

from day_helpers import bundled_plan
from facilitator_tui.core import events as ev
from facilitator_tui.core.locations import bundled_sessions_dir
from facilitator_tui.core.people import load_people
from ui_helpers import app_at

PEOPLE = load_people(bundled_sessions_dir() / "partnership-dynamics.people.csv")


def body_text(app) -> str:
    return str(app.screen.query_one("#groups-body").render())


async def test_t_shows_the_boards_and_r_makes_them_from_who_is_here(tmp_path):
    app, day, _ = app_at(tmp_path, "09:25", people=PEOPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert "Not made yet" in body_text(app)
        await pilot.press("r")
        await pilot.pause()
        made = day.state.roster.groups[("deep-end", 0)]
        assert len(made.groups) == 2 and sum(len(group) for group in made.groups) == len(PEOPLE)
        text = body_text(app)
        assert "Board 1 (10)" in text and "Board 2 (10)" in text and "(seed 1)" in text
        await pilot.press("r")
        await pilot.pause()
        assert day.state.roster.groups[("deep-end", 0)].seed == 2
        assert "(seed 2)" in body_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.run_screen
    types = [event.type for event in day.events]
    assert types.count("groups_made") == 2 and types.count("people_listed") == 1


async def test_k_records_an_absence_and_groups_made_after_leave_them_out(tmp_path):
    app, day, _ = app_at(tmp_path, "09:25", people=PEOPLE)
    first = PEOPLE[0].name
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("space")  # the first person on the list
        await pilot.pause()
        assert [e for e in day.events if isinstance(e, ev.Attendance)][-1].name == first
        assert first.casefold() in day.state.roster.absent
        await pilot.press("escape", "t", "r")
        await pilot.pause()
    made = day.state.roster.groups[("deep-end", 0)]
    everyone = [name for group in made.groups for name in group] + list(made.observers)
    assert first not in everyone and len(everyone) == len(PEOPLE) - 1


async def test_y_ticks_a_preparation_task_and_the_ready_line_counts_it(tmp_path):
    plan, _ = bundled_plan()
    app, day, _ = app_at(tmp_path, "09:00")
    async with app.run_test(size=(100, 30)) as pilot:
        prompts = str(app.run_screen.query_one("#prompts-body").render())
        assert f"Ready: 0 of {len(plan.prepare)} preparation tasks done" in prompts
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        assert day.state.roster.done(plan.prepare[0].id)
        await pilot.press("escape")
        await pilot.pause()
        prompts = str(app.run_screen.query_one("#prompts-body").render())
        assert f"Ready: 1 of {len(plan.prepare)} preparation tasks done" in prompts


async def test_a_read_only_window_cannot_re_roll_and_says_so(tmp_path):
    app, day, _ = app_at(tmp_path, "09:25", people=PEOPLE)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space")  # start the day so there is a log to open read-only
        await pilot.pause()
    reader, _, _ = app_at(tmp_path, "09:30", read_only=True)
    async with reader.run_test(size=(100, 30)) as pilot:
        await pilot.press("t", "r")
        await pilot.pause()
        assert ("deep-end", 0) not in reader.day.state.roster.groups


def test_the_groups_screen_at_80x24(snap_compare, tmp_path):
    """Two boards of ten from the example list, each with its casting; fixed seed and a fake clock."""
    app, _day, _ = app_at(tmp_path, "09:25", people=PEOPLE)

    async def run_before(pilot) -> None:
        await pilot.press("t", "r")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)

