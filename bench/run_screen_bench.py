"""Benchmark the run screen against a minimal Textual app with one `Digits` (issue 3).

Run by hand, not by pytest:

    python bench/run_screen_bench.py              # 7 start-ups each, 3 x 20 s of idle CPU each
    python bench/run_screen_bench.py --quick      # a fast smoke run (numbers are rough)

Both apps run in a real pseudo-terminal of 100x30, launched by the same
interpreter, one at a time and alternating, so each figure is reported as a
ratio against the baseline measured in the same run. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import os
import platform
import re
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
COLS, ROWS = 100, 30
CTRL_Q = b"\x11"
TICKS = os.sysconf("SC_CLK_TCK")
ESCAPES = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)", re.DOTALL)
"""Terminal control sequences (CSI, OSC, DCS and two-byte escapes), stripped before searching for text."""


class PtyRun:
    """One app started in a fresh pty; its output is read (and so never blocks) as it comes."""

    def __init__(self, argv: list[str]) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        # Byte-code is written and used, as for an installed app (pip compiles it at install); a machine that
        # sets PYTHONDONTWRITEBYTECODE would otherwise compile every module of the app at every start.
        env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL") and k != "PYTHONDONTWRITEBYTECODE"}
        env.update(TERM="xterm-256color", COLORTERM="truecolor")
        self.spawned = time.perf_counter()
        self.proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
            start_new_session=True, preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
        )
        os.close(slave)
        self.fd = master
        self.output = bytearray()

    def pump(self, timeout: float) -> bool:
        """Read what arrives within `timeout` seconds; False once the app has closed the pty."""
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: every slave end is closed
            return False
        self.output += chunk
        return bool(chunk)

    def wait_for(self, text: str, since: int = 0, timeout: float = 30.0) -> float:
        """Seconds from spawn until `text` is on screen (searched in the output after `since`)."""
        needle = text.encode()
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if needle in ESCAPES.sub(b"", bytes(self.output[since:])):
                return time.perf_counter() - self.spawned
            if not self.pump(0.05):
                break
        tail = ESCAPES.sub(b"", bytes(self.output[-2000:])).decode(errors="replace")
        raise TimeoutError(f"{text!r} never appeared; last output: {tail!r}")

    def drain(self, seconds: float) -> None:
        """Keep reading output for `seconds`, as a terminal would."""
        end = time.perf_counter() + seconds
        while (left := end - time.perf_counter()) > 0:
            if not self.pump(left):
                raise RuntimeError(f"the app exited early (code {self.proc.poll()})")

    def cpu_seconds(self) -> float:
        """User + system CPU time of the process (all its threads) so far, from /proc."""
        stat = Path(f"/proc/{self.proc.pid}/stat").read_text()
        fields = stat[stat.rindex(")") + 2 :].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def send(self, keys: bytes) -> int:
        """Type `keys`; returns the output offset before them, for `wait_for(since=...)`."""
        mark = len(self.output)
        os.write(self.fd, keys)
        return mark

    def close(self) -> None:
        """Quit with ctrl+q; kill this process only if it does not go within 5 s."""
        try:
            self.send(CTRL_Q)
            end = time.perf_counter() + 5
            while self.proc.poll() is None and time.perf_counter() < end and self.pump(0.05):
                pass
            self.proc.wait(timeout=max(end - time.perf_counter(), 0.1))
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        finally:
            os.close(self.fd)


class Subject:
    """How to launch one of the two apps, and the text that shows its first frame is up."""

    def __init__(self, name: str, argv: list[str], marker: str, start_keys: bytes = b"", running: str = "") -> None:
        self.name, self.argv, self.marker = name, argv, marker
        self.start_keys, self.running = start_keys, running

    def launch(self) -> tuple[PtyRun, Path]:
        """Start it with a fresh, empty data dir (removed by the caller)."""
        data = Path(tempfile.mkdtemp(prefix="ftui-bench-"))
        return PtyRun([a.replace("{data}", str(data)) for a in self.argv]), data


RUN_SCREEN = Subject(
    "run screen",
    # `facilitator-tui run --data-dir DIR`, through the same interpreter as the baseline
    # (a pyenv or venv wrapper script would add its own start-up time).
    [sys.executable, "-m", "facilitator_tui", "run", "--data-dir", "{data}"],
    marker="Up first",
    start_keys=b" ",
    running="Now:",
)
BASELINE = Subject("baseline Digits", [sys.executable, str(HERE / "baseline_digits_app.py")], marker="Digits baseline")


def first_frame(app: Subject) -> float:
    """Seconds from spawn to the first frame showing the app's marker."""
    run, data = app.launch()
    try:
        return run.wait_for(app.marker)
    finally:
        run.close()
        shutil.rmtree(data, ignore_errors=True)


