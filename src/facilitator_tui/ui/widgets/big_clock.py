"""Text drawn in block letters as large as its space allows, for the back of a room: the clock, a message.

Textual's `Digits` is one fixed size (3 rows). This draws a 3x5 pixel font
scaled to fill the widget: each pixel is `scale` columns wide and `scale`
half-rows tall (a terminal cell is about twice as tall as it is wide, so a
half-row is square), using the half-block characters. Words wrap onto more
lines when that lets them be larger. Text the font cannot draw (a script
other than Latin) is shown as plain text instead.
"""

from __future__ import annotations

import unicodedata

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
    "A": (".#.", "#.#", "###", "#.#", "#.#"),
    "B": ("##.", "#.#", "##.", "#.#", "##."),
    "C": (".##", "#..", "#..", "#..", ".##"),
    "D": ("##.", "#.#", "#.#", "#.#", "##."),
    "E": ("###", "#..", "##.", "#..", "###"),
    "F": ("###", "#..", "##.", "#..", "#.."),
    "G": (".##", "#..", "#.#", "#.#", ".##"),
    "H": ("#.#", "#.#", "###", "#.#", "#.#"),
    "I": ("###", ".#.", ".#.", ".#.", "###"),
    "J": ("..#", "..#", "..#", "#.#", ".#."),
    "K": ("#.#", "#.#", "##.", "#.#", "#.#"),
    "L": ("#..", "#..", "#..", "#..", "###"),
    "M": ("#.#", "###", "###", "#.#", "#.#"),
    "N": ("##.", "#.#", "#.#", "#.#", "#.#"),
    "O": (".#.", "#.#", "#.#", "#.#", ".#."),
    "P": ("##.", "#.#", "##.", "#..", "#.."),
    "Q": (".#.", "#.#", "#.#", "##.", ".##"),
    "R": ("##.", "#.#", "##.", "#.#", "#.#"),
    "S": (".##", "#..", ".#.", "..#", "##."),
    "T": ("###", ".#.", ".#.", ".#.", ".#."),
    "U": ("#.#", "#.#", "#.#", "#.#", "###"),
    "V": ("#.#", "#.#", "#.#", "#.#", ".#."),
    "W": ("#.#", "#.#", "###", "###", "#.#"),
    "X": ("#.#", "#.#", ".#.", "#.#", "#.#"),
    "Y": ("#.#", "#.#", ".#.", ".#.", ".#."),
    "Z": ("###", "..#", ".#.", "#..", "###"),
    ".": (".", ".", ".", ".", "#"),
    ",": (".", ".", ".", "#", "#"),
    "!": ("#", "#", "#", ".", "#"),
    "?": ("##.", "..#", ".#.", "...", ".#."),
    "'": ("#", "#", ".", ".", "."),
    "/": ("..#", "..#", ".#.", "#..", "#.."),
    "(": (".#", "#.", "#.", "#.", ".#"),
    ")": ("#.", ".#", ".#", ".#", "#."),
    "&": (".#.", "#.#", ".#.", "#.#", ".##"),
}
HEIGHT = 5
"""Pixel rows of every glyph."""
LINE_GAP = 2
"""Pixel rows between two lines of words."""
BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": "'", "”": "'", '"': "'", "–": "-", "—": "-"})


def drawable(text: str) -> str | None:
    """`text` in the font's letters (upper case, accents and typographic quotes dropped), or None if it has others."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text.translate(_QUOTES)) if not unicodedata.combining(c)).upper()
    return plain if all(char in FONT for char in plain) else None


def pixels(text: str) -> list[str]:
    """One line of text as rows of `#` and `.`, a pixel's gap between glyphs (characters the font lacks are left out)."""
    glyphs = [FONT[char] for char in text if char in FONT]
    return [".".join(glyph[row] for glyph in glyphs) for row in range(HEIGHT)]


def width_of(text: str) -> int:
    """Pixel columns of one line."""
    return len(pixels(text)[0]) if text else 0


def wrap(text: str, columns: int) -> list[str] | None:
    """Words in lines of at most `columns` pixels; None when a word alone is wider."""
    lines: list[str] = []
    for word in text.split():
        if width_of(word) > columns:
            return None
        if lines and width_of(f"{lines[-1]} {word}") <= columns:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def rows_for(lines: int, scale: int) -> int:
    """Terminal rows that `lines` lines of words take at `scale`."""
    pixel_rows = (HEIGHT * lines + LINE_GAP * (lines - 1)) * scale
    return -(-pixel_rows // 2)


def layout(text: str, width: int, height: int) -> tuple[list[str], int] | None:
    """(lines, scale) for the largest scale at which `text` fits `width` x `height`; None if not even at scale 1."""
    widest_word = max((width_of(word) for word in text.split()), default=0)
    if not widest_word:
        return None
    for scale in range(min(width // widest_word, (2 * height) // HEIGHT), 0, -1):
        lines = wrap(text, width // scale)
        if lines and rows_for(len(lines), scale) <= height:
            return lines, scale
    return None


def scale_for(text: str, width: int, height: int) -> int:
    """The largest whole scale at which `text`, on one line, fits `width` columns and `height` rows; 0 if it cannot."""
    columns = width_of(text)
    if not columns:
        return 0
    return max(0, min(width // columns, (2 * height) // HEIGHT))


def draw(text: str, scale: int) -> list[str]:
    """One line of text in block characters at `scale`: `ceil(5 * scale / 2)` lines of `columns * scale` characters."""
    return _blocks(pixels(text), scale)


def draw_lines(lines: list[str], scale: int) -> list[str]:
    """Several lines of text, each centred, a gap between them, at `scale`."""
    widest = max(width_of(line) for line in lines)
    rows: list[str] = []
    for index, line in enumerate(lines):
        if index:
            rows += ["." * widest] * LINE_GAP
        pad = widest - width_of(line)
        rows += ["." * (pad // 2) + row + "." * (pad - pad // 2) for row in pixels(line)]
    return _blocks(rows, scale)


def _blocks(rows: list[str], scale: int) -> list[str]:
    rows = [row for row in rows for _ in range(scale)]
    if len(rows) % 2:
        rows.append("." * len(rows[0]))
    lines = []
    for top, bottom in zip(rows[::2], rows[1::2], strict=True):
        line = "".join(BLOCKS[(a == "#", b == "#")] for a, b in zip(top, bottom, strict=True))
        lines.append("".join(char * scale for char in line))
    return lines


class BigClock(Widget):
    """Text in block letters, centred and as large as the widget allows (plain text when it cannot be drawn so)."""

    DEFAULT_CSS = """
    BigClock { height: 1fr; min-height: 3; }
    """

    value: reactive[str] = reactive("")

    def render(self) -> Text:
        width, height = self.size.width, self.size.height
        letters = drawable(self.value)
        found = layout(letters, width, height) if letters else None
        if found is None:
            return Text(self.value, justify="center")
        lines, scale = found
        drawn = draw_lines(lines, scale)
        top = max(0, (height - len(drawn)) // 2)
        return Text("\n" * top + "\n".join(drawn), justify="center", no_wrap=True)
