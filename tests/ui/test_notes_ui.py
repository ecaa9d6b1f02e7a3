"""Pilot tests for notes, quick capture, edit/delete, review and export on the run screen."""

from __future__ import annotations

import datetime as dt
import itertools

from textual.widgets import Input, TextArea

from facilitator_tui.core import events as ev
from facilitator_tui.core.event_log import LogReader
from facilitator_tui.ui.capture_screens import CaptureScreen, CapturesScreen
from facilitator_tui.ui.export_screen import ExportScreen
from facilitator_tui.ui.review_screen import ReviewScreen
from ui_helpers import app_at, label_text

START = ("09:30", ev.Start, {})


def saved_notes(day):
    """NoteSaved events as written to disk (not just in memory)."""
    return [e for e in LogReader(day.folder).read_new() if e.type == "note_saved"]


async def test_e_focuses_notes_and_escape_gives_the_keys_back(tmp_path):
    app, day, _ = app_at(tmp_path, "09:40", [START])
    async with app.run_test() as pilot:
        await pilot.press("e")
        assert isinstance(app.focused, TextArea)
        await pilot.press(*"n p")  # typed, not timer acts
        assert day.state.current == 0
        assert app.focused.text == "n p"
        await pilot.press("escape")
        assert app.focused is app.run_screen.query_one("#agenda"), "the agenda takes the focus: arrows move in it"
        await pilot.press("n")
        assert day.state.current == 1


async def test_clicker_keys_work_while_typing_notes(tmp_path):
    app, day, _ = app_at(tmp_path, "09:40", [START])
    async with app.run_test() as pilot:
        await pilot.press("e", *"hello")
        await pilot.press("pagedown")
        assert day.state.current == 1
        await pilot.press("pageup")
        assert day.state.current == 0


async def settle(pilot, app) -> None:
    """Let the notes panel's check run on the clock as it now stands, and its Save message be handled."""
    app.run_screen.query_one("#notes").check()
    await pilot.pause()


async def test_notes_reach_disk_within_a_second_of_the_last_keystroke(tmp_path):
    """On the day's (fake) clock: nothing is saved 0.5 s after the last key, everything is by 0.7 s."""
    app, day, clock = app_at(tmp_path, "09:40", [START])
    async with app.run_test() as pilot:
        await pilot.press("e", *"ICB lead went quiet")
        clock.advance(seconds=0.5)
        await settle(pilot, app)
        assert saved_notes(day) == [], "saved before the typist paused"
        clock.advance(seconds=0.2)
        await settle(pilot, app)
        saved = saved_notes(day)
        assert [e.text for e in saved] == ["ICB lead went quiet"], "one save, on disk, of the whole text"
        assert saved[-1].item_id == "deep-end"


async def test_notes_save_at_least_every_second_or_so_while_typing_goes_on(tmp_path):
    """A key every 0.25 s on the fake clock never pauses long enough, yet a save comes once the text is 1 s old."""
    app, day, clock = app_at(tmp_path, "09:40", [START])
    async with app.run_test() as pilot:
        await pilot.press("e")
        saves_at = []
        for step in range(16):  # 4 s of typing
            await pilot.press("x")
            clock.advance(seconds=0.25)
            before = len(saved_notes(day))
            await settle(pilot, app)
            if len(saved_notes(day)) > before:
                saves_at.append((step + 1) * 0.25)
        assert saves_at, "nothing saved during 4 s of typing"
        assert saves_at[0] <= 1.25
        gaps = [b - a for a, b in itertools.pairwise(saves_at)]
        assert len(saves_at) >= 3 and max(gaps) <= 1.25, saves_at
        assert saved_notes(day)[-1].text.startswith("x" * len(saves_at))


async def test_typing_on_after_the_clock_is_set_back_still_saves_within_a_second(tmp_path):
    """Ten minutes back in the middle of typing: the notes do not wait for the clock to catch up."""
    app, day, clock = app_at(tmp_path, "09:40", [START])
    async with app.run_test() as pilot:
        await pilot.press("e", *"before")
        clock.advance(seconds=0.2)
        clock.set(clock.now() - dt.timedelta(minutes=10))
        for _ in range(4):  # keys keep coming, never a pause long enough on their own
            await pilot.press("x")
            clock.advance(seconds=0.2)
        for _ in range(20):
            await pilot.pause(0.05)
            if saved_notes(day):
                break
        assert saved_notes(day) and saved_notes(day)[-1].text.startswith("before"), "nothing saved after the clock went back"


