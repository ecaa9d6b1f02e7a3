"""While saving fails (a full disk), one notice says so and updates itself; it goes once a save works again."""

from __future__ import annotations

import errno

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
