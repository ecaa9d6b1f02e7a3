"""Control characters: the text that could drive a terminal instead of being shown.

A C0 control other than tab and newline, DEL, or a C1 control in a title, a
note or a name could set a terminal's window title (`ESC ] 0 ; … BEL`), clear
the screen (`ESC [ 2 J`) or worse. Files the app reads (plans, participant
lists, pseudonym files) are refused when they hold one, with where and what;
text typed or pasted into the app is kept with each such character made
visible: ESC is shown as ␛, BEL as ␇, as the Unicode control pictures do.
"""

from __future__ import annotations

import re

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Every C0 control but tab (09) and newline (0A), DEL, and every C1 control."""

_NAMES = {0x1B: "ESC", 0x07: "BEL", 0x08: "backspace", 0x0D: "carriage return", 0x00: "NUL", 0x7F: "DEL", 0x9B: "CSI"}


def name_of(char: str) -> str:
    """`ESC (U+001B)`: a control character as a person can read it."""
    code = ord(char)
    name = _NAMES.get(code, "control character")
    return f"{name} (U+{code:04X})"


def first_control(text: str) -> str | None:
    """The first control character in `text` as a readable name with its position, or None."""
    found = CONTROL.search(text)
    if found is None:
        return None
    return f"{name_of(found.group())} at character {found.start() + 1}"


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1: no picture of its own


def visible(text: str) -> str:
    """`text` with every control character shown as its picture (␛, ␇, …), so it is seen, never obeyed."""
    return CONTROL.sub(_picture, text) if CONTROL.search(text) else text


def typed(text: str) -> str:
    """Text typed or pasted into the app, as it is kept: Windows and old Mac line ends made newlines, every
    other control character made visible."""
    return visible(text.replace("\r\n", "\n").replace("\r", "\n"))
