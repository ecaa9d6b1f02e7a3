"""Two laptops over the real sync engine: two Syncthing instances on 127.0.0.1 share the days folder.

Laptop A runs the bundled day in tmux; laptop B joins it in tmux (`run --day
ID --join`) and writes a note and an action; A's review shows both, and B's
screen follows A's `next`, each within 30 seconds. Each laptop has its own
data folder; only `days/` is shared, as a facilitator would share it.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from .syncthing_pair import pair, wait_for_path
from .test_notes_e2e import focus_notes, leave_notes
from .tmux_driver import TmuxDriver, app_argv

pytestmark = pytest.mark.e2e

FIRST = "In at the deep end"
SECOND = "Break"
SYNC = 30.0
"""Seconds a change may take to reach the other laptop (the issue's figure)."""
B_NOTE = "B-NOTE the chair went quiet after the budget"
B_ACTION = "B-ACTION send the criteria"


def test_a_co_facilitator_joins_from_a_second_laptop_over_syncthing(tmux: TmuxDriver, tmp_path: Path) -> None:
    data_a, data_b = tmp_path / "laptop-a", tmp_path / "laptop-b"
    a, b = pair(tmp_path, data_a / "days", data_b / "days")
    try:
        tmux.start("a", app_argv(data_a))
        tmux.wait_for("a", "Up first:")
        tmux.start_real_day("a", f"Now: {FIRST}")
        (day_id,) = [p.name for p in (data_a / "days").iterdir() if not p.name.startswith(".")]
        started = time.monotonic()
        # The first sync also waits for the two instances to start and find each other.
        wait_for_path(data_b / "days" / day_id, 2 * SYNC, "the day's folder on laptop B")
        logs = list((data_a / "days" / day_id).glob("*.jsonl"))
        assert len(logs) == 1
        wait_for_path(data_b / "days" / day_id / logs[0].name, SYNC, "laptop A's log on laptop B")
        print(f"the day reached laptop B after {time.monotonic() - started:.1f} s")

        # B runs the same day: refused, told who runs the clock and offered --join.
        tmux.start("b-refused", app_argv(data_b, "run", "--day", day_id))
        refused = tmux.exit_status("b-refused")
        message = "".join(line.rstrip() for line in tmux.screen("b-refused").splitlines())  # the terminal wrapped it
        assert refused == "exit 2" and f"--day {day_id} --join" in message and "--take-over" in message, (refused, message)

        tmux.start("b", app_argv(data_b, "run", "--day", day_id, "--join", "--author", "Bea"))
        tmux.wait_for("b", lambda s: "JOINED" in s and f"Now: {FIRST}" in s, timeout=15)
        tmux.send_keys("b", "n")
        tmux.wait_for("b", "The clock is run by")
        focus_notes(tmux, "b")
        tmux.type("b", B_NOTE)
        tmux.wait_for("b", B_NOTE[:30])
        leave_notes(tmux, "b")  # (and wait: an escape followed at once by `a` would be alt+a)
        tmux.send_keys("b", "a")
        tmux.wait_for("b", "New action")
        tmux.type("b", B_ACTION)
        tmux.send_keys("b", "Enter")
        tmux.wait_for("b", "Action saved")
        written = time.monotonic()

        tmux.start("review", app_argv(data_a, "review", "--day", day_id))
        tmux.wait_for("review", lambda s: B_NOTE[:30] in s and B_ACTION in s, timeout=SYNC)
        print(f"laptop A's review showed B's note and action {time.monotonic() - written:.1f} s after B wrote them")

        tmux.send_keys("a", "n")
        moved = time.monotonic()
        tmux.wait_for("b", f"Now: {SECOND}", timeout=SYNC)
        print(f"laptop B followed A's next after {time.monotonic() - moved:.1f} s")
    finally:
        a.stop()
        b.stop()
