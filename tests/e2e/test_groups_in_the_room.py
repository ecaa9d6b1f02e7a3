"""People on the day, end to end: the real app run with a participant list in tmux, groups made with a key,
the room display following them in another window, and a shared export under the list's pseudonyms."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from facilitator_tui.core.locations import bundled_sessions_dir
from facilitator_tui.core.people import load_people

from .tmux_driver import TmuxDriver, app_argv, clean_env

pytestmark = pytest.mark.e2e

PEOPLE = bundled_sessions_dir() / "partnership-dynamics.people.csv"


def visible(screen: str) -> str:
    return " ".join(screen.split())


def test_groups_made_in_the_run_window_reach_the_room_and_the_shared_log_names_nobody(tmux: TmuxDriver, data_dir: Path) -> None:
    people = load_people(PEOPLE)
    tmux.start("run", app_argv(data_dir, "run", "partnership-dynamics", "--people", str(PEOPLE)))
    tmux.wait_for("run", "Up first:")
    tmux.start_real_day("run", "Now: In at the deep end")
    tmux.send_keys("run", "t")
    tmux.wait_for("run", "Not made yet")
    tmux.send_keys("run", "r")
    tmux.wait_for("run", "Board 1 (")
    tmux.send_keys("run", "Escape")
    tmux.wait_gone("run", "Groups and roles")

    # The room display shows the running phase with the boards, by name, as the plan says.
    tmux.start("display", app_argv(data_dir, "display", "partnership-dynamics"))
    shown = tmux.wait_for("display", lambda s: "Board 1:" in visible(s), timeout=10)
    assert not any(word in shown for word in ("Read aloud", "brief says", "Chair:")), "no script or casting on the wall"

    # A shared export of the day needs no pseudonym table: the day keeps its list.
    tmux.send_keys("run", "e")
    tmux.type("run", f"{people[0].name} and {people[1].name} spoke first.")
    tmux.send_keys("run", "Escape")
    time.sleep(0.5)  # an escape and a key at once read as alt+key
    tmux.send_keys("run", "m")  # the item's notes may be shared
    tmux.wait_for("run", "may now go into shared")
    result = subprocess.run(
        [sys.executable, "-m", "facilitator_tui", "export", "--format", "md", "--share", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        env=clean_env(),
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for person in people:
        for part in person.name.replace("-", " ").split():
            if len(part) > 2:
                assert part not in result.stdout, f"{part!r} of {person.name!r} in the shared log"
    assert "spoke first." in result.stdout
