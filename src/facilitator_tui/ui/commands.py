"""The run screen's keys, each declared once with the core act it asks for.

The bindings, the footer, the help screen, the command palette and
`check_action` all read this one table, so a key added here shows up
everywhere and is greyed out, or typed into the notes, by the same rules.
What an act needs (does it write, does it need a running item) comes from the
act class in `core.acts`; whether its key is a printable character comes
from the key itself.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.keys import _character_to_key

from ..core import acts, roster_acts

PRINTABLE_KEYS = frozenset(_character_to_key(char) for char in string.printable if char.isprintable())
"""Textual's names of the keys that type a character (`n`, `plus`, `full_stop`, `space`, ...)."""


@dataclass(frozen=True)
class Command:
    """One action of the run screen: its keys, words and the core act behind it."""

    id: str
    keys: str
    action: str
    description: str
    tooltip: str = ""
    act: type[acts.Act] | None = None
    """The core act the key asks for; None for what only changes the view."""
    show: bool = False
    """Shown in the footer (the most used keys)."""
    key_display: str | None = None

    @property
    def name(self) -> str:
        """The action's name without its arguments, as `check_action` receives it."""
        return self.action.split("(")[0]

    @property
    def typed(self) -> bool:
        """True when a key of it is a printable character: while typing notes it types instead."""
        return any(key.strip() in PRINTABLE_KEYS for key in self.keys.split(","))

    @property
    def writes(self) -> bool:
        """True when it writes the day log (a read-only window cannot)."""
        return self.act is not None and self.act.writes

    @property
    def needs_item(self) -> bool:
        """True when it only makes sense while an item is running."""
        return self.act is not None and self.act.needs_item

    @property
    def help_text(self) -> str:
        """The words for the help screen and the palette."""
        return self.tooltip or self.description

    def binding(self) -> Binding:
        """The Textual binding for it."""
        return Binding(
            self.keys,
            self.action,
            self.description,
            show=self.show,
            key_display=self.key_display,
            tooltip=self.tooltip,
            id=self.id,
        )


RUN_COMMANDS: tuple[Command, ...] = (
    Command("toggle", "space", "toggle_timer", "Go/pause", "Start the day / pause / resume", acts.Toggle, show=True),
    Command("next", "n", "next", "Next", "Next item (PageDown on a clicker)", acts.Next, show=True),
    Command("previous", "p", "previous", "Previous item", "Previous item, reopened (PageUp on a clicker)", acts.Previous),
    Command("extend", "plus,equals_sign", "extend(1)", "+1m", "One minute more for the item", acts.Extend, show=True, key_display="+"),
    Command("prompts-down", "right_square_bracket", "scroll_prompts(1)", "Scroll prompts down", key_display="]"),
    Command("prompts-up", "left_square_bracket", "scroll_prompts(-1)", "Scroll prompts up", key_display="["),
    Command("notes", "e", "focus_notes", "Notes", "Type notes for the item (escape leaves)", acts.SaveNote, show=True),
    Command("help", "question_mark", "help", "Help", "This list of keys", show=True, key_display="?"),
    Command("shorten", "minus", "extend(-1)", "-1 min", "One minute less for the item", acts.Extend, key_display="-"),
    Command("extend-5", "5", "extend(5)", "+5 min", "Five minutes more for the item", acts.Extend),
    Command("skip", "s", "skip", "Skip next item", act=acts.Skip),
    Command("undo", "u", "undo", "Undo last timer act", act=acts.Undo),
    Command(
        "next-phase",
        "f",
        "next_phase",
        "Next phase",
        "Next exercise phase now (phases also move on by themselves when their time is up)",
        acts.NextPhase,
    ),
    Command("jump", "j", "jump", "Jump to item", act=acts.Jump),
    Command("correct-start", "c", "correct_start", "Correct the start", act=acts.CorrectStart),
    Command("replan", "r", "replan", "Re-plan", "Re-plan the rest of the day to close on time", acts.Replan, show=True),
    Command("guidance", "g", "toggle_guidance", "Guidance", "Show / hide the facilitator guidance"),
    Command(
        "privacy", "b,full_stop", "privacy", "Hide", "Privacy: hide guidance and notes at once (for a mirrored screen)", show=True
    ),
    Command("leave-notes", "escape", "leave_notes", "Leave notes / back to the running item"),
    Command("room-blank", "w", "room_blank", "Room: blank / back", "Blank the room display, or bring it back", acts.BlankRoom),
    Command("room-message", "o", "room_message", "Room message", "Show the room a short message (empty clears it)", acts.MessageRoom),
    Command("room-clock", "h", "room_clock", "Room clock: hide / show", "Hide or show the clock on the room display", acts.ShowRoomClock),
    Command("capture-action", "a", "capture('action')", "Action", act=acts.Capture),
    Command("capture-decision", "d", "capture('decision')", "Decision", act=acts.Capture),
    Command("capture-parking", "l", "capture('parking')", "Parking lot item", act=acts.Capture),
    Command("capture-quote", "q", "capture('quote')", "Quote / insight", act=acts.Capture),
    Command("list-captures", "i", "list_captures", "Edit or delete captured items", act=acts.EditCapture),
    Command("share-notes", "m", "toggle_share", "Mark notes shareable / private", act=acts.ShareNotes),
    Command("groups", "t", "groups", "Groups", "Groups and roles for this item, made from who is here (r re-rolls there)"),
    Command("attendance", "k", "attendance", "Who is here", "Record absences and late arrivals", roster_acts.MarkPresent),
    Command("tasks", "y", "tasks", "Checklists", "Preparation and follow-up tasks: tick them off", roster_acts.TickTask),
    Command("review", "v", "review", "Review the day's notes"),
    Command("export", "x", "export", "Export the day log"),
)

COMMANDS_BY_NAME: dict[str, Command] = {}
for _command in RUN_COMMANDS:
    COMMANDS_BY_NAME.setdefault(_command.name, _command)


def keys_shown(app: App[Any], keys: str, display: str | None = None) -> str:
    """How a binding's keys are written for people: its own display, else Textual's names for them."""
    return display or ", ".join(app.get_key_display(Binding(key, "")) for key in keys.split(","))


def help_rows(app: App[Any]) -> list[tuple[str, str]]:
    """(keys, what they do) for every run-screen command and app key, for the help screen."""
    # Each row ends with the key's id, the name a keymap.toml rebinds it by.
    rows = [(keys_shown(app, c.keys, c.key_display), f"{c.help_text}  ({c.id})") for c in RUN_COMMANDS]
    for binding in app.BINDINGS:
        if isinstance(binding, Binding):
            words = binding.tooltip or binding.description
            rows.append((keys_shown(app, binding.key, binding.key_display), f"{words}  ({binding.id})" if binding.id else words))
    rows += [
        ("↑ ↓ enter", "In the agenda: view an item's prompts and notes (the timer stays put; e writes in its notes)"),
        ("ctrl+t", "In a capture form: private on/off"),
        ("ctrl+p", "Command palette: every action by name"),
    ]
    return rows
