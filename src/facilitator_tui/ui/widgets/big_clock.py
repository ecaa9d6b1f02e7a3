"""A clock drawn in block letters as large as its space allows, for the back of a room.

Textual's `Digits` is one fixed size (3 rows). This draws a 3x5 pixel font
scaled to fill the widget: each pixel is `scale` columns wide and `scale`
half-rows tall (a terminal cell is about twice as tall as it is wide, so a
half-row is square), using the half-block characters.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

FONT: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", "###", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": (".", "#", ".", "#", "."),
    "+": ("...", ".#.", "###", ".#.", "..."),
    "-": ("...", "...", "###", "...", "..."),
    " ": ("..", "..", "..", "..", ".."),
}
HEIGHT = 5
"""Pixel rows of every glyph."""
BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def pixels(text: str) -> list[str]:
    """The text as rows of `#` and `.`, a pixel's gap between glyphs (characters the font lacks are left out)."""
    glyphs = [FONT[char] for char in text if char in FONT]
    return [".".join(glyph[row] for glyph in glyphs) for row in range(HEIGHT)]


def scale_for(text: str, width: int, height: int) -> int:
    """The largest whole scale at which `text` fits `width` columns and `height` rows; 0 if it cannot fit at all."""
    columns = len(pixels(text)[0]) if text else 0
    if not columns:
        return 0
    return max(0, min(width // columns, (2 * height) // HEIGHT))


def draw(text: str, scale: int) -> list[str]:
    """The text in block characters at `scale`: `ceil(5 * scale / 2)` lines of `columns * scale` characters."""
    rows = [row for row in pixels(text) for _ in range(scale)]
    if len(rows) % 2:
        rows.append("." * len(rows[0]))
    lines = []
    for top, bottom in zip(rows[::2], rows[1::2], strict=True):
        line = "".join(BLOCKS[(a == "#", b == "#")] for a, b in zip(top, bottom, strict=True))
        lines.append("".join(char * scale for char in line))
    return lines


class BigClock(Widget):
    """The time in block letters, centred and as large as the widget allows (plain text when it cannot fit)."""

    DEFAULT_CSS = """
    BigClock { height: 1fr; min-height: 3; }
    """

    value: reactive[str] = reactive("")

    def render(self) -> Text:
        width, height = self.size.width, self.size.height
        scale = scale_for(self.value, width, height)
        if scale == 0:
            return Text(self.value, justify="center")
        lines = draw(self.value, scale)
        top = max(0, (height - len(lines)) // 2)
        return Text("\n" * top + "\n".join(lines), justify="center", no_wrap=True)
