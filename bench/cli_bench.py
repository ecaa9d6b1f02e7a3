"""Benchmark issue 12's start-up figure: `facilitator-tui --version` and `--help` against `python -c pass`.

Run by hand: `python bench/cli_bench.py [--runs N]`. Each command runs N times
(default 15) in a fresh process; the median wall time of each is printed with
its ratio to the baseline measured in the same run. Goal: under 0.1 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "python -c pass (baseline)": [sys.executable, "-c", "pass"],
    "facilitator-tui --version": [sys.executable, "-m", "facilitator_tui", "--version"],
    "facilitator-tui --help": [sys.executable, "-m", "facilitator_tui", "--help"],
}


def median_seconds(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    results = {name: median_seconds(argv, args.runs) for name, argv in COMMANDS.items()}
    base = results["python -c pass (baseline)"]
    print("| command | median | vs `python -c pass` |\n| --- | --- | --- |")
    for name, seconds in results.items():
        print(f"| {name} | {seconds * 1000:.0f} ms | {seconds / base:.1f}x |")


if __name__ == "__main__":
    main()
