"""A paste holding control characters (an escape sequence) shows as pictures at once, in the notes and in every form field."""

from __future__ import annotations

from ui_helpers import app_at


async def test_a_pasted_escape_sequence_shows_as_pictures_in_the_notes_and_in_a_form(tmp_path):
    """Issue 12: a paste must never reach the terminal as a command; the cursor stays where the paste left it."""
    from textual.events import Paste

    app, day, _ = app_at(tmp_path, "09:25")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        area = app.run_screen.query_one("#notes-text")
        app.post_message(Paste("before\x1b[2J\x1b]0;pwned\x07after"))  # as the terminal driver sends it
        await pilot.pause()
        assert area.text == "before␛[2J␛]0;pwned␇after"
        assert area.cursor_location == (0, len(area.text))
        await pilot.press("escape")
        await pilot.pause(0.3)
        await pilot.press("a")
        await pilot.pause()
        field = app.screen.focused
        app.post_message(Paste("Send\x1b[31m"))
        await pilot.pause()
        assert field.value == "Send␛[31m" and field.cursor_position == len(field.value)
