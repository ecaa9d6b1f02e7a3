"""Repaint a label only when its text changes: the 1 Hz tick must stay cheap."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def set_text(label: Static, text: Text | str) -> None:
    """Show `text` (literally, never as markup) if it differs from what is shown.

    The labels this is used on have fixed sizes in the stylesheet, so the
    screen's layout does not need redoing (`layout=False`).
    """
    shown = text if isinstance(text, Text) else Text(text)
    key = (shown.plain, str(shown.style), tuple((s.start, s.end, str(s.style)) for s in shown.spans))
    if getattr(label, "_shown_key", None) == key:
        return
    label._shown_key = key  # type: ignore[attr-defined]
    label.update(shown, layout=False)


def bar_text(fraction: float, width: int) -> Text:
    """A progress bar drawn in text: filled part bold, the rest dim."""
    fraction = min(max(fraction, 0.0), 1.0)
    filled = round(fraction * width)
    bar = Text(no_wrap=True)
    bar.append("━" * filled, style="bold")
    bar.append("─" * (width - filled), style="dim")
    return bar
