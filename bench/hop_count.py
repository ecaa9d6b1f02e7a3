"""Hop count: how many of our own function calls lie between a key and the log write.

Drives the real app with Pilot on a fake clock, records the Python stack at
each `LogWriter.append`, and counts the frames of facilitator_tui code from
the first one the key (or the keystroke's TextArea event) reached. Run it with
`python bench/hop_count.py`; it prints one line per path.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "ui")]

from facilitator_tui.core import events as ev  # noqa: E402
from facilitator_tui.core.event_log import LogWriter  # noqa: E402
from ui_helpers import app_at  # noqa: E402

OURS = str(Path(__file__).resolve().parents[1] / "src" / "facilitator_tui")


def our_frames() -> list[str]:
    """The facilitator_tui frames on the stack, outermost first (this helper excluded)."""
    stack = traceback.extract_stack()[:-2]
    return [f"{Path(f.filename).stem}.{f.name}" for f in stack if f.filename.startswith(OURS)]


async def measure() -> dict[str, list[str]]:
    """The stack of our frames at the first write after `n`, and after a typed note."""
    seen: list[list[str]] = []
    original = LogWriter.append

    def spy(self, event):  # type: ignore[no-untyped-def]
        seen.append([*our_frames(), f"write {event.type}"])
        return original(self, event)

    LogWriter.append = spy  # type: ignore[method-assign]
    from facilitator_tui.ui.widgets.notes_panel import NotesPanel

    reentries: list[list[str]] = []
    shown = NotesPanel.show_item

    def spy_show(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        frames = our_frames()
        # A call into the panel while one of the panel's own methods is still on the stack.
        if any(f.startswith("notes_panel.") for f in frames[:-1]):
            reentries.append(frames)
        return shown(self, *args, **kwargs)

    NotesPanel.show_item = spy_show  # type: ignore[method-assign]
    posted: list[list[str]] = []
    post = NotesPanel.post_message

    def spy_post(self, message):  # type: ignore[no-untyped-def]
        if type(message).__name__ == "Save":
            posted.append([*our_frames(), "post Save message"])
        return post(self, message)

    NotesPanel.post_message = spy_post  # type: ignore[method-assign]
    found: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        app, _day, clock = app_at(Path(tmp), "09:40", [("09:30", ev.Start, {})])
        async with app.run_test() as pilot:
            seen.clear()
            await pilot.press("n")
            found["key n -> log"] = seen[-1]
            await pilot.press("e", "x")
            seen.clear()
            for _ in range(40):
                clock.advance(seconds=0.1)
                await pilot.pause(0.1)
                if seen:
                    break
            found["keystroke -> log (autosave)"] = seen[-1]
    LogWriter.append = original  # type: ignore[method-assign]
    NotesPanel.show_item = shown  # type: ignore[method-assign]
    NotesPanel.post_message = post  # type: ignore[method-assign]
    if posted:
        found["keystroke -> Save message (the panel's half)"] = posted[-1]
    found["calls back into the notes panel during its own save"] = reentries[-1] if reentries else []
    return found


def main() -> None:
    """Print each path's hop count and its frames."""
    for name, frames in asyncio.run(measure()).items():
        if name.startswith("calls back"):
            print(f"{name}: {'yes: ' + ' -> '.join(frames) if frames else 'none'}")
        else:
            print(f"{name}: {len(frames) - 1} hops: {' -> '.join(frames)}")


if __name__ == "__main__":
    main()
