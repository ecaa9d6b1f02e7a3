"""What every sub-command shares: exit codes, the error line, opening a plan, `--data-dir`, the terminal check."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from ..core.plan import Plan
    from ..core.plan_loader import PlanError

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def error(message: str) -> None:
    """Print a one-line error to stderr."""
    print(f"facilitator-tui: {message}", file=sys.stderr)


def open_plan(name: str | None) -> tuple[Plan, Path]:
    """The plan a PLAN argument names (a path or a bundled name), loaded; raises PlanError."""
    # Imported here: `--help` and `--version` must not wait for the plan models (pydantic).
    from ..core.opening import open_plan as open_named_plan

    return open_named_plan(name)


def report_plan_error(exc: PlanError) -> int:
    """Print every problem of a plan and return the bad-input exit code."""
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    return EXIT_BAD_INPUT


# (stream, its name, how it is not a terminal, what to do instead), in the order they are checked.
_TERMINAL_STREAMS = (
    # The screen prints nothing on standard output: whoever redirects it wants a day log in a file.
    ("stdout", "standard output", "it is redirected to a file or a pipe", "Use `export` to write a day log to a file."),
    # Textual draws the screen on standard error, so `2> file` fills the file with escape codes.
    ("stderr", "standard error", "it is redirected to a file or a pipe; the screen is drawn there", "Run it in a terminal without `2>`."),
    ("stdin", "standard input", "it is redirected from a file or a pipe; the keys are read there", "Run it in a terminal without `<` or a pipe into it."),
)


def terminal_problem(command: str) -> str | None:
    """Why the full-screen `command` cannot start here (a standard stream is not a terminal), or None when it can.

    Without this, the app would write escape codes into a file or a pipe and
    then wait for keys that never come.
    """
    for name, label, how, instead in _TERMINAL_STREAMS:
        if not _is_terminal(getattr(sys, name)):
            return f"{command} needs a terminal: {label} is not one ({how}). {instead}"
    return None


def _is_terminal(stream: TextIO | None) -> bool:
    # None when Python was started without the stream (pythonw, a closed descriptor 0, 1 or 2).
    try:
        return stream is not None and stream.isatty()
    except (OSError, ValueError):  # ValueError: a closed file
        return False


def usable_data_dir(option: str | None) -> Path | None:
    """The data folder to use, or None after saying why it cannot be (a file where a folder must be)."""
    from ..core.days import data_problem
    from ..core.locations import data_dir

    data = data_dir(option)
    problem = data_problem(data)
    if problem is not None:
        error(problem)
        return None
    return data


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    """`--data-dir`, on every command that reads or writes days."""
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where days are kept (default: $FACILITATOR_TUI_HOME, else the user data folder)",
    )


__all__ = ["EXIT_BAD_INPUT", "EXIT_OK", "add_data_dir", "error", "open_plan", "report_plan_error", "terminal_problem", "usable_data_dir"]
