"""Re-plan: proportional squeeze, minimums, fixed and optional items, saving."""

from __future__ import annotations

from day_helpers import at, bundled_plan, header, small_plan
from facilitator_tui.core import events as ev
from facilitator_tui.core.fold import fold
from facilitator_tui.core.plan_loader import parse_plan, plan_to_toml
from facilitator_tui.core.replan import propose, replanned_plan, squeeze

PLAN = small_plan()


def state_of(plan, *events):
    return fold(plan, [header(plan), *events])


def test_squeeze_cuts_in_proportion_within_minimums():
    assert squeeze([40, 20], [10, 10], 15) == [10, 5]
    assert squeeze([40, 20], [35, 10], 15) == [5, 10]
    assert sum(squeeze([45, 45, 15], [30, 30, 10], 7)) == 7


def test_squeeze_never_goes_below_a_minimum():
    cuts = squeeze([30, 30], [25, 28], 100)
    assert cuts == [5, 2]


def test_on_time_day_needs_no_change():
    proposal = propose(PLAN, state_of(PLAN, ev.Start(at=at("09:00"))), at("09:10"))
    assert not proposal.changes and proposal.feasible


def test_late_day_squeezes_remaining_items_and_closes_on_time():
    # 10 minutes late: the opening overran to 09:40.
    state = state_of(PLAN, ev.Start(at=at("09:00")), ev.Next(at=at("09:40")))
    proposal = propose(PLAN, state, at("09:40"))
    assert proposal.feasible
    assert proposal.new_close <= at("11:00")
    by_id = {PLAN.agenda[r.index].id: r for r in proposal.rows}
    assert "lunch" not in proposal.minutes  # fixed: never touched
    assert by_id["lunch"].new_minutes == by_id["lunch"].old_minutes == 20
    assert not proposal.dropped  # squeezing was enough
    assert by_id["last"].new_start < by_id["last"].old_start


def test_when_squeezing_is_not_enough_optional_items_are_dropped():
    # 30 minutes late, tea running: squeezing "extra" and "last" frees at most 7 + 20.
    state = state_of(PLAN, ev.Start(at=at("09:00")), ev.Next(at=at("10:00")))
    proposal = propose(PLAN, state, at("10:00"))
    assert proposal.dropped == ("extra",)
    assert proposal.feasible
    assert proposal.new_close <= at("11:00")


def test_an_impossible_day_says_so_and_gives_the_best_close():
    state = state_of(PLAN, ev.Start(at=at("09:00")), ev.Next(at=at("10:30")))
    proposal = propose(PLAN, state, at("10:30"))
    assert not proposal.feasible
    assert proposal.new_close > at("11:00")
    assert proposal.new_close < proposal.old_close


def test_preview_rows_show_old_and_new_times_for_every_remaining_item():
    state = state_of(PLAN, ev.Start(at=at("09:00")), ev.Next(at=at("09:40")))
    proposal = propose(PLAN, state, at("09:40"))
    assert [r.index for r in proposal.rows] == [2, 3, 4]
    # Old times: the projection with tea (running since 09:40) ending at 09:55, ten minutes late.
    assert [(r.old_start, r.old_end) for r in proposal.rows] == [
        (at("09:55"), at("10:10")),
        (at("10:10"), at("10:30")),
        (at("10:30"), at("11:10")),
    ]
    # New times: back to back from tea's end, each as long as its new length, closing on time.
    assert proposal.rows[0].new_start == at("09:55")
    for row, following in zip(proposal.rows, proposal.rows[1:], strict=False):
        assert following.new_start == row.new_end
    for row in proposal.rows:
        assert (row.new_end - row.new_start).total_seconds() == row.new_minutes * 60
    assert proposal.rows[1].new_minutes == 20, "the fixed slot keeps its length"
    assert proposal.rows[-1].new_end == proposal.new_close == at("11:00")


def test_saved_replanned_plan_validates_and_keeps_the_new_times():
    plan, _ = bundled_plan()
    state = state_of(plan, ev.Start(at=at("09:40")))
    proposal = propose(plan, state, at("09:41"))
    assert proposal.changes
    accepted = fold(plan, [header(plan), ev.Start(at=at("09:40")), ev.Replan(at=at("09:41"), minutes=proposal.minutes, dropped=proposal.dropped)])
    saved = replanned_plan(plan, accepted, at("09:41"))
    again = parse_plan(plan_to_toml(saved), "saved.toml")
    assert again == saved
    assert again.agenda[0].start == "09:40"
    assert again.close == "16:45"
    lengths = [again.item_minutes(i) for i in range(len(again.agenda))]
    assert sum(lengths) <= 16 * 60 + 45 - (9 * 60 + 40)


def test_an_item_that_ran_for_no_time_at_all_is_not_dropped_or_squeezed():
    """Found by the property test: `n` then `p` in one second leaves 'extra' started but with 0 s run.

    The proposal once dropped it (it had run for 0 s) while the fold keeps a
    started item, so an accepted re-plan closed 15 minutes late.
    """
    moves = [ev.Start(at=at("09:28")), ev.Next(at=at("09:28")), ev.Next(at=at("09:28")), ev.Previous(at=at("09:28"))]
    state = state_of(PLAN, *moves, ev.Previous(at=at("09:28", 1)))
    assert state.items[2].started and state.items[2].running_seconds(at("09:29")) == 0
    proposal = propose(PLAN, state, at("09:28", 1))
    assert "extra" not in proposal.dropped and "extra" not in proposal.minutes
    accepted = state_of(PLAN, *moves, ev.Previous(at=at("09:28", 1)), ev.Replan(at=at("09:28", 1), minutes=proposal.minutes, dropped=proposal.dropped))
    from facilitator_tui.core.status import status

    assert status(PLAN, accepted, at("09:28", 1)).projected_close == proposal.new_close