async def test_the_interval_alone_saves_typed_notes(tmp_path):
    """The panel's own 0.1 s interval (not the test) posts the save once the clock says it is due."""
    app, day, clock = app_at(tmp_path, "09:40", [START])
    async with app.run_test() as pilot:
        await pilot.press("e", *"kept")
        clock.advance(seconds=1)
        for _ in range(50):
            await pilot.pause(0.05)
            if saved_notes(day):
                break
        assert [e.text for e in saved_notes(day)] == ["kept"]


async def test_notes_are_saved_at_once_on_item_change_and_switch_with_it(tmp_path):
    app, day, _ = app_at(tmp_path, "09:40", [START])
    async with app.run_test() as pilot:
        await pilot.press("e", *"morning")
        await pilot.press("pagedown")
        assert [e.text for e in saved_notes(day)] == ["morning"]
        area = app.run_screen.query_one("#notes-text", TextArea)
        assert area.text == ""
        await pilot.press(*"break chat")
        await pilot.press("pageup")
        assert area.text == "morning"
        assert day.state.notes.notes_for("break-morning", "tester").text == "break chat"


async def test_notes_are_saved_on_quit(tmp_path):
    app, day, _ = app_at(tmp_path, "09:40", [START])
    async with app.run_test() as pilot:
        await pilot.press("e", *"last words")
        await pilot.press("ctrl+q")
    assert [e.text for e in saved_notes(day)] == ["last words"]


async def test_selecting_an_agenda_item_edits_its_notes_without_moving_the_timer(tmp_path):
    acts = [START, ("11:00", ev.Next, {}), ("11:15", ev.Next, {})]
    app, day, _ = app_at(tmp_path, "11:20", acts)
    async with app.run_test() as pilot:
        agenda = app.run_screen.query_one("#agenda")
        agenda.focus()
        agenda.highlighted = 0
        await pilot.press("enter")
        assert app.focused is agenda, "enter views the item; it does not drop into its notes"
        prompts_title = str(app.run_screen.query_one("#prompts").border_title)
        assert "VIEWING In at the deep end" in prompts_title and "running: From competition" in prompts_title
        assert "In at the deep end" in str(app.run_screen.query_one("#notes").border_title)
        await pilot.press("e")
        assert isinstance(app.focused, TextArea)
        await pilot.press(*"added over lunch")
        await pilot.press("escape", "escape")
        assert day.state.current == 2
        assert day.state.notes.notes_for("deep-end", "tester").text == "added over lunch"
        assert "From competition" in str(app.run_screen.query_one("#notes").border_title)


async def test_quick_capture_of_each_kind_is_stamped_with_time_and_item(tmp_path):
    app, day, clock = app_at(tmp_path, "09:41", [START])
    async with app.run_test() as pilot:
        for key, kind in (("a", "action"), ("d", "decision"), ("l", "parking"), ("q", "quote")):
            await pilot.press(key)
            assert isinstance(app.screen, CaptureScreen)
            await pilot.press(*f"{kind} text", "enter")
            assert not isinstance(app.screen, CaptureScreen)
        captures = day.state.notes.live_captures()
        assert [c.kind for c in captures] == ["action", "decision", "parking", "quote"]
        assert all(c.item_id == "deep-end" and c.at == clock.now() and c.author == "tester" for c in captures)
        assert "1 action" in label_text(app, "#notes-captures")


async def test_action_form_takes_owner_due_and_private(tmp_path):
    app, day, _ = app_at(tmp_path, "09:41", [START])
    async with app.run_test() as pilot:
        await pilot.press("a", *"Send the criteria", "tab", *"Ann O'Neil", "tab", *"Friday", "ctrl+t", "enter")
        (capture,) = day.state.notes.live_captures()
        assert (capture.text, capture.owner, capture.due, capture.private) == ("Send the criteria", "Ann O'Neil", "Friday", True)


async def test_the_action_form_shows_the_due_date_it_understood_and_stores_both(tmp_path):
    """The test day is Thursday 26 November 2026: `Fri` is the next day, `9/12` is 9 December."""
    import datetime as dt

    def meaning() -> str:
        return str(app.screen.query_one("#capture-due-meaning").content)

    app, day, _ = app_at(tmp_path, "09:41", [START])
    async with app.run_test() as pilot:
        await pilot.press("a", *"Send the criteria", "tab", "tab", *"Fri")
        assert meaning() == "Due Friday 27 November 2026."
        await pilot.press(*["backspace"] * 3, *"after the board")
        assert meaning() == "Not a date: kept as written."
        await pilot.press("enter")
        await pilot.press("a", *"Book the room", "tab", "tab", *"9/12")
        assert meaning() == "Due Wednesday 9 December 2026."
        await pilot.press("enter")
        words, date = zip(*[(c.due, c.due_date) for c in day.state.notes.live_captures()], strict=True)
        assert words == ("after the board", "9/12")
        assert date == (None, dt.date(2026, 12, 9))


