"""What every sub-command shares: exit codes, the error line, opening a plan, `--data-dir`."""

from __future__ import annotations

import argparse
import sys

from ..core.opening import open_plan
from ..core.plan_loader import PlanError

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def error(message: str) -> None:
    """Print a one-line error to stderr."""
    print(f"facilitator-tui: {message}", file=sys.stderr)


def report_plan_error(exc: PlanError) -> int:
    """Print every problem of a plan and return the bad-input exit code."""
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    return EXIT_BAD_INPUT


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    """`--data-dir`, on every command that reads or writes days."""
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where days are kept (default: $FACILITATOR_TUI_HOME, else the user data folder)",
    )


__all__ = ["EXIT_BAD_INPUT", "EXIT_OK", "add_data_dir", "error", "open_plan", "report_plan_error"]
