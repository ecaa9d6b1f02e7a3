"""Who is in the room on the day, their groups, and the preparation and follow-up ticks, folded from the log.

The participant list itself is a file (`people`); the day keeps the list it
ran with as an event, so a restart, a joined laptop and every export have the
same people, and records absences, late arrivals, groups and ticked tasks as
events on top of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from . import events as ev
from .people import Person


def person_fields(person: Person) -> dict[str, Any]:
    """A person as the `PeopleListed` event keeps them."""
    fields = asdict(person)
    fields["line_manages"] = list(person.line_manages)
    return fields


def person_from(fields: dict[str, Any]) -> Person:
    """A person from a `PeopleListed` entry (a hand-edited log may miss fields: they default)."""
    return Person(
        name=str(fields.get("name", "")),
        organisation=str(fields.get("organisation", "")),
        sector=str(fields.get("sector", "")),
        role=str(fields.get("role", "")),
        pseudonym=str(fields.get("pseudonym", "")),
        line_manages=tuple(str(name) for name in fields.get("line_manages", ()) or ()),
    )


@dataclass(frozen=True)
class Tick:
    """A task's last tick."""

    done: bool
    at: dt.datetime
    author: str


@dataclass
class Roster:
    """People, attendance, groups and task ticks of a day."""

    people: tuple[Person, ...] = ()
    listed: tuple[Person, ...] = ()
    """The list the log holds (its last `PeopleListed`); `people` may be a newer one given for this run."""
    absent: dict[str, dt.datetime] = field(default_factory=dict)
    """Casefolded name → when recorded absent (and not arrived since)."""
    arrived: dict[str, dt.datetime] = field(default_factory=dict)
    """Casefolded name → when they arrived after being recorded absent (a late arrival)."""
    groups: dict[tuple[str, int], ev.GroupsMade] = field(default_factory=dict)
    """(item id, exercise index) → the groups that stand."""
    ticks: dict[str, Tick] = field(default_factory=dict)
    """Task id → its last tick."""

    def person(self, name: str) -> Person | None:
        """The listed person with this name (any case), or None."""
        key = name.casefold()
        return next((person for person in self.people if person.name.casefold() == key), None)

    def is_present(self, person: Person) -> bool:
        """True unless recorded absent."""
        return person.name.casefold() not in self.absent

    @property
    def present(self) -> tuple[Person, ...]:
        """The listed people not recorded absent, in list order."""
        return tuple(person for person in self.people if self.is_present(person))

    def done(self, task_id: str) -> bool:
        """True when the task's last tick says done."""
        tick = self.ticks.get(task_id)
        return tick is not None and tick.done


ROSTER_TYPES = frozenset({"people_listed", "attendance", "groups_made", "task_ticked"})
"""The events this module folds: none of them moves the clock."""


def fold_roster(events: Iterable[ev.Event]) -> Roster:
    """The roster after `events`, in order."""
    roster = Roster()
    for event in events:
        if event.type in ROSTER_TYPES:
            apply_roster_event(roster, event)
    return roster


def apply_roster_event(roster: Roster, event: ev.EventBase) -> None:
    """Fold one event into `roster` (others are ignored)."""
    match event:
        case ev.PeopleListed(people=people):
            roster.people = roster.listed = tuple(person_from(fields) for fields in people)
        case ev.Attendance(name=name, present=present, at=at):
            key = name.casefold()
            if not present:
                roster.absent[key] = at
                roster.arrived.pop(key, None)
            elif key in roster.absent:
                del roster.absent[key]
                roster.arrived[key] = at
        case ev.GroupsMade(item_id=item_id, exercise=exercise):
            roster.groups[(item_id, exercise)] = event
        case ev.TaskTicked(task_id=task_id, done=done, at=at, author=author):
            roster.ticks[task_id] = Tick(done, at, author)
        case _:
            pass
