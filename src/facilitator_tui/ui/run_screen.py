"""The run screen: clock, agenda and prompts, with a key for every timer act."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Footer, Label, TextArea

from ..core import acts
from ..core.acts import Outcome
from ..core.closing import closing
from ..core.days import Day
from ..core.readiness import readiness
from ..core.replan import propose
from ..core.status import Mode, Status, crossed_warning, hhmm, status
from .commands import COMMANDS_BY_NAME, RUN_COMMANDS, help_rows
from .dialogs import REHEARSE, ConfirmScreen, CorrectStartScreen, HelpScreen, JumpScreen
from .labels import set_text
from .log_damage import notify_log_damage
from .notes_actions import NotesActions
from .people_screens import AttendanceScreen, GroupsScreen, TasksScreen, made_for, set_up_next
from .replan_screen import ReplanScreen
from .room_controls import RoomMessageScreen
from .texts import clock_line, day_line
from .widgets.agenda_panel import AgendaPanel
from .widgets.clock_panel import ClockPanel
from .widgets.lean_footer import LeanFooter
from .widgets.notes_panel import NotesPanel
from .widgets.prompts_panel import PromptsPanel

NARROW = 80
"""Below this many columns the run screen folds its agenda away."""


class RunScreen(NotesActions):
    """Runs the day: every act is an event written to the log before it shows."""

    class RehearseInstead(Message):
        """The user chose to rehearse this plan instead of starting the real day; the app reopens it."""

        def __init__(self, start: dt.datetime) -> None:
            super().__init__()
            self.start = start

    BINDINGS = [command.binding() for command in RUN_COMMANDS]

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
        self.narrow = False
        self._prompts_title = ""
        """Under NARROW columns: the agenda is folded away and the day line moves to the top bar."""

    def compose(self) -> ComposeResult:
        yield Label(id="topbar", markup=False)
        with Horizontal(id="main"):
            with Vertical(id="agenda-pane"):
                yield AgendaPanel(id="agenda")
                yield Label(id="dayline", markup=False)
            with Vertical(id="right-pane"):
                yield ClockPanel(id="clock")
                yield PromptsPanel(id="prompts")
                yield NotesPanel(self.day.clock, id="notes")
        yield Label(id="save-problem", markup=False)
        yield LeanFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#agenda", AgendaPanel).border_title = "Agenda"
        self.query_one("#prompts", PromptsPanel).border_title = "Prompts & exercise"
        # A read-only window shows the notes as they are saved elsewhere, and cannot change them.
        self.query_one("#notes-text", TextArea).read_only = self.day.read_only
        self.refresh_status()
        notify_log_damage(self, self.day)
        if self.live:
            self._schedule_tick()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Which keys work now, read from each command's act (see `commands`).

        While typing notes, printable keys type: their acts are off (and out of
        the footer). This also stops a key typed in the instant after `e`, before
        the notes had focus, from running a timer act. A read-only window greys
        out every act that writes; acts that need a running item are greyed out
        until one runs.
        """
        command = COMMANDS_BY_NAME.get(action)
        if command is None:
            return True
        focused = self.focused
        if command.typed and focused is not None and focused.id == "notes-text":
            return False
        if command.writes and self.day.read_only:
            return None  # shown greyed out: this window cannot write
        if command.needs_item and self.day.state.current is None:
            return None
        return True

    def on_resize(self) -> None:
        # More room for notes on a tall terminal; on a short one the running
        # phase's instructions come first, so the notes give up two lines.
        height = self.size.height
        self.query_one("#notes", NotesPanel).styles.height = 12 if height >= 36 else 7 if height >= 28 else 5
        # Under 80 columns the agenda folds away so the clock, the item and what is
        # next stay readable; the footer drops its palette hint so no key is cut.
        self.narrow = self.size.width < NARROW
        self.set_class(self.narrow, "-narrow")
        self.query_one(Footer).show_command_palette = not self.narrow
        if self.narrow and self.focused is self.query_one("#agenda"):
            self.set_focus(None)  # a folded-away list must not hold the focus unseen
        if self.day.state is not None and self.is_mounted:
            self.refresh_status()

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
        if self.day.read_only or self.day.joined:
            # Another window or laptop writes this day: show what it did.
            self.day.follow()
        self.refresh_status()
        self._schedule_tick()

    def refresh_status(self) -> None:
        """Ask the core for the status now, repaint, and fire any warning crossed."""
        plan = self.day.plan
        now = self.day.now()
        current = status(plan, self.day.state, now)
        self.status = current
        self._warn(current)
        # Badges go first so a long title can never push them off screen.
        badge = ""
        if self.day.header.rehearsal:
            badge += f"REHEARSAL ×{self.day.header.speed:g} · "
        if self.day.read_only:
            badge += "READ-ONLY · "
        if self.day.joined:
            badge += f"JOINED · clock: {self.day.state.clock_device or 'the other laptop'} · "
        if self.private:
            badge += "PRIVATE HIDDEN · "
        title = badge + plan.title
        if plan.venue and current.mode is Mode.BEFORE:
            title += f" · {plan.venue}"  # the welcome line: where the day is, until it starts
        now = current.now  # on the day's clock face (its zone), as every time on the screen
        stamp = now.strftime("%a %d %b  %H:%M")
        if self.narrow:
            # The agenda pane (and its day line) is folded away: the day line takes the top bar.
            title = badge + day_line(current).replace("\n", " · ").replace("Projected close", "close")
            stamp = now.strftime("%H:%M")
        width = max(self.size.width - len(stamp) - 2, 10)
        top = Text(no_wrap=True, overflow="ellipsis")
        top.append(title[: width - 1].ljust(width), style="bold")
        top.append(stamp)
        set_text(self.query_one("#topbar", Label), top)
        self.query_one("#clock", ClockPanel).show(plan, current)
        self.query_one("#agenda", AgendaPanel).show(plan, current)
        set_text(self.query_one("#dayline", Label), day_line(current))
        shown = current.current if current.current is not None else current.next_index
        phase = current.phase.index if current.phase and current.current is not None else None
        title = "Prompts & exercise"
        if self.pinned_item is not None:
            # Viewing another item: its prompts, labelled, with the running one still named.
            viewed = plan.index_of(self.pinned_item)
            running = plan.agenda[current.current].title if current.current is not None else "nothing"
            title = f"VIEWING {plan.agenda[viewed].title} · running: {running} · esc returns"
            shown, phase = viewed, None
        item = plan.agenda[shown] if shown is not None else None
        prompts = self.query_one("#prompts", PromptsPanel)
        if current.mode is Mode.ENDED:
            title = "The day at its close"
            prompts.show_closing(closing(plan, self.day.state, current))
        else:
            prompts.show(
                item,
                phase,
                self.show_guidance and not self.private,
                private=self.private,
                groups=made_for(self.day.state.roster, item),
                set_up_next=None if self.pinned_item is not None else set_up_next(plan, current),
                notice=self._readiness(current),
            )
        if title != self._prompts_title:
            # Only when it changes: a new border title repaints the whole pane, every tick.
            self._prompts_title = title
            prompts.border_title = Text(title)
        self.refresh_notes()

    def _readiness(self, current: Status) -> str:
        """Before the start, the preparation checklist in one line (y opens it)."""
        if current.mode is not Mode.BEFORE or not self.day.plan.prepare:
            return ""
        ready = readiness(self.day.plan, self.day.state.roster, self.day.header.date, current.now.date())
        return ready.line() + " (y)"

    def _warn(self, current: Status) -> None:
        if current.mode is not Mode.RUNNING or current.current is None or current.current != self._last_item:
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

    def act(self, act: acts.Act, *, quiet: bool = False) -> Outcome:
        """Ask the core to do `act`, tell the user what happened, repaint.

        The core decides; this only shows its words. `quiet` leaves a refusal
        to the caller (a dialog that shows it in place).
        """
        if act.moves:
            # Notes are saved at once when the item may change, and follow the new item.
            self.flush_notes()
            self.pinned_item = None
        outcome = self.day.do(act)
        if outcome.ask is not None:
            confirmed = outcome.ask
            rehearse_at = outcome.rehearse_at

            def answered(answer: bool | str | None) -> None:
                if answer == REHEARSE and rehearse_at is not None:
                    self.post_message(self.RehearseInstead(rehearse_at))
                elif answer is True:
                    self.act(confirmed, quiet=quiet)

            offer = f"rehearse it from {hhmm(rehearse_at)} on a rehearsal clock" if rehearse_at else None
            self.app.push_screen(ConfirmScreen(outcome.message, rehearse=offer, clicker=True), answered)
            return outcome
        self.show_saving(outcome)
        if outcome.failed:
            pass  # the one save notice above says it, and updates itself
        elif outcome.message and not (quiet and not outcome.done):
            self.notify(outcome.message, timeout=4, markup=False)
        if outcome.changed:
            self.refresh_status()
        return outcome

    def run_clicker(self, act: str) -> None:
        """A clicker's next or previous, whatever has focus (the app's priority keys call this).

        Over another screen (review, a dialog) the run screen cannot be seen,
        so the clicker says what it did.
        """
        outcome = self.act(acts.Next() if act == "next" else acts.Previous())
        if outcome.changed and self.app.screen is not self and self.status is not None:
            self.notify(clock_line(self.day.plan, self.status), title="Next" if act == "next" else "Previous", timeout=4, markup=False)

    def action_toggle_timer(self) -> None:
        self.act(acts.Toggle())

    def action_next(self) -> None:
        self.act(acts.Next())

    def action_previous(self) -> None:
        self.act(acts.Previous())

    def action_extend(self, minutes: int) -> None:
        # The core says nothing per press: the "ends" time shows the change, and
        # a stack of notices from a run of presses would cover the clock.
        self.act(acts.Extend(minutes))

    def action_room_blank(self) -> None:
        self.act(acts.BlankRoom(not self.day.state.room.blank))

    def action_room_message(self) -> None:
        def submit(text: str) -> Outcome:
            return self.act(acts.MessageRoom(text), quiet=True)

        self.app.push_screen(RoomMessageScreen(self.day.state.room.message, submit))

    def action_room_clock(self) -> None:
        self.act(acts.ShowRoomClock(not self.day.state.room.clock_shown))

    def action_groups(self) -> None:
        index = self.day.state.notes_index() if self.pinned_item is None else self.day.plan.index_of(self.pinned_item)
        if index is None:
            return
        self.app.push_screen(GroupsScreen(self.day.plan.agenda[index], lambda: self.day.state.roster, self.act), lambda _: self.refresh_status())

    def action_attendance(self) -> None:
        self.app.push_screen(AttendanceScreen(lambda: self.day.state.roster, self.act), lambda _: self.refresh_status())

    def action_tasks(self) -> None:
        today = self.day.now().date()
        screen = TasksScreen(self.day.plan, lambda: self.day.state.roster, self.day.header.date, today, self.act)
        self.app.push_screen(screen, lambda _: self.refresh_status())

    def action_skip(self) -> None:
        self.act(acts.Skip())

    def action_undo(self) -> None:
        self.act(acts.Undo())

    def action_next_phase(self) -> None:
        self.act(acts.NextPhase())

    def action_jump(self) -> None:
        def chosen(item_id: str | None) -> None:
            if item_id:
                self.act(acts.Jump(item_id))

        current = self.day.state.current
        self.app.push_screen(JumpScreen(self.day.plan, current), chosen)

    def action_correct_start(self) -> None:
        current = self.status
        if current is None or current.current is None:
            return
        timing = current.items[current.current]
        assert timing.actual_start is not None
        title = self.day.plan.agenda[current.current].title

        def submit(when: dt.datetime) -> Outcome:
            return self.act(acts.CorrectStart(when), quiet=True)

        self.app.push_screen(CorrectStartScreen(title, timing.actual_start, self.day.now(), submit))

    def action_replan(self) -> None:
        proposal = propose(self.day.plan, self.day.state, self.day.now())

        def chosen(choice: str | None) -> None:
            if choice == "late":
                self.act(acts.AcceptClose(proposal.old_close))
            elif choice in ("accept", "save"):
                self.act(acts.Replan(proposal.minutes, proposal.dropped))
            if choice == "save":
                self.save_replanned()

        self.app.push_screen(ReplanScreen(self.day.plan, proposal), chosen)

    def save_replanned(self) -> Path | None:
        """Save the day as it now stands as a plan file (the core checks and writes it)."""
        try:
            path = self.day.save_replanned()
        except (ValueError, OSError) as error:
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
        self.app.push_screen(HelpScreen(help_rows(self.app)))
