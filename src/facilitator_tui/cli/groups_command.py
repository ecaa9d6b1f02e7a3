"""The `groups` sub-command: the groups and role casting for each exercise that asks for them."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.groups import Casting, ExerciseGroups, Grouping
    from ..core.people import Person
    from ..core.plan import Plan
from .common import EXIT_BAD_INPUT, EXIT_OK, error, open_plan, report_plan_error

DEFAULT_SEED = 1
"""A fixed default, so that `groups` and the facilitator's pack agree unless asked for another draw."""

# Control characters, bidi overrides and lone surrogates in a name would move the
# cursor, reorder the line or fail to print; each becomes a space.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def add_groups_parser(commands: argparse._SubParsersAction) -> None:
    """Register `groups`."""
    parser = commands.add_parser(
        "groups",
        help="make the groups and cast the roles for each exercise",
        description=(
            "Print the groups and the role casting for every exercise that asks for groups or roles, made from the "
            "participant list, with each mix rule that could not be kept and why. The same seed gives the same groups."
        ),
    )
    parser.add_argument("plan", nargs="?", metavar="PLAN", help="plan file path or bundled plan name (default: the bundled workshop)")
    parser.add_argument("--people", metavar="FILE", help="the participant list (.csv or .toml): name, organisation, sector")
    parser.add_argument("--item", metavar="ID", help="only this agenda item's exercises")
    parser.add_argument("--seed", metavar="N", type=int, default=DEFAULT_SEED, help=f"another number gives another draw (default: {DEFAULT_SEED})")
    parser.set_defaults(handler=cmd_groups)


def cmd_groups(args: argparse.Namespace) -> int:
    """`groups [PLAN] --people FILE [--item ID] [--seed N]`."""
    from ..core.groups import groups_for_plan
    from ..core.people import PeopleError, load_people
    from ..core.plan_loader import PlanError

    try:
        plan, _ = open_plan(args.plan)
    except PlanError as exc:
        return report_plan_error(exc)
    if not args.people:
        error("groups are made from the people present: give the participant list with --people FILE (.csv or .toml with name, organisation, sector)")
        return EXIT_BAD_INPUT
    try:
        people = load_people(Path(args.people))
    except PeopleError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT
    with_groups = groups_for_plan(plan, people, args.seed)
    if args.item is not None:
        found = tuple(entry for entry in with_groups if entry.item_id == args.item)
        if not found:
            error(_unknown_item(plan, args.item, with_groups))
            return EXIT_BAD_INPUT
        with_groups = found
    if not with_groups:
        print(f"No exercise in {_safe(plan.title)} asks for groups or roles.")
        return EXIT_OK
    print(f"{_safe(plan.title)}: {len(people)} people, seed {args.seed} (give --seed N for another draw)")
    for entry in with_groups:
        print()
        print("\n".join(exercise_lines(plan, entry, people)))
    return EXIT_OK


def _unknown_item(plan: Plan, item_id: str, with_groups: Sequence[ExerciseGroups]) -> str:
    ids = list(dict.fromkeys(entry.item_id for entry in with_groups))
    these = f"items with groups or roles: {', '.join(_safe(i) for i in ids)}" if ids else "no item in this plan has groups or roles"
    if any(item.id == item_id for item in plan.agenda):
        return f"item {_safe(item_id)!r} has no exercise with groups or roles; {these}"
    return f"no item {_safe(item_id)!r} in the plan; {these}"


def exercise_lines(plan: Plan, entry: ExerciseGroups, people: Sequence[Person]) -> list[str]:
    """The lines printed for one exercise: its item, groups, observers, castings and the rules not kept."""
    item = plan.agenda[plan.index_of(entry.item_id)]
    exercise = item.exercises[entry.exercise]
    lines = [f"{item.start}  {_safe(item.title)}", f"  Exercise: {_safe(entry.title)}"]
    by_name = {person.name: person for person in people}
    unit = "Board" if exercise.groups is None or exercise.groups.people_per_group is None else "Group"
    if entry.grouping is not None:
        lines += _grouping_lines(entry.grouping, by_name, unit, "organisations" in exercise.groups.mix if exercise.groups else False)
    if entry.castings:
        lines.append("  Roles:")
    for casting in entry.castings:
        lines += _casting_lines(casting, unit)
    broken = [*(entry.grouping.broken if entry.grouping else ()), *(f"{unit} {c.board}: {b}" for c in entry.castings for b in c.broken)]
    lines += [f"  Not kept: {_safe(reason)}" for reason in broken]
    return lines


def _grouping_lines(grouping: Grouping, by_name: dict[str, Person], unit: str, organisations: bool) -> list[str]:
    def who(name: str) -> str:
        person = by_name.get(name)
        if person is None:
            return _safe(name)
        where = f"{person.organisation}, {person.sector}" if organisations else person.sector
        return f"{_safe(name)} ({_safe(where)})"

    lines = [f"  {unit} {number}: {', '.join(who(name) for name in group)}" for number, group in enumerate(grouping.groups, start=1)]
    if grouping.observers:
        lines.append(f"  Observing: {', '.join(who(name) for name in grouping.observers)}")
    return lines


def _casting_lines(casting: Casting, unit: str) -> list[str]:
    parts = "; ".join(f"{_safe(role)} — {_safe(name)}" for role, name in casting.parts) or "(nobody)"
    lines = [f"    {unit} {casting.board}: {parts}"]
    if casting.observers:
        lines.append(f"      observing: {', '.join(_safe(name) for name in casting.observers)}")
    if casting.unplayed:
        # Role names often hold commas ("Director, Kestwell Council"): semicolons keep them apart.
        lines.append(f"      not played: {'; '.join(_safe(role) for role in casting.unplayed)}")
    return lines


def _safe(text: str) -> str:
    """One line fit for a terminal."""
    return _UNSAFE.sub(" ", text)
