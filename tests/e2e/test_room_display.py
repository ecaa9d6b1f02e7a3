"""The room display in tmux, following the real app run in another tmux window.

A facilitator runs the bundled day in one window; `display` runs in a second,
as on the projector. It follows start, next, extend, a message and a blank
within a second or two, and never shows what is private.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import pytest

from .tmux_driver import TmuxDriver, app_argv

pytestmark = pytest.mark.e2e

FIRST = "In at the deep end"
SECOND = "Break"
FOLLOW = 3.0
"""Seconds the display may take to show a change (it reads the log twice a second; tmux and the app add a little)."""


def visible(screen: str) -> str:
    return " ".join(screen.split())


def test_the_display_follows_the_run_window(tmux: TmuxDriver, data_dir: Path) -> None:
    tmux.start("display", app_argv(data_dir, "display", "partnership-dynamics"))
    welcome = tmux.wait_for("display", "until we start")
    assert "Working with the underlying dynamics" in visible(welcome)

    tmux.start("run", app_argv(data_dir))
    tmux.wait_for("run", "Up first:")
    tmux.start_real_day("run", f"Now: {FIRST}")
    started = time.monotonic()
    tmux.wait_for("display", lambda s: FIRST in s and " left" in s, timeout=FOLLOW + 5)
    print(f"start shown after {time.monotonic() - started:.2f} s")
    tmux.wait_for("display", lambda s: "Phase 1 of" in s and "Next at" in s, timeout=FOLLOW)

    following = re.search(r"Next at (\d\d:\d\d)", tmux.screen("display"))
    assert following is not None
    tmux.send_keys("run", "5")  # five minutes more for the item: the break moves on the room's screen
    later = (dt.datetime.strptime(following.group(1), "%H:%M") + dt.timedelta(minutes=5)).strftime("%H:%M")
    tmux.wait_for("display", f"Next at {later}: {SECOND}", timeout=FOLLOW)
    tmux.send_keys("run", "n")
    moved = time.monotonic()
    tmux.wait_for("display", lambda s: SECOND in s and "back at" in s, timeout=FOLLOW)
    print(f"next shown after {time.monotonic() - moved:.2f} s")

    tmux.send_keys("run", "o")
    tmux.wait_for("run", "Message for the room display")
    tmux.type("run", "Please come back to your tables")
    tmux.send_keys("run", "Enter")
    # The message is drawn in block letters in a heavy frame, and takes the whole screen.
    def message_shown(screen: str) -> bool:
        return "┏" in screen and "█" in screen and SECOND not in screen and "back at" not in screen

    tmux.wait_for("display", message_shown, timeout=FOLLOW)

    tmux.send_keys("run", "w")
    tmux.wait_for("display", lambda s: not s.strip(), timeout=FOLLOW)

    tmux.send_keys("run", "w")
    tmux.wait_for("display", message_shown, timeout=FOLLOW)
    tmux.send_keys("run", "o")
    tmux.wait_for("run", "Message for the room display")
    tmux.send_keys("run", "C-u", "Enter")
    tmux.wait_for("display", lambda s: SECOND in s and "back at" in s, timeout=FOLLOW)

    # Notes typed in the run window never reach the room.
    tmux.send_keys("run", "e")
    tmux.type("run", "PRIVATE-NOTE the chair looked lost")
    tmux.send_keys("run", "Escape")
    time.sleep(FOLLOW)
    assert "PRIVATE-NOTE" not in tmux.screen("display")
    assert tmux.is_dead("display") is False
