"""Benchmark the room display (issue 10): idle CPU following a running day, and the time from an act to the room.

Run by hand, not by pytest:

    python bench/display_bench.py            # about 3 minutes
    python bench/display_bench.py --quick    # a smoke run: rough numbers

1. Idle CPU: `facilitator-tui display` following a running day in a
   100x30 pty, against the minimal Textual `Digits` app in the same run
   (alternating, after settling), over `--cpu-seconds` each round.
2. Act to room: a day runs in this process (the run window's `Day.do`, fsync
   included); the display runs as its own process. Each act jumps to the
   other of two items; the time is from `Day.do` returning to the new title
   on the display: in the pty for the terminal display, in Chromium
   (Debian's, driven by Playwright) for `display --web`. Median of `--acts`.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from facilitator_tui.core import acts
from facilitator_tui.core.days import Day, open_day
from facilitator_tui.core.locations import bundled_plans
from facilitator_tui.core.plan_loader import load_plan
from run_screen_bench import BASELINE, PtyRun, idle_cpu, machine, measure_idle, ms

ITEMS = ("two-worlds", "boundaries")
"""Two items of the bundled plan the acts jump between (ids)."""


def running_day(data: Path) -> Day:
    """The bundled day, started now on the real clock (as a facilitator would), in `data`."""
    path = bundled_plans()["partnership-dynamics"]
    day = open_day(data, load_plan(path), path, author="bench")
    outcome = day.do(acts.Start(confirmed=True))
    assert outcome.done, outcome.message
    return day


def titles(day: Day) -> dict[str, str]:
    return {item.id: item.title for item in day.plan.agenda}


def other_item(day: Day) -> str:
    """Whichever of the two items is not running: the next jump's target."""
    running = day.plan.agenda[day.state.current].id if day.state.current is not None else None
    return ITEMS[1] if running == ITEMS[0] else ITEMS[0]


def display_cpu(seconds: float, settle: float, data: Path) -> tuple[float, float]:
    """(CPU % of one core, output bytes/s) of the terminal display following the day in `data`."""
    run = PtyRun([sys.executable, "-m", "facilitator_tui", "display", "--data-dir", str(data)])
    try:
        run.wait_for("Next at")
        return measure_idle(run, seconds, settle)
    finally:
        run.close()


def terminal_latency(day: Day, count: int) -> list[float]:
    """Seconds from `Day.do(Jump)` returning to the display showing the item's title, `count` times."""
    names = titles(day)
    run = PtyRun([sys.executable, "-m", "facilitator_tui", "display", "--data-dir", str(day.data)])
    times = []
    try:
        run.wait_for("Next at")
        run.drain(1.0)
        for k in range(count + 1):  # the first is a warm-up
            target = other_item(day)
            mark = len(run.output)
            assert day.do(acts.Jump(target, confirmed=True)).done
            done = time.perf_counter()
            run.wait_for(names[target][:30], since=mark, timeout=10)
            if k:
                times.append(time.perf_counter() - done)
            run.drain(0.3)
    finally:
        run.close()
    return times


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def browser_latency(day: Day, count: int) -> list[float]:
    """The same in Chromium, on `display --web`."""
    from playwright.sync_api import expect, sync_playwright

    names = titles(day)
    port = free_port()
    argv = [sys.executable, "-m", "facilitator_tui", "display", "--web", "--port", str(port), "--data-dir", str(day.data)]
    server = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert server.stdout is not None
    address = re.search(r"(http://\S+)", server.stdout.readline())
    assert address
    times = []
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(address.group(1), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "chromium", args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(address.group(1))
            heading = page.locator("#heading")
            for k in range(count + 1):
                target = other_item(day)
                assert day.do(acts.Jump(target, confirmed=True)).done
                done = time.perf_counter()
                expect(heading).to_have_text(names[target], timeout=10_000)
                if k:
                    times.append(time.perf_counter() - done)
                time.sleep(0.3)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cpu-seconds", type=float, default=60.0, help="idle CPU window per round (default 60)")
    parser.add_argument("--cpu-rounds", type=int, default=2, help="rounds of each app (default 2)")
    parser.add_argument("--settle", type=float, default=3.0)
    parser.add_argument("--acts", type=int, default=20, help="acts timed to the room (default 20)")
    parser.add_argument("--quick", action="store_true", help="10 s of CPU, 1 round, 5 acts")
    parser.add_argument("--only", choices=("cpu", "latency"), help="run one of the two measurements")
    args = parser.parse_args(argv)
    if args.quick:
        args.cpu_seconds, args.cpu_rounds, args.acts = 10.0, 1, 5
    print("\n".join(machine()), flush=True)
    data = Path(tempfile.mkdtemp(prefix="ftui-display-bench-"))
    day = running_day(data)
    try:
        if args.only != "latency":
            idle(args, data)
        if args.only != "cpu":
            latency(args, day)
    finally:
        day.close()
        shutil.rmtree(data, ignore_errors=True)
    return 0


def idle(args: argparse.Namespace, data: Path) -> None:
    """Idle CPU of the display and of the baseline, alternating."""
    cpu: dict[str, list[tuple[float, float]]] = {"display": [], "baseline Digits": []}
    for round_ in range(args.cpu_rounds):
        order = ("display", "baseline Digits") if round_ % 2 == 0 else ("baseline Digits", "display")
        for name in order:
            got = display_cpu(args.cpu_seconds, args.settle, data) if name == "display" else idle_cpu(BASELINE, args.cpu_seconds, args.settle)
            cpu[name].append(got)
            print(f"  {name}: {got[0]:.2f} % CPU, {got[1]:.0f} bytes/s", flush=True)
    base = statistics.mean(c for c, _ in cpu["baseline Digits"])
    shown = statistics.mean(c for c, _ in cpu["display"])
    print(f"\n## Idle CPU over {args.cpu_seconds:.0f} s, following a running day ({args.cpu_rounds} rounds each)\n")
    print("| app | CPU % of one core (rounds) | output | ratio |\n| --- | --- | --- | --- |")
    for name, values in cpu.items():
        rounds = ", ".join(f"{c:.2f}" for c, _ in values)
        out = statistics.mean(o for _, o in values)
        print(f"| {name} | {statistics.mean(c for c, _ in values):.2f} ({rounds}) | {out:.0f} bytes/s | **{statistics.mean(c for c, _ in values) / base:.2f}x** |")
    print(f"\ndisplay / baseline: **{shown / base:.2f}x** (goal: at most 1.5x)")


def latency(args: argparse.Namespace, day: Day) -> None:
    """From an act to the room, terminal and browser."""
    term = terminal_latency(day, args.acts)
    web = browser_latency(day, args.acts)
    print(f"\n## From an act to the room ({args.acts} acts each; goal: under 1 s)\n")
    print("| display | time, median (min–max) |\n| --- | --- |")
    print(f"| terminal (`display`) | {ms(term)} |\n| browser (`display --web`, Chromium) | {ms(web)} |")


if __name__ == "__main__":
    sys.exit(main())
