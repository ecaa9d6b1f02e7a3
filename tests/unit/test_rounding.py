"""One rounding rule: every time shown is rounded to the minute, every drift shown is computed from the times shown."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from day_helpers import at, header, small_plan
from facilitator_tui.core import events as ev
from facilitator_tui.core.fold import fold
from facilitator_tui.core.status import hhmm, shown_minute, status
from facilitator_tui.ui.texts import day_line
from facilitator_tui.ui.widgets.agenda_panel import agenda_line

PLAN = small_plan()
IDS = [item.id for item in PLAN.agenda]


def minute_of(text: str) -> int:
    hours, minutes = map(int, text.split(":"))
    return hours * 60 + minutes


def test_a_start_at_the_end_of_a_minute_shows_the_next_minute_and_its_drift():
    """Issue: a start at 10:30:59.997 showed '10:31 10:30' and 'Day: on time'."""
    s = status(PLAN, fold(PLAN, [header(PLAN), ev.Start(at=at("09:00", 59.997))]), at("09:05"))
    line = agenda_line(PLAN, s, 0).plain
    assert "09:01" in line and "+1" in line
    assert s.drift_minutes == 1


def test_thirty_two_seconds_late_is_shown_as_one_minute_everywhere():
    s = status(PLAN, fold(PLAN, [header(PLAN), ev.Start(at=at("09:00", 32))]), at("09:05"))
    assert "09:01 +1" in agenda_line(PLAN, s, 0).plain
    assert "1 min behind" in day_line(s) and "Projected close 11:01" in day_line(s)


def test_half_a_minute_rounds_up():
    assert shown_minute(at("09:00", 29.999)) == at("09:00")
    assert shown_minute(at("09:00", 30)) == at("09:01")
    assert hhmm(at("23:59", 45)) == "00:00"


ACTS = ["start", "pause", "resume", "next", "extend", "skip"]


@st.composite
def random_day(draw):
    when = at("09:00") + dt.timedelta(seconds=draw(st.integers(min_value=-300, max_value=900)))
    events = [ev.Start(at=when)]
    for _ in range(draw(st.integers(min_value=0, max_value=12))):
        when += dt.timedelta(seconds=draw(st.floats(min_value=0, max_value=1800, allow_nan=False)))
        act = draw(st.sampled_from(ACTS))
        if act == "extend":
            events.append(ev.Extend(at=when, item_id=draw(st.sampled_from(IDS)), minutes=draw(st.integers(-5, 5))))
        elif act == "skip":
            events.append(ev.Skip(at=when, item_id=draw(st.sampled_from(IDS))))
        else:
            events.append({"start": ev.Start, "pause": ev.Pause, "resume": ev.Resume, "next": ev.Next}[act](at=when))
    return events, when + dt.timedelta(seconds=draw(st.floats(min_value=0, max_value=3600, allow_nan=False)))


@settings(max_examples=300, deadline=None)
@given(random_day())
def test_the_screen_never_contradicts_itself(day):
    """Each agenda row's drift is its shown start minus its planned start; the day line's drift is the shown close minus the target."""
    events, now = day
    s = status(PLAN, fold(PLAN, [header(PLAN), *events]), now)
    for index in range(len(PLAN.agenda)):
        line = agenda_line(PLAN, s, index).plain
        match = re.match(r". (\d\d:\d\d) (?:(\d\d:\d\d) )?(?:([+-]\d+) )?", line)
        assert match, line
        planned, shown, drift = match.groups()
        timing = s.items[index]
        if shown is not None:
            assert int(drift or 0) == minute_of(shown) - minute_of(planned), line
        elif timing.projected_start is not None and timing.mark.value == "upcoming":
            assert int(drift or 0) == minute_of(hhmm(timing.projected_start)) - minute_of(planned), line
    text = day_line(s)
    close = re.search(r"(?:Projected close|Day closed) (\d\d:\d\d)", text).group(1)
    expected = minute_of(close) - minute_of(hhmm(s.target_close))
    if "behind" in text:
        assert int(re.search(r"(\d+) min behind", text).group(1)) == expected
    elif "ahead" in text:
        assert -int(re.search(r"(\d+) min ahead", text).group(1)) == expected
    else:
        assert "on time" in text.lower() and expected == 0
