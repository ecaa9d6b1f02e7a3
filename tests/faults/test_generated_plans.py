"""Issue 12's standing suite: a thousand generated plans through validate and run.

A seeded generator (`SEED`, so a failure names a plan that can be made again)
writes plans that use every part of the plan format (phases that repeat, are
cut first, have a minimum or are fixed; change-overs; groups; roles; the
checklists before and after the day) on tricky agendas (gaps, arrival and
social items, one-item days, items that end at the close, zones), and breaks
about a third of them in one known way each.

- Validate: `parse_plan` returns a Plan, or raises `PlanError` whose every
  problem has a message; a plan broken in a known way is refused at the
  field it was broken in; an unbroken one loads, and saves back to itself.
- Run: each valid plan runs as a day on a fake clock in a temporary data
  folder, driven by a seeded sequence of acts at advancing times. After each
  act the status and the room view must agree with the day (marks, times,
  phases) and the room view must hold none of the facilitator-only text.

To replay one plan by hand: `case_for(n)` below gives plan `n`'s TOML.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import random
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import tomli_w

from day_helpers import make_day
from facilitator_tui.core import acts
from facilitator_tui.core.clock import FakeClock
from facilitator_tui.core.control_chars import typed
from facilitator_tui.core.event_log import LogReader
from facilitator_tui.core.fold import fold
from facilitator_tui.core.phases import steps_of
from facilitator_tui.core.plan import Kind, Plan, format_hhmm
from facilitator_tui.core.plan_loader import PlanError, parse_plan, plan_to_toml
from facilitator_tui.core.replan import propose
from facilitator_tui.core.room import RoomView, Scene, room_view
from facilitator_tui.core.status import ItemMark, Mode, Status, last_for_close, status
from plan_helpers import text_fields

SEED = 20261126
PLANS = 1200
"""Plans generated; about two in three are valid and run."""
DATE = dt.date(2026, 11, 26)
SECRET = "ZZSECRET"
"""Every facilitator-only text in a generated plan holds this token, so the room view can be searched for it."""
ZONES = [None] * 8 + ["Europe/London", "Asia/Kolkata", "America/New_York", "Australia/Lord_Howe"]
FALLBACK_ZONE = dt.UTC


# ---------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------


@dataclass
class Case:
    """One generated plan: its TOML, and what the loader should say."""

    number: int
    text: str
    mutation: str
    """`none` for a plan the generator made valid; otherwise how it was broken."""
    where: str | None
    """For a broken plan: the field path (or its start) a problem must name; None when it may load."""


class Gen:
    """Builds one plan's data from a seeded random source."""

    def __init__(self, rng: random.Random, number: int) -> None:
        self.rng = rng
        self.number = number
        self.secrets = 0

    def secret(self, what: str) -> str:
        self.secrets += 1
        return f"{SECRET}-{what}-{self.number}-{self.secrets}"

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def plan(self) -> dict[str, Any]:
        rng = self.rng
        day_start = rng.randrange(7 * 60, 11 * 60 + 1, rng.choice([1, 5, 15]))
        shape = rng.choice(["one", "few", "few", "many"])
        core_count = 1 if shape == "one" else rng.randint(2, 4) if shape == "few" else rng.randint(5, 9)
        arrivals = rng.choice([0, 0, 0, 1, 2]) if core_count > 1 else rng.choice([0, 0, 1])
        arrivals = min(arrivals, core_count)
        tail = rng.choice(["none", "none", "none", "social-within", "social-at-close", "social-after-close", "two-socials"])
        items: list[dict[str, Any]] = []
        cursor = day_start + rng.choice([0, 0, 0, 0, 5, 20])
        for index in range(core_count):
            if index < arrivals:
                kind = "arrival"
            elif index in (0, core_count - 1) or not self.chance(0.3):
                kind = "session"
            else:
                kind = rng.choice(["break", "lunch", "session"])
            length = rng.choice([5, 10, 15, 20, 30, 45, 60, 90]) if kind == "session" else rng.choice([5, 10, 15, 30, 45])
            gap = rng.choice([0, 0, 0, 0, 5, 15, 40])
            if cursor + length + gap > 21 * 60:
                break
            item = self.item(index, kind, cursor, length)
            if gap or self.chance(0.15):
                item["minutes"] = length
            items.append((item, length, gap))
            cursor += length + gap
        last_item, last_length, last_gap = items[-1]
        close = cursor
        agenda = [item for item, _, _ in items]
        if last_gap == 0 and "minutes" in last_item and self.chance(0.5):
            del last_item["minutes"]  # the last item ends at the close
        if tail == "social-within" and close + 30 < 23 * 60:
            # A social that is itself the day's last item, inside the day: it runs to the close.
            social = self.item(len(agenda), "social", close, 30)
            agenda.append(social)
            close += 30
        elif tail in ("social-at-close", "social-after-close", "two-socials") and close + 150 < 23 * 60:
            if "minutes" not in last_item:
                last_item["minutes"] = last_length
            first = close if tail != "social-after-close" else close + 30
            social = self.item(len(agenda), "social", first, 60)
            social["minutes"] = 60
            agenda.append(social)
            if tail == "two-socials":
                second = self.item(len(agenda), "social", first + 60 + rng.choice([0, 15]), 30)
                second["minutes"] = 30
                agenda.append(second)
        data: dict[str, Any] = {
            "title": f"Generated day {self.number}",
            "start": format_hhmm(day_start),
            "close": format_hhmm(close),
            "agenda": agenda,
        }
        zone = rng.choice(ZONES)
        if zone:
            data["timezone"] = zone
        if self.chance(0.4):
            data["subtitle"] = f"Subtitle {self.number}"
        if self.chance(0.4):
            data["venue"] = rng.choice(["Room 1", "The Hall, Leeds", "Ysgol 🎉"])
        if self.chance(0.3):
            data["warnings"] = {"minutes": rng.sample([1, 2, 3, 5, 10, 15], rng.randint(1, 3))}
        if self.chance(0.3):
            data["pseudonyms"] = {"Ann Smith": "Participant A", "Zoë": "Participant B"}
        if self.chance(0.3):
            data["participants"] = rng.randint(1, 40)
        tasks = iter(range(1000))
        for kind in ("prepare", "follow_up"):
            if self.chance(0.4):
                data[kind] = [self.task(kind, next(tasks)) for _ in range(rng.randint(1, 3))]
        return data

    def task(self, kind: str, number: int) -> dict[str, Any]:
        task: dict[str, Any] = {"id": f"{kind}-{number}", "task": f"Do {kind} thing {number}"}
        if self.chance(0.7):
            task["days"] = self.rng.choice([0, 1, 7, 14, 365])
        if self.chance(0.2):
            task["link"] = "https://example.org/t"
        return task

    def item(self, index: int, kind: str, start: int, length: int) -> dict[str, Any]:
        rng = self.rng
        item: dict[str, Any] = {"id": f"i{index}", "title": f"Item {index} ({kind})", "start": format_hhmm(start)}
        if kind != "session" or self.chance(0.3):
            item["kind"] = kind
        if self.chance(0.3):
            item["purpose"] = f"Purpose of {index}"
        if self.chance(0.4):
            item["prompts"] = [f"Prompt {index}.{k}" for k in range(rng.randint(1, 3))]
        if self.chance(0.5):
            item["guidance"] = self.guidance()
        if self.chance(0.2):
            item["script"] = self.secret("item-script")
        if self.chance(0.2):
            item["setup"] = self.secret("item-setup")
        if self.chance(0.2):
            item["lead"] = "Ann"
            item["co"] = "Bob"
        if self.chance(0.2):
            item["materials"] = [
                "Flip chart",
                {"name": "Cards", "per": rng.choice(["person", "group", "board", "room"]), "count": rng.randint(1, 5), "spare": rng.randint(0, 3)},
            ]
        if self.chance(0.15):
            item["handouts"] = [{"title": f"Handout {index}", "content": "# Heading\n\n- a point", "per": rng.choice(["person", "group", "board", "room"])}]
        if self.chance(0.15):
            item["fixed"] = True
        if self.chance(0.15):
            item["optional"] = True
        if self.chance(0.2):
            item["min_minutes"] = rng.randint(1, length)
        if kind in ("session", "social", "arrival") and self.chance(0.6 if kind == "session" else 0.2):
            transition = rng.choice([0, 0, 0, 1, 2, 5])
            exercises = self.exercises(length, transition)
            if exercises:
                item["exercises"] = exercises
                if transition:
                    item["transition_minutes"] = transition
        return item

    def guidance(self) -> dict[str, Any]:
        guidance: dict[str, Any] = {}
        for key in ("watch_for", "debrief", "notes"):
            if self.chance(0.6):
                guidance[key] = [self.secret(f"guidance-{key}")]
        if self.chance(0.4):
            guidance["contingency"] = {key: self.secret(f"contingency-{key}") for key in ("behind", "distress", "conflict") if self.chance(0.6)}
        return guidance

    def exercises(self, length: int, transition: int) -> list[dict[str, Any]]:
        """One or two exercises whose steps (rounds and change-overs counted) fit in `length` minutes."""
        rng = self.rng
        used = 0
        steps = 0
        exercises = []
        for e_index in range(rng.randint(1, 2)):
            phases = []
            for p_index in range(rng.randint(1, 4)):
                repeat = rng.choice([1, 1, 1, 2, 3])
                minutes = rng.randint(1, max(1, length // 3))
                cost = minutes * repeat + transition * (repeat if steps else repeat - 1)
                if used + cost > length:
                    if phases or exercises:
                        break
                    repeat, minutes = 1, min(length, max(1, length - 1))
                    cost = minutes
                    if used + cost > length:
                        break
                phases.append(self.phase(e_index, p_index, minutes, repeat))
                used += cost
                steps += repeat
            if self.chance(0.3) and phases and used < length and transition == 0:
                # Phases that fill their item exactly: no spare time to take first.
                last = phases[-1]
                spare = (length - used) // last.get("repeat", 1)
                if spare > 0:
                    last["minutes"] += spare
                    used += spare * last.get("repeat", 1)
                    if "min_minutes" in last:
                        last["min_minutes"] = min(last["min_minutes"], last["minutes"])
            if not phases:
                break
            exercise: dict[str, Any] = {"title": f"Exercise {e_index}", "phases": phases}
            if self.chance(0.4):
                exercise["summary"] = self.secret("summary")
            if self.chance(0.3):
                exercise["debrief"] = ["What did you notice?"]
            if self.chance(0.35):
                exercise["roles"] = self.roles()
            if self.chance(0.4):
                exercise["groups"] = self.groups()
            exercises.append(exercise)
        return exercises

    def phase(self, e_index: int, p_index: int, minutes: int, repeat: int) -> dict[str, Any]:
        rng = self.rng
        phase: dict[str, Any] = {"name": f"Phase {e_index}.{p_index}", "minutes": minutes}
        if repeat > 1:
            phase["repeat"] = repeat
        if self.chance(0.6):
            phase["instructions"] = f"Instructions for {e_index}.{p_index}: talk in pairs"
        control = rng.choice(["none", "none", "fixed", "cut_first", "min", "cut_first+min"])
        if control == "fixed":
            phase["fixed"] = True
        if "cut_first" in control:
            phase["cut_first"] = True
        if "min" in control:
            phase["min_minutes"] = rng.randint(1, minutes)
        if self.chance(0.2):
            phase["script"] = self.secret("phase-script")
        if self.chance(0.2):
            phase["setup"] = self.secret("phase-setup")
        if self.chance(0.15):
            phase["lead"] = "Cara"
            phase["co"] = "Dev"
        if self.chance(0.15):
            phase["link"] = "https://example.org/board"
        return phase

    def roles(self) -> list[dict[str, Any]]:
        roles = []
        for r_index in range(self.rng.randint(1, 4)):
            role: dict[str, Any] = {"name": f"Role {r_index}", "brief": self.secret("brief")}
            if self.chance(0.5):
                role["organisation"] = self.rng.choice(["ICB", "Council", "Charity"])
            if self.chance(0.5):
                role["sector"] = self.rng.choice(["NHS", "Local government", "Voluntary"])
            if self.chance(0.3):
                role["optional"] = True
            roles.append(role)
        return roles

    def groups(self) -> dict[str, Any]:
        rng = self.rng
        groups: dict[str, Any] = {}
        if self.chance(0.7):
            groups["size"] = rng.choice([2, 3, 4, 12, "pairs", "trios", "fours", "fives", "sixes"])
        else:
            groups["boards"] = rng.randint(1, 10)
        if self.chance(0.5):
            groups["mix"] = rng.sample(["sectors", "organisations", "line_management"], rng.randint(1, 3))
        if self.chance(0.5):
            groups["remainder"] = rng.choice(["larger", "smaller", "observers"])
        if self.chance(0.5):
            groups["room"] = rng.choice(["names", "pseudonyms", "hidden"])
        return groups


# ----- breaking a valid plan in one known way ---------------------------------

Mutation = Callable[[random.Random, dict[str, Any]], str | None]
"""Changes the plan data in place; returns the field path a problem must name (or start with), None when it
might still load, or raises LookupError when the plan has nothing to break this way."""


def _items(data: dict[str, Any]) -> list[dict[str, Any]]:
    return data["agenda"]


def _phases(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"agenda[{i}].exercises[{e}].phases[{p}]", phase)
        for i, item in enumerate(_items(data))
        for e, exercise in enumerate(item.get("exercises", []))
        for p, phase in enumerate(exercise["phases"])
    ]


def _pick(rng: random.Random, options: list[Any]) -> Any:
    if not options:
        raise LookupError
    return rng.choice(options)


def dup_id(rng, data):
    if len(_items(data)) < 2:
        raise LookupError
    i, j = sorted(rng.sample(range(len(_items(data))), 2))
    _items(data)[j]["id"] = _items(data)[i]["id"]
    return f"agenda[{j}].id"


def out_of_order(rng, data):
    i = _pick(rng, list(range(len(_items(data)) - 1)))
    a, b = _items(data)[i], _items(data)[i + 1]
    a["start"], b["start"] = b["start"], a["start"]
    return f"agenda[{i + 1}].start"


def close_not_after_start(rng, data):
    data["close"] = data["start"] if rng.random() < 0.5 else "06:00"
    return "close"


def bad_time(rng, data):
    i = rng.randrange(len(_items(data)))
    _items(data)[i]["start"] = rng.choice(["25:00", "9.30", "09:60", "noon", "24:00", "", "9:3", "٠٩:٣٠"])
    return f"agenda[{i}].start"


def time_as_number(rng, data):
    data["start"] = 930
    return "start"


def unknown_key(rng, data):
    i = rng.randrange(len(_items(data)))
    _items(data)[i]["titel"] = "typo"
    return f"agenda[{i}].titel"


def phase_not_positive(rng, data):
    path, phase = _pick(rng, _phases(data))
    phase["minutes"] = rng.choice([0, -5])
    return f"{path}.minutes"


def phases_overflow(rng, data):
    i = rng.randrange(len(_items(data)))
    plan = Plan.model_validate(data)
    _items(data)[i]["exercises"] = [*_items(data)[i].get("exercises", []), {"title": "Too long", "phases": [{"name": "Long", "minutes": plan.item_minutes(i) + 1}]}]
    return f"agenda[{i}]"


def fixed_and_cut_first(rng, data):
    path, phase = _pick(rng, _phases(data))
    phase.pop("min_minutes", None)
    phase["fixed"] = phase["cut_first"] = True
    return f"{path}.cut_first"


def phase_min_over(rng, data):
    path, phase = _pick(rng, _phases(data))
    phase.pop("fixed", None)
    phase["min_minutes"] = phase["minutes"] + 1
    return f"{path}.min_minutes"


def groups_both_or_neither(rng, data):
    choices = [
        (f"agenda[{i}].exercises[{e}]", exercise)
        for i, item in enumerate(_items(data))
        for e, exercise in enumerate(item.get("exercises", []))
    ]
    path, exercise = _pick(rng, choices)
    exercise["groups"] = {"size": 3, "boards": 2} if rng.random() < 0.5 else {"room": "names"}
    return f"{path}.groups"


def arrival_late(rng, data):
    kinds = [item.get("kind", "session") for item in _items(data)]
    i = _pick(rng, [i for i in range(1, len(kinds)) if any(k != "arrival" for k in kinds[:i])])
    _items(data)[i]["kind"] = "arrival"
    return f"agenda[{i}].kind"


def after_close(rng, data):
    last = len(_items(data)) - 1
    item = _items(data)[last]
    if item.get("kind") == "social":
        raise LookupError
    item["start"] = data["close"]
    item.pop("minutes", None)
    return f"agenda[{last}].start"


def blank_title(rng, data):
    data["title"] = rng.choice(["", "   ", "\t"])
    return "title"


def repeat_out_of_range(rng, data):
    path, phase = _pick(rng, _phases(data))
    phase["repeat"] = rng.choice([0, 21])
    return f"{path}.repeat"


def transition_out_of_range(rng, data):
    i = rng.randrange(len(_items(data)))
    _items(data)[i]["transition_minutes"] = rng.choice([31, -1])
    return f"agenda[{i}].transition_minutes"


def unknown_kind(rng, data):
    i = rng.randrange(len(_items(data)))
    _items(data)[i]["kind"] = rng.choice(["workshop", "Break", ""])
    return f"agenda[{i}].kind"


def task_dup(rng, data):
    tasks = [(kind, t) for kind in ("prepare", "follow_up") for t in range(len(data.get(kind, [])))]
    if len(tasks) < 2:
        raise LookupError
    (kind_a, a), (kind_b, b) = tasks[0], tasks[-1]
    data[kind_b][b]["id"] = data[kind_a][a]["id"]
    return f"{kind_b}[{b}].id"


def wrong_type(rng, data):
    i = rng.randrange(len(_items(data)))
    choice = rng.randrange(3)
    if choice == 0:
        _items(data)[i]["prompts"] = "one prompt, not a list"
        return f"agenda[{i}].prompts"
    if choice == 1:
        data["title"] = 5
        return "title"
    _items(data)[i]["minutes"] = "30"
    return f"agenda[{i}].minutes"


def minutes_overlap(rng, data):
    i = _pick(rng, list(range(len(_items(data)) - 1)))
    plan = Plan.model_validate(data)
    _items(data)[i]["minutes"] = plan.agenda[i + 1].start_minute - plan.agenda[i].start_minute + 5
    return f"agenda[{i}].minutes"


def social_without_minutes(rng, data):
    last = _items(data)[-1]
    if last.get("kind") != "social" or last["start"] < data["close"]:
        raise LookupError
    del last["minutes"]
    return f"agenda[{len(_items(data)) - 1}].minutes"


def item_min_over(rng, data):
    i = rng.randrange(len(_items(data)))
    plan = Plan.model_validate(data)
    _items(data)[i]["min_minutes"] = plan.item_minutes(i) + 1
    return f"agenda[{i}].min_minutes"


def empty_agenda(rng, data):
    data["agenda"] = []
    return "agenda"


def role_dup(rng, data):
    choices = [
        (f"agenda[{i}].exercises[{e}]", exercise)
        for i, item in enumerate(_items(data))
        for e, exercise in enumerate(item.get("exercises", []))
        if len(exercise.get("roles", [])) >= 2
    ]
    path, exercise = _pick(rng, choices)
    exercise["roles"][-1]["name"] = exercise["roles"][0]["name"].upper()
    return f"{path}.roles[{len(exercise['roles']) - 1}].name"


def handout_empty(rng, data):
    i = rng.randrange(len(_items(data)))
    _items(data)[i]["handouts"] = [{"title": "Empty", "content": "  "}]
    return f"agenda[{i}].handouts[0]"


def bad_zone(rng, data):
    data["timezone"] = rng.choice(["Mars/Olympus", "GMT+25", "../etc/passwd", ""])
    return "timezone"


def warning_not_positive(rng, data):
    data["warnings"] = {"minutes": [5, 0]}
    return "warnings.minutes"


def control_character(rng, data):
    """A control character in any text of the plan: refused at load, naming that very field."""
    path, container, key = _pick(rng, list(text_fields(data)))
    char = rng.choice(["\x1b", "\x07", "\x00", "\x7f", "\x9b", "\x85", "\x08", "\x0d"])
    text = container[key]
    cut = rng.randint(0, len(text))
    container[key] = text[:cut] + char + "[2J" + text[cut:]
    return "=" + path  # exactly this path


MUTATIONS: dict[str, Mutation] = {
    fn.__name__: fn
    for fn in (
        dup_id, out_of_order, close_not_after_start, bad_time, time_as_number, unknown_key, phase_not_positive,
        phases_overflow, fixed_and_cut_first, phase_min_over, groups_both_or_neither, arrival_late, after_close,
        blank_title, repeat_out_of_range, transition_out_of_range, unknown_kind, task_dup, wrong_type,
        minutes_overlap, social_without_minutes, item_min_over, empty_agenda, role_dup, handout_empty, bad_zone,
        warning_not_positive, control_character,
    )
}
TEXT_MUTATIONS = ("truncated", "garbage_line")


def case_for(number: int) -> Case:
    """Plan `number` of the seeded run: the same TOML every time."""
    rng = random.Random(f"{SEED}-{number}")
    data = Gen(rng, number).plan()
    roll = rng.random()
    if roll < 0.62:
        return Case(number, tomli_w.dumps(data), "none", None)
    if roll < 0.68:
        text = tomli_w.dumps(data)
        if rng.random() < 0.5:
            # Cut anywhere: it may still be a plan (cut between tables) or be broken anywhere.
            return Case(number, text[: rng.randrange(len(text))], "truncated", None)
        lines = text.splitlines()
        at = rng.randrange(len(lines) + 1)
        bad = rng.choice(['start = 9:30', 'title = Workshop', 'minutes = "', '[[agenda]', 'x = [1, 2'])
        return Case(number, "\n".join([*lines[:at], bad, *lines[at:]]) + "\n", "garbage_line", "line ")
    names = list(MUTATIONS)
    rng.shuffle(names)
    for name in names:
        trial = copy.deepcopy(data)
        try:
            where = MUTATIONS[name](rng, trial)
        except LookupError:
            continue
        return Case(number, tomli_w.dumps(trial), name, where)
    raise AssertionError(f"plan {number}: nothing to break")  # pragma: no cover


@lru_cache(maxsize=1)
def all_cases() -> tuple[Case, ...]:
    return tuple(case_for(n) for n in range(PLANS))


@lru_cache(maxsize=1)
def validated() -> tuple[list[tuple[Case, Plan]], Counter[str]]:
    """Every case through `parse_plan`: the plans that loaded, and counts of what happened."""
    loaded: list[tuple[Case, Plan]] = []
    counts: Counter[str] = Counter()
    for case in all_cases():
        try:
            plan = parse_plan(case.text, f"plan-{case.number}.toml")
        except PlanError as error:
            counts["invalid"] += 1
            check_refusal(case, error)
        except Exception as error:
            raise AssertionError(f"plan {case.number} ({case.mutation}) raised {error!r}, not PlanError:\n{case.text}") from error
        else:
            counts["valid"] += 1
            assert isinstance(plan, Plan)
            assert case.mutation in ("none", "truncated"), f"plan {case.number} broken by {case.mutation} was accepted:\n{case.text}"
            loaded.append((case, plan))
        counts[f"mutation:{case.mutation}"] += 1
    return loaded, counts


def check_refusal(case: Case, error: PlanError) -> None:
    context = f"plan {case.number} ({case.mutation}):\n{case.text[:3000]}\nproblems: {[str(p) for p in error.problems]}"
    assert case.mutation != "none", f"a plan the generator made valid was refused: {context}"
    assert error.problems, context
    for problem in error.problems:
        assert problem.message and problem.message.strip(), context
        assert problem.file == f"plan-{case.number}.toml", context
        assert "Traceback" not in problem.message, context
    if case.where is None:
        return
    wheres = [problem.where for problem in error.problems]
    if case.where.startswith("="):
        assert case.where[1:] in wheres, f"expected a problem at {case.where[1:]!r}, got {wheres}: {context}"
        assert any("control character" in p.message for p in error.problems), context
    else:
        assert any(where.startswith(case.where) for where in wheres), f"expected a problem at {case.where!r}…, got {wheres}: {context}"


def test_generated_plans_validate():
    """Every generated plan gives a Plan or a PlanError with messages; each broken one is refused where it was broken."""
    began = time.perf_counter()
    loaded, counts = validated()
    kinds = {name for name in counts if name.startswith("mutation:")}
    print(
        f"\n{PLANS} generated plans (seed {SEED}): {counts['valid']} valid, {counts['invalid']} invalid; "
        f"{len(kinds) - 1} ways of breaking one; {time.perf_counter() - began:.1f} s"
    )
    assert counts["valid"] + counts["invalid"] == PLANS >= 1000
    assert counts["valid"] >= 600 and counts["invalid"] >= 300
    # Every way of breaking a plan was tried, and each was refused (checked per plan above).
    assert {f"mutation:{name}" for name in (*MUTATIONS, *TEXT_MUTATIONS)} <= kinds
    # An unbroken plan saves back to the same plan.
    for case, plan in loaded[:300]:
        if case.mutation == "none":
            assert parse_plan(plan_to_toml(plan), "again.toml") == plan, f"plan {case.number} does not round-trip"


def test_the_generator_covers_the_plan_format():
    """The valid plans use every new field and every tricky shape, many times over (else the run proves little)."""
    loaded, _ = validated()
    plans = [plan for case, plan in loaded if case.mutation == "none"]
    seen: Counter[str] = Counter()
    for plan in plans:
        agenda = plan.agenda
        phases = [phase for item in agenda for exercise in item.exercises for phase in exercise.phases]
        exercises = [exercise for item in agenda for exercise in item.exercises]
        seen["one-item day"] += len(agenda) == 1
        seen["gap"] += any(plan.item_end_minute(i) < agenda[i + 1].start_minute for i in range(len(agenda) - 1))
        seen["last item ends at the close"] += agenda[-1].minutes is None and agenda[-1].kind is not Kind.SOCIAL
        seen["arrival"] += any(item.kind is Kind.ARRIVAL for item in agenda)
        seen["social after the close"] += any(item.kind is Kind.SOCIAL and item.start_minute >= plan.close_minute for item in agenda)
        seen["social inside the day"] += any(item.kind is Kind.SOCIAL and item.start_minute < plan.close_minute for item in agenda)
        seen["break or lunch"] += any(item.kind in (Kind.BREAK, Kind.LUNCH) for item in agenda)
        seen["repeat"] += any(phase.repeat > 1 for phase in phases)
        seen["cut_first"] += any(phase.cut_first for phase in phases)
        seen["phase min_minutes"] += any(phase.min_minutes for phase in phases)
        seen["fixed phase"] += any(phase.fixed for phase in phases)
        seen["transition_minutes"] += any(item.transition_minutes for item in agenda)
        seen["phases fill the item"] += any(
            item.exercises and sum(step.shown.minutes for step in steps_of(item)) == plan.item_minutes(i) for i, item in enumerate(agenda)
        )
        seen["groups by size"] += any(e.groups and e.groups.size for e in exercises)
        seen["groups by boards"] += any(e.groups and e.groups.boards for e in exercises)
        seen["roles"] += any(e.roles for e in exercises)
        seen["prepare"] += bool(plan.prepare)
        seen["follow_up"] += bool(plan.follow_up)
        seen["time zone"] += plan.timezone is not None
        seen["fixed item"] += any(item.fixed for item in agenda)
        seen["optional item"] += any(item.optional for item in agenda)
    print("\ncoverage of the valid plans:", dict(seen))
    thin = {name: count for name, count in seen.items() if count < 15}
    assert not thin, f"the generator rarely makes: {thin}"


# ---------------------------------------------------------------------------
# Running the valid plans
# ---------------------------------------------------------------------------


def zone_of(plan: Plan) -> dt.tzinfo:
    return ZoneInfo(plan.timezone) if plan.timezone else FALLBACK_ZONE


def secrets_of(plan: Plan) -> list[str]:
    """Every facilitator-only text of the plan (guidance, scripts, set-up, briefs, summaries)."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            if SECRET in value:
                found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    walk(plan.model_dump(mode="json"))
    return found


def room_text(view: RoomView) -> str:
    parts = [view.heading, view.clock or "", view.caption, view.warning, view.level, view.next_up, view.message, *view.lines]
    if view.phase is not None:
        parts += [view.phase.name, view.phase.instructions, view.phase.left, view.phase.position]
    return "\n".join(parts)


@dataclass
class Run:
    """One plan's day, driven act by act, with what it did for the failure message."""

    case: Case
    plan: Plan
    day: Any
    clock: FakeClock
    rng: random.Random
    log: list[str]
    secrets: list[str]
    ids: list[str]
    defects: list[str]

    def context(self) -> str:
        return f"plan {self.case.number}:\n{self.case.text[:4000]}\nacts:\n" + "\n".join(self.log[-40:])

    def do(self, act: acts.Act) -> acts.Outcome:
        outcome = self.day.do(act)
        self.log.append(f"{self.clock.now():%H:%M:%S} {act!r} -> done={outcome.done} {outcome.message!r}")
        return outcome


def drive(run: Run, count: int) -> int:
    """Do `count` seeded acts (plus the confirmations some ask for); returns how many were done."""
    rng, day, clock = run.rng, run.day, run.clock
    done = 0
    first = rng.choice([acts.Toggle(), acts.Toggle(), acts.Next(), acts.Jump(rng.choice(run.ids))])
    outcome = run.do(first)
    done += 1
    if outcome.ask is not None:
        assert not day.header.rehearsal, run.context()
        assert "rehearse" in outcome.message and outcome.rehearse_at is not None, run.context()
        assert not day.state.started, run.context()
        outcome = run.do(outcome.ask)
        done += 1
    assert outcome.done and day.state.started, run.context()
    check(run)
    for _ in range(count):
        step = rng.random()
        clock.advance(seconds=0 if step < 0.1 else rng.randint(1, 59) if step < 0.3 else rng.randint(60, 900) if step < 0.9 else rng.randint(900, 3600))
        act = pick_act(run)
        before = snapshot(run)
        outcome = run.do(act)
        done += 1
        if outcome.ask is not None and rng.random() < 0.7:
            assert isinstance(act, acts.Next | acts.Toggle | acts.Start | acts.Jump), run.context()
            outcome = run.do(outcome.ask)
            done += 1
        check_outcome(run, act, outcome, before)
        check(run)
    return done


def pick_act(run: Run) -> acts.Act:
    rng, day = run.rng, run.day
    roll = rng.random()
    item = rng.choice(run.ids)
    if roll < 0.22:
        return acts.Next()
    if roll < 0.32:
        return acts.Toggle()
    if roll < 0.42:
        return acts.Extend(rng.choice([1, 1, 5, -1, -5, -30, 10]))
    if roll < 0.52:
        return acts.NextPhase()
    if roll < 0.58:
        return acts.SaveNote(item, f"{SECRET}-note {rng.randint(0, 999)} [bold]x[/] \x1b[2J")
    if roll < 0.64:
        kind = rng.choice(["action", "decision", "parking", "quote"])
        return acts.Capture(kind, item, f"{SECRET}-capture {rng.randint(0, 999)}", owner="Ann", due=rng.choice([None, "Friday", "+1 week"]))
    if roll < 0.70:
        return acts.Undo()
    if roll < 0.76:
        return acts.Jump(item)
    if roll < 0.81:
        return acts.Skip(rng.choice([None, item]))
    if roll < 0.85:
        return acts.Previous()
    if roll < 0.88:
        proposal = propose(run.plan, day.state, day.now())
        return acts.Replan(proposal.minutes, proposal.dropped)
    if roll < 0.91:
        current = day.state.current
        if current is not None and day.state.items[current].segments:
            return acts.CorrectStart(day.state.items[current].segments[0].start - dt.timedelta(minutes=rng.randint(1, 3)))
        return acts.Pause()
    if roll < 0.94:
        return acts.MessageRoom(rng.choice(["Back in 5", "", "Tea is in the hall"]))
    if roll < 0.97:
        return acts.ShowRoomClock(rng.random() < 0.6)
    return acts.BlankRoom(rng.random() < 0.3)


@dataclass(frozen=True)
class Before:
    started: bool
    ended: bool
    current: int | None
    target: int | None
    allotted: float | None
    phase_index: int | None
    timer_acts: int
    captures: int


def snapshot(run: Run) -> Before:
    state, now = run.day.state, run.day.now()
    target = state.current if state.current is not None else state.next_index()
    phase = status(run.plan, state, now).phase
    return Before(
        state.started, state.ended, state.current, target,
        state.allotted_seconds(target) if target is not None else None,
        phase.index if phase is not None else None, state.timer_acts, len(state.notes.captures),
    )


def check_outcome(run: Run, act: acts.Act, outcome: acts.Outcome, before: Before) -> None:
    """The facts each act promises when it is done (or refused)."""
    state, ctx = run.day.state, run.context
    assert not outcome.failed, ctx()
    if before.ended and isinstance(act, acts.Toggle | acts.Next):
        assert not outcome.done and outcome.message == acts.ENDED, ctx()
    if not outcome.changed:
        return
    if isinstance(act, acts.Extend) and act.minutes > 0:
        # `+` always helps at once: exactly the minutes asked for.
        assert before.target is not None and state.allotted_seconds(before.target) == before.allotted + act.minutes * 60, ctx()
    elif isinstance(act, acts.NextPhase):
        phase = status(run.plan, state, run.day.now()).phase
        assert before.phase_index is not None and phase is not None and phase.index > before.phase_index, ctx()
    elif isinstance(act, acts.Skip):
        index = run.plan.index_of(act.item_id) if act.item_id else None
        if index is not None:
            assert state.items[index].skipped and not state.items[index].started, ctx()
    elif isinstance(act, acts.Jump) and outcome.event is not None and outcome.event.type == "goto":
        assert state.current == run.plan.index_of(act.item_id), ctx()
    elif isinstance(act, acts.SaveNote):
        assert state.notes.notes_for(act.item_id, run.day.author).text == typed(act.text), ctx()
        assert "\x1b" not in state.notes.notes_for(act.item_id, run.day.author).text, ctx()
    elif isinstance(act, acts.Capture):
        assert len(state.notes.captures) == before.captures + 1, ctx()
    elif isinstance(act, acts.Undo):
        assert state.timer_acts == before.timer_acts - 1, ctx()


def check(run: Run) -> None:
    """The status and the room view at the clock's time agree with the day and with each other."""
    plan, state, now = run.plan, run.day.state, run.clock.now()
    st = status(plan, state, now)
    view = room_view(plan, state, st)
    ctx = run.context
    marks = [timing.mark for timing in st.items]
    assert len(st.items) == len(plan.agenda), ctx()
    assert st.current == state.current, ctx()
    # Where the day is, and the one item marked now.
    expected_mode = (
        Mode.ENDED if state.ended else Mode.BEFORE if not state.started else Mode.GAP if state.in_gap
        else Mode.PAUSED if state.paused else Mode.RUNNING
    )
    assert st.mode is expected_mode, ctx()
    now_marked = [i for i, mark in enumerate(marks) if mark is ItemMark.NOW]
    if st.mode in (Mode.RUNNING, Mode.PAUSED):
        assert now_marked == [state.current], ctx()
    else:
        assert now_marked == [] and state.current is None, ctx()
    if st.mode is Mode.BEFORE:
        assert set(marks) <= {ItemMark.UPCOMING, ItemMark.SKIPPED}, ctx()
    if st.mode is Mode.ENDED:
        assert ItemMark.UPCOMING not in marks, ctx()
    for index, timing in enumerate(st.items):
        item = state.items[index]
        if timing.mark is ItemMark.DONE:
            assert item.started and timing.actual_start is not None and timing.actual_end is not None, ctx()
            assert timing.actual_start <= timing.actual_end <= now, ctx()
        elif timing.mark is ItemMark.NOW:
            assert timing.actual_start is not None and timing.actual_end is None, ctx()
            assert timing.actual_start <= now, ctx()
        elif timing.mark is ItemMark.SKIPPED:
            assert item.skipped and not item.started, ctx()
        elif timing.mark is ItemMark.MISSED:
            assert not item.started and not item.skipped, ctx()
        else:  # upcoming: projected, from now on
            assert not item.skipped, ctx()
            assert timing.projected_start is not None and timing.projected_end is not None, ctx()
            assert now <= timing.projected_start <= timing.projected_end, ctx()
        assert timing.running_seconds >= 0, ctx()
    after = -1 if state.current is None else state.current
    upcoming = [t.projected_start for t in st.items if t.mark is ItemMark.UPCOMING and t.index > after]
    assert upcoming == sorted(upcoming), ctx()
    if st.next_index is not None:
        assert marks[st.next_index] is ItemMark.UPCOMING, ctx()
    # The clock and the close.
    assert st.elapsed >= 0 and st.allotted >= 0, ctx()
    if st.mode is not Mode.ENDED:
        check_close(run, st)
    # The running phase lies within its own length.
    if st.phase is not None:
        check_phase(run, st)
    # The room sees the day as it stands, and none of the facilitator's words.
    check_room(run, st, view)


def check_close(run: Run, st: Status) -> None:
    """The projected close is after now and after every item of the day still to run (socials after the close aside).

    Once only social items are left (running or to come), the day closed when the first of them began, so its
    close may lie in the past.
    """
    closing = last_for_close(run.plan)
    to_run = [t for t in st.items if t.index <= closing and t.mark in (ItemMark.NOW, ItemMark.UPCOMING)]
    if not to_run:
        return
    latest = max(t.projected_end for t in to_run if t.projected_end is not None)
    if st.projected_close >= max(st.now, latest):
        return
    message = (
        f"plan {run.case.number} at {st.now:%H:%M:%S}: projected close {st.projected_close:%H:%M:%S}, but "
        f"{run.plan.agenda[to_run[-1].index].title!r} is still to run, to {latest:%H:%M:%S}"
    )
    if closing < len(run.plan.agenda) - 1:
        # Known defect (see test_generated_plans_run): a social after the close moves the close only by its own start.
        run.defects.append(message)
        return
    raise AssertionError(f"{message}\n{run.context()}")


def check_phase(run: Run, st: Status) -> None:
    phase, ctx = st.phase, run.context
    assert st.current is not None, ctx()
    steps = steps_of(run.plan.agenda[st.current])
    assert phase.count == len(steps) and 0 <= phase.index < phase.count, ctx()
    assert phase.elapsed >= -1e-6 and phase.length >= 0, ctx()
    assert phase.remaining <= phase.length + 1e-6, ctx()
    if phase.index < phase.count - 1:
        assert phase.remaining >= -1e-6, f"a phase before the last one is over its time: {ctx()}"
    # A phase grows by at most what the item gained (an arrival item's clock aside: its phases follow its length).
    planned = run.plan.item_minutes(st.current) * 60.0
    gained = max(run.day.state.allotted_seconds(st.current) - planned, 0.0)
    assert phase.length <= steps[phase.index].shown.minutes * 60.0 + gained + 1e-6, ctx()


def check_room(run: Run, st: Status, view: RoomView) -> None:
    plan, state, ctx = run.plan, run.day.state, run.context
    text = room_text(view)
    assert SECRET not in text, f"facilitator-only text on the room display: {text!r}\n{ctx()}"
    for secret in run.secrets:
        assert secret not in text, ctx()
    if state.room.blank:
        assert view.scene is Scene.BLANK and text.strip() == "ok", ctx()
        return
    if state.room.message:
        assert view.scene is Scene.MESSAGE and view.message == state.room.message, ctx()
        return
    scene = {Mode.BEFORE: Scene.WELCOME, Mode.ENDED: Scene.CLOSED, Mode.GAP: Scene.GAP}.get(st.mode)
    if scene is not None:
        assert view.scene is scene, ctx()
    else:
        item = plan.agenda[st.current]
        assert view.scene is (Scene.BREAK if item.kind in (Kind.BREAK, Kind.LUNCH) else Scene.SESSION), ctx()
        assert view.heading == item.title, ctx()
        if st.phase is not None and not st.phase.done:
            assert view.phase is not None and view.phase.position == f"Phase {st.phase.index + 1} of {st.phase.count}", ctx()
    if not state.room.clock_shown:
        assert view.clock is None, ctx()


def replay_agrees(run: Run) -> None:
    """What is on disk folds to the same status as the day kept in memory (a restart changes nothing)."""
    day = run.day
    on_disk = LogReader(day.folder).read_new()
    assert [event.id for event in on_disk] == [event.id for event in day.events], run.context()
    if on_disk:
        now = run.clock.now()
        assert status(run.plan, fold(run.plan, on_disk), now) == status(run.plan, day.state, now), run.context()


@pytest.fixture
def day_data(tmp_path: Path) -> Iterator[Path]:
    """A data folder for the days: in memory (/dev/shm) when there is one, so a busy disk's fsyncs do not slow the run."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path
        return
    with tempfile.TemporaryDirectory(dir=shm, prefix="generated-plans-") as folder:
        yield Path(folder)


def test_generated_plans_run(day_data):
    """Each valid plan runs as a day: a seeded sequence of acts, and after each one the status and room view hold."""
    tmp_path = day_data
    began = time.perf_counter()
    loaded, _ = validated()
    acts_done = days = rehearsals = 0
    modes: Counter[str] = Counter()
    defects: list[str] = []
    for case, plan in loaded:
        rng = random.Random(f"{SEED}-run-{case.number}")
        zone = zone_of(plan)
        first = plan.agenda[0].start_minute
        start = dt.datetime.combine(DATE, dt.time(first // 60, first % 60), tzinfo=zone)
        clock = FakeClock(start + dt.timedelta(minutes=rng.choice([-90, -40, -10, 0, 0, 2, 20, 45])))
        rehearse = rng.random() < 0.2
        day = make_day(tmp_path, plan, tmp_path / f"plan-{case.number}.toml", clock, rehearse=rehearse)
        run = Run(case, plan, day, clock, rng, [], secrets_of(plan), [item.id for item in plan.agenda], defects)
        try:
            acts_done += drive(run, rng.randint(8, 30))
            replay_agrees(run)
        finally:
            day.close()
        days += 1
        rehearsals += rehearse
        modes[status(plan, day.state, clock.now()).mode.value] += 1
    elapsed = time.perf_counter() - began
    print(f"\nran {days} days ({rehearsals} rehearsals), {acts_done} acts driven in {elapsed:.1f} s; ended in: {dict(modes)}")
    assert days >= 600 and acts_done >= 10 * days
    assert modes["ended"] >= 20 and modes["running"] + modes["paused"] >= 100
    assert not defects, f"projected close before an item still to run: {len(defects)} times; first: {defects[0]}"
