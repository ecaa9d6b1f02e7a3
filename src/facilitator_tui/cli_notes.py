"""The `export` and `review` sub-commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .cli_run import add_data_dir
from .locations import data_dir


def add_notes_parsers(commands: argparse._SubParsersAction) -> None:
    """Register `export` and `review`."""
    export = commands.add_parser(
        "export",
        help="write the day log (md, html, json, csv)",
        description="Write a day log. Default day: the latest real (not rehearsal) day with events. Without -o, writes to stdout.",
    )
    add_data_dir(export)
    export.add_argument("--day", metavar="ID", help="the day to export (see `facilitator-tui days`)")
    export.add_argument("--format", choices=("md", "html", "json", "csv"), default="md", help="output format (default md)")
    export.add_argument("--what", choices=("items", "actions"), default="items", help="csv only: one row per item, or per action")
    export.add_argument("--share", action="store_true", help="a version to send: no private items, no raw notes, names pseudonymised")
    export.add_argument("--pseudonyms", metavar="FILE", type=Path, help='TOML table of "Name" = "Pseudonym" (default: the plan\'s own)')
    export.add_argument("-o", "--output", metavar="FILE", type=Path, help="write here (atomically) instead of stdout")
    export.set_defaults(handler=cmd_export)

    review = commands.add_parser(
        "review",
        help="read a day's notes, live or afterwards",
        description="Open a day read-only: timings, notes and captured items, with filters and search. Follows a day another window is running.",
    )
    add_data_dir(review)
    review.add_argument("--day", metavar="ID", help="the day to review (default: the latest)")
    review.set_defaults(handler=cmd_review)


def cmd_export(args: argparse.Namespace) -> int:
    """Write the day log in the asked format."""
    from .cli import EXIT_BAD_INPUT, error
    from .export import ExportError, load_pseudonyms, render, write_atomic
    from .export.record import day_record, share

    data = data_dir(args.data_dir)
    try:
        day = _open_for_reading(data, args.day, real_only=True)
        # A pure function of the log: the same log always gives the same file.
        record = day_record(day.plan, day.events)
        if args.share:
            names = load_pseudonyms(args.pseudonyms) if args.pseudonyms else dict(day.plan.pseudonyms)
            if not names:
                print(
                    "facilitator-tui: note: no pseudonyms (neither --pseudonyms nor a [pseudonyms] table in the plan); names are not replaced",
                    file=sys.stderr,
                )
            record = share(record, names)
        elif args.pseudonyms:
            raise ExportError("--pseudonyms only applies with --share")
        text = render(record, args.format, args.what)
        if args.output is None:
            sys.stdout.write(text)
        else:
            write_atomic(args.output, text, private=not args.share)
            print(f"Wrote {args.output}", file=sys.stderr)
    except (ExportError, LookupError) as exc:
        error(str(exc))
        return EXIT_BAD_INPUT
    return 0


def _open_for_reading(data: Path, day_id: str | None, *, real_only: bool):
    """A day opened read-only; raises LookupError with a clear message."""
    from .days import DayError, existing_day_ids, latest_day_id, open_day, peek_day

    if day_id is None:
        day_id = latest_day_id(data, real_only=real_only)
        if day_id is None:
            kind = "real day (rehearsals are left out; name one with --day)" if real_only else "day"
            raise LookupError(f"no recorded {kind} with events in {data}")
    known = existing_day_ids(data)
    if day_id not in known:
        raise LookupError(f"no day {day_id!r}; recorded days: {', '.join(known) or 'none'}")
    if peek_day(data, day_id)[0] is None:
        raise LookupError(f"day {day_id!r} has no events to export")
    try:
        return open_day(data, None, None, day_id=day_id, read_only=True)
    except DayError as exc:
        raise LookupError(str(exc)) from None


def cmd_review(args: argparse.Namespace) -> int:
    """Open the review screen on a day."""
    from .cli import EXIT_BAD_INPUT, error

    data = data_dir(args.data_dir)
    try:
        day = _open_for_reading(data, args.day, real_only=False)
    except LookupError as exc:
        error(str(exc))
        return EXIT_BAD_INPUT
    from .ui.review_app import ReviewApp

    ReviewApp(day).run()
    return 0