def idle_cpu(app: Subject, seconds: float, settle: float) -> tuple[float, float]:
    """(CPU % of one core, output bytes/s) over `seconds` once the app is up (and its day started)."""
    run, data = app.launch()
    try:
        run.wait_for(app.marker)
        if app.start_keys:
            mark = run.send(app.start_keys)
            # A real day started far from its planned start asks first (the bench runs at
            # any hour): say yes, as a facilitator starting it on purpose would.
            question = "Start the real day now"
            try:
                run.wait_for(question, since=mark, timeout=3.0)
                mark = run.send(b"y")
            except TimeoutError:
                pass
            run.wait_for(app.running, since=mark)
        return measure_idle(run, seconds, settle)
    finally:
        run.close()
        shutil.rmtree(data, ignore_errors=True)


def measure_idle(run: PtyRun, seconds: float, settle: float) -> tuple[float, float]:
    """(CPU % of one core, output bytes/s) of an app already up, over `seconds` after `settle`."""
    run.drain(settle)
    cpu0, out0, t0 = run.cpu_seconds(), len(run.output), time.perf_counter()
    run.drain(seconds)
    cpu1, out1, t1 = run.cpu_seconds(), len(run.output), time.perf_counter()
    return 100 * (cpu1 - cpu0) / (t1 - t0), (out1 - out0) / (t1 - t0)


def alternate(rounds: int) -> list[tuple[Subject, Subject]]:
    """Which app goes first in each round: AB, BA, AB, … so drift in the machine's load cancels out."""
    return [(RUN_SCREEN, BASELINE) if i % 2 == 0 else (BASELINE, RUN_SCREEN) for i in range(rounds)]


def machine() -> list[str]:
    """Lines saying when and where this ran."""
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    return [
        f"date:     {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"python:   {platform.python_version()} ({sys.executable})",
        f"textual:  {version('textual')}",
        f"machine:  {platform.system()} {platform.machine()}, nproc={len(os.sched_getaffinity(0))}, {model}",
        f"terminal: pty {COLS}x{ROWS}, TERM=xterm-256color",
        f"code:     {code_state()}",
    ]


def code_state() -> str:
    """The commit measured, and whether src/ had uncommitted changes."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=HERE.parent, capture_output=True, text=True).stdout.strip()

    try:
        changed = len(git("status", "--porcelain", "--", "src").splitlines())
        return f"{git('rev-parse', '--short', 'HEAD') or '?'}" + (f" + {changed} uncommitted change(s) in src/" if changed else "")
    except OSError:
        return "? (no git)"


def ms(seconds: list[float]) -> str:
    """`median (min–max)` in milliseconds."""
    return f"{statistics.median(seconds) * 1000:.0f} ms ({min(seconds) * 1000:.0f}–{max(seconds) * 1000:.0f})"


def main(argv: list[str] | None = None) -> int:
    """Run both benchmarks and print the results as Markdown tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="start-ups of each app (default 7)")
    parser.add_argument("--cpu-seconds", type=float, default=20.0, help="idle CPU window per measurement (default 20)")
    parser.add_argument("--cpu-rounds", type=int, default=3, help="idle CPU measurements of each app (default 3)")
    parser.add_argument("--settle", type=float, default=3.0, help="seconds to wait after start-up before the CPU window (default 3)")
    parser.add_argument("--quick", action="store_true", help="3 start-ups and 1 x 5 s of CPU each: a smoke run")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.cpu_seconds, args.cpu_rounds, args.settle = 3, 5.0, 1, 1.0

    print("\n".join(machine()), flush=True)
    for app in (RUN_SCREEN, BASELINE):  # warm-up: byte-compile, fill the page cache
        first_frame(app)

    frames: dict[str, list[float]] = {RUN_SCREEN.name: [], BASELINE.name: []}
    for pair in alternate(args.runs):
        for app in pair:
            frames[app.name].append(first_frame(app))
    print(f"\n## Time to first frame ({args.runs} start-ups each, median (min–max))\n")
    print("| app | first frame | ratio |\n| --- | --- | --- |")
    base = statistics.median(frames[BASELINE.name])
    for app in (RUN_SCREEN, BASELINE):
        print(f"| {app.name} | {ms(frames[app.name])} | {statistics.median(frames[app.name]) / base:.2f}x |")
    print("\nraw (s): " + "; ".join(f"{k}: {', '.join(f'{v:.3f}' for v in vs)}" for k, vs in frames.items()), flush=True)

    cpu: dict[str, list[tuple[float, float]]] = {RUN_SCREEN.name: [], BASELINE.name: []}
    for pair in alternate(args.cpu_rounds):
        for app in pair:
            cpu[app.name].append(idle_cpu(app, args.cpu_seconds, args.settle))
    print(f"\n## Idle CPU, day running ({args.cpu_rounds} x {args.cpu_seconds:g} s each, mean; % of one core)\n")
    print("| app | CPU % | per round | output bytes/s | ratio (CPU) |\n| --- | --- | --- | --- | --- |")
    base_cpu = statistics.mean(c for c, _ in cpu[BASELINE.name])
    for app in (RUN_SCREEN, BASELINE):
        rounds = cpu[app.name]
        mean = statistics.mean(c for c, _ in rounds)
        ratio = f"{mean / base_cpu:.2f}x" if base_cpu else "n/a"
        per = ", ".join(f"{c:.2f}" for c, _ in rounds)
        print(f"| {app.name} | {mean:.2f} | {per} | {statistics.mean(b for _, b in rounds):.0f} | {ratio} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
