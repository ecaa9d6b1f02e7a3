"""Pilot tests: every key of the run screen does its act, and the clicker keys work whatever has focus."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from facilitator_tui.core import events as ev
from facilitator_tui.ui.dialogs import CorrectStartScreen, HelpScreen, JumpScreen
from facilitator_tui.ui.replan_screen import ReplanScreen
from ui_helpers import app_at, countdown, label_text

START = ("09:30", ev.Start, {})


def types(day):
    return [e.type for e in day.events if e.type != "day_created"]


async def test_space_starts_pauses_and_resumes(tmp_path):
    app, day, clock = app_at(tmp_path, "09:30")
    async with app.run_test() as pilot:
        assert countdown(app) == "00:00"
        await pilot.press("space")
        assert day.state.current == 0
        clock.advance(minutes=10)
        await pilot.press("space")
        assert day.state.paused
        clock.advance(minutes=5)
        app.run_screen.refresh_status()
        assert countdown(app) == "1:20:00"
        assert "PAUSED" in label_text(app, "#clock-state")
        await pilot.press("space")
        assert not day.state.paused
    assert types(day) == ["start", "pause", "resume"]


@pytest.mark.parametrize("key", ["n", "pagedown"])
async def test_next_keys(tmp_path, key):
    app, day, _ = app_at(tmp_path, "09:40", [START])
    async with app.run_test() as pilot:
        await pilot.press(key)
        assert day.state.current == 1
        assert label_text(app, "#clock-title") == "Now: Break"


@pytest.mark.parametrize("key", ["p", "pageup"])
async def test_previous_keys(tmp_path, key):
    app, day, _ = app_at(tmp_path, "11:01", [START, ("11:00", ev.Next, {})])
    async with app.run_test() as pilot:
        await pilot.press(key)
        assert day.state.current == 0


async def test_clicker_keys_work_while_the_agenda_has_focus(tmp_path):
    app, day, _ = app_at(tmp_path, "09:40", [START])
    async with app.run_test() as pilot:
        app.run_screen.query_one("#agenda").focus()
        await pilot.pause()
        await pilot.press("pagedown")
        assert day.state.current == 1
        await pilot.press("pageup")
        assert day.state.current == 0


async def test_clicker_keys_work_while_a_text_input_has_focus(tmp_path):
    app, day, _ = app_at(tmp_path, "09:40", [START])
    async with app.run_test() as pilot:
        await pilot.press("c")
        assert isinstance(app.screen, CorrectStartScreen)
        assert isinstance(app.focused, Input)
        await pilot.press("pagedown")
        assert day.state.current == 1


@pytest.mark.parametrize(("keys", "minutes"), [(("plus",), 1), (("equals_sign",), 1), (("minus",), -1), (("5",), 5), (("plus", "plus", "minus"), 1)])
async def test_extend_and_shorten(tmp_path, keys, minutes):
    app, day, _ = app_at(tmp_path, "09:40", [START])
    async with app.run_test() as pilot:
        await pilot.press(*keys)
        assert day.state.items[0].extra_minutes == minutes
        assert app.run_screen.status.allotted == (90 + minutes) * 60


async def test_skip_skips_the_next_item_and_undo_brings_it_back(tmp_path):
    app, day, _ = app_at(tmp_path, "09:40", [START])
    async with app.run_test() as pilot:
        await pilot.press("s")
        assert day.state.items[1].skipped
        await pilot.press("u")
        assert not day.state.items[1].skipped
    assert types(day) == ["start", "skip", "undo"]


async def test_undo_takes_back_a_clicker_double_press(tmp_path):
    app, day, _ = app_at(tmp_path, "09:40", [START])
    async with app.run_test() as pilot:
        await pilot.press("pagedown", "pagedown")
        assert day.state.current == 2
        await pilot.press("u")
        assert day.state.current == 1


async def test_next_phase(tmp_path):
    app, _day, _ = app_at(tmp_path, "09:31", [START])
    async with app.run_test() as pilot:
        assert app.run_screen.status.phase.index == 0
        await pilot.press("f")
        assert app.run_screen.status.phase.index == 1
        assert "Phase 2/" in label_text(app, "#phase-label")


async def test_jump_to_an_item(tmp_path):
    app, day, _ = app_at(tmp_path, "09:40", [START])
    async with app.run_test() as pilot:
        await pilot.press("j")
        assert isinstance(app.screen, JumpScreen)
        await pilot.press("down", "down", "down", "enter")
        assert day.state.current == 3
        assert label_text(app, "#clock-title").startswith("Now: From positions")


async def test_correct_the_start(tmp_path):
    app, day, _ = app_at(tmp_path, "09:40", [("09:35", ev.Start, {})])
    async with app.run_test() as pilot:
        await pilot.press("c")
        await pilot.press(*"0932", "enter")
        assert day.state.items[0].actual_start.strftime("%H:%M") == "09:32"
        assert app.run_screen.status.elapsed == 8 * 60


async def test_correct_the_start_refuses_a_future_time(tmp_path):
    app, day, _ = app_at(tmp_path, "09:40", [("09:35", ev.Start, {})])
    async with app.run_test() as pilot:
        await pilot.press("c")
        await pilot.press(*"10:00", "enter")
        assert isinstance(app.screen, CorrectStartScreen)
        assert "not in the past" in str(app.screen.query_one("#correct-error").content)
        await pilot.press("escape")
        assert day.state.items[0].actual_start.strftime("%H:%M") == "09:35"


async def test_replan_preview_then_accept(tmp_path):
    app, day, _ = app_at(tmp_path, "11:20", [START, ("11:20", ev.Next, {})])
    async with app.run_test() as pilot:
        await pilot.press("r")
        assert isinstance(app.screen, ReplanScreen)
        assert app.run_screen.status.drift_minutes == 20
        await pilot.press("enter")
        assert not isinstance(app.screen, ReplanScreen)
        assert types(day)[-1] == "replan"
        assert app.run_screen.status.drift_minutes <= 0


async def test_replan_accept_later_close(tmp_path):
    app, day, _ = app_at(tmp_path, "11:20", [START, ("11:20", ev.Next, {})])
    async with app.run_test() as pilot:
        await pilot.press("r", "l")
        assert types(day)[-1] == "accept_close"
        assert app.run_screen.status.drift_minutes == 0
        assert app.run_screen.status.target_close.strftime("%H:%M") == "17:05"


async def test_replan_save_writes_a_plan_that_validates(tmp_path):
    from facilitator_tui.core.plan_loader import load_plan

    app, _day, _ = app_at(tmp_path, "11:20", [START, ("11:20", ev.Next, {})])
    async with app.run_test() as pilot:
        await pilot.press("r", "w")
        await pilot.pause()
    saved = list((tmp_path / "plans").glob("*.toml"))
    assert len(saved) == 1
    plan = load_plan(saved[0])
    assert plan.close == "16:45"
    assert oct(saved[0].stat().st_mode & 0o777) == "0o600"


async def test_guidance_toggle_and_privacy(tmp_path):
    app, _day, _ = app_at(tmp_path, "09:40", [START])
    async with app.run_test() as pilot:
        body = app.run_screen.query_one("#prompts-body")
        assert "Facilitator guidance" not in str(body.content)
        await pilot.press("g")
        assert "Facilitator guidance" in str(body.content)
        await pilot.press("b")
        assert "Facilitator guidance" not in str(body.content)
        assert "PRIVATE HIDDEN" in label_text(app, "#topbar")
        await pilot.press("g")
        assert "Facilitator guidance" not in str(body.content)
        await pilot.press("b", "g")
        assert "Facilitator guidance" in str(body.content)
        await pilot.press("full_stop")  # a clicker's "blank screen" key
        assert "Facilitator guidance" not in str(body.content)
        assert "PRIVATE HIDDEN" in label_text(app, "#topbar")


async def test_help_lists_every_key(tmp_path):
    app, _day, _ = app_at(tmp_path, "09:40", [START])
    async with app.run_test() as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = str(app.screen.query_one("#help-keys").content)
        for binding in app.run_screen.BINDINGS:
            assert (binding.tooltip or binding.description) in shown
        assert "Quit" in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_every_key_is_in_the_command_palette_and_runs_its_action(tmp_path, monkeypatch):
    """Each palette command, when chosen, runs the action of a key of the run screen, and every key's action has one."""
    app, _day, _ = app_at(tmp_path, "09:40", [START])
    async with app.run_test():
        ran = []
        monkeypatch.setattr(app.run_screen, "run_action", lambda action, *rest: ran.append(action))
        ours = [c for c in app.get_system_commands(app.run_screen) if c.help.startswith("key: ")]
        for command in ours:
            command.callback()
        assert len(ran) == len(ours)
        assert set(ran) == {binding.action for binding in app.run_screen.BINDINGS}
        titles = {c.title for c in ours}
        assert {"Next item (PageDown on a clicker)", "Re-plan the rest of the day to close on time", "Export the day log"} <= titles


