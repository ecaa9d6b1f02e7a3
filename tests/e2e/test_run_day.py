"""The real app in tmux: run a day, survive kill -9, refuse a second writer, rehearse.

Every test starts `python -m facilitator_tui` (the Python running pytest, so
the installed package) in its own tmux server at 100x30, with its own data
directory, and reads the screen as a facilitator would see it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from facilitator_tui.core.event_log import LogReader
from facilitator_tui.core.events import DayCreated
from facilitator_tui.core.fold import fold
from facilitator_tui.core.plan import Plan
from facilitator_tui.core.status import status

from .tmux_driver import TmuxDriver, app_argv

pytestmark = pytest.mark.e2e

FIRST = "In at the deep end"
"""The bundled plan's first item (09:30, 90 min), then a 15-min break, then …"""
THIRD = "From competition to collaboration"
FIRST_MINUTES, BREAK_MINUTES = 90, 15
AGENDA_WIDTH = 36
"""Columns of the agenda pane at 100x30 (its right border included)."""
ONE_SECOND = 1.0
"""How far the resumed countdown may be from the truth. A hard requirement: do not loosen."""


# ----- helpers -------------------------------------------------------------------


def marks(screen: str) -> dict[str, str]:
    """The agenda's marker (`✓`, `▶`, `✗`, `–` or blank) by planned start, e.g. {"09:30": "✓"}."""
    found: dict[str, str] = {}
    for line in screen.split("\n"):
        match = re.match(r"[│┃](.) (\d\d:\d\d) ", line[:AGENDA_WIDTH])  # ┃: the agenda has the focus
        if match:
            found.setdefault(match.group(2), match.group(1))
    return found


def day_ids(data_dir: Path) -> list[str]:
    """The day folders in the data dir."""
    days = data_dir / "days"
    return sorted(path.name for path in days.iterdir()) if days.is_dir() else []


def only_day(data_dir: Path) -> str:
    """The id of the one day in the data dir."""
    ids = day_ids(data_dir)
    assert len(ids) == 1, f"expected one day folder, found {ids}"
    return ids[0]


