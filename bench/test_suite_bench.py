"""Benchmark issue 12's test-time figure: the tests without end-to-end ones, the developer's quick run.

Run by hand: `python bench/test_suite_bench.py`. It times, one after the
other, `pytest -m 'not e2e'` on two workers (pytest-xdist, work stealing:
the quick run the README gives) and the same tests in one process (the
baseline, measured in the same run). Goal: the quick run under 90 s on the
2-core machine CI uses. The whole suite's time comes from `.ci/run`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SELECT = ["-m", "pytest", "-m", "not e2e", "-q", "-p", "no:cacheprovider"]
RUNS = {
    "2 workers (`-n 2 --dist worksteal`)": [*SELECT, "-n", "2", "--dist", "worksteal"],
    "one process (baseline)": [*SELECT, "-p", "no:xdist"],
}


def seconds(argv: list[str]) -> tuple[float, str]:
    """Wall time of one pytest run, and its last line (the counts)."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, *argv], cwd=ROOT, capture_output=True, text=True, check=False)
    took = time.perf_counter() - started
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0:
        sys.exit(f"pytest failed ({done.returncode}): {lines[-1] if lines else done.stderr}")
    return took, lines[-1] if lines else ""


def main() -> None:
    # Parsed only so that `--help` explains the run (nine minutes on a slow machine) instead of starting it.
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    results = {name: seconds(argv) for name, argv in RUNS.items()}
    base = results["one process (baseline)"][0]
    print("| run | wall time | vs one process | pytest said |\n| --- | --- | --- | --- |")
    for name, (took, said) in results.items():
        print(f"| {name} | {took:.0f} s | {took / base:.2f}x | {said} |")


if __name__ == "__main__":
    main()
