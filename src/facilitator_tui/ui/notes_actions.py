"""The run screen's note-taking acts: notes, quick capture, edit/delete, share mark, review, export."""

from __future__ import annotations

from collections import Counter

from textual.widgets import TextArea

from .. import events as ev
from ..notes import CAPTURE_LABELS
from .capture_screens import CaptureForm, CaptureScreen, CapturesScreen
from .widgets.notes_panel import NotesPanel

PLURALS = {"action": "actions", "decision": "decisions", "parking": "parking lot", "quote": "quotes"}


class NotesActions:
    """Mixed into `RunScreen`; uses its `day`, `status`, `record` and `notify`."""

    pinned_item: str | None = None
    """An item picked in the agenda whose notes are shown instead of the running item's."""

    def notes_item_id(self) -> str | None:
        """The item whose notes are shown: a picked one, else the running (or first) item."""
        if self.pinned_item is not None:
            return self.pinned_item
        current = self.status
        index = None if current is None else (current.current if current.current is not None else current.next_index)
        if index is None and current is not None and current.current is None and self.day.plan.agenda:
            index = len(self.day.plan.agenda) - 1
        return self.day.plan.agenda[index].id if index is not None else None

    def refresh_notes(self) -> None:
        """Point the notes panel at the right item and summarise its captures."""
        panel = self.query_one("#notes", NotesPanel)
        item_id = self.notes_item_id()
        if item_id is None:
            return
        plan = self.day.plan
        item = plan.agenda[plan.index_of(item_id)]
        notes = self.day.state.notes
        saved = notes.notes_for(item_id)
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

    def save_notes(self, item_id: str, text: str) -> bool:
        """Autosave callback of the notes panel."""
        if self.day.read_only:
            return True
        return self.record(ev.NoteSaved, item_id=item_id, text=text)

    def flush_notes(self) -> None:
        """Save any unsaved notes at once (item change, quit)."""
        self.query_one("#notes", NotesPanel).flush()

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
            self.set_focus(None)
        elif self.pinned_item is not None:
            self.flush_notes()
            self.pinned_item = None
            self.refresh_status()

    def pin_notes(self, item_id: str) -> None:
        """Show (and edit) another item's notes without moving the timer."""
        self.flush_notes()
        running = self.status and self.status.current is not None and self.day.plan.agenda[self.status.current].id == item_id
        self.pinned_item = None if running else item_id
        self.refresh_status()
        self.action_focus_notes()

    def action_capture(self, kind: str) -> None:
        item_id = self.notes_item_id()
        if item_id is None or self.day.read_only:
            self.notify("Nothing to capture against here.", markup=False)
            return
        title = self.day.plan.agenda[self.day.plan.index_of(item_id)].title

        def saved(form: CaptureForm | None) -> None:
            if form is not None and self.record(
                ev.Captured, kind=kind, item_id=item_id, text=form.text, owner=form.owner, due=form.due, private=form.private
            ):
                self.notify(f"{CAPTURE_LABELS[kind]} saved" + (" (private)" if form.private else ""), timeout=2, markup=False)

        self.app.push_screen(CaptureScreen(kind, title), saved)

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
            act, capture_id = choice
            capture = self.day.state.notes.captures[capture_id]
            if act == "delete":
                if self.record(ev.CaptureDeleted, capture_id=capture_id):
                    self.notify("Deleted (the day log keeps a record).", timeout=3, markup=False)
                return

            def edited(form: CaptureForm | None) -> None:
                if form is not None:
                    self.record(ev.CaptureEdited, capture_id=capture_id, text=form.text, owner=form.owner, due=form.due, private=form.private)

            self.app.push_screen(CaptureScreen(capture.kind, title, existing=capture), edited)

        self.app.push_screen(CapturesScreen(title, captures), chosen)

    def action_toggle_share(self) -> None:
        item_id = self.notes_item_id()
        if item_id is None:
            return
        self.flush_notes()
        shareable = not self.day.state.notes.notes_for(item_id).shareable
        if self.record(ev.NoteSharing, item_id=item_id, shareable=shareable):
            state = "may now go into shared exports" if shareable else "are private again (left out of shared exports)"
            self.notify(f"These notes {state}.", timeout=3, markup=False)

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
