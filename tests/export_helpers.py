"""A realistic recorded day for export tests: notes, captures, edits, a deletion, hostile text.

`build_day` records the day through `Day.record` on a `FakeClock`, exactly as
the run screen would, so the exports under test are made from a real log.
Every user string that should reach a full export is in `Built.strings`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from day_helpers import at, make_day
from facilitator_tui.core import events as ev
from facilitator_tui.core.clock import FakeClock
from facilitator_tui.core.days import Day
from facilitator_tui.core.due_dates import understand_due
from facilitator_tui.core.notes import DayNotes
from facilitator_tui.core.plan import Plan
from facilitator_tui.export.record import DayRecord, day_record

# Hostile strings: Textual markup, HTML, Markdown syntax, CSV trouble, emoji, right-to-left text.
MARKUP = "[red]x[/]"
OPEN_TAG = "[/"
CLICK = "[@click=app.quit]q[/]"
SCRIPT = "<script>alert(1)</script>"
EMOJI = "🎉👩🏽‍⚕️"
ARABIC = "مرحبا بكم"
HEBREW = "שלום עולם"

PLAN_TITLE = f"Partnership day {MARKUP} & <b>bold</b> | {EMOJI}"
PLAN_SUBTITLE = "Run with Ann Smith and O'Neil"
OPEN_TITLE = f"Opening {CLICK} with Ann"
TEA_TITLE = "Tea | coffee"
EXTRA_TITLE = "Extra *optional* _slot_"
LUNCH_TITLE = "Lunch"
LAST_TITLE = f"Closing {ARABIC} {OPEN_TAG}"
GUIDANCE_LINE = "GUIDANCE-SECRET: watch Ann Smith go quiet"

OPEN_NOTE_DRAFT = "DRAFT-TEXT first thoughts"
OPEN_NOTE = (
    f"Ann Smith went quiet {MARKUP} {OPEN_TAG}\n"
    f"{SCRIPT} and *stars* _under_ [x](y) a | b\n"
    "# not a heading\n"
    "- not a list\n"
    "1. not numbered\n"
    f"{HEBREW} {EMOJI}"
)
TEA_NOTE = "RAW-OBSERVATION: Zoë looked bored"
LAST_NOTE = f"Wrap-up {ARABIC} with José"

ACTION_FORMULA = '=HYPERLINK("http://evil.example","click")'
ACTION_FORMULA_OWNER = "O'Neil"
ACTION_FORMULA_DUE = "2026-12-01"
ACTION_MULTILINE = "Email Zoë the notes\nand the slides | all"
ACTION_MULTILINE_OWNER = f"Ann Smith {CLICK}"
ACTION_MULTILINE_DUE = "+1 week"
ACTION_PRIVATE = f"PRIVATE-ACTION talk to José about {OPEN_TAG}"
DECISION = f"{SCRIPT} We go with *option* _B_ [x](y)"
PARKING_OLD = "OLD-PARKING text"
PARKING = "@mention -minus start, revisit in March"
QUOTE = f"“Annual budgets kill trust” said Joanne {EMOJI} {HEBREW}"
DELETED = "DELETED-SECRET remove me"
PRIVATE_QUOTE = "PRIVATE-QUOTE off the record"

PSEUDONYMS = {
    "Ann Smith": "Participant A",
    "Ann": "Participant B",
    "O'Neil": "Participant C",
    "Zoë": "Participant D",
    "José": "Participant E",
}


def hostile_plan() -> Plan:
    """09:00–11:00 with hostile titles, guidance on the first item and a pseudonym table."""
    return Plan.model_validate(
        {
            "title": PLAN_TITLE,
            "subtitle": PLAN_SUBTITLE,
            "start": "09:00",
            "close": "11:00",
            "pseudonyms": PSEUDONYMS,
            "agenda": [
                {
                    "id": "open",
                    "title": OPEN_TITLE,
                    "start": "09:00",
                    "guidance": {"watch_for": [GUIDANCE_LINE], "debrief": ["GUIDANCE-DEBRIEF ask twice"]},
                },
                {"id": "tea", "title": TEA_TITLE, "kind": "break", "start": "09:30"},
                {"id": "extra", "title": EXTRA_TITLE, "start": "09:45", "optional": True},
                {"id": "lunch", "title": LUNCH_TITLE, "kind": "lunch", "start": "10:00"},
                {"id": "last", "title": LAST_TITLE, "start": "10:20"},
            ],
        }
    )


@dataclass
class Built:
    """A recorded day and what went into it."""

    data: Path
    day_id: str
    plan: Plan
    events: list
    notes: DayNotes | None = None
    """The notes the writing day folded in as it went (not replayed)."""
    ids: dict[str, str] = field(default_factory=dict)
    """Capture ids by a short name: formula, multiline, private, decision, parking, quote, deleted, private_quote."""

    def record(self, *, with_guidance: bool = True) -> DayRecord:
        """The day's record, as the exporters get it (with the plan's guidance, as `--with-guidance` asks)."""
        return day_record(self.plan, self.events, self.events[-1].at, with_guidance=with_guidance)


def _stamp(day: Day, author: str | None = None) -> dict:
    stamp = day.stamp()
    if author is not None:
        stamp["author"] = author
    return stamp


def build_day(data: Path, *, start: dt.datetime | None = None, plan_path: Path | None = None, **day_kwargs) -> Built:
    """Record the hostile day in `data`; the day is closed when this returns.

    Timeline (from 09:00): Opening runs 09:00–09:31 with notes and captures,
    Tea 09:31–09:50 with a 5-minute pause, Extra is skipped, Lunch 09:50–10:25,
    Closing 10:25–11:02, then the day ends.
    """
    plan = hostile_plan()
    clock = FakeClock(start or at("08:55"))
    day = make_day(data, plan, plan_path or Path("hostile-day.toml"), clock, **day_kwargs)
    ids: dict[str, str] = {}
    base = clock.now()

    def go(minutes: float) -> None:
        clock.set(base + dt.timedelta(minutes=minutes))

    def capture(name: str, kind: str, item: str, text: str, **extra) -> None:
        if "due" in extra:
            # As the capture act does: the date the words mean, decided when captured.
            extra["due_date"] = understand_due(extra["due"], clock.now().date())
        event = ev.Captured(**_stamp(day, extra.pop("author", None)), kind=kind, item_id=item, text=text, **extra)
        ids[name] = event.capture_id
        day.record(event)

    try:
        go(5)  # 09:00
        day.record(ev.Start(**_stamp(day)))
        go(10)
        # José's notes: a draft, then the text that replaces it; José marks them shareable.
        day.record(ev.NoteSaved(**_stamp(day, "José"), item_id="open", text=OPEN_NOTE_DRAFT))
        go(11)
        day.record(ev.NoteSaved(**_stamp(day, "José"), item_id="open", text=OPEN_NOTE))
        day.record(ev.NoteSharing(**_stamp(day, "José"), item_id="open", shareable=True))
        go(15)  # 09:10
        capture("formula", "action", "open", ACTION_FORMULA, owner=ACTION_FORMULA_OWNER, due=ACTION_FORMULA_DUE)
        go(16)
        capture("multiline", "action", "open", ACTION_MULTILINE, owner=ACTION_MULTILINE_OWNER, due=ACTION_MULTILINE_DUE)
        go(17)
        capture("private", "action", "open", ACTION_PRIVATE, owner="José", private=True)
        go(18)
        capture("decision", "decision", "open", DECISION, author="José")
        go(19)
        capture("parking", "parking", "open", PARKING_OLD)
        go(20)
        capture("quote", "quote", "open", QUOTE)
        go(21)
        capture("deleted", "decision", "open", DELETED)
        go(22)
        day.record(ev.CaptureEdited(**_stamp(day), capture_id=ids["parking"], text=PARKING))
        go(23)
        day.record(ev.CaptureDeleted(**_stamp(day), capture_id=ids["deleted"]))
        go(36)  # 09:31
        day.record(ev.Next(**_stamp(day)))
        go(38)
        day.record(ev.Skip(**_stamp(day), item_id="extra"))
        day.record(ev.NoteSaved(**_stamp(day), item_id="tea", text=TEA_NOTE))
        go(40)
        day.record(ev.Pause(**_stamp(day)))
        go(45)
        day.record(ev.Resume(**_stamp(day)))
        go(55)  # 09:50
        day.record(ev.Next(**_stamp(day)))
        go(90)  # 10:25
        day.record(ev.Next(**_stamp(day)))
        go(100)
        day.record(ev.NoteSaved(**_stamp(day), item_id="last", text=LAST_NOTE))
        capture("private_quote", "quote", "last", PRIVATE_QUOTE, private=True)
        go(127)  # 11:02
        day.record(ev.Next(**_stamp(day)))
        return Built(data=data, day_id=day.day_id, plan=day.plan, events=list(day.events), notes=day.state.notes, ids=ids)
    finally:
        day.close()


# Strings a full export must carry, each exactly once as typed (whitespace aside).
FULL_STRINGS = (
    PLAN_TITLE,
    OPEN_TITLE,
    TEA_TITLE,
    EXTRA_TITLE,
    LAST_TITLE,
    OPEN_NOTE,
    TEA_NOTE,
    LAST_NOTE,
    ACTION_FORMULA,
    ACTION_FORMULA_OWNER,
    ACTION_MULTILINE,
    ACTION_MULTILINE_OWNER,
    ACTION_MULTILINE_DUE,
    ACTION_PRIVATE,
    DECISION,
    PARKING,
    QUOTE,
    PRIVATE_QUOTE,
)

# Strings no export may carry: superseded, deleted.
GONE_STRINGS = (OPEN_NOTE_DRAFT, PARKING_OLD, DELETED)

# Strings a shared export must not carry.
PRIVATE_STRINGS = (ACTION_PRIVATE, PRIVATE_QUOTE, TEA_NOTE, LAST_NOTE, GUIDANCE_LINE, "GUIDANCE-DEBRIEF")
