"""How much to bring: each material and handout of the day, with its quantity summed over the agenda.

A quantity is `count` for each person, group, board or room, plus `spare`.
People are the participant list's length, else the plan's `participants`;
groups and boards come from the groups made for the day when there are any,
else from the exercise's rule and the head count. A number that cannot be
known (no head count) stays words, "1 per person", never a guess.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from .groups import Grouping
from .plan import Exercise, Item, Plan

Per = Literal["person", "group", "board", "room"]

_UNIT_WORDS: dict[str, tuple[str, str]] = {
    "person": ("person", "people"),
    "group": ("group", "groups"),
    "board": ("board", "boards"),
    "room": ("room", "rooms"),
}


@dataclass(frozen=True)
class Use:
    """One agenda item's call for a material or a handout, and how its number is reached."""

    item_id: str
    item_title: str
    start: str
    """The item's planned start, `HH:MM`."""
    per: Per | None
    """None for a material written as plain words: it has no quantity."""
    count: int = 1
    units: int | None = None
    """How many people, groups or boards (1 for the room); None when that is not known."""
    spare: int = 0

    @property
    def quantity(self) -> int | None:
        """The number to bring for this item, or None when it cannot be known."""
        if self.per is None or self.units is None:
            return None
        return self.units * self.count + self.spare

    @property
    def words(self) -> str:
        """How the number is reached: `2 per group × 5 groups + 2 spare = 12`, or `1 per person + 2 spare`."""
        if self.per is None:
            return "as written"
        spare = f" + {self.spare} spare" if self.spare else ""
        if self.per == "room":
            return f"{self.count}{spare}" + (f" = {self.quantity}" if self.spare else "")
        each = f"{self.count} per {self.per}"
        if self.units is None:
            return each + spare
        one, many = _UNIT_WORDS[self.per]
        return f"{each} × {self.units} {one if self.units == 1 else many}{spare} = {self.quantity}"


@dataclass(frozen=True)
class MaterialLine:
    """One line of the checklist: a material (or a handout's copies) and every item that calls for it."""

    name: str
    kind: Literal["material", "handout"]
    uses: tuple[Use, ...]

    @property
    def total(self) -> int | None:
        """The day's number, when every use is counted; None when some are only words."""
        quantities = [use.quantity for use in self.uses]
        if not quantities or any(quantity is None for quantity in quantities):
            return None
        return sum(quantity for quantity in quantities if quantity is not None)

    @property
    def amount(self) -> str:
        """The quantity as it is printed: `46`, `1 per person + 6`, or "" for words only."""
        if self.total is not None:
            return str(self.total)
        numbered = [use for use in self.uses if use.per is not None]
        if not numbered:
            return ""
        unknown: dict[str, int] = {}
        known = 0
        for use in numbered:
            if use.quantity is None:
                unknown[use.per or ""] = unknown.get(use.per or "", 0) + use.count
                known += use.spare  # the spare is a number even when the head count is not
            else:
                known += use.quantity
        words = [f"{count} per {per}" for per, count in unknown.items()]
        return " + ".join([*words, *([str(known)] if known else [])])


def quantities(
    plan: Plan, people: int | None = None, groupings: Mapping[tuple[str, int], Grouping] | None = None
) -> tuple[MaterialLine, ...]:
    """Every material, then every handout's copies, of the day, in the order first asked for.

    `people` is the head count (the participant list's length; None: the plan's
    `participants`). `groupings` holds the groups made for the day, by
    (item id, exercise index). Lines of the same name (any case or spacing)
    are one line, their quantities summed over the day.
    """
    headcount = people if people is not None else plan.participants
    found = groupings or {}
    materials: dict[str, tuple[str, list[Use]]] = {}
    handouts: dict[str, tuple[str, list[Use]]] = {}
    for item in plan.agenda:
        for material in item.materials:
            if isinstance(material, str):
                _add(materials, material, Use(item.id, item.title, item.start, None))
            else:
                _add(materials, material.name, _use(item, material.per, material.count, material.spare, headcount, found))
        for handout in item.handouts:
            _add(handouts, handout.title, _use(item, handout.per, 1, 0, headcount, found))
    lines = [MaterialLine(name, "material", tuple(uses)) for name, uses in materials.values()]
    lines += [MaterialLine(name, "handout", tuple(uses)) for name, uses in handouts.values()]
    return tuple(lines)


def _add(lines: dict[str, tuple[str, list[Use]]], name: str, use: Use) -> None:
    """Add a use to the line of that name, kept as first spelled."""
    key = " ".join(name.split()).casefold()
    lines.setdefault(key, (" ".join(name.split()), []))[1].append(use)


def _use(
    item: Item, per: Per, count: int, spare: int, headcount: int | None, groupings: Mapping[tuple[str, int], Grouping]
) -> Use:
    return Use(item.id, item.title, item.start, per, count, units_of(item, per, headcount, groupings), spare)


def units_of(item: Item, per: Per, headcount: int | None, groupings: Mapping[tuple[str, int], Grouping] | None = None) -> int | None:
    """How many people, groups, boards or rooms an item has; None when it cannot be known.

    An item with several grouped exercises counts the most groups (or
    boards) any of them has: what is bought for one is there for the next.
    An item with no grouped exercise is one group, one board.
    """
    if per == "room":
        return 1
    if per == "person":
        return headcount
    counts = [
        exercise_units(exercise, per, headcount, (groupings or {}).get((item.id, index)))
        for index, exercise in enumerate(item.exercises)
        if exercise.groups is not None or exercise.roles
    ]
    if not counts:
        return 1
    if any(count is None for count in counts):
        return None
    return max(count for count in counts if count is not None)


def exercise_units(exercise: Exercise, per: Per, headcount: int | None, grouping: Grouping | None = None) -> int | None:
    """How many groups (or boards) an exercise runs: the groups made, else as its rule gives for the head count.

    A role-play in groups of a size runs a board per group; one with roles
    and no groups runs one board.
    """
    rule = exercise.groups
    if per == "board" and rule is not None and rule.boards is None and not exercise.roles:
        return 1  # groups without roles have no boards: the room is one
    if grouping is not None:
        return max(1, len(grouping.groups))
    if rule is None:
        return 1
    if rule.boards is not None:
        return rule.boards if headcount is None else max(1, min(rule.boards, headcount))
    size = rule.people_per_group
    if size is None or headcount is None:
        return None
    return group_count(headcount, size, rule.remainder)


def group_count(headcount: int, size: int, remainder: str) -> int:
    """How many groups of `size` a room of `headcount` makes: the people left over make a smaller group
    (`smaller`, rounding up) or join the others or observe (`larger`, `observers`, rounding down); at least one."""
    if remainder == "smaller":
        return max(1, -(-headcount // size))
    return max(1, headcount // size)

