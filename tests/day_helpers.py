"""Helpers for tests of the day: a small plan, a fake clock and events at set times."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from facilitator_tui.core import events as ev
from facilitator_tui.core.clock import FakeClock
from facilitator_tui.core.days import Day, open_day
from facilitator_tui.core.locations import bundled_plans
from facilitator_tui.core.plan import Plan
from facilitator_tui.core.plan_loader import load_plan

TZ = dt.timezone(dt.timedelta(hours=0))
DATE = dt.date(2026, 11, 26)


def at(hhmm: str, seconds: float = 0) -> dt.datetime:
    """A time on the test day."""
    hour, minute = map(int, hhmm.split(":"))
    return dt.datetime(2026, 11, 26, hour, minute, tzinfo=TZ) + dt.timedelta(seconds=seconds)


def small_plan() -> Plan:
    """09:00–11:00: a 30-min session with phases, a break, an optional item, a fixed item, a last session."""
    return Plan.model_validate(
        {
            "title": "Small day",
            "start": "09:00",
            "close": "11:00",
            "agenda": [
                {
                    "id": "open",
                    "title": "Opening",
                    "start": "09:00",
                    "min_minutes": 20,
                    "exercises": [
                        {
                            "title": "Warm-up",
                            "phases": [
                                {"name": "Brief", "minutes": 5},
                                {"name": "Pairs", "minutes": 15},
                                {"name": "Plenary", "minutes": 10},
                            ],
                        }
                    ],
                },
                {"id": "tea", "title": "Tea", "kind": "break", "start": "09:30", "min_minutes": 5},
                {"id": "extra", "title": "Extra", "start": "09:45", "optional": True},
                {"id": "lunch", "title": "Fixed slot", "kind": "lunch", "start": "10:00", "fixed": True},
                {"id": "last", "title": "Last", "start": "10:20", "min_minutes": 20},
            ],
        }
    )


def bundled_plan() -> tuple[Plan, Path]:
    """The bundled workshop and its path."""
    path = bundled_plans()["partnership-dynamics"]
    return load_plan(path), path


def header(plan: Plan, when: dt.datetime | None = None) -> ev.DayCreated:
    """A day_created event for `plan` on the test date."""
    return ev.DayCreated(
        at=when or at("08:00"),
        day_id="2026-11-26-small",
        date=DATE,
        plan_name="small.toml",
        plan=plan.model_dump(mode="json", exclude_none=True),
    )


def make_day(data: Path, plan: Plan, plan_path: Path, clock: FakeClock, **kwargs) -> Day:
    """Open a day in `data` on a fake clock."""
    return open_day(data, plan, plan_path, clock=clock, today=clock.now().date(), author="tester", **kwargs)
