"""Command-line entry: `facilitator-tui [run|validate|agenda|plans|days|review|export|display|merge|groups|pack|prepare] ...`."""

from __future__ import annotations

import argparse
import difflib
import sys
from typing import Any

from .. import __version__
from .common import EXIT_BAD_INPUT, EXIT_OK, error
from .display import add_display_parser
from .groups_command import add_groups_parser
from .merge import add_merge_parser
from .pack_command import add_pack_parser
from .plans import add_plan_parsers
from .prepare_command import add_prepare_parser
from .review_and_export import add_review_and_export_parsers
from .run import add_days_parser, add_run_parser

SUBCOMMANDS = ("run", "validate", "agenda", "plans", "days", "review", "export", "display", "merge", "groups", "pack", "prepare")


class _Parser(argparse.ArgumentParser):
    """An argument parser that takes long options only in full: `--rehears` is not `--rehearse`.

    Used for the main parser and, as the sub-parsers' class, for every
    sub-command's, so a sub-command added later cannot forget it.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["allow_abbrev"] = False
        super().__init__(*args, **kwargs)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every sub-command."""
    parser = _Parser(
        prog="facilitator-tui",
        description="Run a live workshop day from the terminal: timer, prompts, notes.",
        epilog="With no sub-command, `run` is assumed: `facilitator-tui --rehearse` = `facilitator-tui run --rehearse`.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    add_run_parser(commands)
    add_plan_parsers(commands)
    add_days_parser(commands)
    add_review_and_export_parsers(commands)
    add_display_parser(commands)
    add_merge_parser(commands)
    add_groups_parser(commands)
    add_pack_parser(commands)
    add_prepare_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    typo = misspelled_command(args_list)
    if typo is not None:
        word, command = typo
        error(f"unknown command {word!r}; did you mean {command!r}?")
        return EXIT_BAD_INPUT
    parser = build_parser()
    args = parser.parse_args(_with_subcommand(args_list))
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `facilitator-tui export | head`: the reader left; that is not an error.
        sys.stderr.close()
        return 0


OPTIONS_WITH_VALUES = frozenset(
    {"--data-dir", "--day", "--speed", "--start", "--author", "--format", "--what", "--pseudonyms", "--at", "-o", "--output", "--host", "--port", "--people", "--seed", "--item", "--date", "--tick", "--untick"}
)
"""Every option that takes a value, as typed in full (abbreviations are refused); a test checks it against the parsers."""


def _with_subcommand(args: list[str]) -> list[str]:
    """Put the sub-command first; `facilitator-tui` alone, or with run's options, means `run`.

    Options may come before the sub-command (`--data-dir D days`).
    """
    if args[:1] in (["-h"], ["--help"], ["--version"]):
        return args
    index = _first_word(args)
    if index is not None and args[index] in SUBCOMMANDS:
        return [args[index], *args[:index], *args[index + 1 :]]
    return ["run", *args]


def _first_word(args: list[str]) -> int | None:
    """Where the first word that is not an option or an option's value is: a sub-command, or else run's PLAN."""
    index = 0
    while index < len(args):
        word = args[index]
        if not word.startswith("-"):
            return index
        # `--data-dir=D` carries its value; `--data-dir D` is followed by it.
        index += 2 if word in OPTIONS_WITH_VALUES else 1
    return None


def misspelled_command(args: list[str]) -> tuple[str, str] | None:
    """(word, sub-command) when the first word looks like a misspelled sub-command, not a plan; else None.

    `facilitator-tui reveiw` would otherwise be `run` with a plan named
    "reveiw". A word that names a plan file or a bundled plan is a plan, as
    before, however close it is to a sub-command.
    """
    from ..core.locations import PlanNotFound, resolve_plan

    if args[:1] in (["-h"], ["--help"], ["--version"]):
        return None
    index = _first_word(args)
    if index is None or args[index] in SUBCOMMANDS:
        return None
    word = args[index]
    close = difflib.get_close_matches(word, SUBCOMMANDS, n=1, cutoff=0.7)
    if not close:
        return None
    try:
        resolve_plan(word)  # a path (existing, or ending .toml, or with a /) or a bundled plan's name
    except PlanNotFound:
        return word, close[0]
    return None


__all__ = ["EXIT_BAD_INPUT", "EXIT_OK", "build_parser", "main", "misspelled_command"]
