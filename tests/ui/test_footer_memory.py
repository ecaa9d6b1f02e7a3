"""The footer lets go of its old key widgets: a day of focus changes and capture forms does not grow memory (issue 12)."""

from __future__ import annotations

import asyncio

from textual.widgets import Footer

from facilitator_tui.ui.widgets.lean_footer import LeanFooter
from ui_helpers import app_at


def watchers(footer: Footer) -> int:
    return sum(len(entries) for entries in getattr(footer, "__watchers", {}).values())


async def test_focus_changes_and_forms_leave_no_dead_key_widgets_watched(tmp_path):
    app, _day, _ = app_at(tmp_path, "09:25")
    async with app.run_test(size=(100, 30)) as pilot:
        footer = app.run_screen.query_one(Footer)
        assert isinstance(footer, LeanFooter)
        await pilot.pause()
        for _ in range(12):
            await pilot.press("e")  # the notes take focus: the footer rebuilds
            await pilot.pause()
            await pilot.press("escape")
            await asyncio.sleep(0.05)  # an escape and a key at once read as alt+key
            await pilot.pause()
        on_screen = len(footer.children)
        assert watchers(footer) <= on_screen + 2, (watchers(footer), on_screen)


async def test_textuals_own_footer_keeps_them_so_the_test_can_fail(tmp_path):
    """The same rebuilds with Textual's footer: its watchers pile up (Textual issue #6666); ours must not."""
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    class Field(Input):
        BINDINGS = [("f3", "bell", "In the field")]

    class Plain(App[None]):
        BINDINGS = [("f1", "bell", "Bell"), ("f2", "bell", "Again")]

        def compose(self) -> ComposeResult:
            yield Field(id="a")
            yield Input(id="b")
            yield Footer()

    app = Plain()
    async with app.run_test() as pilot:
        footer = app.query_one(Footer)
        for _ in range(10):
            await pilot.press("tab")
            await pilot.pause()
        assert watchers(footer) > len(footer.children) + 2


async def test_the_footer_rebuilds_only_when_its_keys_change():
    """Tab between two fields with the same keys leaves the footer's key widgets alone; a field with its own key rebuilds it."""
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    class Field(Input):
        BINDINGS = [("f3", "bell", "In the field")]

    class Plain(App[None]):
        BINDINGS = [("f1", "bell", "Bell")]

        def compose(self) -> ComposeResult:
            yield Input(id="a")
            yield Input(id="b")
            yield Field(id="c")
            yield LeanFooter()

    app = Plain()
    async with app.run_test() as pilot:
        footer = app.query_one(LeanFooter)
        for _ in range(50):  # the first build follows the screen's first bindings update
            if footer.children:
                break
            await pilot.pause()
        keys_before = list(footer.children)
        await pilot.press("tab")  # a → b: the same keys
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "b"
        assert list(footer.children) == keys_before, "same keys: the same widgets, not rebuilt"
        await pilot.press("tab")  # b → c: F3 joins the footer
        await pilot.pause()
        assert "In the field" in [key.description for key in footer.children]
        assert list(footer.children) != keys_before
