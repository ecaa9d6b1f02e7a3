"""`plan_warnings`: what a valid plan may hold but is probably a typo (today: a long gap)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator_tui.core.locations import bundled_plans
from facilitator_tui.core.plan_checks import GAP_WARNING_MINUTES, plan_warnings
from facilitator_tui.core.plan_loader import load_plan, parse_plan
from plan_helpers import dump, item_data, plan_data


def warnings_for(data: dict) -> list[tuple[str, str]]:
    return plan_warnings(parse_plan(dump(data), "day.toml"))


def test_the_limit_is_30_minutes():
    assert GAP_WARNING_MINUTES == 30


def test_a_gap_over_30_minutes_is_named_with_where_and_how_long():
    data = plan_data(agenda=[item_data("a", "09:00"), item_data("tea", "10:00", kind="break", minutes=15), item_data("b", "11:15")])
    assert warnings_for(data) == [
        (
            "agenda[2].start",
            'starts at 11:15, leaving 60 min unscheduled after agenda[1] "Item tea" ends at 10:15; '
            "if that is a typo, correct this start or that item's minutes",
        )
    ]


def test_a_gap_of_exactly_30_minutes_is_fine_and_31_is_not():
    at_30 = plan_data(agenda=[item_data("a", "09:00", minutes=30), item_data("b", "10:00")])
    at_31 = plan_data(agenda=[item_data("a", "09:00", minutes=29), item_data("b", "10:00")])
    assert warnings_for(at_30) == []
    ((where, message),) = warnings_for(at_31)
    assert where == "agenda[1].start" and "31 min" in message


def test_every_long_gap_is_named():
    data = plan_data(
        close="17:00",
        agenda=[item_data("a", "09:00", minutes=20), item_data("b", "10:00", minutes=10), item_data("c", "11:00"), item_data("d", "12:00")],
    )
    assert [where for where, _ in warnings_for(data)] == ["agenda[1].start", "agenda[2].start"]


def test_items_without_minutes_leave_no_gap():
    assert warnings_for(plan_data()) == []


def test_time_after_the_close_is_not_a_gap():
    # The day's work ends at the close; dinner at 19:00 is deliberate.
    data = plan_data(close="17:00", agenda=[item_data("a", "09:00", minutes=480), item_data("dinner", "19:00", kind="social", minutes=90)])
    assert warnings_for(data) == []


def test_a_gap_that_spans_the_close_is_counted_to_the_close():
    data = plan_data(close="17:00", agenda=[item_data("a", "09:00", minutes=420), item_data("dinner", "19:00", kind="social", minutes=90)])
    ((where, message),) = warnings_for(data)
    assert where == "agenda[1].start"
    assert "leaving 60 min unscheduled" in message
    assert "ends at 16:00 (counted to the day's close at 17:00)" in message


def test_the_gap_before_the_close_is_not_a_gap_between_items():
    # Only gaps between items are warned about; a last item that ends early is a short day, not a typo.
    data = plan_data(close="17:00", agenda=[item_data("a", "09:00"), item_data("b", "10:00", minutes=30)])
    assert warnings_for(data) == []


@pytest.mark.parametrize("name", sorted(bundled_plans()) or ["(none found)"])
def test_bundled_plans_have_no_warnings(name):
    assert plan_warnings(load_plan(bundled_plans()[name])) == []


@given(st.integers(min_value=1, max_value=120), st.integers(min_value=0, max_value=120))
def test_warned_exactly_when_the_gap_is_over_30(minutes, gap):
    # Item a runs `minutes`, then `gap` minutes pass before item b.
    start_b = 9 * 60 + minutes + gap
    data = plan_data(
        close="17:00",
        agenda=[item_data("a", "09:00", minutes=minutes), item_data("b", f"{start_b // 60:02d}:{start_b % 60:02d}")],
    )
    found = warnings_for(data)
    if gap > GAP_WARNING_MINUTES:
        ((where, message),) = found
        assert where == "agenda[1].start"
        assert f"leaving {gap} min unscheduled" in message
    else:
        assert found == []
