"""A small plan and participant list for the facilitator's pack tests, with hostile text in every place it can go.

One role-play on two boards (three roles, one optional) with a repeated phase
and change-overs, a break, and trios mixed by sector; materials per person,
group, board and room; a Markdown handout; tasks before and after the day.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from facilitator_tui.core.people import Person, load_people
from facilitator_tui.core.plan import Plan
from facilitator_tui.core.plan_loader import parse_plan
from plan_helpers import dump, write_plan

MARKUP = "[bold]loud[/]"
SCRIPT = "<script>alert(1)</script>"
CONTROL = "\x1b[31m\x07"
"""An escape sequence and a bell: removed from the pack, leaving `[31m` as text."""
LONG = "".join(f"{n:04d}x" for n in range(300))
"""1,500 characters with nowhere to break."""

TITLE = f"Partnership day {MARKUP} {SCRIPT}"
ROLEPLAY = "In at the deep end"
BOARD_EXERCISE = "The Kestwell board"
CHAIR_BRIEF = f"You chair the Kestwell board {MARKUP}.\nKeep to time.{CONTROL}\n\nYour reference: {LONG}"
TREASURER_BRIEF = "You hold the purse strings <b>tight</b>."
MEMBER_BRIEF = "You represent the voluntary sector & speak last."
SCRIPT_LINE = f"Welcome, everyone {MARKUP}."
HANDOUT_TITLE = "Ground rules"
HANDOUT_MARKDOWN = f"""# Our rules

1. Be **kind** {SCRIPT}
2. Listen to *one another*

- bullet one
- bullet two

| Who | What |
|-----|------|
| Chair | Keeps time |

![a picture](https://example.invalid/tracker.png) and [a link](https://example.org/rules).
"""
PEOPLE_CSV = f"""name,organisation,sector
Ann Smith,Kestwell ICB,NHS
Ben Jones,Kestwell Council,Local government
Cat Lee,Age Well,Voluntary
Dan Roe,Kestwell Trust,NHS
Eve Fox,Kestwell Council,Local government
Fay Kim,Carers Together,Voluntary
"Zoë {MARKUP}","Hospice {SCRIPT}",NHS
Hal Ng,District Council,Local government
"""
PEOPLE_COUNT = 8


def pack_plan_data() -> dict[str, Any]:
    """The plan as TOML data."""
    roleplay = {
        "id": "play",
        "title": ROLEPLAY,
        "start": "09:00",
        "lead": "Ann",
        "co": "Ben",
        "setup": "Two boards of chairs, name cards out",
        "script": SCRIPT_LINE,
        "transition_minutes": 2,
        "purpose": "Feel the pull of the organisation you speak for.",
        "materials": [
            {"name": "Name badges", "per": "person", "count": 1, "spare": 2},
            {"name": "Board papers", "per": "board", "count": 3, "spare": 0},
            "Bell",
        ],
        "handouts": [{"title": HANDOUT_TITLE, "content": HANDOUT_MARKDOWN, "per": "person"}],
        "guidance": {
            "watch_for": ["Who speaks first"],
            "contingency": {"behind": "Cut the second round", "distress": "Step out with them"},
        },
        "exercises": [
            {
                "title": BOARD_EXERCISE,
                "summary": "Two boards decide where the money goes.",
                "groups": {"boards": 2},
                "debrief": ["What did your role make you do?"],
                "phases": [
                    {"name": "Read the briefs", "minutes": 10, "script": "Read your brief; do not show it."},
                    {"name": "Board meeting", "minutes": 20, "repeat": 2, "instructions": "Decide the budget."},
                    {"name": "Debrief", "minutes": 15, "lead": "Ben"},
                ],
                "roles": [
                    {"name": "Chair", "brief": CHAIR_BRIEF, "organisation": "Kestwell ICB", "sector": "NHS"},
                    {"name": "Treasurer", "brief": TREASURER_BRIEF, "sector": "Local government"},
                    {"name": "Member", "brief": MEMBER_BRIEF, "optional": True},
                ],
            }
        ],
    }
    tea = {"id": "tea", "title": "Tea", "kind": "break", "start": "10:30", "materials": [{"name": "name badges", "per": "room", "count": 1}]}
    trios = {
        "id": "trios",
        "title": "Straddling two worlds",
        "start": "10:45",
        "materials": [{"name": "Flipchart paper", "per": "group", "count": 2, "spare": 1}],
        "exercises": [
            {
                "title": "Trios",
                "groups": {"size": "trios", "mix": ["sectors"], "remainder": "smaller"},
                "phases": [{"name": "Talk", "minutes": 30}],
            }
        ],
    }
    return {
        "title": TITLE,
        "subtitle": f"For the Kestwell partnership{CONTROL}",
        "venue": "Kestwell Hall",
        "start": "09:00",
        "close": "12:00",
        "participants": 12,
        "prepare": [
            {"id": "print", "task": "Print the pack", "days": 2},
            {"id": "book", "task": f"Book the room {MARKUP}", "days": 14, "link": "https://example.org/rooms"},
            {"id": "check", "task": "Check the projector", "days": 0},
        ],
        "follow_up": [{"id": "thanks", "task": "Send thanks", "days": 1}],
        "agenda": [roleplay, tea, trios],
    }


def pack_plan() -> Plan:
    """The plan as a model, control characters and all: the pack's own defence is tested with it
    (a plan file holding one is refused when it loads, so only a model built in code can have one)."""
    plan = Plan.model_validate(pack_plan_data())
    assert parse_plan(dump(_without_control(pack_plan_data())), "pack.toml") == _without_control_plan(plan)
    return plan


def _without_control(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace(CONTROL, "")
    if isinstance(value, dict):
        return {key: _without_control(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_control(item) for item in value]
    return value


def _without_control_plan(plan: Plan) -> Plan:
    return Plan.model_validate(_without_control(plan.model_dump(mode="json", exclude_none=True)))


def write_pack_plan(folder: Path) -> Path:
    """The plan as a file, as a facilitator writes one (no control characters: the loader refuses them)."""
    return write_plan(folder, _without_control(pack_plan_data()), "kestwell.toml")


def write_people(folder: Path) -> Path:
    path = folder / "people.csv"
    path.write_text(PEOPLE_CSV, encoding="utf-8")
    return path


def pack_people(folder: Path) -> tuple[Person, ...]:
    return load_people(write_people(folder))
