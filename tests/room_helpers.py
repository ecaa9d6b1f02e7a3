"""A day for room-display tests: a plan full of facilitator-only text, and notes and captures marked private.

Every string the room must never see carries `SECRET`. `walk` drives the day
through every scene the display has, yielding each scene's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from day_helpers import at, make_day
from facilitator_tui.core import acts
from facilitator_tui.core.clock import FakeClock
from facilitator_tui.core.days import Day
from facilitator_tui.core.plan import Plan
from facilitator_tui.ui.display_app import DisplayApp

SECRET = "SECRET"
INSTRUCTIONS = "In pairs: what did your organisation want from the board?"


def room_plan() -> Plan:
    """09:00–10:30: a role-play with phases (10 + 20 min), a break, a gap, a last session; secrets everywhere private."""
    return Plan.model_validate(
        {
            "title": "Partnership day",
            "subtitle": "Working across the system",
            "venue": "Town Hall, Room 2",
            "start": "09:00",
            "close": "10:30",
            "agenda": [
                {
                    "id": "play",
                    "title": "Role-play",
                    "start": "09:00",
                    "purpose": f"{SECRET}-PURPOSE why we do this",
                    "prompts": [f"{SECRET}-PROMPT what the facilitator asks"],
                    "guidance": {
                        "watch_for": [f"{SECRET}-GUIDANCE who goes quiet"],
                        "debrief": [f"{SECRET}-DEBRIEF"],
                        "contingency": {"behind": f"{SECRET}-BEHIND", "distress": f"{SECRET}-DISTRESS", "conflict": f"{SECRET}-CONFLICT"},
                    },
                    "script": f"{SECRET}-SCRIPT read this aloud",
                    "setup": f"{SECRET}-SETUP tables apart",
                    "lead": f"{SECRET}-LEAD",
                    "co": f"{SECRET}-CO",
                    "handouts": [{"title": f"{SECRET}-HANDOUT", "content": f"{SECRET}-HANDOUT-TEXT"}],
                    "exercises": [
                        {
                            "title": "The board meets",
                            "summary": f"{SECRET}-SUMMARY for the facilitator",
                            "roles": [{"name": f"{SECRET}-ROLE Chair", "brief": f"{SECRET}-BRIEF you want the money"}],
                            "debrief": [f"{SECRET}-EXERCISE-DEBRIEF"],
                            "phases": [
                                {
                                    "name": "Read your brief",
                                    "minutes": 10,
                                    "instructions": "Read your role's brief quietly.",
                                    "script": f"{SECRET}-PHASE-SCRIPT",
                                    "setup": f"{SECRET}-PHASE-SETUP",
                                    "lead": f"{SECRET}-PHASE-LEAD",
                                },
                                {"name": "Pairs", "minutes": 20, "instructions": INSTRUCTIONS},
                            ],
                        }
                    ],
                },
                {"id": "tea", "title": "Tea", "kind": "break", "start": "09:30", "minutes": 15, "materials": [f"{SECRET}-MATERIAL"]},
                {"id": "after", "title": "Debrief", "start": "10:00"},
            ],
        }
    )


def private_notes(day: Day) -> None:
    """Notes and captures, private and shareable alike: the room sees none of them."""
    day.do(acts.SaveNote("play", f"{SECRET}-NOTE Ann went quiet"))
    day.do(acts.Capture("action", "play", f"{SECRET}-ACTION send the pack", owner=f"{SECRET}-OWNER", due="Fri"))
    day.do(acts.Capture("quote", "play", f"{SECRET}-QUOTE off the record", private=True))
    day.do(acts.Capture("decision", "play", f"{SECRET}-DECISION pool the budget"))


def open_room_day(data: Path, clock: FakeClock) -> Day:
    return make_day(data, room_plan(), data / "room.toml", clock)


def walk(day: Day, clock: FakeClock) -> Iterator[str]:
    """Drive the day through every display scene, yielding each scene's name when it is on screen."""
    clock.set(at("08:50"))
    yield "welcome"
    clock.set(at("09:00"))
    day.do(acts.Start())
    private_notes(day)
    clock.set(at("09:03"))
    yield "session"
    clock.set(at("09:14"))
    yield "phase"
    clock.set(at("09:27"))
    yield "warning"
    clock.set(at("09:32"))
    yield "overtime"
    day.do(acts.ShowRoomClock(False))
    yield "clock-hidden"
    day.do(acts.ShowRoomClock(True))
    day.do(acts.MessageRoom("Please come back to your tables"))
    yield "message"
    day.do(acts.MessageRoom(""))
    day.do(acts.BlankRoom(True))
    yield "blank"
    day.do(acts.BlankRoom(False))
    day.do(acts.Next())
    clock.set(at("09:40"))
    yield "break"
    clock.set(at("09:50"))
    day.do(acts.Next())  # tea ends early: the day waits in the gap before 10:00
    clock.set(at("09:52"))
    yield "gap"
    clock.set(at("10:00"))
    day.do(acts.Next())
    clock.set(at("10:31"))
    day.do(acts.Next(confirmed=True))
    yield "closed"


def at_time(hhmm: str) -> dt.datetime:
    return at(hhmm)


def display_at(tmp_path: Path, scene: str) -> DisplayApp:
    """The day walked up to `scene`, and a display of it (not yet running)."""
    clock = FakeClock(at("08:50"))
    day = open_room_day(tmp_path, clock)
    for name in walk(day, clock):
        if name == scene:
            break
    day.close()
    if scene == "welcome":
        # Before the day's first act there is no log: the display shows the plan's welcome.
        return DisplayApp(tmp_path, None, plan=room_plan(), clock=clock, live=False)
    return DisplayApp(tmp_path, day.day_id, clock=clock, live=False)
