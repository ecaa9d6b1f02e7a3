"""Property-based checks of the timing engine on random days."""

from __future__ import annotations

import datetime as dt

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from day_helpers import at, header, small_plan
from facilitator_tui.core import events as ev
from facilitator_tui.core.event_log import LogReader, LogWriter
from facilitator_tui.core.fold import fold
from facilitator_tui.core.replan import propose
from facilitator_tui.core.status import Mode, status

PLAN = small_plan()
IDS = [item.id for item in PLAN.agenda]

simple_acts = st.sampled_from(["start", "pause", "resume", "next", "extend"])
any_acts = st.sampled_from(["start", "pause", "resume", "next", "previous", "skip", "extend", "undo", "next_phase", "goto"])


def build(acts, gaps, extends, targets, start="09:00"):
    """Events from a list of act names, with seconds between them, from `start`."""
    when = at(start)
    events = []
    for act, gap, minutes, target in zip(acts, gaps, extends, targets, strict=False):
        when = when + dt.timedelta(seconds=gap)
        if act == "extend":
            events.append(ev.Extend(at=when, item_id=target, minutes=minutes))
        elif act == "skip":
            events.append(ev.Skip(at=when, item_id=target))
        elif act == "goto":
            events.append(ev.GoTo(at=when, item_id=target))
        else:
            cls = {
                "start": ev.Start,
                "pause": ev.Pause,
                "resume": ev.Resume,
                "next": ev.Next,
                "previous": ev.Previous,
                "undo": ev.Undo,
                "next_phase": ev.NextPhase,
            }[act]
            events.append(cls(at=when))
    return events, when


def days(acts_strategy):
    return st.integers(min_value=0, max_value=25).flatmap(
        lambda n: st.tuples(
            st.lists(acts_strategy, min_size=n, max_size=n),
            st.lists(st.integers(min_value=0, max_value=1800), min_size=n, max_size=n),
            st.lists(st.integers(min_value=-10, max_value=10), min_size=n, max_size=n),
            st.lists(st.sampled_from(IDS), min_size=n, max_size=n),
            st.integers(min_value=0, max_value=3600),
        )
    )


@settings(max_examples=150, deadline=None)
@given(days(simple_acts))
def test_elapsed_plus_remaining_is_planned_plus_extensions(day):
    acts, gaps, extends, targets, later = day
    events, last = build(acts, gaps, extends, targets)
    now = last + dt.timedelta(seconds=later)
    s = status(PLAN, fold(PLAN, [header(PLAN), *events]), now)
    assume(s.current is not None)
    item_id = IDS[s.current]
    # Each extension applies in turn and never takes the item below zero minutes,
    # so a `+` after a big `-` helps at once (the documented rule).
    planned = PLAN.item_minutes(s.current)
    extra = 0
    for e in events:
        if isinstance(e, ev.Extend) and e.item_id == item_id:
            extra = max(extra + e.minutes, -planned)
    expected = (planned + extra) * 60
    assert s.elapsed + s.remaining == expected


@settings(max_examples=150, deadline=None)
@given(days(simple_acts))
def test_drift_adds_up(day):
    """Projected close = plan close + late start + every item's overrun (pauses included)."""
    acts, gaps, extends, targets, later = day
    events, last = build(acts, gaps, extends, targets)
    now = last + dt.timedelta(seconds=later)
    s = status(PLAN, fold(PLAN, [header(PLAN), *events]), now)
    if s.mode is Mode.BEFORE:
        total = max((now - at("09:00")).total_seconds(), 0)
    else:
        total = (s.items[0].actual_start - at("09:00")).total_seconds()
    for index, timing in enumerate(s.items):
        planned = PLAN.item_minutes(index) * 60
        if timing.actual_end is not None:
            wall = (timing.actual_end - timing.actual_start).total_seconds()
        elif timing.actual_start is not None:
            wall = (now - timing.actual_start).total_seconds() + max(s.remaining, 0)
        else:
            wall = timing.allotted_seconds
        total += wall - planned
    assert abs(s.drift_seconds - total) < 1e-6


@settings(max_examples=150, deadline=None)
@given(days(any_acts), st.integers(min_value=1, max_value=45))
def test_a_replan_that_has_a_solution_closes_on_time(day, late):
    """Days that started `late` minutes late (then anything happened): a feasible re-plan closes on time."""
    acts, gaps, extends, targets, later = day
    begin = f"09:{late:02d}"
    events, last = build(acts, gaps, extends, targets, start=begin)
    events = [ev.Start(at=at(begin)), *events]
    now = last + dt.timedelta(seconds=later)
    state = fold(PLAN, [header(PLAN), *events])
    proposal = propose(PLAN, state, now)
    assume(proposal.feasible and proposal.changes)
    accepted = [*events, ev.Replan(at=now, minutes=proposal.minutes, dropped=proposal.dropped)]
    after = status(PLAN, fold(PLAN, [header(PLAN), *accepted]), now)
    assert after.projected_close <= after.target_close + dt.timedelta(seconds=59)
    assert after.projected_close == proposal.new_close
    for row in proposal.rows:
        item = PLAN.agenda[row.index]
        if item.fixed and not row.dropped:
            assert row.new_minutes == row.old_minutes
        if item.min_minutes and not row.dropped:
            assert row.new_minutes >= min(item.min_minutes, row.old_minutes)
        if row.dropped:
            assert item.optional


@settings(max_examples=60, deadline=None)
@given(days(any_acts), st.lists(st.integers(min_value=0, max_value=25), max_size=4))
def test_fold_after_restarts_equals_fold_without_them(tmp_path_factory, day, splits):
    """Writing the log across several app runs (each a new writer) changes nothing."""
    acts, gaps, extends, targets, later = day
    events, last = build(acts, gaps, extends, targets)
    now = last + dt.timedelta(seconds=later)
    folder = tmp_path_factory.mktemp("day")
    all_events = [header(PLAN), *events]
    cut_points = [*sorted({min(s, len(all_events)) for s in splits}), len(all_events)]
    begin = 0
    for cut in cut_points:
        writer = LogWriter(folder, "laptop")  # a restart: a fresh process appends
        for event in all_events[begin:cut]:
            writer.append(event)
        writer.close()
        begin = cut
    replayed = LogReader(folder).read_new()
    assert [e.id for e in replayed] == [e.id for e in all_events]
    assert status(PLAN, fold(PLAN, replayed), now) == status(PLAN, fold(PLAN, all_events), now)
