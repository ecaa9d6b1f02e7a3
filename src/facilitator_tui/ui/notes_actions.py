"""The run screen's note-taking acts: notes, quick capture, edit/delete, share mark, review, export."""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual.screen import Screen
from textual.widgets import Label, TextArea

from ..core import acts
from ..core.acts import Outcome
from ..core.days import Day
from ..core.events import CaptureKind
from ..core.status import Status, hhmm
from .capture_screens import CaptureForm, CaptureScreen, CapturesScreen
from .widgets.notes_panel import NotesPanel

PLURALS = {"action": "actions", "decision": "decisions", "parking": "parking lot", "quote": "quotes"}


class NotesActions(Screen[None]):
    """The note-taking half of the run screen (`RunScreen` is this plus the timer keys)."""

    day: Day
    status: Status | None
    private: bool
    """Privacy is on: notes, review and captures stay hidden."""
    pinned_item: str | None = None
    """An item picked in the agenda whose notes are shown instead of the running item's."""
    _save_failures: int = 0
    """Saves that failed in a row (a full disk); 0 while saving works."""
    _failing_since: str = ""

    def act(self, act: acts.Act, *, quiet: bool = False) -> Outcome:
        """Ask the core to do `act` and show the outcome (the run screen defines it)."""
        raise NotImplementedError

    def refresh_status(self) -> None:
        """Repaint from the status now (the run screen defines it)."""
        raise NotImplementedError

    def notes_item_id(self) -> str | None:
        """The item whose notes are shown: a picked one, else the one the core says notes go to."""
        if self.pinned_item is not None:
            return self.pinned_item
        index = self.day.state.notes_index()
        return self.day.plan.agenda[index].id if index is not None else None

    def refresh_notes(self) -> None:
        """Point the notes panel at the right item and summarise its captures."""
        panel = self.query_one("#notes", NotesPanel)
        item_id = self.notes_item_id()
        if item_id is None:
            return
        if panel.item_id not in (None, item_id):
            # The notes move to another item (skip, jump, a log followed): save
            # what was typed first, for the item it was typed on.
            taken = panel.take_unsaved()
            if taken is not None:
                self._save_note(*taken, repaint=False)
        plan = self.day.plan
        item = plan.agenda[plan.index_of(item_id)]
        notes = self.day.state.notes
        saved = notes.notes_for(item_id, self.day.author)
        running = self.status is not None and self.status.current is not None and plan.agenda[self.status.current].id == item_id
        # Markers before the title: a long title must not push them out of sight.
        where = "" if running or self.pinned_item is None else "NOT THE RUNNING ITEM (esc returns) · "
        shared = "shareable · " if saved.shareable else ""
        panel.show_item(item_id, saved.text, f"Notes (e) · {where}{shared}{item.title}")
        if self.day.read_only:
            panel.replace_text_if_idle(saved.text)
        counts = Counter(c.kind for c in notes.captures_for(item_id))
        summary = " · ".join(f"{n} {PLURALS[k] if n > 1 else k}" for k, n in counts.items())
        panel.show_captures(f"Captured: {summary} (i lists)" if summary else "a action · d decision · l parking lot · q quote")

    def show_saving(self, outcome: Outcome) -> None:
        """One notice that stays while saving fails (a full disk) and updates itself, gone once a save works.

        Notices stacked one per failed save would cover the clock; this one
        line says what is wrong, since when and how many tries, in words.
        """
        banner = self.query_one("#save-problem", Label)
        if outcome.failed:
            self._save_failures += 1
            if self._save_failures == 1:
                self._failing_since = hhmm(self.day.clock.now())
            tries = f", {self._save_failures} tries" if self._save_failures > 1 else ""
            reason = outcome.message.removeprefix("Not saved: ")
            # Its own size: the words may take two lines on a narrow screen, and must be read whole.
            banner.update(Text(f"⚠ NOT SAVED since {self._failing_since}{tries}: {reason}"), layout=True)
            banner.display = True
        elif outcome.changed and self._save_failures:
            self._save_failures = 0
            banner.display = False
            self.notify("Saving works again: everything since is on disk.", timeout=6, markup=False)

    def on_notes_panel_save(self, message: NotesPanel.Save) -> None:
        """The notes panel says its text is due: ask the core to save it."""
        self._save_note(message.item_id, message.text)

    def _save_note(self, item_id: str, text: str, *, repaint: bool = True) -> None:
        outcome = self.day.do(acts.SaveNote(item_id, text))
        self.show_saving(outcome)
        if not outcome.done:
            # Not saved (disk full?): the text stays on screen and is tried again.
            self.query_one("#notes", NotesPanel).keep_unsaved(item_id)
            if not outcome.failed:
                self.notify(outcome.message, title="Notes not saved", severity="error", timeout=15, markup=False)
        elif outcome.changed and repaint:
            self.refresh_status()

    def flush_notes(self) -> None:
        """Save any unsaved notes at once (before the item changes, at quit)."""
        taken = self.query_one("#notes", NotesPanel).take_unsaved()
        if taken is not None:
            self._save_note(*taken)

    def unsaved_notes(self) -> str | None:
        """The notes on screen that could not be saved (a full disk), or None when all is on disk."""
        panel = self.query_one("#notes", NotesPanel)
        return panel.text if panel.dirty else None

    def action_focus_notes(self) -> None:
        if self.refused_while_private():
            return
        # Focus at once (not deferred like `widget.focus()`), and carry on
        # writing at the end of what is there.
        area = self.query_one("#notes-text", TextArea)
        self.set_focus(area)
        area.move_cursor(area.document.end)

    def action_leave_notes(self) -> None:
        area = self.query_one("#notes-text", TextArea)
        if area.has_focus:
            self.flush_notes()
            # The agenda takes the focus, so the arrow keys move in it at once.
            self.set_focus(self.query_one("#agenda"))
        elif self.pinned_item is not None:
            self.flush_notes()
            self.pinned_item = None
            self.refresh_status()

    def pin_notes(self, item_id: str) -> None:
        """View another item (its prompts and its notes) without moving the timer; `e` then writes in its notes."""
        self.flush_notes()
        running = self.status and self.status.current is not None and self.day.plan.agenda[self.status.current].id == item_id
        self.pinned_item = None if running else item_id
        self.refresh_status()

    def action_capture(self, kind: CaptureKind) -> None:
        item_id = self.notes_item_id()
        if item_id is None:
            return
        title = self.day.plan.agenda[self.day.plan.index_of(item_id)].title

        def submit(form: CaptureForm) -> Outcome:
            return self.act(acts.Capture(kind, item_id, form.text, form.owner, form.due, form.private), quiet=True)

        form = CaptureScreen(kind, title, submit, today=self.day.clock.now().date())
        form.masked = self.private
        self.app.push_screen(form)

    def refused_while_private(self) -> bool:
        """True (with a notice) when privacy is on: nothing private may be opened."""
        if self.private:
            self.notify("Privacy is on (b): notes stay hidden.", markup=False)
        return self.private

    def action_list_captures(self) -> None:
        if self.refused_while_private():
            return
        item_id = self.notes_item_id()
        if item_id is None:
            return
        title = self.day.plan.agenda[self.day.plan.index_of(item_id)].title
        captures = self.day.state.notes.captures_for(item_id)

        def chosen(choice: tuple[str, str] | None) -> None:
            if choice is None:
                return
            what, capture_id = choice
            if what == "delete":
                self.act(acts.DeleteCapture(capture_id))
                return
            capture = self.day.state.notes.captures[capture_id]

            def submit(form: CaptureForm) -> Outcome:
                edit = acts.EditCapture(capture_id, form.text, form.owner, form.due, form.private)
                return self.act(edit, quiet=True)

            self.app.push_screen(CaptureScreen(capture.kind, title, submit, existing=capture, today=self.day.clock.now().date()))

        self.app.push_screen(CapturesScreen(title, captures), chosen)

    def action_toggle_share(self) -> None:
        item_id = self.notes_item_id()
        if item_id is None:
            return
        self.flush_notes()
        self.act(acts.ShareNotes(item_id, not self.day.state.notes.notes_for(item_id, self.day.author).shareable))

    def action_review(self) -> None:
        from .review_screen import ReviewScreen

        if self.refused_while_private():
            return
        self.flush_notes()
        self.app.push_screen(ReviewScreen(self.day, follow=False))

    def action_export(self) -> None:
        from .export_screen import ExportScreen

        self.flush_notes()
        self.app.push_screen(ExportScreen(self.day))
