"""The plan sub-commands: `validate`, `agenda` and `plans`."""

from __future__ import annotations

import argparse
import sys

from .common import EXIT_BAD_INPUT, EXIT_OK, open_plan, report_plan_error


def add_plan_parsers(commands: argparse._SubParsersAction) -> None:
    """Register `validate`, `agenda` and `plans`."""
    validate = commands.add_parser(
        "validate", help="check plan files and report every problem", description="Check plan files. Exit 0 when all are valid, 2 otherwise. Warnings (e.g. a long gap) go to stderr and do not fail."
    )
    validate.add_argument("plans", nargs="+", metavar="PLAN", help="plan file path or bundled plan name")
    validate.set_defaults(handler=cmd_validate)

    agenda = commands.add_parser("agenda", help="print a plan's agenda as a table", description="Print the agenda: start, end, minutes, kind, title.")
    agenda.add_argument("plan", nargs="?", metavar="PLAN", help="plan file path or bundled plan name (default: the bundled workshop)")
    agenda.set_defaults(handler=cmd_agenda)

    plans = commands.add_parser("plans", help="list the bundled plans", description="List the plans that ship with the app.")
    plans.set_defaults(handler=cmd_plans)


def cmd_validate(args: argparse.Namespace) -> int:
    """`validate PLAN...`: exit 0 when all valid (warnings on stderr), else 2 with every problem."""
    from ..core.plan_checks import plan_warnings
    from ..core.plan_loader import PlanError

    failed = 0
    for name in args.plans:
        try:
            plan, path = open_plan(name)
        except PlanError as exc:
            failed += 1
            report_plan_error(exc)
            continue
        print(f"{path}: ok ({len(plan.agenda)} items, {plan.start}–{plan.close})")
        # Warnings are worth a look but do not make the plan unusable: stderr, and no change to the exit code.
        for where, message in plan_warnings(plan):
            print(f"{path}: {where}: warning: {message}", file=sys.stderr)
    if failed:
        print(f"{failed} of {len(args.plans)} plan(s) have problems", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def cmd_agenda(args: argparse.Namespace) -> int:
    """`agenda [PLAN]`: print the agenda table."""
    from ..core.plan_loader import PlanError
    from .agenda_table import agenda_table

    try:
        plan, _ = open_plan(args.plan)
    except PlanError as exc:
        return report_plan_error(exc)
    print(agenda_table(plan), end="")
    return EXIT_OK


def cmd_plans(args: argparse.Namespace) -> int:
    """`plans`: list the bundled plans with their titles."""
    from ..core.locations import bundled_plans
    from ..core.plan_loader import PlanError, load_plan

    for name, path in bundled_plans().items():
        try:
            title = load_plan(path).title
        except PlanError:
            title = "(does not validate: run `facilitator-tui validate " + name + "`)"
        print(f"{name:<28} {title}")
    return EXIT_OK
