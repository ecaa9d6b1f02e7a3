"""The `export` and `review` sub-commands."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..export.formats import FORMATS, WHATS
from .common import EXIT_BAD_INPUT, add_data_dir, error, terminal_problem, usable_data_dir


def add_review_and_export_parsers(commands: argparse._SubParsersAction) -> None:
    """Register `export` and `review`."""
    export = commands.add_parser(
        "export",
        help="write the day log (md, html, json, csv, docx, xlsx, ics)",
        description=(
            "Write a day log. Default day: the latest real (not rehearsal) day with events. "
            "Without -o, writes to stdout (Word and Excel files only into a pipe or a file)."
        ),
    )
    add_data_dir(export)
    export.add_argument("--day", metavar="ID", help="the day to export (see `facilitator-tui days`)")
    export.add_argument(
        "--format",
        choices=FORMATS,
        default="md",
        help="md (email), html (print), json (the record), csv, docx (Word), xlsx (Excel), ics (calendar); default md",
    )
    export.add_argument(
        "--what",
        choices=sorted({what for options in WHATS.values() for what in options}),
        help="csv: items (default), actions, decisions, parking or quotes; ics: actions with a due date (default) or agenda",
    )
    export.add_argument(
        "--with-guidance", action="store_true", help="full export only: include the plan's facilitator guidance under each item"
    )
    export.add_argument("--share", action="store_true", help="a version to send: no private items, no raw notes, names pseudonymised")
    export.add_argument("--pseudonyms", metavar="FILE", type=Path, help='TOML table of "Name" = "Pseudonym" (default: the plan\'s own)')
    export.add_argument(
        "--people", metavar="FILE", type=Path, help="with --share: the participant list (CSV or TOML); its pseudonyms replace its names"
    )
    export.add_argument(
        "--at",
        metavar="WHEN",
        help="report the day as it stood at this time: HH:MM on the day's date, or an ISO date-time (default: now)",
    )
    export.add_argument(
        "--no-pseudonyms",
        action="store_true",
        help="with --share and no pseudonym table: share with the names as written, knowingly",
    )
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
    from ..core.day_zone import in_zone
    from ..core.days import DayError
    from ..core.opening import open_for_reading
    from ..core.status import zone_of_day
    from ..export import BINARY_FORMATS, ExportError
    from ..export.day_log import ExportRequest, export_text, write_export

    data = usable_data_dir(args.data_dir)
    if data is None:
        return EXIT_BAD_INPUT
    request = ExportRequest(
        fmt=args.format,
        what=args.what,
        shared=args.share,
        pseudonyms=args.pseudonyms,
        no_pseudonyms=args.no_pseudonyms,
        with_guidance=args.with_guidance,
        people=args.people,
    )
    try:
        request.check()
        if args.output is None and request.fmt in BINARY_FORMATS and sys.stdout.isatty():
            raise ExportError(f"a .{request.fmt} file is not for the terminal: add -o FILE.{request.fmt}")
        day = open_for_reading(data, args.day, real_only=True)
        # An --at clock time is read on the day's own clock face, wherever this laptop is.
        now = report_instant(args.at, day.header.date, in_zone(day.now(), zone_of_day(day.state)))
        if args.output is None:
            content = export_text(day, request, now)
            if isinstance(content, bytes):
                sys.stdout.flush()
                sys.stdout.buffer.write(content)
            else:
                sys.stdout.write(content)
        else:
            write_export(day, request, now, args.output)
            print(f"Wrote {args.output}", file=sys.stderr)
    except (ExportError, DayError, ValueError) as exc:
        error(str(exc))
        return EXIT_BAD_INPUT
    return 0


def report_instant(text: str | None, date: dt.date, now: dt.datetime) -> dt.datetime:
    """`--at`: HH:MM on the day's date or an ISO date-time without a zone, in `now`'s zone (the day's); None means `now`."""
    if text is None:
        return now
    try:
        if len(text) <= 5 and ":" in text:
            when = dt.datetime.combine(date, dt.datetime.strptime(text, "%H:%M").time())
        else:
            when = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--at {text!r} is not a time; use HH:MM or an ISO date-time such as 2026-11-26T16:45") from None
    return when if when.tzinfo is not None else when.replace(tzinfo=now.tzinfo)


def cmd_review(args: argparse.Namespace) -> int:
    """Check the day and the terminal, then open the review screen on the day."""
    from ..core.days import DayError
    from ..core.opening import day_to_read
    from ..ui.app import make_review_app

    data = usable_data_dir(args.data_dir)
    if data is None:
        return EXIT_BAD_INPUT
    try:
        # Which day, and that it exists, first: it is what the user must fix first.
        # The terminal is checked before the day's log is read.
        day_id = day_to_read(data, args.day, real_only=False)
        problem = terminal_problem("review")
        if problem is not None:
            error(problem)
            return EXIT_BAD_INPUT
        app = make_review_app(data, day_id)
    except DayError as exc:
        error(str(exc))
        return EXIT_BAD_INPUT
    except OSError as exc:
        error(f"cannot read the data folder {data}: {exc.strerror or exc}")
        return EXIT_BAD_INPUT
    app.run()
    return 0
