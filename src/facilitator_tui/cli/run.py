"""The `run` and `days` sub-commands."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from ..core.locations import data_dir
from ..core.opening import DayRequest
from .common import EXIT_BAD_INPUT, add_data_dir, error, open_plan, report_plan_error


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
    run.set_defaults(handler=cmd_run)


def add_days_parser(commands: argparse._SubParsersAction) -> None:
    """Register `days`."""
    days = commands.add_parser("days", help="list the recorded days", description="List recorded days: id, date, plan, rehearsal, items done.")
    add_data_dir(days)
    days.set_defaults(handler=cmd_days)


def cmd_run(args: argparse.Namespace) -> int:
    """Open the day and run the app."""
    from ..core.days import DayError
    from ..core.plan_loader import PlanError
    from ..core.writer_lock import DayLocked
    from ..ui.app import make_app

    if (args.speed != 1.0 or args.start) and not args.rehearse:
        error("--speed and --start only apply with --rehearse")
        return EXIT_BAD_INPUT
    data = data_dir(args.data_dir)
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
    )
    try:
        app = make_app(request, bell=not args.no_bell)
    except PlanError as exc:
        return report_plan_error(exc)
    except DayError as exc:
        error(str(exc))
        return EXIT_BAD_INPUT
    except DayLocked as exc:
        day_id = _locked_day_id(request)
        error(
            f"{args.day or 'this day'} is already being run by {exc}.\n"
            f"  Only one window may write a day. To watch it, open it read-only:\n"
            f"  facilitator-tui run --read-only --day {day_id}\n"
            f"  or read its notes: facilitator-tui review --day {day_id}"
        )
        return EXIT_BAD_INPUT
    except OSError as exc:
        error(f"cannot use the data folder {data}: {exc.strerror or exc}")
        return EXIT_BAD_INPUT
    try:
        app.run()
    finally:
        app.day.close()
    return 0


def _locked_day_id(request: DayRequest) -> str:
    from ..core.days import choose_day_id

    if request.day_id:
        return request.day_id
    _, path = open_plan(request.plan)
    return choose_day_id(request.data, dt.date.today(), path.stem, new=False, rehearsal=False)


def cmd_days(args: argparse.Namespace) -> int:
    """List recorded days."""
    from ..core.days import days_dir, summarise_days

    data = data_dir(args.data_dir)
    summaries = summarise_days(data)
    if not summaries:
        print(f"No recorded days in {days_dir(data)}", file=sys.stderr)
        return 0
    print(f"{'Day':<48} {'Date':<10}  {'Plan':<28} {'Kind':<9} {'Done':>5} {'Notes':>5}")
    for day in summaries:
        if day.header is None:
            print(f"{day.day_id:<48} (no readable events)")
            continue
        kind = "rehearsal" if day.header.rehearsal else "real"
        done = f"{day.items_done}/{day.items_total}"
        print(f"{day.day_id:<48} {day.header.date.isoformat():<10}  {day.header.plan_name:<28} {kind:<9} {done:>5} {day.notes:>5}")
    return 0
