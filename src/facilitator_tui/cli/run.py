"""The `run` and `days` sub-commands."""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.control_chars import first_control
from .common import EXIT_BAD_INPUT, add_data_dir, error, open_plan, report_plan_error, terminal_problem, usable_data_dir

if TYPE_CHECKING:
    from ..core.days import DaySummary
    from ..core.opening import DayRequest


def _hhmm(text: str) -> dt.time:
    try:
        return dt.datetime.strptime(text, "%H:%M").time()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time; use HH:MM, e.g. 09:25") from None


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError("speed must be above 0 and at most 3600")
    return value


def add_run_parser(commands: argparse._SubParsersAction) -> None:
    """Register `run`."""
    run = commands.add_parser(
        "run",
        help="run a workshop day (the default command)",
        description="Run a day on the full-screen run screen. Resumes today's day for the plan if there is one.",
    )
    run.add_argument("plan", nargs="?", metavar="PLAN", help="plan file or bundled plan name (default: the bundled workshop)")
    add_data_dir(run)
    run.add_argument("--new", action="store_true", help="start another day of this plan today (a second cohort)")
    run.add_argument("--day", metavar="ID", help="open this recorded day (see `facilitator-tui days`)")
    run.add_argument("--read-only", action="store_true", help="open the day without writing; follows a day another window runs")
    run.add_argument("--rehearse", action="store_true", help="dry run on a scaled clock, as a separate rehearsal day")
    run.add_argument("--speed", type=_speed, default=1.0, metavar="N", help="rehearsal clock speed, N times real time (default 1)")
    run.add_argument("--start", type=_hhmm, metavar="HH:MM", help="rehearsal clock starting time (default: now)")
    run.add_argument("--author", metavar="NAME", help="who is writing (default: your login name)")
    run.add_argument("--no-bell", action="store_true", help="no terminal bell at warnings")
    run.add_argument(
        "--take-over",
        action="store_true",
        help="run the clock of a day another laptop ran (it is gone); recorded in the day's log, the timer carries on",
    )
    run.add_argument(
        "--join",
        action="store_true",
        help="a co-facilitator's laptop: follow the day another laptop runs, and write your own notes and captures",
    )
    run.add_argument(
        "--people",
        type=Path,
        metavar="FILE",
        help="the participant list (CSV or TOML): groups, roles and attendance on the day; kept in the day's private log",
    )
    run.set_defaults(handler=cmd_run)


def add_days_parser(commands: argparse._SubParsersAction) -> None:
    """Register `days`."""
    days = commands.add_parser("days", help="list the recorded days", description="List recorded days: id, date, plan, rehearsal, items done.")
    add_data_dir(days)
    days.set_defaults(handler=cmd_days)


def cmd_run(args: argparse.Namespace) -> int:
    """Check the plan, the day and the terminal, then open the day and run the app."""
    from ..ui import startup_gc

    with startup_gc.paused():  # the app resumes collection after its first frame
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from ..core.days import DayError
    from ..core.locations import DEFAULT_PLAN
    from ..core.opening import DayRequest
    from ..core.plan_loader import PlanError
    from ..core.writer_lock import DayLocked
    from ..ui.app import make_app

    if (args.speed != 1.0 or args.start) and not args.rehearse:
        error("--speed and --start only apply with --rehearse")
        return EXIT_BAD_INPUT
    data = usable_data_dir(args.data_dir)
    if data is None:
        return EXIT_BAD_INPUT
    if args.author and first_control(args.author):
        error(f"--author holds a control character, {first_control(args.author)}; give a plain name")
        return EXIT_BAD_INPUT
    people = None
    if args.people is not None:
        from ..core.people import PeopleError, load_people

        try:
            people = load_people(args.people)
        except PeopleError as exc:
            for wrong in exc.problems:
                error(str(wrong))
            return EXIT_BAD_INPUT
    request = DayRequest(
        data=data,
        plan=args.plan,
        day_id=args.day,
        new=args.new,
        read_only=args.read_only,
        rehearse=args.rehearse,
        speed=args.speed,
        rehearse_start=args.start,
        author=args.author,
        take_over=args.take_over,
        join=args.join,
        people=people,
    )
    if args.take_over and (args.read_only or args.join):
        error("--take-over runs the clock; it goes with neither --read-only nor --join")
        return EXIT_BAD_INPUT
    if args.join and (args.read_only or args.rehearse or args.new):
        error("--join writes notes on a day another laptop runs; it goes with none of --read-only, --rehearse, --new")
        return EXIT_BAD_INPUT
    day_id = args.day
    try:
        # What the user must fix first (the plan, the day, another window holding
        # it) is found without opening the day; then the terminal; and only then is
        # the day opened, so a refusal takes no lock and creates no folder.
        day_id = _day_to_open(request)
        if not request.read_only:
            _check_not_locked(data, day_id)
        problem = terminal_problem("run")
        if problem is not None:
            error(problem)
            return EXIT_BAD_INPUT
        app = make_app(request, bell=not args.no_bell)
    except PlanError as exc:
        return report_plan_error(exc)
    except DayError as exc:
        error(str(exc))
        return EXIT_BAD_INPUT
    except DayLocked as exc:
        where = f" --data-dir {args.data_dir}" if args.data_dir else ""
        started = day_id is not None and (data / "days" / day_id).is_dir()
        # Before the day's first act there is no log to find it by: the plan names it,
        # except a rehearsal's: the plan alone names the real day, and --day alone an unrecorded day.
        plan = (args.plan or "").strip()
        watch = f"--day {day_id}" if started else f"--day {day_id} {plan or DEFAULT_PLAN}" if args.rehearse else plan
        what = args.day or (f"rehearsal {day_id}" if args.rehearse else "this day")
        error(
            f"{what} is already being run by {exc}.\n"
            f"  Only one window may write a day. To watch it, open it read-only:\n"
            f"  facilitator-tui run{where} --read-only {watch}".rstrip()
            + "\n"
            + (f"  or read its notes: facilitator-tui review{where} --day {day_id}" if started else "")
        )
        return EXIT_BAD_INPUT
    except OSError as exc:
        where = f" --data-dir {args.data_dir}" if args.data_dir else ""
        error(
            f"cannot write in the data folder {data}: {exc.strerror or exc}.\n"
            f"  {_WHAT_TO_DO.get(exc.errno or 0, _WHAT_TO_DO[0])}, or open the day without writing:\n"
            f"  facilitator-tui run{where} --read-only {(args.plan or '').strip()}".rstrip()
        )
        return EXIT_BAD_INPUT
    try:
        unsaved = app.run()
    finally:
        app.day.close()
    if unsaved:
        # The facilitator chose to quit with notes the disk would not take: here they are, to copy.
        print(f"facilitator-tui: these notes were NOT saved (the disk would not take them):\n\n{unsaved}\n", file=sys.stderr)
        return 1
    return 0


