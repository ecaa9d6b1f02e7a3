"""While saving fails (a full disk), one notice says so and updates itself; it goes once a save works again."""

from __future__ import annotations

import errno

import pytest

from ui_helpers import app_at


async def test_one_notice_that_counts_the_tries_and_clears(tmp_path, monkeypatch):
    app, day, _ = app_at(tmp_path, "09:25")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space")  # the day starts: a first event on disk
        await pilot.pause()
        writer = day.writer
        real_append = writer.append

        def full(_event):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(writer, "append", full)
        before = len(app._notifications)
        for _ in range(4):
            await pilot.press("plus")
            await pilot.pause()
        banner = app.run_screen.query_one("#save-problem")
        assert banner.display
        text = str(banner.render())
        assert text.startswith("⚠ NOT SAVED since 09:25, 4 tries") and "No space left" in text
        assert len(app._notifications) == before, "no stack of notices over the clock"
        monkeypatch.setattr(writer, "append", real_append)
        await pilot.press("plus")
        await pilot.pause()
        assert not banner.display
        assert any("Saving works again" in str(n.message) for n in app._notifications)
        assert "Not saved: " not in text, "the reason, without saying 'not saved' twice"


def fill_the_disk(monkeypatch, day) -> None:
    def full(_event):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(day.writer, "append", full)


@pytest.mark.parametrize("size", [(60, 20), (100, 30)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_notice_is_read_whole_however_long_it_grows(tmp_path, monkeypatch, size):
    """The tries count lengthens the line: it wraps onto another row rather than losing its last words."""
    app, day, _ = app_at(tmp_path, "09:25")
    async with app.run_test(size=size) as pilot:
        await pilot.press("space")
        await pilot.pause()
        fill_the_disk(monkeypatch, day)
        for _ in range(12):
            await pilot.press("plus")
        await pilot.pause()
        banner = app.run_screen.query_one("#save-problem")
        rows = [line.text for line in banner.render_lines(banner.region.reset_offset)]
        assert "12 tries" in rows[0] and "Nothing already saved is lost." in " ".join(" ".join(rows).split()), rows


async def test_quitting_with_notes_the_disk_would_not_take_asks_and_hands_them_back(tmp_path, monkeypatch):
    from facilitator_tui.ui.dialogs import ConfirmScreen

    app, day, _ = app_at(tmp_path, "09:25")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        fill_the_disk(monkeypatch, day)
        await pilot.press("e", *"the board never met")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen), "unsaved notes and a quit: asked first"
        assert "could not be saved" in str(app.screen.query_one("#confirm-question").content)
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, ConfirmScreen)
        assert app.run_screen.unsaved_notes() == "the board never met", "no: the notes stay on screen, unsaved"
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.return_value == "the board never met"


async def test_quitting_with_every_note_saved_asks_nothing(tmp_path):
    app, _day, _ = app_at(tmp_path, "09:25")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space", "e", *"all on disk")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_value is None
