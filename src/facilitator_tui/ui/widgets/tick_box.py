"""A checkbox whose state is in its mark, not only in its colour."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class TickBox(Checkbox):
    """`✓` when ticked, blank when not: Textual's box shows an `X` either way and tells them apart by colour alone."""

    @property
    def _button(self) -> Content:
        # An instance attribute over the class's: the mark follows the value on every render.
        self.BUTTON_INNER = "✓" if self.value else " "
        return super()._button
