"""Review a day: every item with its timings, notes and captured items; filter and search.

Read-only. In its own process (`facilitator-tui review`) it follows the live
day, re-reading the log every second; from the run screen it shows the same
day the run screen is writing.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from ..core.days import Day
from ..core.status import status
from ..export.record import DayRecord, NoteEntry, day_record
from ..export.wording import LABELS, hhmm, timing_summary
from .labels import set_text
from .log_damage import notify_log_damage
from .texts import clock_line
from .widgets.lean_footer import LeanFooter

FILTERS = {
    "all": "All",
    "action": "Actions",
    "decision": "Decisions",
    "parking": "Parking lot",
    "quote": "Quotes",
    "private": "Private",
}


def note_matches(note: NoteEntry, kind: str, search: str) -> bool:
    """True when a note passes the kind filter and contains the search text."""
    if kind == "private" and not note.private:
        return False
    if kind not in ("all", "private") and note.kind != kind:
        return False
    if search:
        haystack = " ".join(filter(None, (note.text, note.owner, note.due, note.author))).casefold()
        return search.casefold() in haystack
    return True


def review_text(record: DayRecord, kind: str, search: str) -> tuple[Text, int]:
    """The review body, and how many notes it shows."""
    text = Text()
    shown = 0
    filtering = kind != "all" or bool(search)
    for item in record.items:
        notes = [n for n in item.notes if note_matches(n, kind, search)]
        if filtering and not notes:
            continue
        text.append(f"{item.planned_start} {item.title}\n", style="bold")
        text.append(f"  {timing_summary(item)}\n", style="italic")
        for note in notes:
            shown += 1
            label = LABELS[note.kind] + (" · private" if note.private else "")
            text.append(f"  {hhmm(note.at)} {label}", style="bold")
            text.append(f" · {note.author}")
            if note.kind == "action":
                text.append(f" · owner {note.owner or 'unassigned'}" + (f" · due {note.due}" if note.due else ""))
            text.append("\n")
            for line in note.text.splitlines() or [""]:
                text.append(f"    {line}\n")
        text.append("\n")
    if filtering and shown == 0:
        text.append("Nothing matches. Press 1 for all, or change the search.\n")
    return text, shown


class ReviewScreen(Screen):
    """The day's notes, read-only, with filters (1–6) and search (/)."""

    BINDINGS = [
        Binding("1", "filter('all')", "All"),
        Binding("2", "filter('action')", "Actions"),
        Binding("3", "filter('decision')", "Decisions"),
        Binding("4", "filter('parking')", "Parking"),
        Binding("5", "filter('quote')", "Quotes"),
        Binding("6", "filter('private')", "Private"),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("escape", "close", "Back"),
    ]

    def __init__(self, day: Day, *, follow: bool) -> None:
        super().__init__()
        self.day = day
        self.follow = follow
        self.kind = "all"
        self.search = ""
        self._seen = -1
        self._record: DayRecord | None = None

    def compose(self) -> ComposeResult:
        yield Label(id="review-top", markup=False)
        yield Label(id="review-clock", markup=False)
        yield Input(placeholder="Search notes (enter applies, escape leaves)", id="review-search")
        with VerticalScroll(id="review-scroll"):
            yield Static(id="review-body", markup=False)
        # No palette hint: at 80 columns it would cut the last key off.
        yield LeanFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        # Start on the notes, not the search box, so the filter keys work at once.
        self.query_one("#review-scroll").focus()
        self.query_one("#review-search", Input).cursor_blink = False
        self.rebuild()
        self.show_clock()
        notify_log_damage(self, self.day)
        # One timer: pick up what another window (or this one) has written.
        self.set_interval(1.0, self.poll)

    def show_clock(self) -> None:
        """The running clock in one line, so reviewing never hides how the day stands."""
        set_text(self.query_one("#review-clock", Label), clock_line(self.day.plan, status(self.day.plan, self.day.state, self.day.now())))

    def poll(self) -> None:
        """Follow the day: re-read the log and repaint only when it grew; the clock line every time."""
        self.show_clock()
        if self.follow:
            self.day.follow()
        if len(self.day.events) != self._seen:
            self._record = None
            self.rebuild()

    def rebuild(self) -> None:
        """Re-render with the current filter and search; the record is rebuilt only when events arrive."""
        if not self.day.events:
            self.query_one("#review-body", Static).update(Text("Nothing recorded yet: start the day (space) first."))
            return
        if self._record is None:
            self._seen = len(self.day.events)
            self._record = day_record(self.day.plan, self.day.events, self.day.now())
        body, shown = review_text(self._record, self.kind, self.search)
        self.query_one("#review-body", Static).update(body)
        search = f" · search “{self.search}”" if self.search else ""
        live = " · following live" if self.follow else ""
        top = f"Review · {self.day.day_id} · {FILTERS[self.kind]}{search} · {shown} shown{live} · read-only"
        self.query_one("#review-top", Label).update(Text(top))

    def action_filter(self, kind: str) -> None:
        self.kind = kind
        self.rebuild()

    def action_search(self) -> None:
        self.query_one("#review-search", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.search = event.value.strip()
        self.rebuild()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#review-scroll").focus()

    def action_close(self) -> None:
        search = self.query_one("#review-search", Input)
        if search.has_focus:
            self.query_one("#review-scroll").focus()
            return
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()