async def test_palette_command_runs_the_act(tmp_path):
    app, _day, _ = app_at(tmp_path, "09:40", [START])
    async with app.run_test() as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Re-plan the rest")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, ReplanScreen)


async def test_quit_key_closes_the_app_and_the_day_resumes(tmp_path):
    app, day, clock = app_at(tmp_path, "09:40", [START])
    async with app.run_test() as pilot:
        await pilot.press("ctrl+q")
    assert not app.is_running
    from day_helpers import make_day

    again = make_day(tmp_path, day.plan, None or (day.plan and __import__("day_helpers").bundled_plan()[1]), clock)
    assert again.state.current == 0
    again.close()


async def test_warnings_fire_on_crossing_with_a_notification_and_bell(tmp_path):
    app, _day, clock = app_at(tmp_path, "10:54", [START])
    async with app.run_test() as pilot:
        screen = app.run_screen
        clock.advance(seconds=59)
        screen.refresh_status()
        assert screen.bells == 0
        clock.advance(seconds=2)  # 10:55:01 — under 5 minutes
        screen.refresh_status()
        assert screen.bells == 1
        assert "5 MIN WARNING" in label_text(app, "#clock-state")
        assert app.run_screen.query_one("#clock").has_class("-warn")
        clock.advance(minutes=10)  # a jump straight past 1 min and zero: one warning, the most urgent
        screen.refresh_status()
        assert screen.bells == 2
        assert "OVERTIME" in label_text(app, "#clock-state")
        assert countdown(app).startswith("+")
        await pilot.pause()
        assert any("Time is up" in str(n.message) for n in app._notifications)


