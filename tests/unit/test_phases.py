"""Phases follow their item: one rule for lengthening and shortening, spare time is not overtime."""

from __future__ import annotations

import datetime as dt

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from day_helpers import at, header, small_plan
from facilitator_tui.core import events as ev
from facilitator_tui.core.fold import fold
from facilitator_tui.core.phases import effective_phase_lengths
from facilitator_tui.core.plan import Item, Plan
from facilitator_tui.core.status import status

PLAN = small_plan()
"""'open' runs 09:00–09:30 with phases of 5, 15 and 10 minutes: no spare time."""


def item(*phases: tuple[int, bool], minutes: int = 15) -> Item:
    return Item.model_validate(
        {
            "id": "x",
            "title": "X",
            "start": "09:00",
            "minutes": minutes,
            "exercises": [{"title": "1-2-4-All", "phases": [{"name": f"p{i}", "minutes": m, "fixed": f} for i, (m, f) in enumerate(phases)]}],
        }
    )


def minutes(lengths: list[float]) -> list[float]:
    return [round(length / 60, 6) for length in lengths]


def test_lengthening_grows_the_phases_that_are_not_fixed_in_proportion():
    twelve = item((2, False), (4, True), (6, False), minutes=15)
    assert minutes(effective_phase_lengths(twelve, 15 * 60, 19 * 60)) == [3, 4, 9]


def test_shortening_takes_the_spare_time_first_then_the_phases_that_are_not_fixed():
    twelve = item((2, False), (4, True), (6, False), minutes=15)
    assert minutes(effective_phase_lengths(twelve, 15 * 60, 13 * 60)) == [2, 4, 6], "3 min spare absorb a 2 min cut"
    assert minutes(effective_phase_lengths(twelve, 15 * 60, 11 * 60)) == [1.75, 4, 5.25]
    assert minutes(effective_phase_lengths(twelve, 15 * 60, 0)) == [0, 4, 0], "a fixed phase keeps its length"


def test_with_every_phase_fixed_the_change_is_all_spare_time():
    fixed = item((5, True), (5, True), minutes=15)
    assert minutes(effective_phase_lengths(fixed, 15 * 60, 25 * 60)) == [5, 5]


def run(events, now):
    return status(PLAN, fold(PLAN, [header(PLAN), *events]), now)


def test_after_plus_and_5_the_last_phase_ends_with_the_item_not_before():
    """Issue: after + and 5, 'Phase 8/8 · +02:03 over' with 4 minutes of the item left."""
    events = [ev.Start(at=at("09:00")), ev.Extend(at=at("09:01"), item_id="open", minutes=1), ev.Extend(at=at("09:01"), item_id="open", minutes=5)]
    near_end = run(events, at("09:32"))
    assert near_end.remaining == 4 * 60
    assert near_end.phase.index == 2 and not near_end.phase.done
    assert near_end.phase.remaining == 4 * 60


def test_time_after_the_last_phase_is_spare_not_overtime():
    """A 15-minute item holding a 12-minute 1-2-4-All: the last 3 minutes are spare."""
    plan = Plan.model_validate(
        {
            "title": "T",
            "start": "09:00",
            "close": "09:15",
            "agenda": [
                {
                    "id": "x",
                    "title": "X",
                    "start": "09:00",
                    "exercises": [{"title": "1-2-4-All", "phases": [{"name": n, "minutes": m} for n, m in (("1", 1), ("2", 2), ("4", 4), ("All", 5))]}],
                }
            ],
        }
    )
    now = status(plan, fold(plan, [header(plan), ev.Start(at=at("09:00"))]), at("09:13"))
    assert now.phase.done and now.phase.index == 3
    assert now.remaining == 120


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(min_value=0, max_value=600), st.integers(min_value=-10, max_value=10)), max_size=8),
    st.integers(min_value=0, max_value=3600),
)
def test_while_the_item_has_time_its_phases_are_never_done(extends, later):
    """'open' has no spare time and no fixed phase: its phases last exactly as long as it does."""
    when = at("09:00")
    events = [ev.Start(at=when)]
    for gap, change in extends:
        when += dt.timedelta(seconds=gap)
        events.append(ev.Extend(at=when, item_id="open", minutes=change))
    s = run(events, when + dt.timedelta(seconds=later))
    assume(s.phase is not None and s.remaining > 1e-6)
    assert not s.phase.done
    assert s.phase.remaining > 0
