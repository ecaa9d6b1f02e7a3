"""Acts on who is in the room: absences and late arrivals, groups and castings, and ticked tasks.

Each is an `Act` like the timer's: `decide` checks its rule against the day
and says which event records it. None of them moves the clock, so a joined
laptop may do them too.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import events as ev
from .acts import Act, Change, Decision, NoChange, Refusal, Situation
from .groups import groups_for_exercise

NO_LIST = "No participant list for this day: run with --people FILE (a CSV or TOML list)."


@dataclass(frozen=True)
class MarkPresent(Act):
    """Record someone on the list as absent, or as arrived (late)."""

    name: str
    present: bool

    def decide(self, now: Situation) -> Decision:
        roster = now.state.roster
        if not roster.people:
            return Refusal(NO_LIST)
        person = roster.person(self.name)
        if person is None:
            return Refusal(f"{self.name!r} is not on the participant list.")
        if roster.is_present(person) == self.present:
            return NoChange()
        words = f"{person.name} is here." if self.present else f"{person.name} is recorded absent; groups made from now leave them out."
        return Change(ev.Attendance, {"name": person.name, "present": self.present}, words)


@dataclass(frozen=True)
class MakeGroups(Act):
    """Make (or re-roll) the groups and role castings of one exercise from the people present."""

    item_id: str
    exercise: int
    seed: int

    def decide(self, now: Situation) -> Decision:
        index = now.index(self.item_id)
        if index is None:
            return Refusal(f"The plan has no item {self.item_id!r}.")
        item = now.plan.agenda[index]
        if not 0 <= self.exercise < len(item.exercises):
            return Refusal(f"{item.title!r} has no exercise {self.exercise + 1}.")
        exercise = item.exercises[self.exercise]
        if exercise.groups is None and not exercise.roles:
            return Refusal(f"{exercise.title!r} asks for no groups or roles.")
        present = now.state.roster.present
        if not present:
            return Refusal(NO_LIST if not now.state.roster.people else "Nobody on the list is recorded as here.")
        made = groups_for_exercise(item, self.exercise, present, self.seed)
        grouping, castings = made.grouping, made.castings
        broken = [*(grouping.broken if grouping else ()), *(reason for casting in castings for reason in casting.broken)]
        fields = {
            "item_id": item.id,
            "exercise": self.exercise,
            "seed": self.seed,
            "groups": grouping.groups if grouping else (),
            "observers": grouping.observers if grouping else (),
            "castings": tuple(
                {"board": c.board, "parts": [list(part) for part in c.parts], "observers": list(c.observers), "unplayed": list(c.unplayed)}
                for c in castings
            ),
            "broken": tuple(broken),
        }
        count = len(grouping.groups) if grouping else len(castings)
        what = "boards" if (grouping is None or exercise.groups is None or exercise.groups.boards) else "groups"
        words = f"{count} {what} made for {exercise.title!r} from {len(present)} people"
        words += f"; could not keep: {broken[0]}" if broken else "."
        return Change(ev.GroupsMade, fields, words)


@dataclass(frozen=True)
class TickTask(Act):
    """Tick a preparation or follow-up task done, or untick it."""

    task_id: str
    done: bool = True

    def decide(self, now: Situation) -> Decision:
        task = next((t for t in (*now.plan.prepare, *now.plan.follow_up) if t.id == self.task_id), None)
        if task is None:
            return Refusal(f"The plan has no task {self.task_id!r}.")
        if now.state.roster.done(task.id) == self.done:
            return NoChange()
        return Change(ev.TaskTicked, {"task_id": task.id, "done": self.done}, f"Done: {task.task}" if self.done else f"Not done: {task.task}")
