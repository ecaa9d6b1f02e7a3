"""Who is in the room, from the run screen: groups and roles (t), attendance (k) and the checklists (y).

Every change is a core act (`roster_acts`), so it is an event in the log: a
restart, the co-facilitator's laptop and the room display see the same groups.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from ..core.acts import Act, Outcome
from ..core.events import GroupsMade
from ..core.plan import Item, Kind, Plan
from ..core.readiness import TaskState, readiness
from ..core.roster import Roster
from ..core.roster_acts import MakeGroups, MarkPresent, TickTask
from ..core.status import Mode, Status

Do = Callable[[Act], Outcome]
"""The run screen's `act`: asks the core, shows its words."""

BREAK_KINDS = (Kind.ARRIVAL, Kind.BREAK, Kind.LUNCH)


def made_for(roster: Roster, item: Item | None) -> dict[int, GroupsMade]:
    """The groups made for each exercise of `item`, by exercise index."""
    if item is None:
        return {}
    return {exercise: made for (item_id, exercise), made in roster.groups.items() if item_id == item.id}


SET_UP_AHEAD = 5 * 60
"""With no break before an item, its set-up shows in the last five minutes of the item before it."""


def set_up_next(plan: Plan, current: Status) -> Item | None:
    """The item whose room set-up to show now: the one waited for before the start or in a gap,
    the one after a break, or the next one in the last minutes of the item before it."""
    if current.next_index is None:
        return None
    if current.mode in (Mode.BEFORE, Mode.GAP):
        return plan.agenda[current.next_index]
    if current.current is not None and (plan.agenda[current.current].kind in BREAK_KINDS or current.remaining <= SET_UP_AHEAD):
        return plan.agenda[current.next_index]
    return None


def grouped_exercises(item: Item) -> list[int]:
    """The exercises of `item` that ask for groups or roles."""
    return [index for index, exercise in enumerate(item.exercises) if exercise.groups is not None or exercise.roles]


def groups_text(item: Item, roster: Roster) -> Text:
    """The groups and castings of each exercise of `item` that asks for them, with who is where from."""
    text = Text()
    present = roster.present
    text.append(f"{item.title} · {len(present)} of {len(roster.people)} people here\n", style="bold")
    made = made_for(roster, item)
    for index in grouped_exercises(item):
        exercise = item.exercises[index]
        text.append(f"\n{exercise.title}\n", style="bold underline")
        event = made.get(index)
        if event is None:
            text.append("Not made yet: r makes them from the people here.\n")
            continue
        label = "Board" if exercise.groups is not None and exercise.groups.boards else "Group"
        for number, group in enumerate(event.groups, start=1):
            text.append(f"{label} {number} ({len(group)})\n", style="bold")
            for name in group:
                text.append(f"  {_who(roster, name)}\n")
        if event.observers:
            text.append("Observers: ", style="bold")
            text.append(", ".join(event.observers) + "\n")
        for casting in event.castings:
            text.append(f"Board {casting.get('board', '?')} roles\n", style="bold")
            for role, name in casting.get("parts", []):
                text.append(f"  {role}: {name}\n")
            if casting.get("observers"):
                text.append(f"  Observing: {', '.join(casting['observers'])}\n")
            if casting.get("unplayed"):
                text.append(f"  Not played: {', '.join(casting['unplayed'])}\n")
        for reason in event.broken:
            text.append(f"⚠ Could not keep: {reason}\n", style="bold")
        text.append(f"(seed {event.seed})\n", style="dim")
    return text


def _who(roster: Roster, name: str) -> str:
    """A name with the person's organisation and sector, so the mix can be seen at a glance."""
    person = roster.person(name)
    return f"{name} · {person.organisation} · {person.sector}" if person is not None else name