_WHAT_TO_DO = {
    errno.ENOSPC: "Free some space on that disk",
    errno.EDQUOT: "Free some space (your disk quota is used up)",
    errno.EROFS: "That disk is read-only: give --data-dir a folder you can write in",
    errno.EACCES: "Fix the folder's permissions (it must be yours), or give --data-dir one you own",
    errno.EPERM: "Fix the folder's permissions (it must be yours), or give --data-dir one you own",
    0: "Free some space (or fix its permissions)",
}
"""What to do first when the data folder cannot be written, by the system's reason."""


def _day_to_open(request: DayRequest) -> str:
    """The id of the day `run` would open; raises PlanError (a plan that does not load) or DayError (no such day).

    Reads the plan and the names of the recorded days only, never a day's log,
    and creates nothing.
    """
    from ..core.days import DayError, choose_day_id, existing_day_ids

    if request.day_id is None:
        _, path = open_plan(request.plan)
        return choose_day_id(request.data, dt.date.today(), path.stem, new=request.new, rehearsal=request.rehearse)
    if request.plan is not None:
        open_plan(request.plan)  # with a plan, --day names a day to start if it has no events yet
    else:
        known = existing_day_ids(request.data)
        if request.day_id not in known:
            # The same words as opening the day would say (core.days.open_day).
            raise DayError(f"no day {request.day_id!r}; recorded days: {', '.join(known) or 'none yet'}")
    return request.day_id


def _check_not_locked(data: Path, day_id: str) -> None:
    """Raise DayLocked if another process is writing the day; creates nothing.

    Its lock file exists while a process holds it, and after a crash (a stale
    file the kernel no longer locks). Only a stale one is taken here, and let go
    at once, which removes it as a normal exit would.
    """
    from ..core.writer_lock import WriterLock

    path = data / "locks" / f"{day_id}.lock"  # where core.days.open_day locks the day
    if not path.exists():
        return
    probe = WriterLock(path)
    probe.acquire()
    probe.release()


def cmd_days(args: argparse.Namespace) -> int:
    """List recorded days."""
    from ..core.days import days_dir, summarise_days

    data = usable_data_dir(args.data_dir)
    if data is None:
        return EXIT_BAD_INPUT
    summaries = summarise_days(data)
    if not summaries:
        print(f"No recorded days in {days_dir(data)}", file=sys.stderr)
        return 0
    print(days_table(summaries), end="")
    return 0


DAYS_HEADER = ("Day", "Date", "Plan", "Kind", "Done", "Notes")
_RIGHT_ALIGNED = {4, 5}
"""Columns of numbers (Done, Notes), aligned on the right."""


def days_table(summaries: list[DaySummary]) -> str:
    """The `days` table: one row per day, columns as wide as their longest cell.

    Done is `summarise_days`' items done out of the plan's items. A day without
    a readable header gets its id and a remark instead of the other columns.
    """
    rows: list[tuple[str, ...]] = []
    for day in summaries:
        if day.header is None:
            rows.append((day.day_id, "(no readable events)"))
            continue
        kind = "rehearsal" if day.header.rehearsal else "real"
        done = f"{day.items_done}/{day.items_total}"
        rows.append((day.day_id, day.header.date.isoformat(), day.header.plan_name, kind, done, str(day.notes)))
    from rich.cells import cell_len

    table = [DAYS_HEADER, *rows]
    # A remark row shares only the first column, so it widens no other.
    widths = [
        max(cell_len(row[col]) for row in table if col == 0 or len(row) == len(DAYS_HEADER)) for col in range(len(DAYS_HEADER))
    ]
    lines = []
    for row in table:
        cells = [_pad(cell, widths[col], right=col in _RIGHT_ALIGNED) for col, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def _pad(text: str, width: int, *, right: bool) -> str:
    """`text` padded to `width` terminal cells (an emoji or a CJK letter takes two)."""
    from rich.cells import cell_len

    fill = " " * max(width - cell_len(text), 0)
    return fill + text if right else text + fill
