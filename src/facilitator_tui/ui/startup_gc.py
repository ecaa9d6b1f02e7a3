"""The garbage collector paused while a window starts, then told to leave start-up's objects alone.

Start-up (imports, the plan, the day, mounting the screen) allocates tens of
thousands of objects that live as long as the app. Each automatic collection
meanwhile walks them all again, about 30 ms of a start of 400 ms. `pause`
turns collection off for the start; `resume`, after the first frame, moves
what start-up made into the permanent generation (`gc.freeze`), so later
collections, while the day runs, do not walk it every time, and turns
collection back on. Only a command that paused does the rest: tests that
build many apps in one process never freeze their garbage.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_paused = False


def pause() -> None:
    """Stop automatic collection until `resume` (the command line calls this before it imports the app)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def release() -> None:
    """Collect again as usual, freezing nothing: the command ends (or failed) before a first frame called `resume`."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()


def resume() -> None:
    """After the first frame: freeze what start-up made and collect again as usual; nothing if `pause` was not called."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


@contextmanager
def paused() -> Iterator[None]:
    """Collection paused for a command that opens a window: the window's first frame resumes it (`resume`),
    and leaving the block, however it is left, turns it back on if nothing did (`release`)."""
    pause()
    try:
        yield
    finally:
        release()