def run_second(data_dir: Path, env: dict[str, str], *args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run another instance outside tmux (no terminal); its result and how long it took."""
    began = time.monotonic()
    try:
        result = subprocess.run(
            app_argv(data_dir, *args), env=env, capture_output=True, text=True, timeout=20, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"the second instance did not exit within 20 s (it was not refused?); stderr: {exc.stderr!r}")
    return result, time.monotonic() - began


def assert_refused(result: subprocess.CompletedProcess[str], took: float, holder_pid: int) -> None:
    """A second writer: exit 2 at once, saying who holds the day and how to open it read-only."""
    output = result.stdout + result.stderr
    assert result.returncode == 2, f"exit {result.returncode}, stderr:\n{result.stderr}"
    assert f"process {holder_pid}" in result.stderr, f"stderr does not name process {holder_pid}:\n{result.stderr}"
    assert "--read-only" in result.stderr, result.stderr
    assert "Traceback" not in output, output
    assert took < 10, f"refusing took {took:.1f} s"


def assert_is_app(pid: int) -> None:
    """The pid tmux reports is the app itself (env exec'd Python), so kill -9 hits the app."""
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists():
        assert b"facilitator_tui" in cmdline.read_bytes(), cmdline.read_bytes()


def logged_status(data_dir: Path, day_id: str, now: dt.datetime):
    """The status the day's log gives at `now` (the core's answer, for a cross-check)."""
    events = LogReader(data_dir / "days" / day_id).read_new()
    header = next(event for event in events if isinstance(event, DayCreated))
    plan = Plan.model_validate(header.plan)
    return status(plan, fold(plan, events), now)


def start_day(tmux: TmuxDriver, session: str, data_dir: Path, *args: str) -> int:
    """Start the app and wait for its first screen; the app's pid."""
    pid = tmux.start(session, app_argv(data_dir, *args))
    tmux.wait_for(session, "Up first:")
    assert_is_app(pid)
    return pid


def kill_9(tmux: TmuxDriver, session: str, pid: int) -> None:
    """kill -9 the app and wait until it is gone."""
    os.kill(pid, signal.SIGKILL)
    tmux.wait_dead(session)


# ----- tests ---------------------------------------------------------------------


def test_start_the_day_and_move_through_items(tmux: TmuxDriver, data_dir: Path) -> None:
    """Before start it counts to 09:30; space starts item 1; n, PageDown and PageUp move; ctrl+q quits."""
    start_day(tmux, "day", data_dir)
    reading = tmux.wait_clock("day")
    planned = reading.wall.replace(hour=9, minute=30, second=0, microsecond=0)
    until = (planned - reading.wall).total_seconds()
    if until > 30:
        assert "until start" in reading.screen, reading.screen
    elif until < -30:
        assert "LATE · press space" in reading.screen, reading.screen
    assert abs(reading.seconds - until) <= 2, f"shows {reading.text} with {until:.0f} s to 09:30"
    assert day_ids(data_dir) == [], "opening the app must not create the day before the first event"

    screen = tmux.start_real_day("day", f"Now: {FIRST}")
    assert marks(screen)["09:30"] == "▶", screen
    assert marks(screen)["11:00"] == " ", screen
    left = tmux.wait_clock("day").seconds
    assert FIRST_MINUTES * 60 - 10 < left <= FIRST_MINUTES * 60, f"item 1 shows {left} s left"

    tmux.type("day", "n")
    screen = tmux.wait_for("day", "Now: Break")
    assert (marks(screen)["09:30"], marks(screen)["11:00"], marks(screen)["11:15"]) == ("✓", "▶", " "), screen

    tmux.send_keys("day", "NPage")
    screen = tmux.wait_for("day", f"Now: {THIRD}")
    assert (marks(screen)["09:30"], marks(screen)["11:00"], marks(screen)["11:15"]) == ("✓", "✓", "▶"), screen

    tmux.send_keys("day", "PPage")
    screen = tmux.wait_for("day", "Now: Break")
    assert (marks(screen)["09:30"], marks(screen)["11:00"]) == ("✓", "▶"), screen
    assert marks(screen)["11:15"] != "▶", screen
    left = tmux.wait_clock("day").seconds
    assert BREAK_MINUTES * 60 - 30 < left <= BREAK_MINUTES * 60, f"the reopened break shows {left} s left"

    day_id = only_day(data_dir)
    assert list((data_dir / "days" / day_id).glob("events-*.jsonl")), "no event log written"
    assert logged_status(data_dir, day_id, dt.datetime.now().astimezone()).current == 1

    tmux.send_keys("day", "C-q")
    assert tmux.exit_status("day") == "exit 0", tmux.screen("day")
    assert "Traceback" not in tmux.screen("day"), tmux.screen("day")
    assert not (data_dir / "locks" / f"{day_id}.lock").exists(), "a clean quit leaves no lock file"


def test_kill_9_and_restart_resumes_the_item_and_its_time(tmux: TmuxDriver, data_dir: Path) -> None:
    """After kill -9 the app resumes at the same item, its countdown within 1 s of the truth."""
    pid = start_day(tmux, "first", data_dir)
    tmux.start_real_day("first", f"Now: {FIRST}")
    tmux.type("first", "n")
    tmux.wait_for("first", "Now: Break")

    before = tmux.wait_clock_edge("first")
    kill_9(tmux, "first", pid)
    time.sleep(1.5)  # time while the app is down counts too

    tmux.start("again", app_argv(data_dir))
    screen = tmux.wait_for("again", "Now: Break")
    assert (marks(screen)["09:30"], marks(screen)["11:00"]) == ("✓", "▶"), screen
    after = tmux.wait_clock_edge("again")

    elapsed = after.monotonic - before.monotonic
    expected = before.seconds - elapsed
    assert abs(after.seconds - expected) <= ONE_SECOND, (
        f"before the kill: {before.text}; {elapsed:.2f} s later the restarted app shows {after.text} "
        f"(expected {expected:.2f} s)\n{after.screen}"
    )
    assert "Now: Break" in after.screen

    logged = logged_status(data_dir, only_day(data_dir), after.wall)
    assert logged.current == 1
    assert abs(after.seconds - logged.remaining) <= ONE_SECOND, f"shows {after.text}, the log gives {logged.remaining:.2f} s"


def test_kill_9_while_paused_resumes_paused(tmux: TmuxDriver, data_dir: Path) -> None:
    """A paused item stays paused through kill -9, with the same time left."""
    pid = start_day(tmux, "first", data_dir)
    tmux.start_real_day("first", f"Now: {FIRST}")
    tmux.type("first", "n")
    tmux.wait_for("first", "Now: Break")
    tmux.send_keys("first", "Space")
    tmux.wait_for("first", "PAUSED")
    paused = tmux.wait_clock("first")

    kill_9(tmux, "first", pid)
    time.sleep(1.5)
    tmux.start("again", app_argv(data_dir))
    tmux.wait_for("again", lambda screen: "Now: Break" in screen and "PAUSED" in screen)
    time.sleep(1.2)  # a paused clock does not move
    resumed = tmux.wait_clock("again")
    assert resumed.seconds == paused.seconds, f"paused at {paused.text}, resumed showing {resumed.text}"
    assert "PAUSED" in resumed.screen


def test_a_second_instance_is_refused(tmux: TmuxDriver, data_dir: Path, env: dict[str, str]) -> None:
    """A second writer exits 2 naming the holder, before and after the first event; --read-only opens and follows."""
    pid = start_day(tmux, "first", data_dir)

    result, took = run_second(data_dir, env)
    assert_refused(result, took, pid)
    assert day_ids(data_dir) == [], "the refused instance created a day"

    tmux.start_real_day("first", f"Now: {FIRST}")
    day_id = only_day(data_dir)
    result, took = run_second(data_dir, env)
    assert_refused(result, took, pid)
    assert f"--read-only --day {day_id}" in result.stderr, result.stderr
    result, took = run_second(data_dir, env, "run", "--day", day_id)
    assert_refused(result, took, pid)

    tmux.start("watch", app_argv(data_dir, "--read-only", "--day", day_id))
    screen = tmux.wait_for("watch", lambda screen: "READ-ONLY" in screen and f"Now: {FIRST}" in screen)
    assert marks(screen)["09:30"] == "▶", screen

    tmux.type("first", "n")  # the writer moves on; the reader follows
    tmux.wait_for("first", "Now: Break")
    tmux.wait_for("watch", "Now: Break", timeout=10)
    tmux.send_keys("watch", "Space")  # a reader cannot write: the key is greyed out and does nothing
    time.sleep(1.5)
    assert not tmux.is_dead("first")
    assert "PAUSED" not in tmux.screen("first")
    assert "PAUSED" not in tmux.screen("watch")
    assert [e.type for e in LogReader(data_dir / "days" / day_id).read_new()].count("pause") == 0


@pytest.mark.parametrize("started", [True, False], ids=["after-start", "before-start"])
def test_a_stale_lock_does_not_block(tmux: TmuxDriver, data_dir: Path, env: dict[str, str], started: bool) -> None:
    """After kill -9 the lock file stays, but a new instance runs; it then holds the day itself."""
    pid = start_day(tmux, "first", data_dir)
    if started:
        tmux.start_real_day("first", f"Now: {FIRST}")
    kill_9(tmux, "first", pid)
    locks = list((data_dir / "locks").glob("*.lock"))
    assert len(locks) == 1 and f"process {pid}" in locks[0].read_text(), "expected the killed app's lock file to remain"

    new_pid = tmux.start("again", app_argv(data_dir))
    tmux.wait_for("again", f"Now: {FIRST}" if started else "Up first:")
    assert not tmux.is_dead("again"), tmux.screen("again")

    result, took = run_second(data_dir, env)
    assert_refused(result, took, new_pid)


def test_rehearsal_runs_fast_and_warns(tmux: TmuxDriver, data_dir: Path) -> None:
    """--rehearse --speed 60 is labelled, counts a minute a second, and shows the warning labels."""
    tmux.start("rehearse", app_argv(data_dir, "--rehearse", "--speed", "60", "--start", "09:29"))
    tmux.wait_for("rehearse", lambda screen: "REHEARSAL" in screen and "Up first:" in screen)
    tmux.wait_for("rehearse", "LATE · press space", timeout=10)  # 09:30 comes after one real second

    tmux.send_keys("rehearse", "Space")  # a rehearsal starts whenever, without a question
    tmux.wait_for("rehearse", f"Now: {FIRST}")
    first = tmux.wait_clock("rehearse")
    time.sleep(1.0)
    second = tmux.wait_clock("rehearse")
    rate = (first.seconds - second.seconds) / (second.monotonic - first.monotonic)
    assert 45 <= rate <= 75, f"{first.text} then {second.text}: {rate:.0f} s a second, expected 60"

    screen = tmux.type("rehearse", "n") or tmux.wait_for("rehearse", "Now: Break")
    ends = dt.datetime.strptime(re.search(r"ends (\d\d:\d\d)", screen).group(1), "%H:%M")
    # 15 -> 10 min: five real seconds before the 5-minute mark. The presses
    # show no notices; the item's end time moves five minutes earlier.
    tmux.type("rehearse", "-" * 5)
    tmux.wait_for("rehearse", f"ends {(ends - dt.timedelta(minutes=5)):%H:%M}")
    assert "⚠ 5 MIN" not in tmux.screen("rehearse"), "warned before the 5-minute mark"
    tmux.wait_for("rehearse", "⚠ 5 MIN", timeout=10)
    left = tmux.wait_clock("rehearse").seconds
    assert 60 < left <= 300, f"the 5-minute label shows with {left} s left"
    tmux.wait_for("rehearse", "⚠ 1 MIN", timeout=10)
    screen = tmux.wait_for("rehearse", "OVERTIME", timeout=10)
    assert "REHEARSAL" in screen
    assert tmux.wait_clock("rehearse").text.startswith("+"), "overtime counts up as +MM:SS"
    assert day_ids(data_dir) and all("-rehearsal-" in day for day in day_ids(data_dir)), day_ids(data_dir)

