"""Keys typed fast after tab reach the field the user meant (issue 12: an owner typed 5 ms after tab landed in the text)."""

from __future__ import annotations

from textual import events

from ui_helpers import app_at


def type_at_once(app, keys: str) -> None:
    """Queue every key before any is handled, as a fast typist (or a paste of keystrokes) does."""
    for char in keys:
        if char == "\t":
            app.post_message(events.Key("tab", None))
        elif char == "\b":
            app.post_message(events.Key("shift+tab", None))
        else:
            app.post_message(events.Key(char, char))


async def test_text_tab_owner_tab_due_typed_at_once_land_in_their_fields(tmp_path):
    app, _day, _ = app_at(tmp_path, "09:25")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        type_at_once(app, "act\tbob\tfri")
        await pilot.pause()
        await pilot.pause()
        fields = [app.screen.query_one(f"#capture-{name}").value for name in ("text", "owner", "due")]
        assert fields == ["act", "bob", "fri"]
        type_at_once(app, "\b\bX")  # shift+tab twice, back to the text
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#capture-text").value == "actX"
