"""Two `run` processes started at the same instant, 50 times: exactly one writes the day.

Each round starts two tmux sessions whose command is `sh -c ': < FIFO && exec
app…'`: both shells block opening the FIFO for reading (the test waits until
the kernel says both are in `wait_for_partner`), then one open for writing
wakes them together and both exec the app (the pane's pid stays the app's).
Rounds alternate, in a seeded order, between

- `fresh`: an empty data folder, `run --rehearse --speed 60`: both make the
  folders, both may make the device id, both want the lock on the same new
  rehearsal day (nothing is written before the first act);
- `resume`: a copy of a day already run once (its device id kept),
  `run --day ID`: both read the log and want its lock.

Then, per round:

- exactly one process becomes the writer (it shows its run screen); the
  other exits 2 saying the day "is already being run by" the winner (its
  pid, or "another process" if the winner has not yet written its note into
  the lock file) and suggesting `--read-only` (`cli/run.py` refuses a second
  writer; it does not open read-only on its own);
- the winner then writes (space starts the rehearsal; `n` moves the resumed
  day on), and is killed;
- every line of every log file parses as an event (nothing interleaved), the
  log replays without warnings, and no log file has an empty device id
  (`events-.jsonl`): each is named after the one id in `devices/`, and no
  half-made id file is left there.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import statistics
import time
from collections import Counter
from pathlib import Path

import pytest

from e2e.test_run_day import FIRST, assert_is_app, only_day
from e2e.tmux_driver import TmuxDriver, app_argv, wait_until
from facilitator_tui.core.event_log import LogReader
from facilitator_tui.core.events import event_from_line

pytestmark = pytest.mark.e2e

SEED = 50_2024
ROUNDS = 50
BARRIER = ': < "$0" && exec "$@"'
"""The shell waits for the FIFO's writer, then becomes the app."""
REFUSED = "already being run by"
SCREEN_UP = ("Up first:", "Now: ")
"""Text on a writer's run screen (before the start, and once running)."""


def blocked_on_fifo(pid: int) -> bool:
    """True while `pid` waits in open() for the FIFO's writer."""
    try:
        return Path(f"/proc/{pid}/wchan").read_text().strip() == "wait_for_partner"
    except OSError:
        return False


def alive(pid: int) -> bool:
    """True while `pid` runs (not gone, not a zombie tmux has yet to reap)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2 :].split()[0] != "Z"


def make_template(tmux: TmuxDriver, data: Path) -> str:
    """A data folder holding a rehearsal day already started (and so a device id and a log); the day's id."""
    pid = tmux.start("template", app_argv(data, "--rehearse", "--speed", "60"))
    tmux.wait_for("template", "Up first:")
    assert_is_app(pid)
    tmux.send_keys("template", "Space")
    tmux.wait_for("template", f"Now: {FIRST}")
    tmux.send_keys("template", "C-q")
    assert tmux.exit_status("template") == "exit 0", tmux.screen("template")
    tmux.tmux("kill-session", "-t", "template")
    return only_day(data)


def check_logs(data: Path, round_name: str, fresh: bool) -> int:
    """Every line of every log parses; no empty device id anywhere; the number of lines."""
    devices = sorted(path.name for path in (data / "devices").iterdir())
    assert len(devices) == 1 and not devices[0].startswith("."), f"{round_name}: devices/ holds {devices}"
    device = (data / "devices" / devices[0]).read_text(encoding="utf-8").strip()
    assert device, f"{round_name}: the device id file is empty"
    days = sorted((data / "days").iterdir())
    assert len(days) == 1, f"{round_name}: day folders {[day.name for day in days]}"
    lines = 0
    for day in days:
        logs = sorted(day.glob("events-*.jsonl"))
        names = [path.name for path in logs]
        assert "events-.jsonl" not in names, f"{round_name}: a log with an empty device id: {names}"
        assert names == [f"events-{device}.jsonl"], f"{round_name}: logs {names}, device id {device!r}"
        raw = logs[0].read_bytes()
        assert raw.endswith(b"\n"), f"{round_name}: {names[0]} does not end on a whole line"
        for number, line in enumerate(raw.split(b"\n")[:-1], 1):
            try:
                event = event_from_line(line)
            except ValueError as error:
                raise AssertionError(f"{round_name}: {names[0]} line {number} does not parse ({error}): {line[:200]!r}") from None
            assert event.device == device, f"{round_name}: line {number} written by device {event.device!r}, not {device!r}"
            lines += 1
        reader = LogReader(day)
        reader.read_new()
        warnings = [*reader.warnings, *reader.read_tail_warnings()]
        assert not warnings, f"{round_name}: the log replays with warnings: {[str(w) for w in warnings]}"
    assert lines >= (2 if fresh else 3), f"{round_name}: only {lines} log lines: the winner wrote nothing?"
    return lines