async def test_bell_can_be_turned_off(tmp_path):
    app, _day, clock = app_at(tmp_path, "10:54", [START])
    app.bell_enabled = False
    async with app.run_test():
        clock.advance(minutes=2)
        app.run_screen.refresh_status()
        assert app.run_screen.bells == 0


def log_bytes(day) -> bytes:
    return b"".join(path.read_bytes() for path in sorted(day.folder.glob("*.jsonl")))


async def test_a_read_only_window_greys_out_every_writing_key_and_never_asks_the_core(tmp_path, monkeypatch):
    """Guard 1, in the screen: `check_action` greys out (None) each command whose act writes, so its key reaches no act."""
    from facilitator_tui.core.opening import DayRequest
    from facilitator_tui.ui.app import make_app
    from facilitator_tui.ui.commands import RUN_COMMANDS

    _app, day, clock = app_at(tmp_path, "09:40", [START])
    viewer = make_app(DayRequest(data=tmp_path, day_id=day.day_id, read_only=True), clock=clock, live=False)
    asked = []
    monkeypatch.setattr(viewer.day, "do", lambda act: asked.append(act))
    async with viewer.run_test() as pilot:
        writing = [c for c in RUN_COMMANDS if c.writes]
        assert {c.id for c in writing} >= {"toggle", "next", "extend", "skip", "undo", "notes", "capture-action", "share-notes"}
        for command in writing:
            assert viewer.run_screen.check_action(command.name, ()) is None, command.id
        assert viewer.run_screen.check_action("privacy", ()) is True
        await pilot.press("space", "n", "plus", "s", "u", "a", "m", "e")
        assert asked == []
        assert "READ-ONLY" in label_text(viewer, "#topbar")
    day.close()


async def test_the_clicker_on_a_read_only_window_is_refused_by_the_core(tmp_path):
    """Guard 2, in the core: the clicker's priority keys skip `check_action`; `Day.do` refuses and writes nothing."""
    from facilitator_tui.core.opening import DayRequest
    from facilitator_tui.ui.app import make_app

    _app, day, clock = app_at(tmp_path, "09:40", [START])
    before = log_bytes(day)
    viewer = make_app(DayRequest(data=tmp_path, day_id=day.day_id, read_only=True), clock=clock, live=False)
    async with viewer.run_test() as pilot:
        await pilot.press("pagedown")
        await pilot.pause()
        assert viewer.day.state.current == 0
        assert any("read-only" in str(n.message) for n in viewer._notifications)
    assert log_bytes(day) == before
    day.close()


async def test_a_failed_write_is_reported_and_changes_nothing(tmp_path, monkeypatch):
    app, day, _ = app_at(tmp_path, "09:40", [START])

    def full(event):
        raise OSError(28, "No space left on device")

    async with app.run_test() as pilot:
        monkeypatch.setattr(day.writer, "append", full)
        await pilot.press("n")
        await pilot.pause()
        assert day.state.current == 0
        # Said in the one save notice that stays until saving works again (not a toast that goes).
        banner = app.run_screen.query_one("#save-problem")
        assert banner.display and "No space left" in str(banner.render())


