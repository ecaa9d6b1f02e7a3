"""Command-line entry: `facilitator-tui [run|validate|agenda|plans|days|review|export] ...`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .locations import PlanNotFound, bundled_plans, resolve_plan
from .plan import Plan
from .plan_loader import PlanError, Problem, load_plan

EXIT_OK = 0
EXIT_BAD_INPUT = 2

SUBCOMMANDS = ("run", "validate", "agenda", "plans", "days", "review", "export")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every sub-command."""
    parser = argparse.ArgumentParser(
        prog="facilitator-tui",
        description="Run a live workshop day from the terminal: timer, prompts, notes.",
        epilog="With no sub-command, `run` is assumed: `facilitator-tui --rehearse` = `facilitator-tui run --rehearse`.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    from .cli_run import add_run_parser, add_days_parser

    add_run_parser(commands)

    validate = commands.add_parser(
        "validate", help="check plan files and report every problem", description="Check plan files. Exit 0 when all are valid, 2 otherwise."
    )
    validate.add_argument("plans", nargs="+", metavar="PLAN", help="plan file path or bundled plan name")
    validate.set_defaults(handler=cmd_validate)

    agenda = commands.add_parser("agenda", help="print a plan's agenda as a table", description="Print the agenda: start, end, minutes, kind, title.")
    agenda.add_argument("plan", nargs="?", metavar="PLAN", help="plan file path or bundled plan name (default: the bundled workshop)")
    agenda.set_defaults(handler=cmd_agenda)

    plans = commands.add_parser("plans", help="list the bundled plans", description="List the plans that ship with the app.")
    plans.set_defaults(handler=cmd_plans)

    add_days_parser(commands)
    from .cli_notes import add_notes_parsers

    add_notes_parsers(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args_list = _with_subcommand(list(sys.argv[1:] if argv is None else argv))
    parser = build_parser()
    args = parser.parse_args(args_list)
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `facilitator-tui export | head`: the reader left; that is not an error.
        sys.stderr.close()
        return 0


OPTIONS_WITH_VALUES = frozenset(
    {"--data-dir", "--day", "--speed", "--start", "--author", "--format", "--what", "--pseudonyms", "-o", "--output"}
)


def _with_subcommand(args: list[str]) -> list[str]:
    """Put the sub-command first; `facilitator-tui` alone, or with run's options, means `run`.

    Options may come before the sub-command (`--data-dir D days`).
    """
    if args[:1] in (["-h"], ["--help"], ["--version"]):
        return args
    index = 0
    while index < len(args):
        word = args[index]
        if word in SUBCOMMANDS:
            return [word, *args[:index], *args[index + 1 :]]
        if not word.startswith("-"):
            break  # a plan name: `run`'s positional
        index += 2 if word in OPTIONS_WITH_VALUES else 1
    return ["run", *args]


def error(message: str) -> None:
    """Print a one-line error to stderr."""
    print(f"facilitator-tui: {message}", file=sys.stderr)


def open_plan(name: str | None) -> tuple[Plan, Path]:
    """Load a plan by path or bundled name; raises PlanError with clear problems."""
    try:
        path = resolve_plan(name)
    except PlanNotFound as exc:
        raise PlanError([Problem(name or "", "", str(exc))]) from None
    return load_plan(path), path


def report_plan_error(exc: PlanError) -> int:
    """Print every problem of a plan and return the bad-input exit code."""
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    return EXIT_BAD_INPUT


def cmd_validate(args: argparse.Namespace) -> int:
    """`validate PLAN...`: exit 0 when all valid, else 2 with every problem."""
    failed = 0
    for name in args.plans:
        try:
            plan, path = open_plan(name)
        except PlanError as exc:
            failed += 1
            report_plan_error(exc)
            continue
        print(f"{path}: ok ({len(plan.agenda)} items, {plan.start}–{plan.close})")
    if failed:
        print(f"{failed} of {len(args.plans)} plan(s) have problems", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def cmd_agenda(args: argparse.Namespace) -> int:
    """`agenda [PLAN]`: print the agenda table."""
    try:
        plan, _ = open_plan(args.plan)
    except PlanError as exc:
        return report_plan_error(exc)
    from .agenda_table import agenda_table

    print(agenda_table(plan), end="")
    return EXIT_OK


def cmd_plans(args: argparse.Namespace) -> int:
    """`plans`: list the bundled plans with their titles."""
    for name, path in bundled_plans().items():
        try:
            title = load_plan(path).title
        except PlanError:
            title = "(does not validate: run `facilitator-tui validate " + name + "`)"
        print(f"{name:<28} {title}")
    return EXIT_OK
