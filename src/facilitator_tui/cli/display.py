"""The `display` sub-command: the room's view of a day, on a second terminal."""

from __future__ import annotations

import argparse

from ..core.locations import data_dir
from ..core.plan_loader import PlanError
from .common import EXIT_BAD_INPUT, add_data_dir, error, open_plan, report_plan_error, terminal_problem


def add_display_parser(commands: argparse._SubParsersAction) -> None:
    """Register `display`."""
    display = commands.add_parser(
        "display",
        help="the room's view of the day, for a second terminal on the projector",
        description=(
            "Show the room the time left, the item, the exercise phase and what is next, large, following the day "
            "another window runs. Read-only; nothing private is ever shown. Default day: the latest. "
            "With no day yet it waits for one."
        ),
    )
    add_data_dir(display)
    display.add_argument(
        "plan", nargs="?", metavar="PLAN", help="the day's plan, for a welcome screen before the day starts (file or bundled name)"
    )
    display.add_argument("--day", metavar="ID", help="the day to show (see `facilitator-tui days`)")
    display.set_defaults(handler=cmd_display)


def cmd_display(args: argparse.Namespace) -> int:
    """Check the terminal, then open the room display (it waits for a day if there is none yet)."""
    from ..ui.display_app import DisplayApp

    plan = None
    if args.plan is not None:
        try:
            plan, _ = open_plan(args.plan)
        except PlanError as exc:
            return report_plan_error(exc)
    problem = terminal_problem("display")
    if problem is not None:
        error(problem)
        return EXIT_BAD_INPUT
    DisplayApp(data_dir(args.data_dir), args.day, plan=plan).run()
    return 0