async def test_an_empty_capture_is_not_saved_and_escape_cancels(tmp_path):
    app, day, _ = app_at(tmp_path, "09:41", [START])
    async with app.run_test() as pilot:
        await pilot.press("d", "enter")
        assert isinstance(app.screen, CaptureScreen)
        await pilot.press("escape")
        assert day.state.notes.live_captures() == []


async def test_captured_items_can_be_edited_and_deleted(tmp_path):
    app, day, _ = app_at(tmp_path, "09:41", [START])
    async with app.run_test() as pilot:
        await pilot.press("d", *"Fund the pilot", "enter")
        await pilot.press("i")
        assert isinstance(app.screen, CapturesScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, CaptureScreen)
        assert app.screen.query_one("#capture-text", Input).value == "Fund the pilot"
        await pilot.press(*" for a year", "enter")
        (capture,) = day.state.notes.live_captures()
        assert capture.text == "Fund the pilot for a year"
        await pilot.press("i", "x")
        assert day.state.notes.live_captures() == []
    kinds = [e.type for e in LogReader(day.folder).read_new()]
    assert kinds.count("captured") == 1 and "capture_edited" in kinds and "capture_deleted" in kinds


async def test_m_marks_notes_shareable_and_back(tmp_path):
    app, day, _ = app_at(tmp_path, "09:41", [START])
    async with app.run_test() as pilot:
        await pilot.press("m")
        assert day.state.notes.notes_for("deep-end", "tester").shareable
        assert "shareable" in str(app.run_screen.query_one("#notes").border_title)
        await pilot.press("m")
        assert not day.state.notes.notes_for("deep-end", "tester").shareable


async def test_privacy_hides_notes_at_once(tmp_path):
    app, day, _ = app_at(tmp_path, "09:41", [START])
    async with app.run_test() as pilot:
        await pilot.press("e", *"about a named person")
        await pilot.press("escape", "b")
        assert not app.run_screen.query_one("#notes").display
        assert day.state.notes.notes_for("deep-end", "tester").text == "about a named person"
        await pilot.press("e")
        assert not isinstance(app.focused, TextArea)
        await pilot.press("b")
        assert app.run_screen.query_one("#notes").display


async def test_review_from_the_run_screen_keeps_the_timer_running(tmp_path):
    app, day, _clock = app_at(tmp_path, "09:41", [START])
    async with app.run_test() as pilot:
        await pilot.press("a", *"Book the room", "enter", "q", *"We never say no", "enter")
        await pilot.press("v")
        assert isinstance(app.screen, ReviewScreen)
        body = str(app.screen.query_one("#review-body").content)
        assert "Book the room" in body and "We never say no" in body
        await pilot.press("2")
        body = str(app.screen.query_one("#review-body").content)
        assert "Book the room" in body and "We never say no" not in body
        await pilot.press("1", "slash", *"never")
        body = str(app.screen.query_one("#review-body").content)
        assert "We never say no" in body and "Book the room" not in body
        await pilot.press("escape", "escape")
        assert not isinstance(app.screen, ReviewScreen)
        assert day.state.current == 0 and not day.state.paused


async def test_review_private_filter(tmp_path):
    app, _day, _ = app_at(tmp_path, "09:41", [START])
    async with app.run_test() as pilot:
        await pilot.press("d", *"open one", "enter", "d", *"hidden one", "ctrl+t", "enter")
        await pilot.press("v", "6")
        body = str(app.screen.query_one("#review-body").content)
        assert "hidden one" in body and "open one" not in body


async def test_export_from_the_app_writes_files(tmp_path):
    app, day, _ = app_at(tmp_path, "09:41", [START])
    async with app.run_test() as pilot:
        await pilot.press("q", *"secret remark", "ctrl+t", "enter")
        await pilot.press("x")
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("1", "s", "2", "y")  # y: share with the names as written (no pseudonym table)
    full = tmp_path / "exports" / f"{day.day_id}.md"
    shared = tmp_path / "exports" / f"{day.day_id}-shared.html"
    assert "secret remark" in full.read_text()
    assert oct(full.stat().st_mode & 0o777) == "0o600"
    assert "secret remark" not in shared.read_text()


