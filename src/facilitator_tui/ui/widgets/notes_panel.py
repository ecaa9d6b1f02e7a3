"""Free-text notes for one agenda item, autosaved as the facilitator types."""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, TextArea

from ..labels import set_text

SAVE_AFTER_PAUSE = 0.6
"""Seconds after the last keystroke before the notes are saved."""
SAVE_AT_LEAST_EVERY = 1.0
"""While typing goes on, save once unsaved text is this old (seconds).

With the 0.1 s check and the gap to the next keystroke this keeps saves
under 2 s apart during continuous typing, and under 1 s after the last key.
"""
CHECK_EVERY = 0.1


class NotesPanel(Vertical):
    """A TextArea for the shown item's notes, and a line about its captured items.

    `save(item_id, text)` is called within a second of the last keystroke, at
    least every 2 s while typing goes on, and at once by `flush()` (item
    change, quit). Only one short interval runs, and only while there is
    unsaved text.
    """

    def __init__(self, save: Callable[[str, str], bool], **kwargs) -> None:
        super().__init__(**kwargs)
        self._save = save
        self.item_id: str | None = None
        self._dirty_since: float | None = None
        self._last_key = 0.0
        self._checker = None
        self._saved_text = ""
        """The text as last loaded or saved: a Changed event that matches it is not typing."""
        self._heading = ""
        self._saving = False

    def compose(self) -> ComposeResult:
        area = TextArea(id="notes-text", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        area.cursor_blink = False
        yield area
        yield Label(id="notes-captures", markup=False)

    @property
    def dirty(self) -> bool:
        """True when there is typed text not yet saved."""
        return self._dirty_since is not None

    def show_item(self, item_id: str, text: str, heading: str) -> None:
        """Switch to an item's notes (saving the previous item's first)."""
        # Titles are user text: a Text is shown literally, a str would be parsed as markup.
        # Only set it when it changes: a new title redraws the whole panel.
        if heading != self._heading:
            self._heading = heading
            self.border_title = Text(heading)
        if item_id == self.item_id or self._saving:
            # While saving, the save's own repaint asks again: the outer call switches.
            return
        if not self.flush():
            # Not saved (disk full?): keep this item's text on screen rather than lose it.
            return
        self.item_id = item_id
        self._load(text)

    def _load(self, text: str) -> None:
        self._saved_text = text
        self.query_one("#notes-text", TextArea).load_text(text)

    def replace_text_if_idle(self, text: str) -> None:
        """Show text saved elsewhere (another window), unless the facilitator is typing."""
        area = self.query_one("#notes-text", TextArea)
        if not self.dirty and area.text != text and not area.has_focus:
            self._load(text)

    def show_captures(self, summary: str) -> None:
        """The one-line summary of the item's captured items."""
        set_text(self.query_one("#notes-captures", Label), summary)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self.item_id is None or event.text_area.text == self._saved_text:
            return
        now = time.monotonic()
        self._last_key = now
        if self._dirty_since is None:
            self._dirty_since = now
        if self._checker is None:
            self._checker = self.set_interval(CHECK_EVERY, self._check)

    def _check(self) -> None:
        if self._dirty_since is None:
            return
        now = time.monotonic()
        if now - self._last_key >= SAVE_AFTER_PAUSE or now - self._dirty_since >= SAVE_AT_LEAST_EVERY:
            self.flush()

    def flush(self) -> bool:
        """Save unsaved text now; False if it could not be saved."""
        if self._dirty_since is None or self.item_id is None:
            return True
        text = self.query_one("#notes-text", TextArea).text
        self._saving = True
        try:
            saved = self._save(self.item_id, text)
        finally:
            self._saving = False
        if saved:
            self._saved_text = text
            self._dirty_since = None
            if self._checker is not None:
                self._checker.stop()
                self._checker = None
            return True
        # Not saved (disk full?): keep the text and try again shortly.
        self._dirty_since = time.monotonic()
        return False
