"""Before and after the day: which preparation and follow-up tasks are done, due, or late."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from .plan import Plan, Task
from .roster import Roster


class TaskState(str, Enum):
    """Where a task stands on a given date."""

    DONE = "done"
    LATE = "late"
    DUE = "due"
    """Due today or within `SOON_DAYS`."""
    LATER = "later"


LINE_TASK = 40
"""How much of a late task's words the one-line readiness shows."""

SOON_DAYS = 3
"""A task due within this many days is shown as due, not later."""


@dataclass(frozen=True)
class TaskRow:
    """One task, its due date and its state."""

    task: Task
    after: bool
    """A follow-up task (due after the day), else preparation."""
    due: dt.date
    state: TaskState


@dataclass(frozen=True)
class Readiness:
    """Every task of a plan for a day on `day` as seen on `today`."""

    rows: tuple[TaskRow, ...]
    day: dt.date
    today: dt.date

    @property
    def preparation(self) -> tuple[TaskRow, ...]:
        """The tasks before the day."""
        return tuple(row for row in self.rows if not row.after)

    @property
    def follow_up(self) -> tuple[TaskRow, ...]:
        """The tasks after the day."""
        return tuple(row for row in self.rows if row.after)

    def line(self) -> str:
        """Readiness in one line, for the run screen before the start."""
        prep = self.preparation
        if not prep:
            return ""
        done = sum(row.state is TaskState.DONE for row in prep)
        late = [row.task.task for row in prep if row.state is TaskState.LATE]
        words = f"Ready: {done} of {len(prep)} preparation tasks done"
        if late:
            # One line: the count, and the first late task's opening words.
            first = late[0] if len(late[0]) <= LINE_TASK else late[0][: LINE_TASK - 1].rstrip() + "…"
            words += f" · {len(late)} LATE, first: {first}"
        return words


def readiness(plan: Plan, roster: Roster, day: dt.date, today: dt.date) -> Readiness:
    """The plan's tasks for a day on `day`, ticked as `roster` says, as they stand on `today`."""
    rows = []
    for after, tasks in ((False, plan.prepare), (True, plan.follow_up)):
        for task in tasks:
            due = day + dt.timedelta(days=task.days) if after else day - dt.timedelta(days=task.days)
            rows.append(TaskRow(task, after, due, _state(roster.done(task.id), due, today)))
    return Readiness(tuple(rows), day, today)


def _state(done: bool, due: dt.date, today: dt.date) -> TaskState:
    if done:
        return TaskState.DONE
    if due < today:
        return TaskState.LATE
    if (due - today).days <= SOON_DAYS:
        return TaskState.DUE
    return TaskState.LATER
