"""Command-line entry: `facilitator-tui [run|validate|agenda|plans|days|review|export] ...`."""

from __future__ import annotations

import argparse
import sys

from .. import __version__
from .common import EXIT_BAD_INPUT, EXIT_OK
from .plans import add_plan_parsers
from .review_and_export import add_review_and_export_parsers
from .run import add_days_parser, add_run_parser

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

    add_run_parser(commands)
    add_plan_parsers(commands)
    add_days_parser(commands)
    add_review_and_export_parsers(commands)
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
    {"--data-dir", "--day", "--speed", "--start", "--author", "--format", "--what", "--pseudonyms", "--at", "-o", "--output"}
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

__all__ = ["EXIT_BAD_INPUT", "EXIT_OK", "build_parser", "main"]
