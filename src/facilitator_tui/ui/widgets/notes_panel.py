"""Free-text notes for one agenda item, autosaved as the facilitator types."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Label, TextArea

from ...core.clock import Clock
from ..labels import set_text

SAVE_AFTER_PAUSE = 0.6
"""Seconds after the last keystroke before the notes are saved."""
SAVE_AT_LEAST_EVERY = 0.8
"""While typing goes on, save once unsaved text is this old (seconds).

With the 0.1 s check and the gap to the next keystroke this keeps saves
under 2 s apart during continuous typing, and under 1 s after the last key.
"""
CHECK_EVERY = 0.1


class NotesPanel(Vertical):
    """A TextArea for the shown item's notes, and a line about its captured items.

    The panel never writes: when its text is due to be saved it posts
    `NotesPanel.Save` (within a second of the last keystroke, and at least
    every 0.8 s while typing goes on, so a word reaches the disk within a second even with the check's and the save's own delays), and the screen asks the core to save it.
    Before an act that moves the item, the screen takes the unsaved text with
    `take_unsaved()` and saves it at once. The timing reads the day's clock
    (a fake one in tests), in real seconds, so a rehearsal clock running at
    60x does not save 60 times as often.
    """

    class Save(Message):
        """The notes of `item_id` now read `text` and are due to be saved."""

        def __init__(self, item_id: str, text: str) -> None:
            super().__init__()
            self.item_id = item_id
            self.text = text

    def __init__(self, clock: Clock, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._clock = clock
        self.item_id: str | None = None
        self._dirty_since: float | None = None
        self._last_key = 0.0
        self._checker: Timer | None = None
        self._saved_text = ""
        """The text as last loaded or handed over to be saved: a Changed event that matches it is not typing."""
        self._heading = ""

    def compose(self) -> ComposeResult:
        area = TextArea(id="notes-text", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        area.cursor_blink = False
        yield area
        yield Label(id="notes-captures", markup=False)

    def _seconds(self) -> float:
        """The clock's time in real seconds (a scaled rehearsal clock is slowed back down)."""
        return self._clock.now().timestamp() / max(self._clock.speed, 1e-6)

    @property
    def dirty(self) -> bool:
        """True when there is typed text not yet handed over to be saved."""
        return self._dirty_since is not None

    @property
    def text(self) -> str:
        """The text on screen."""
        return self.query_one("#notes-text", TextArea).text

    def show_item(self, item_id: str, text: str, heading: str) -> None:
        """Show an item's notes. Unsaved text of another item is kept on screen, never dropped."""
        # Titles are user text: a Text is shown literally, a str would be parsed as markup.
        # Only set it when it changes: a new title redraws the whole panel.
        if heading != self._heading:
            self._heading = heading
            self.border_title = Text(heading)
        if item_id == self.item_id or self.dirty:
            # The screen saves before it moves the item; text still dirty here could
            # not be saved (disk full?), so it stays on screen rather than be lost.
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
        self._mark_dirty()

    def _mark_dirty(self) -> None:
        now = self._seconds()
        self._last_key = now
        if self._dirty_since is None:
            self._dirty_since = now
        if self._checker is None:
            self._checker = self.set_interval(CHECK_EVERY, self.check)

    def check(self) -> None:
        """Post a save when the unsaved text is due (the interval calls this; tests may too)."""
        if self._dirty_since is None:
            return
        now = self._seconds()
        # A clock set back since the typing began: save now, not once the clock has caught up (minutes later).
        went_back = now < self._dirty_since or now < self._last_key
        if went_back or now - self._last_key >= SAVE_AFTER_PAUSE or now - self._dirty_since >= SAVE_AT_LEAST_EVERY:
            taken = self.take_unsaved()
            if taken is not None:
                self.post_message(self.Save(*taken))

    def take_unsaved(self) -> tuple[str, str] | None:
        """(item id, text) of the unsaved notes, now handed over to be saved; None if all is saved."""
        if self._dirty_since is None or self.item_id is None:
            return None
        text = self.text
        self._saved_text = text
        self._dirty_since = None
        if self._checker is not None:
            self._checker.stop()
            self._checker = None
        return self.item_id, text

    def keep_unsaved(self, item_id: str) -> None:
        """A save handed over could not be made: the text stays on screen and is tried again shortly."""
        if item_id != self.item_id:
            return
        self._saved_text = ""  # whatever is on screen is not saved
        self._mark_dirty()
