"""The `pack` sub-command: the facilitator's printable pack for a plan, as HTML or Word."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from .common import EXIT_BAD_INPUT, EXIT_OK, error, open_plan, report_plan_error

PACK_FORMATS = ("html", "docx")


def add_pack_parser(commands: argparse._SubParsersAction) -> None:
    """Register `pack`."""
    pack = commands.add_parser(
        "pack",
        help="write the facilitator's printable pack (html or docx)",
        description=(
            "Write the facilitator's pack for a plan: the day at a glance, before-the-day tasks, one materials "
            "checklist with quantities, the run sheet (times, leads, set-up, scripts, phases and rounds, guidance), "
            "groups and casting, after-the-day tasks, the role briefs once per board and the handouts, each on a page "
            "of its own. Prints on A4. The file names participants: it is written readable by you only."
        ),
    )
    pack.add_argument("plan", nargs="?", metavar="PLAN", help="plan file path or bundled plan name (default: the bundled workshop)")
    pack.add_argument("--format", choices=PACK_FORMATS, default="html", help="html (print from a browser) or docx (Word); default html")
    pack.add_argument(
        "--people", metavar="FILE", type=Path, help="the participant list (CSV or TOML): groups are made, roles cast and quantities counted from it"
    )
    pack.add_argument("--seed", metavar="N", type=int, help="with --people: the seed the groups are made with (default 1; the same seed, the same groups)")
    pack.add_argument("--date", metavar="YYYY-MM-DD", help="the day's date: tasks before and after it get their dates")
    pack.add_argument("-o", "--output", metavar="FILE", type=Path, help="write here (atomically; default: <plan name>-pack.<format> in this folder)")
    pack.set_defaults(handler=cmd_pack)


def cmd_pack(args: argparse.Namespace) -> int:
    """Write the pack; every problem with the plan, the list or the options is printed, with exit code 2."""
    from ..core.files import WriteError, write_atomic
    from ..core.people import PeopleError, load_people
    from ..core.plan_loader import PlanError
    from ..export.pack import build_pack

    if args.seed is not None and args.people is None:
        error("--seed only applies with --people: without a participant list no groups are made")
        return EXIT_BAD_INPUT
    try:
        date = dt.date.fromisoformat(args.date) if args.date is not None else None
    except ValueError:
        error(f"--date {args.date!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-26")
        return EXIT_BAD_INPUT
    try:
        plan, plan_path = open_plan(args.plan)
    except PlanError as exc:
        return report_plan_error(exc)
    try:
        people = load_people(args.people) if args.people is not None else None
    except PeopleError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT
    pack = build_pack(plan, people, args.seed, date)
    if args.format == "docx":
        from ..export.pack_docx import to_docx

        content: str | bytes = to_docx(pack)
    else:
        from ..export.pack_html import to_html

        content = to_html(pack)
    output = args.output if args.output is not None else Path(f"{plan_path.stem}-pack.{args.format}")
    if output.is_dir():
        error(f"{output} is a folder; give a file name, e.g. {output / f'{plan_path.stem}-pack.{args.format}'}")
        return EXIT_BAD_INPUT
    try:
        write_atomic(output, content, private=True)
    except WriteError as exc:
        error(str(exc))
        return EXIT_BAD_INPUT
    print(f"Wrote {output}", file=sys.stderr)
    return EXIT_OK