class GroupsScreen(ModalScreen[None]):
    """The groups and roles for an item: r makes (or re-rolls) them, k records who is here, escape closes."""

    BINDINGS = [
        Binding("r", "reroll", "Make / re-roll groups"),
        Binding("k", "attendance", "Who is here"),
        Binding("escape,t", "dismiss(None)", "Close"),
    ]

    def __init__(self, item: Item, roster: Callable[[], Roster], do: Do) -> None:
        super().__init__()
        self.item = item
        self.roster = roster
        self.do = do

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="groups-box"):
            yield Label("Groups and roles · r makes / re-rolls · k who is here · escape closes", classes="dialog-title")
            with VerticalScroll(id="groups-scroll"):
                yield Static(id="groups-body", markup=False)

    def on_mount(self) -> None:
        self.repaint()
        # Focused, so the arrow keys and page keys scroll a long list of boards and roles.
        self.query_one("#groups-scroll", VerticalScroll).focus()

    def repaint(self) -> None:
        """Show the groups as the log now has them."""
        roster = self.roster()
        if not roster.people:
            body = Text("No participant list for this day. Run it with --people FILE (a CSV with name,organisation,sector).")
        elif not grouped_exercises(self.item):
            body = Text(f"{self.item.title} asks for no groups or roles.")
        else:
            body = groups_text(self.item, roster)
        self.query_one("#groups-body", Static).update(body)

    def action_reroll(self) -> None:
        made = made_for(self.roster(), self.item)
        for index in grouped_exercises(self.item):
            previous = made.get(index)
            self.do(MakeGroups(self.item.id, index, previous.seed + 1 if previous else 1))
        self.repaint()

    def action_attendance(self) -> None:
        self.app.push_screen(AttendanceScreen(self.roster, self.do), lambda _: self.repaint())


class AttendanceScreen(ModalScreen[None]):
    """Who is here: space marks someone absent or arrived (each an event); groups made after leave the absent out."""

    BINDINGS = [Binding("escape,k", "dismiss(None)", "Close")]

    def __init__(self, roster: Callable[[], Roster], do: Do) -> None:
        super().__init__()
        self.roster = roster
        self.do = do

    def compose(self) -> ComposeResult:
        roster = self.roster()
        people = [
            Selection(Text(f"{p.name} · {p.organisation} · {p.sector}", no_wrap=True, overflow="ellipsis"), p.name, roster.is_present(p))
            for p in roster.people
        ]
        with Vertical(classes="dialog"):
            yield Label("Who is here · space: here / absent · escape closes", classes="dialog-title")
            if not people:
                yield Label("No participant list for this day: run it with --people FILE.")
            yield SelectionList[str](*people, id="attendance")
            yield Label("", id="attendance-said", markup=False)

    def on_mount(self) -> None:
        self.query_one("#attendance", SelectionList).focus()

    def on_selection_list_selection_toggled(self, event: SelectionList.SelectionToggled[str]) -> None:
        name = event.selection.value
        present = name in event.selection_list.selected
        outcome = self.do(MarkPresent(name, present))
        if not outcome.done:
            # Refused (a read-only window): show the list as the log has it.
            with event.selection_list.prevent(SelectionList.SelectionToggled):
                event.selection_list.toggle(name)
        self.query_one("#attendance-said", Label).update(Text(outcome.message))


class TasksScreen(ModalScreen[None]):
    """The preparation and follow-up checklists: space ticks a task done or not (an event)."""

    BINDINGS = [Binding("escape,y", "dismiss(None)", "Close")]

    def __init__(self, plan: Plan, roster: Callable[[], Roster], day: dt.date, today: dt.date, do: Do) -> None:
        super().__init__()
        self.plan = plan
        self.roster = roster
        self.day = day
        self.today = today
        self.do = do

    def compose(self) -> ComposeResult:
        ready = readiness(self.plan, self.roster(), self.day, self.today)
        rows = []
        for row in ready.rows:
            when = "after" if row.after else "before"
            state = {TaskState.LATE: "LATE · ", TaskState.DUE: "due · "}.get(row.state, "")
            label = Text(f"{when} · {state}{row.due:%a %d %b} · {row.task.task}", no_wrap=True, overflow="ellipsis")
            rows.append(Selection(label, row.task.id, row.state is TaskState.DONE))
        with Vertical(classes="dialog"):
            yield Label("Preparation and follow-up · space ticks · escape closes", classes="dialog-title")
            if not rows:
                yield Label("This plan has no [[prepare]] or [[follow_up]] tasks.")
            yield SelectionList[str](*rows, id="tasks")
            yield Label("", id="tasks-said", markup=False)

    def on_mount(self) -> None:
        self.query_one("#tasks", SelectionList).focus()

    def on_selection_list_selection_toggled(self, event: SelectionList.SelectionToggled[str]) -> None:
        task_id = event.selection.value
        outcome = self.do(TickTask(task_id, task_id in event.selection_list.selected))
        if not outcome.done:
            with event.selection_list.prevent(SelectionList.SelectionToggled):
                event.selection_list.toggle(task_id)
        self.query_one("#tasks-said", Label).update(Text(outcome.message))
