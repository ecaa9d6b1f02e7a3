"""The run screen: clock, agenda and prompts, with a key for every timer act."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label

from .. import events as ev
from ..days import Day
from ..event_log import make_private_dir
from ..plan_loader import plan_to_toml
from ..replan import propose, replanned_plan
from ..status import Mode, Status, crossed_warning, status
from .dialogs import CorrectStartScreen, HelpScreen, JumpScreen
from .notes_actions import NotesActions
from .replan_screen import ReplanScreen
from .labels import set_text
from .texts import day_line
from .widgets.agenda_panel import AgendaPanel
from .widgets.clock_panel import ClockPanel
from .widgets.notes_panel import NotesPanel
from .widgets.prompts_panel import PromptsPanel


MOVES = (ev.Start, ev.Next, ev.Previous, ev.GoTo, ev.Undo)
"""Acts that can change the running item."""

TYPING_KEYS_ACTIONS = frozenset(
    {"toggle", "next", "previous", "extend", "skip", "undo", "next_phase", "jump", "correct_start", "replan",
     "toggle_guidance", "privacy", "focus_notes", "capture", "list_captures", "toggle_share", "review", "export", "help",
     "scroll_prompts"}
)
"""Acts on printable keys: while the notes have focus those keys type instead."""

WRITING_ACTIONS = frozenset(
    {"toggle", "next", "previous", "extend", "skip", "undo", "next_phase", "jump", "correct_start", "replan",
     "capture", "list_captures", "toggle_share", "focus_notes"}
)
"""Acts a read-only window cannot do: greyed out in its footer, and they do nothing."""


class RunScreen(NotesActions, Screen):
    """Runs the day: every act is an event written to the log before it shows."""

    BINDINGS = [
        Binding("space", "toggle", "Go/pause", tooltip="Start the day / pause / resume", id="toggle"),
        Binding("n", "next", "Next", tooltip="Next item (PageDown on a clicker)", id="next"),
        Binding("p", "previous", "Previous item", tooltip="Previous item, reopened (PageUp on a clicker)", show=False, id="previous"),
        Binding("plus,equals_sign", "extend(1)", "+1m", tooltip="One minute more for the item", key_display="+", id="extend"),
        Binding("right_square_bracket", "scroll_prompts(1)", "Scroll prompts down", key_display="]", show=False, id="prompts-down"),
        Binding("left_square_bracket", "scroll_prompts(-1)", "Scroll prompts up", key_display="[", show=False, id="prompts-up"),
        Binding("e", "focus_notes", "Notes", tooltip="Type notes for the item (escape leaves)", id="notes"),
        Binding("question_mark", "help", "Help", tooltip="This list of keys", key_display="?", id="help"),
        Binding("minus", "extend(-1)", "-1 min", tooltip="One minute less for the item", key_display="-", show=False, id="shorten"),
        Binding("5", "extend(5)", "+5 min", tooltip="Five minutes more for the item", show=False, id="extend-5"),
        Binding("s", "skip", "Skip next item", show=False, id="skip"),
        Binding("u", "undo", "Undo last timer act", show=False, id="undo"),
        Binding("f", "next_phase", "Next phase", show=False, id="next-phase"),
        Binding("j", "jump", "Jump to item", show=False, id="jump"),
        Binding("c", "correct_start", "Correct the start", show=False, id="correct-start"),
        Binding("r", "replan", "Re-plan", tooltip="Re-plan the rest of the day to close on time", id="replan"),
        Binding("g", "toggle_guidance", "Guidance", tooltip="Show / hide the facilitator guidance", show=False, id="guidance"),
        Binding("b,full_stop", "privacy", "Privacy", tooltip="Privacy: hide guidance and notes at once (for a mirrored screen)", id="privacy"),
        Binding("escape", "leave_notes", "Leave notes / back to the running item", show=False, id="leave-notes"),
        Binding("a", "capture('action')", "Action", show=False, id="capture-action"),
        Binding("d", "capture('decision')", "Decision", show=False, id="capture-decision"),
        Binding("l", "capture('parking')", "Parking lot item", show=False, id="capture-parking"),
        Binding("q", "capture('quote')", "Quote / insight", show=False, id="capture-quote"),
        Binding("i", "list_captures", "Edit or delete captured items", show=False, id="list-captures"),
        Binding("m", "toggle_share", "Mark notes shareable / private", show=False, id="share-notes"),
        Binding("v", "review", "Review the day's notes", show=False, id="review"),
        Binding("x", "export", "Export the day log", show=False, id="export"),
    ]

    def __init__(self, day: Day, *, live: bool = True, bell: bool = True) -> None:
        super().__init__()
        self.day = day
        self.live = live
        self.bell_enabled = bell
        self.show_guidance = False
        self.private = False
        self._last_remaining: float | None = None
        self._last_item: int | None = None
        self.bells = 0
        """How many times the bell was asked for (tests cannot hear it)."""
        self.status: Status | None = None

    def compose(self) -> ComposeResult:
        yield Label(id="topbar", markup=False)
        with Horizontal(id="main"):
            with Vertical(id="agenda-pane"):
                yield AgendaPanel(id="agenda")
                yield Label(id="dayline", markup=False)
            with Vertical(id="right-pane"):
                yield ClockPanel(id="clock")
                yield PromptsPanel(id="prompts")
                yield NotesPanel(self.save_notes, id="notes")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#agenda", AgendaPanel).border_title = "Agenda"
        self.query_one("#prompts", PromptsPanel).border_title = "Prompts & exercise"
        # A read-only window shows the notes as they are saved elsewhere, and cannot change them.
        self.query_one("#notes-text").read_only = self.day.read_only
        self.refresh_status()
        for warning in self.day.warnings[:3]:
            self.notify(f"Log damage: {warning}", title="Skipped a line", severity="warning", timeout=10, markup=False)
        if self.live:
            self._schedule_tick()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While typing notes, letter keys type: their acts are off (and out of the footer).

        This also stops a key typed in the instant after `e`, before the notes
        had focus, from running a timer act.
        """
        if action in TYPING_KEYS_ACTIONS:
            focused = self.focused
            if focused is not None and focused.id == "notes-text":
                return False
        if self.day.read_only and action in WRITING_ACTIONS:
            return None  # shown greyed out: this window cannot write
        return True

    def on_resize(self) -> None:
        # More room for notes on a tall terminal; the clock and prompts keep theirs.
        self.query_one("#notes", NotesPanel).styles.height = 12 if self.size.height >= 36 else 7

    # ----- the clock -------------------------------------------------------

    def _schedule_tick(self) -> None:
        """Tick when the countdown's shown second changes, so it never lags the clock."""
        delay = 1.0
        current = self.status
        if current is not None and current.mode is Mode.RUNNING:
            fraction = current.remaining - math.floor(current.remaining)
            delay = (fraction or 1.0) / max(self.day.clock.speed, 1e-6)
        # A fast rehearsal clock would otherwise repaint many times a second.
        floor = 0.05 if self.day.clock.speed <= 1 else 0.25
        delay = min(max(delay + 0.002, floor), 1.0)
        self.set_timer(delay, self._tick)

    def _tick(self) -> None:
        if self.day.read_only:
            self.day.follow()
        self.refresh_status()
        self._schedule_tick()

    def refresh_status(self) -> None:
        """Ask the core for the status now, repaint, and fire any warning crossed."""
        assert self.day.state is not None
        plan = self.day.plan
        now = self.day.clock.now()
        current = status(plan, self.day.state, now)
        self.status = current
        self._warn(current)
        # Badges go first so a long title can never push them off screen.
        badge = ""
        if self.day.header.rehearsal:
            badge += f"REHEARSAL ×{self.day.header.speed:g} · "
        if self.day.read_only:
            badge += "READ-ONLY · "
        if self.private:
            badge += "PRIVATE HIDDEN · "
        title = badge + plan.title
        stamp = now.strftime("%a %d %b  %H:%M")
        width = max(self.size.width - len(stamp) - 2, 10)
        top = Text(no_wrap=True, overflow="ellipsis")
        top.append(title[: width - 1].ljust(width), style="bold")
        top.append(stamp)
        set_text(self.query_one("#topbar", Label), top)
        self.query_one("#clock", ClockPanel).show(plan, current)
        self.query_one("#agenda", AgendaPanel).show(plan, current)
        set_text(self.query_one("#dayline", Label), day_line(current))
        shown = current.current if current.current is not None else current.next_index
        item = plan.agenda[shown] if shown is not None else None
        phase = current.phase.index if current.phase and current.current is not None else None
        self.query_one("#prompts", PromptsPanel).show(item, phase, self.show_guidance and not self.private)
        self.refresh_notes()

    def _warn(self, current: Status) -> None:
        if current.mode is not Mode.RUNNING or current.current != self._last_item:
            self._last_item = current.current
            self._last_remaining = current.remaining if current.mode is Mode.RUNNING else None
            return
        before, self._last_remaining = self._last_remaining, current.remaining
        if before is None:
            return
        crossed = crossed_warning(before, current.remaining, self.day.plan.warnings.minutes)
        if crossed is None:
            return
        message = "Time is up" if crossed == 0 else f"{crossed} min left"
        item = self.day.plan.agenda[current.current].title
        self.notify(f"{message}: {item}", title="⚠ Time", severity="warning" if crossed else "error", markup=False)
        self.ring()

    def ring(self) -> None:
        """Sound the terminal bell, if enabled."""
        if self.bell_enabled:
            self.bells += 1
            self.app.bell()

    # ----- acts ------------------------------------------------------------

    def record(self, event_type: type[ev.EventBase], **fields) -> bool:
        """Write one event to the log, then repaint; False (with a notice) if it was not saved."""
        if event_type in MOVES:
            # Notes are saved at once when the item changes, and follow the new item.
            self.flush_notes()
            self.pinned_item = None
        if self.day.read_only:
            self.notify("This day is open read-only.", severity="warning", markup=False)
            return False
        try:
            self.day.record(event_type(**self.day.stamp(), **fields))
        except OSError as error:
            self.notify(f"Not saved: {error.strerror or error}. Nothing already saved is lost.", title="Could not write the day log", severity="error", timeout=15, markup=False)
            return False
        self.refresh_status()
        return True

    def action_toggle(self) -> None:
        state = self.day.state
        if state is None or state.ended:
            return
        if not state.started:
            self.record(ev.Start)
        elif state.paused:
            self.record(ev.Resume)
        else:
            self.record(ev.Pause)

    def action_next(self) -> None:
        if self.day.state and not self.day.state.ended:
            self.record(ev.Next)

    def action_previous(self) -> None:
        state = self.day.state
        if state is None or not state.started:
            return
        before = state.current if state.current is not None else len(state.items)
        if not any(item.started for item in state.items[:before]):
            self.notify("This is the first item run today.", markup=False)
            return
        self.record(ev.Previous)

    def action_extend(self, minutes: int) -> None:
        current = self.status
        index = current.current if current and current.current is not None else (current.next_index if current else None)
        if index is None:
            return
        # No notice per press: the "ends" time shows the change, and a stack of
        # notices from a run of presses would cover the clock.
        self.record(ev.Extend, item_id=self.day.plan.agenda[index].id, minutes=minutes)

    def action_skip(self) -> None:
        current = self.status
        if current is None or current.next_index is None:
            self.notify("Nothing left to skip.", markup=False)
            return
        item = self.day.plan.agenda[current.next_index]
        if self.day.state.items[current.next_index].started:
            self.notify(f"{item.title} has already run; n resumes it.", markup=False)
            return
        if self.record(ev.Skip, item_id=item.id):
            self.notify(f"Skipped: {item.title} (u undoes)", timeout=4, markup=False)

    def action_undo(self) -> None:
        if self.day.state is None or self.day.state.timer_acts == 0:
            self.notify("Nothing to undo.", markup=False)
            return
        if self.record(ev.Undo):
            self.notify("Undone.", timeout=2, markup=False)

    def action_next_phase(self) -> None:
        phase = self.status.phase if self.status else None
        if phase is None or self.status.current is None:
            return
        if phase.index + 1 >= phase.count:
            self.notify("This is the last phase.", markup=False)
            return
        self.record(ev.NextPhase)

    def action_jump(self) -> None:
        def chosen(item_id: str | None) -> None:
            if item_id:
                self.record(ev.GoTo, item_id=item_id)

        self.app.push_screen(JumpScreen(self.day.plan, self.status.current if self.status else None), chosen)

    def action_correct_start(self) -> None:
        current = self.status
        if current is None or current.current is None:
            self.notify("Start an item first; then c corrects when it started.", markup=False)
            return
        index = current.current
        item = self.day.plan.agenda[index]
        started = current.items[index].actual_start
        assert started is not None

        def chosen(when: dt.datetime | None) -> None:
            if when is not None and self.record(ev.CorrectStart, item_id=item.id, started=when):
                self.notify(f"Start corrected to {when:%H:%M}", markup=False)

        self.app.push_screen(CorrectStartScreen(item.title, started, self.day.clock.now()), chosen)

    def action_replan(self) -> None:
        assert self.day.state is not None
        now = self.day.clock.now()
        proposal = propose(self.day.plan, self.day.state, now)

        def chosen(choice: str | None) -> None:
            if choice == "late":
                # Keep every item as it is and take the close it leads to.
                self.record(ev.AcceptClose, close=proposal.old_close)
            elif choice in ("accept", "save") and proposal.changes:
                self.record(ev.Replan, minutes=proposal.minutes, dropped=proposal.dropped)
            if choice == "save":
                self.save_replanned()

        self.app.push_screen(ReplanScreen(self.day.plan, proposal), chosen)

    def save_replanned(self) -> Path | None:
        """Write the day as it now stands as a new plan file in the data dir, checked first."""
        from ..export import ExportError, write_atomic
        from ..plan_loader import PlanError, parse_plan

        assert self.day.state is not None
        path = self.day.data / "plans" / f"{self.day.day_id}-replanned.toml"
        try:
            plan = replanned_plan(self.day.plan, self.day.state, self.day.clock.now())
            text = plan_to_toml(plan)
            parse_plan(text, str(path))  # the saved file must validate
            make_private_dir(path.parent)
            write_atomic(path, text, private=True)
        except (ValueError, PlanError, ExportError, OSError) as error:
            self.notify(f"Could not save the re-planned day: {error}", severity="error", markup=False)
            return None
        self.notify(f"Saved re-planned day as {path}", timeout=8, markup=False)
        return path

    def action_scroll_prompts(self, pages: int) -> None:
        """Scroll the prompts panel a page, from the keyboard (no mouse needed)."""
        panel = self.query_one("#prompts", PromptsPanel)
        if pages > 0:
            panel.scroll_page_down(animate=False)
        else:
            panel.scroll_page_up(animate=False)

    def action_toggle_guidance(self) -> None:
        if self.private:
            self.notify("Privacy is on (b): guidance stays hidden.", markup=False)
            return
        self.show_guidance = not self.show_guidance
        self.refresh_status()

    def action_privacy(self) -> None:
        self.private = not self.private
        if self.private:
            self.show_guidance = False
            self.flush_notes()
            self.set_focus(None)
        self.query_one("#notes", NotesPanel).display = not self.private
        self.set_class(self.private, "-private")
        self.refresh_status()

    def on_option_list_option_selected(self, event) -> None:
        """Enter on an agenda row: show and edit that item's notes; the timer stays put."""
        if event.option_list.id == "agenda" and event.option.id:
            self.pin_notes(event.option.id)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.app.key_rows(self)))
