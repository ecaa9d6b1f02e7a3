"""The `prepare` sub-command: what is due before (and after) a day, and ticking it off."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

from .common import EXIT_BAD_INPUT, EXIT_OK, add_data_dir, error, open_plan, report_plan_error, usable_data_dir

if TYPE_CHECKING:
    from ..core.readiness import Readiness

MARKS = {"done": "✓ done", "late": "✗ LATE", "due": "! due", "later": "· later"}
"""Each state in words and a mark, never colour alone."""


def add_prepare_parser(commands: argparse._SubParsersAction) -> None:
    """Register `prepare`."""
    prepare = commands.add_parser(
        "prepare",
        help="the preparation and follow-up checklists: what is due, what is late; tick tasks off",
        description=(
            "List the plan's [[prepare]] tasks (due so many days before the day) and [[follow_up]] tasks "
            "(due after it), each done, late, due or later as of today. --tick ID records a task done "
            "in the day's log (the day's folder is made if needed); --untick ID takes it back."
        ),
    )
    prepare.add_argument("plan", nargs="?", metavar="PLAN", help="plan file path or bundled plan name (default: the bundled workshop)")
    prepare.add_argument("--date", metavar="YYYY-MM-DD", help="the date of the day (default: today)")
    prepare.add_argument("--tick", metavar="ID", help="record this task done")
    prepare.add_argument("--untick", metavar="ID", help="record this task not done")
    add_data_dir(prepare)
    prepare.set_defaults(handler=cmd_prepare)


def cmd_prepare(args: argparse.Namespace) -> int:
    """Show the checklists for the plan on --date; tick or untick first if asked."""
    from ..core.days import DayError, choose_day_id, days_dir, open_day
    from ..core.plan_loader import PlanError
    from ..core.readiness import readiness
    from ..core.roster import Roster
    from ..core.roster_acts import TickTask
    from ..core.writer_lock import DayLocked

    try:
        plan, path = open_plan(args.plan)
    except PlanError as exc:
        return report_plan_error(exc)
    today = dt.date.today()
    try:
        day = dt.date.fromisoformat(args.date) if args.date else today
    except ValueError:
        error(f"--date {args.date!r} is not a date; write it as YYYY-MM-DD, e.g. {today.isoformat()}")
        return EXIT_BAD_INPUT
    if not plan.prepare and not plan.follow_up:
        print(f"{path.name} has no [[prepare]] or [[follow_up]] tasks.")
        return EXIT_OK
    data = usable_data_dir(args.data_dir)
    if data is None:
        return EXIT_BAD_INPUT
    day_id = choose_day_id(data, day, path.stem, new=False, rehearsal=False)
    roster = Roster()
    tick = (args.tick, True) if args.tick else (args.untick, False) if args.untick else None
    exists = (days_dir(data) / day_id).is_dir()
    if tick is not None or exists:
        try:
            opened = open_day(data, plan, path, day_id=day_id, read_only=tick is None, today=day)
        except (DayError, PlanError, DayLocked, OSError) as exc:
            error(f"cannot open day {day_id}: {exc}")
            return EXIT_BAD_INPUT
        try:
            if tick is not None:
                opened.keep_date = True  # ticked days ahead: the day stays on its own date
                outcome = opened.do(TickTask(tick[0], tick[1]))
                if not outcome.changed and outcome.message:
                    error(outcome.message)
                    return EXIT_BAD_INPUT
                if outcome.message:
                    print(outcome.message)
            roster = opened.state.roster
        finally:
            opened.close()
    print(_checklists(plan.title, readiness(plan, roster, day, today)))
    return EXIT_OK


def _checklists(title: str, ready: Readiness) -> str:
    away = (ready.day - ready.today).days
    when = "today" if away == 0 else f"in {away} days" if away > 0 else f"{-away} days ago"
    lines = [f"{title}: {ready.day:%a %d %b %Y} ({when})"]
    for heading, rows in (("Before the day", ready.preparation), ("After the day", ready.follow_up)):
        if not rows:
            continue
        lines += ["", heading]
        for row in rows:
            lines.append(f"  {MARKS[row.state.value]:<8} {row.due:%a %d %b}  {row.task.task}  [{row.task.id}]")
            if row.task.link:
                lines.append(f"           {row.task.link}")
    lines += ["", "Tick one off: facilitator-tui prepare PLAN --date DATE --tick ID"]
    return "\n".join(lines)
