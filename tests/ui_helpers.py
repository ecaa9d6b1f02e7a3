"""Building the app for Pilot and snapshot tests: a real day on a fake clock, no live timer."""

from __future__ import annotations

from pathlib import Path

from day_helpers import at, bundled_plan
from facilitator_tui.core.clock import FakeClock
from facilitator_tui.core.days import Day
from facilitator_tui.core.opening import DayRequest
from facilitator_tui.ui.app import FacilitatorApp, make_app


def app_at(data: Path, when: str, acts=(), plan_and_path=None, **request) -> tuple[FacilitatorApp, Day, FakeClock]:
    """The app (from the one app factory) on the bundled day after `acts`, with the clock at `when`.

    `acts` are (time, event class, fields): events replayed into the log
    before the app starts, as a day resumed after a restart would have them.
    """
    _, path = plan_and_path or bundled_plan()
    clock = FakeClock(at(acts[0][0]) if acts else at(when))
    app = make_app(DayRequest(data=data, plan=str(path), author="tester", **request), clock=clock, live=False)
    day = app.day
    for time, cls, fields in acts:
        clock.set(at(time))
        day.record(cls(**day.stamp(), **fields))
    clock.set(at(when))
    return app, day, clock


def label_text(app: FacilitatorApp, selector: str) -> str:
    """The plain text of a label on the run screen."""
    content = app.run_screen.query_one(selector).content
    return getattr(content, "plain", str(content))


def countdown(app: FacilitatorApp) -> str:
    """What the big clock shows."""
    return app.run_screen.query_one("#countdown").value


def fully_visible(app: FacilitatorApp, selector: str) -> bool:
    """True when the widget is displayed and lies wholly inside the screen."""
    widget = app.run_screen.query_one(selector)
    region = widget.region
    screen = app.run_screen.region
    return widget.display and region.area > 0 and screen.contains_region(region)