async def test_hostile_note_text_is_shown_literally(tmp_path):
    app, _day, _ = app_at(tmp_path, "09:41", [START])
    hostile = "[@click=app.quit]q[/] [red]x[/] [/"
    async with app.run_test() as pilot:
        await pilot.press("a", *hostile, "tab", *"[/", "enter")
        await pilot.press("i", "escape", "v")
        assert app.is_running
        body = str(app.screen.query_one("#review-body").content)
        assert hostile in body


async def test_keys_typed_in_a_burst_after_e_never_move_the_timer(tmp_path):
    """Fast key rollover: "e" then "next" before the notes have focus must not run `next`."""
    from textual import events

    app, day, _ = app_at(tmp_path, "09:40", [START])
    async with app.run_test() as pilot:
        for character in "enext":
            app.post_message(events.Key(character, character))
        await pilot.pause(0.3)
        assert isinstance(app.focused, TextArea)
        assert day.state.current == 0
        assert [e.type for e in day.events if e.type != "day_created"] == ["start"]


async def test_footer_hides_letter_keys_while_typing_notes(tmp_path):
    app, _day, _ = app_at(tmp_path, "09:40", [START])
    async with app.run_test() as pilot:
        assert app.run_screen.check_action("extend", (1,))
        await pilot.press("e")
        assert not app.run_screen.check_action("extend", (1,))
        assert not app.run_screen.check_action("next", ())
        await pilot.press("escape")
        assert app.run_screen.check_action("next", ())


async def test_role_briefs_are_facilitator_only(tmp_path):
    """The room sees role names; a brief (with what its player must not say) shows only with guidance."""
    app, day, _ = app_at(tmp_path, "09:40", [START])
    role = next(r for e in day.plan.agenda[0].exercises for r in e.roles)
    async with app.run_test() as pilot:
        body = app.run_screen.query_one("#prompts-body")
        assert role.name in str(body.content)
        assert role.brief not in str(body.content)
        await pilot.press("g")
        assert str(body.content).startswith("Facilitator guidance (private)")
        assert role.brief in str(body.content)
        await pilot.press("b")
        assert role.brief not in str(body.content)


async def test_privacy_also_closes_review_and_the_captures_list(tmp_path):
    app, _day, _ = app_at(tmp_path, "09:41", [START])
    async with app.run_test() as pilot:
        await pilot.press("q", *"off the record", "ctrl+t", "enter", "b", "v")
        assert not isinstance(app.screen, ReviewScreen)
        await pilot.press("i")
        assert not isinstance(app.screen, CapturesScreen)
        await pilot.press("b", "v")
        assert isinstance(app.screen, ReviewScreen)


async def test_e_continues_at_the_end_of_existing_notes(tmp_path):
    acts = [START, ("09:35", ev.NoteSaved, {"item_id": "deep-end", "text": "first line\nsecond"})]
    app, _day, _ = app_at(tmp_path, "09:41", acts)
    async with app.run_test() as pilot:
        await pilot.press("e", *" more")
        assert app.focused.text == "first line\nsecond more"


async def test_prompts_scroll_from_the_keyboard(tmp_path):
    app, _day, _ = app_at(tmp_path, "09:41", [START])
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.run_screen.query_one("#prompts")
        # The prompts are laid out after the first frame; on a busy machine a key sent at once can
        # arrive before there is anywhere to scroll to (seen once in CI). Wait for the layout, not the key.
        for _ in range(200):
            if panel.max_scroll_y > 0:
                break
            await pilot.pause(0.01)
        assert panel.max_scroll_y > 0, "the prompts at 80x24 should be longer than their panel"
        assert panel.scroll_y == 0
        await pilot.press("right_square_bracket")
        assert panel.scroll_y > 0
        await pilot.press("left_square_bracket")
        assert panel.scroll_y == 0


async def test_read_only_footer_offers_no_writing_keys(tmp_path):
    from facilitator_tui.core.opening import DayRequest
    from facilitator_tui.ui.app import make_app

    _app, day, clock = app_at(tmp_path, "09:40", [START])
    viewer = make_app(DayRequest(data=tmp_path, day_id=day.day_id, read_only=True), clock=clock, live=False)
    async with viewer.run_test():
        assert not viewer.run_screen.check_action("next", ())
        assert not viewer.run_screen.check_action("capture", ("action",))
        assert viewer.run_screen.check_action("privacy", ())
    day.close()


async def test_in_app_share_export_says_when_names_are_not_replaced(tmp_path):
    app, day, _ = app_at(tmp_path, "09:41", [START])
    assert not day.plan.pseudonyms
    async with app.run_test() as pilot:
        await pilot.press("x", "s")
        assert "NOT replaced" in str(app.screen.query_one("#export-mode").content)