def test_two_runs_started_at_once_make_one_writer(tmux: TmuxDriver, tmp_path: Path) -> None:
    """50 rounds of two `run`s released by one FIFO: one writer, one refusal, whole lines, no empty device id."""
    # A session that outlives every round: tmux exits when its last session is killed, and a round that
    # starts while the old server is still going away fails with "server exited unexpectedly".
    tmux.start("keeper", ["sleep", "3600"])
    rng = random.Random(SEED)
    modes = ["fresh", "resume"] * (ROUNDS // 2)
    rng.shuffle(modes)
    template = tmp_path / "template"
    template.mkdir()
    day_id = make_template(tmux, template)
    shutil.rmtree(template / "locks", ignore_errors=True)

    began = time.monotonic()
    winners: Counter[str] = Counter()
    refusals_named: Counter[str] = Counter()
    to_refusal: list[float] = []
    for number, mode in enumerate(modes, 1):
        name = f"round {number} ({mode})"
        data = tmp_path / f"data{number:02d}"
        fresh = mode == "fresh"
        if fresh:
            data.mkdir()
            args: tuple[str, ...] = ("run", "--rehearse", "--speed", "60")
        else:
            shutil.copytree(template, data)
            args = ("run", "--day", day_id)
        fifo = tmp_path / f"go{number:02d}"
        os.mkfifo(fifo)
        sessions = {side: f"{side}{number:02d}" for side in "ab"}
        pids = {
            side: tmux.start(session, ["sh", "-c", BARRIER, str(fifo), *app_argv(data, *args)])
            for side, session in sessions.items()
        }
        wait_until(
            f"{name}: both shells waiting at the barrier",
            lambda pids=pids: all(blocked_on_fifo(pid) for pid in pids.values()),
            timeout=20.0,
            every=0.02,
        )
        os.close(os.open(fifo, os.O_WRONLY))  # wakes both readers at once
        released = time.monotonic()

        def settled(sessions: dict[str, str] = sessions, pids: dict[str, int] = pids) -> dict[str, str] | None:
            """Each side's state once both are settled: `dead`, or `up` (its run screen shows)."""
            states = {}
            for side, session in sessions.items():
                if not alive(pids[side]):
                    states[side] = "dead"
                elif any(text in tmux.screen(session) for text in SCREEN_UP):
                    states[side] = "up"
                else:
                    return None
            return states

        # Looked at every 50 ms, mostly in /proc: the two apps starting want both cores.
        states = wait_until(f"{name}: both processes settled", settled, timeout=20.0, every=0.05)
        screens = {side: tmux.screen(session) for side, session in sessions.items()}
        up = [side for side, state in states.items() if state == "up"]
        assert len(up) == 1, f"{name}: {len(up)} writers ({states}):\n" + "\n\n".join(screens.values())
        winner = up[0]
        loser = "b" if winner == "a" else "a"
        winners[winner] += 1
        to_refusal.append(time.monotonic() - released)
        status = tmux.exit_status(sessions[loser])
        refusal = tmux.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", sessions[loser])  # with what scrolled away
        assert status == "exit 2", f"{name}: the second process ended with {status}:\n{refusal}"
        assert REFUSED in refusal, f"{name}: the second process did not say {REFUSED!r}:\n{refusal}"
        assert "--read-only" in refusal and "Traceback" not in refusal, f"{name}:\n{refusal}"
        if f"process {pids[winner]}" in refusal:
            refusals_named["the winner's pid"] += 1
        else:
            assert "another process" in refusal, f"{name}: the refusal names neither process {pids[winner]} nor 'another process':\n{refusal}"
            refusals_named["another process"] += 1
        assert_is_app(pids[winner])

        # The winner writes; it alone may.
        if fresh:
            tmux.send_keys(sessions[winner], "Space")
            tmux.wait_for(sessions[winner], f"Now: {FIRST}")
        else:
            tmux.type(sessions[winner], "n")
            tmux.wait_for(sessions[winner], "Now: Break")
        os.kill(pids[winner], signal.SIGKILL)
        tmux.wait_dead(sessions[winner])
        for session in sessions.values():
            tmux.tmux("kill-session", "-t", session, check=False)

        check_logs(data, name, fresh)
        shutil.rmtree(data)
        fifo.unlink()

    print()
    print(
        f"{ROUNDS} simultaneous starts (seed {SEED}) in {time.monotonic() - began:.1f} s: "
        f"{Counter(modes)['fresh']} fresh, {Counter(modes)['resume']} resumed; winner a/b: {winners['a']}/{winners['b']}; "
        f"the refusal named {dict(refusals_named)}"
    )
    print(
        f"release to both settled (one refused, one up): median {statistics.median(to_refusal):.2f} s, "
        f"max {max(to_refusal):.2f} s"
    )
