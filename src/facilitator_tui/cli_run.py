"""The `run` and `days` sub-commands (filled in with the run screen)."""

from __future__ import annotations

import argparse


def add_run_parser(commands: argparse._SubParsersAction) -> None:
    """Register `run`."""
    run = commands.add_parser("run", help="run a workshop day (the default)")
    run.add_argument("plan", nargs="?", metavar="PLAN")
    run.set_defaults(handler=lambda args: 0)


def add_days_parser(commands: argparse._SubParsersAction) -> None:
    """Register `days`."""