async def test_unsaved_notes_then_an_act_that_moves_the_notes_item_saves_once(tmp_path):
    """Typing before the start, tab away, skip the item: one save, no save loop."""
    app, day, _ = app_at(tmp_path, "09:20")
    async with app.run_test() as pilot:
        await pilot.press("e", *"abc", "tab", "s")
        await pilot.pause(0.2)
        saves = [e for e in day.events if e.type == "note_saved"]
        assert [(e.item_id, e.text) for e in saves] == [("deep-end", "abc")]
        assert app.is_running


async def test_review_and_export_before_the_first_event_say_so(tmp_path):
    app, _day, _ = app_at(tmp_path, "09:20")
    async with app.run_test() as pilot:
        await pilot.press("v")
        assert "Nothing recorded yet" in str(app.screen.query_one("#review-body").content)
        await pilot.press("escape", "x", "1")
        assert "Nothing recorded yet" in str(app.screen.query_one("#export-result").content)
        assert app.is_running


async def test_saving_a_replan_with_every_item_skipped_is_refused_cleanly(tmp_path):
    app, day, _ = app_at(tmp_path, "09:20")
    async with app.run_test() as pilot:
        await pilot.press(*"s" * len(day.plan.agenda), "r", "w")
        await pilot.pause()
        assert app.is_running
        assert not (tmp_path / "plans").exists()
        assert any("Could not save" in str(n.message) for n in app._notifications)


async def test_ctrl_b_turns_privacy_on_while_typing_notes_and_keeps_the_text(tmp_path):
    app, day, _ = app_at(tmp_path, "09:40", [START])
    async with app.run_test() as pilot:
        await pilot.press("e", *"ICB lead quiet", "ctrl+b")
        screen = app.run_screen
        assert screen.private
        assert not screen.query_one("#notes").display
        assert not isinstance(app.focused, TextArea)
        assert day.state.notes.notes_for("deep-end", "tester").text == "ICB lead quiet", "saved as privacy came on"
        await pilot.press("f9")
        assert not screen.private


async def test_privacy_masks_what_is_typed_in_a_capture_form_and_closes_review(tmp_path):
    app, day, _ = app_at(tmp_path, "09:40", [START])
    async with app.run_test() as pilot:
        await pilot.press("a", *"Call Ann", "ctrl+b")
        form = app.screen
        assert isinstance(form, CaptureScreen)
        assert all(field.password for field in form.query(Input)), "typing shows as dots"
        await pilot.press("enter")
        assert day.state.notes.live_captures()[0].text == "Call Ann"
        await pilot.press("a")
        assert all(field.password for field in app.screen.query(Input)), "a form opened in privacy is masked too"
        await pilot.press("escape", "ctrl+b", "v")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("ctrl+b")
        assert not isinstance(app.screen, ReviewScreen), "privacy closes the review"


async def test_a_keymap_file_binds_a_clickers_blank_key_to_privacy(tmp_path):
    (tmp_path / "keymap.toml").write_text('privacy-anywhere = "f5"\nnonsense = "x"\n', encoding="utf-8")
    app, day, _ = app_at(tmp_path, "09:40", [START])
    async with app.run_test() as pilot:
        await pilot.press("f5")
        assert app.run_screen.private
        await pilot.pause()
        assert any("no key has the id 'nonsense'" in str(n.message) for n in app._notifications)


async def test_review_shows_the_running_clock_and_a_clicker_there_says_what_it_did(tmp_path):
    app, day, clock = app_at(tmp_path, "09:40", [START])
    async with app.run_test() as pilot:
        await pilot.press("v")
        assert isinstance(app.screen, ReviewScreen)
        line = str(app.screen.query_one("#review-clock").content)
        assert line.startswith("Now: In at the deep end") and "1:20:00 left" in line and "Day: on time" in line
        await pilot.press("pagedown")
        await pilot.pause()
        assert day.state.current == 1 and isinstance(app.screen, ReviewScreen)
        assert any(str(n.message).startswith("Now: Break") for n in app._notifications)
        app.screen.poll()
        assert str(app.screen.query_one("#review-clock").content).startswith("Now: Break")


async def test_the_private_box_shows_its_state_in_its_mark_not_only_its_colour(tmp_path):
    app, _day, _ = app_at(tmp_path, "09:41", [START])
    async with app.run_test() as pilot:
        await pilot.press("q")
        box = app.screen.query_one("#capture-private")
        assert "✓" not in box.render().plain and "X" not in box.render().plain
        await pilot.press("ctrl+t")
        assert box.value and "✓" in box.render().plain
        await pilot.press("ctrl+t")
        assert not box.value and "✓" not in box.render().plain