async def test_user_text_is_never_markup(tmp_path):

    from facilitator_tui.core.plan import Plan

    hostile = ["[red]x[/]", "[/", "[@click=app.quit]q[/]"]
    plan = Plan.model_validate(
        {
            "title": hostile[2],
            "start": "09:00",
            "close": "10:00",
            "agenda": [
                {"id": "a", "title": hostile[0], "start": "09:00", "prompts": hostile, "materials": [hostile[1]]},
                {"id": "b", "title": hostile[1], "start": "09:30", "guidance": {"watch_for": hostile}},
            ],
        }
    )
    from facilitator_tui.core.plan_loader import plan_to_toml

    path = tmp_path / "hostile.toml"
    path.write_text(plan_to_toml(plan), encoding="utf-8")
    app, day, _clock = app_at(tmp_path, "09:05", [("09:00", ev.Start, {})], plan_and_path=(plan, path))
    async with app.run_test() as pilot:
        await pilot.press("g", "n", "question_mark", "escape", "j", "escape", "r", "escape")
        assert app.is_running
        assert label_text(app, "#clock-title") == "Now: [/"
        assert "[@click=app.quit]q[/]" in label_text(app, "#topbar")
        assert day.state.current == 1


async def test_the_venue_is_on_the_welcome_line_until_the_day_starts(tmp_path):
    from day_helpers import bundled_plan
    from facilitator_tui.core.plan_loader import plan_to_toml

    plan, _ = bundled_plan()
    path = tmp_path / "venued.toml"
    path.write_text(plan_to_toml(plan.model_copy(update={"venue": "The Old Library, Room 2"})), encoding="utf-8")
    app, day, _ = app_at(tmp_path, "09:20", plan_and_path=(plan, path))
    async with app.run_test(size=(120, 30)) as pilot:
        assert "The Old Library, Room 2" in label_text(app, "#topbar")
        await pilot.press("space")
        assert "The Old Library" not in label_text(app, "#topbar")


async def test_space_far_from_the_planned_start_asks_and_y_starts_the_real_day(tmp_path):
    from facilitator_tui.ui.dialogs import ConfirmScreen

    app, day, _ = app_at(tmp_path, "03:56")
    async with app.run_test() as pilot:
        await pilot.press("space")
        assert isinstance(app.screen, ConfirmScreen)
        assert "It is 03:56; this day is planned for 09:30" in str(app.screen.query_one("#confirm-question").content)
        assert not day.state.started and day.events == []
        await pilot.press("escape")
        assert not day.state.started and day.events == [], "no: nothing is written, no day is left behind"
        await pilot.press("space", "y")
        assert day.state.current == 0


async def test_the_clicker_closes_the_day_from_the_last_item_only_on_a_second_press(tmp_path):
    from facilitator_tui.ui.dialogs import ConfirmScreen

    acts = [START, ("16:00", ev.GoTo, {"item_id": "tying-together"})]
    app, day, _ = app_at(tmp_path, "16:44", acts)
    async with app.run_test() as pilot:
        await pilot.press("pagedown")
        assert isinstance(app.screen, ConfirmScreen) and not day.state.ended
        await pilot.press("pageup")
        assert not isinstance(app.screen, ConfirmScreen) and not day.state.ended
        await pilot.press("pagedown", "pagedown")
        assert day.state.ended


async def test_minus_below_the_time_already_run_says_so(tmp_path):
    app, day, _ = app_at(tmp_path, "10:59", [START])  # the opening has run 89 of its 90 minutes
    async with app.run_test() as pilot:
        await pilot.press("minus")
        await pilot.press("minus")
        await pilot.pause()
        assert day.state.allotted_seconds(0) == 89 * 60
        assert any("cannot be shorter than that" in str(n.message) for n in app._notifications)


async def test_r_at_the_start_question_rehearses_the_plan_instead(tmp_path):
    from facilitator_tui.ui.dialogs import ConfirmScreen

    app, day, _ = app_at(tmp_path, "03:56")
    async with app.run_test() as pilot:
        await pilot.press("space")
        assert isinstance(app.screen, ConfirmScreen)
        assert "or rehearse it?" in str(app.screen.query_one("#confirm-question").content)
        await pilot.press("r")
        await pilot.pause()
        assert app.day is not day and app.day.header.rehearsal
        assert "REHEARSAL" in label_text(app, "#topbar")
        await pilot.press("space")
        assert app.day.state.current == 0, "a rehearsal starts without a question"
        assert app.day.header.virtual_anchor.strftime("%H:%M") == "09:30"
    real = [path.name for path in (tmp_path / "days").iterdir()]
    assert real == [app.day.day_id] and "rehearsal" in real[0], "no real day was left behind"
