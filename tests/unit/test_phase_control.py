"""Timing control at phase level: repeated rounds, change-overs, cut-first, minimums, and the re-plan that uses them."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from day_helpers import at, header
from facilitator_tui.core import events as ev
from facilitator_tui.core.fold import current_phase, fold
from facilitator_tui.core.phases import effective_phase_lengths, phase_changes, protected_minutes, steps_of
from facilitator_tui.core.plan import Item, Plan
from facilitator_tui.core.plan_loader import PlanError, parse_plan
from facilitator_tui.core.replan import fit_phases, minimum_minutes, propose


def item(phases: list[dict], minutes: int = 60, **fields) -> Item:
    return Item.model_validate(
        {"id": "x", "title": "X", "start": "09:00", "minutes": minutes, "exercises": [{"title": "Ex", "phases": phases}], **fields}
    )


def mins(lengths: list[float]) -> list[float]:
    return [round(length / 60, 6) for length in lengths]


ROTATIONS = item(
    [
        {"name": "Set up", "minutes": 5},
        {"name": "Consultation", "minutes": 11, "repeat": 3, "instructions": "Consult, then swap."},
        {"name": "Debrief", "minutes": 10},
    ],
    minutes=60,
    transition_minutes=2,
)


def test_a_repeated_phase_is_cued_as_rounds_with_change_overs_between_every_step():
    steps = steps_of(ROTATIONS)
    names = [step.shown.name for step in steps]
    assert names == [
        "Set up",
        "Change over",
        "Consultation · round 1 of 3",
        "Change over",
        "Consultation · round 2 of 3",
        "Change over",
        "Consultation · round 3 of 3",
        "Change over",
        "Debrief",
    ]
    assert [step.shown.minutes for step in steps] == [5, 2, 11, 2, 11, 2, 11, 2, 10]
    assert [step.round for step in steps if not step.is_transition] == [1, 1, 2, 3, 1]
    # Every round keeps the phase's own instructions for the room.
    assert {step.shown.instructions for step in steps if step.phase == 1} == {"Consult, then swap."}


def test_each_round_has_its_own_countdown_on_the_running_clock():
    plan = Plan.model_validate({"title": "T", "start": "09:00", "close": "10:00", "agenda": [ROTATIONS.model_dump()]})
    state = fold(plan, [header(plan), ev.Start(at=at("09:00"))])
    # 5 set up + 2 + 11 + 2 = 20 min: round 2 starts at 09:20 and has 11 minutes of its own.
    now = current_phase(plan, state, at("09:23"))
    assert now is not None and now.index == 4
    assert round(now.remaining) == 8 * 60
    assert steps_of(ROTATIONS)[now.index].shown.name == "Consultation · round 2 of 3"


def test_a_plan_whose_rounds_and_change_overs_do_not_fit_is_refused_with_the_reason():
    text = """
title = "T"
start = "09:00"
close = "10:00"
[[agenda]]
id = "x"
title = "Rotations"
start = "09:00"
transition_minutes = 3
[[agenda.exercises]]
title = "Ex"
[[agenda.exercises.phases]]
name = "Round"
minutes = 15
repeat = 4
"""
    with pytest.raises(PlanError) as raised:
        parse_plan(text, "t.toml")
    (problem,) = raised.value.problems
    assert problem.where == "agenda[0].exercises[0].phases[0].minutes"  # the fourth round is the one that does not fit
    assert "rounds and change-overs included" in problem.message and "69 min" in problem.message


def test_shortening_cuts_what_is_marked_first_then_shrinks_to_the_minimums_and_keeps_fixed_phases():
    x = item(
        [
            {"name": "Intro", "minutes": 10, "fixed": True},
            {"name": "Pairs", "minutes": 20, "min_minutes": 15},
            {"name": "Gallery walk", "minutes": 10, "cut_first": True},
            {"name": "Plenary", "minutes": 20, "min_minutes": 10},
        ]
    )
    # 5 minutes less: all from the cut-first phase.
    assert mins(effective_phase_lengths(x, 3600, 55 * 60)) == [10, 20, 5, 20]
    # 20 less: the cut-first phase goes, then 10 from the others in proportion to what they may give (5 and 10).
    assert mins(effective_phase_lengths(x, 3600, 40 * 60)) == [10, pytest.approx(20 - 10 / 3), 0, pytest.approx(20 - 20 / 3)]
    # Down to the minimums exactly: 10 fixed + 15 + 10.
    assert mins(effective_phase_lengths(x, 3600, 35 * 60)) == [10, 15, 0, 10]
    # Below the minimums: the flexible phases shrink further, the fixed one never.
    below = mins(effective_phase_lengths(x, 3600, 20 * 60))
    assert below[0] == 10 and below[2] == 0 and sum(below) == pytest.approx(20)
    assert protected_minutes(x) == 35
    # Lengthening leaves fixed phases alone and never grows change-overs.
    longer = mins(effective_phase_lengths(ROTATIONS, 3600, 70 * 60))
    assert longer[1] == 2 and longer[3] == 2


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 20), st.booleans(), st.booleans(), st.integers(0, 20), st.integers(1, 3)),
        min_size=1,
        max_size=5,
    ),
    st.integers(0, 120),
    st.integers(0, 5),
)
def test_the_phases_always_fill_what_the_item_is_given_and_fixed_ones_keep_their_length(spec, allotted, transition):
    phases = []
    for n, (length, fixed, cut, minimum, repeat) in enumerate(spec):
        phase = {"name": f"p{n}", "minutes": length, "repeat": repeat}
        if fixed:
            phase["fixed"] = True
        elif cut:
            phase["cut_first"] = True
        elif 0 < minimum <= length:
            phase["min_minutes"] = minimum
        phases.append(phase)
    x = item(phases, minutes=200, transition_minutes=transition)
    planned = sum(step.shown.minutes for step in steps_of(x)) * 60.0
    fixed_total = sum(step.shown.minutes for step in steps_of(x) if step.shown.fixed) * 60.0
    assume(allotted * 60 >= fixed_total)
    lengths = effective_phase_lengths(x, planned, allotted * 60.0)
    assert all(length >= -1e-6 for length in lengths)
    for step, length in zip(steps_of(x), lengths, strict=True):
        if step.shown.fixed:
            assert length == step.shown.minutes * 60
    if any(not step.shown.fixed for step in steps_of(x)):
        assert sum(lengths) == pytest.approx(allotted * 60.0)


def test_the_replan_preview_says_what_happens_to_the_phases():
    plan = parse_plan(
        """
title = "T"
start = "09:00"
close = "11:00"
[[agenda]]
id = "a"
title = "First"
start = "09:00"
[[agenda]]
id = "b"
title = "Workshop"
start = "10:00"
[[agenda.exercises]]
title = "Ex"
[[agenda.exercises.phases]]
name = "Framing"
minutes = 10
fixed = true
[[agenda.exercises.phases]]
name = "Groups"
minutes = 30
min_minutes = 20
[[agenda.exercises.phases]]
name = "Gallery"
minutes = 20
cut_first = true
""",
        "t.toml",
    )
    state = fold(plan, [header(plan), ev.Start(at=at("09:20"))])
    proposal = propose(plan, state, at("09:30"))
    (row,) = [row for row in proposal.rows if row.index == 1]
    assert row.new_minutes == 40
    assert row.phases == ("cut 'Gallery'",)
    # The item's own floor keeps its fixed and protected phases: 10 + 20.
    assert minimum_minutes(plan.agenda[1], 60) == 30
    assert phase_changes(plan.agenda[1], 3600, 30 * 60) == ["'Groups' 30→20 min", "cut 'Gallery'"]


def test_a_saved_replanned_item_keeps_fixed_phases_drops_cut_ones_and_keeps_its_rounds():
    x = item(
        [
            {"name": "Intro", "minutes": 10, "fixed": True},
            {"name": "Round", "minutes": 10, "repeat": 3},
            {"name": "Extra", "minutes": 10, "cut_first": True},
        ],
        minutes=60,
    )
    fitted = fit_phases(x, 30)
    phases = fitted.exercises[0].phases
    assert [(p.name, p.minutes, p.repeat) for p in phases] == [("Intro", 10, 1), ("Round", 6, 3)]
    assert sum(step.shown.minutes for step in steps_of(fitted)) <= 30


def test_phase_fields_that_contradict_each_other_are_refused_with_their_paths():
    text = """
title = "T"
start = "09:00"
close = "10:00"
[[prepare]]
id = "t1"
task = "Book"
[[follow_up]]
id = "t1"
task = "Thank"
[[agenda]]
id = "x"
title = "X"
start = "09:00"
[[agenda.exercises]]
title = "Ex"
[agenda.exercises.groups]
size = 3
boards = 2
[[agenda.exercises.phases]]
name = "A"
minutes = 10
fixed = true
cut_first = true
[[agenda.exercises.phases]]
name = "B"
minutes = 10
min_minutes = 12
[[agenda.exercises.roles]]
name = "Chair"
brief = "b"
[[agenda.exercises.roles]]
name = "chair"
brief = "c"
"""
    with pytest.raises(PlanError) as raised:
        parse_plan(text, "t.toml")
    where = {problem.where for problem in raised.value.problems}
    assert where == {
        "agenda[0].exercises[0].phases[0].cut_first",
        "agenda[0].exercises[0].phases[1].min_minutes",
        "agenda[0].exercises[0].groups",
        "agenda[0].exercises[0].roles[1].name",
        "follow_up[0].id",
    }


@pytest.mark.parametrize("size", ["pairs", "trios", "fours", 2, 12])
def test_group_sizes_in_words_or_numbers(size):
    x = Item.model_validate({"id": "x", "title": "X", "start": "09:00", "exercises": [{"title": "E", "groups": {"size": size}}]})
    assert x.exercises[0].groups is not None
    assert x.exercises[0].groups.people_per_group == {"pairs": 2, "trios": 3, "fours": 4}.get(str(size), size)


@pytest.mark.parametrize("size", ["dozens", 1, 13])
def test_a_group_size_that_is_not_one_is_refused_with_the_choices(size):
    text = f"""
title = "T"
start = "09:00"
close = "10:00"
[[agenda]]
id = "x"
title = "X"
start = "09:00"
[[agenda.exercises]]
title = "Ex"
[agenda.exercises.groups]
size = {size!r}
""".replace("'", '"')
    with pytest.raises(PlanError) as raised:
        parse_plan(text, "t.toml")
    (problem,) = raised.value.problems
    assert problem.where == "agenda[0].exercises[0].groups.size"
    assert "trios" in problem.message or "2 to 12" in problem.message


def test_a_handout_file_beside_the_plan_is_read_in_and_a_missing_one_is_named(tmp_path):
    (tmp_path / "handouts").mkdir()
    (tmp_path / "handouts" / "fund.md").write_text("# The fund\n\nSix bids.\n", encoding="utf-8")
    body = """
title = "T"
start = "09:00"
close = "10:00"
[[agenda]]
id = "x"
title = "X"
start = "09:00"
[[agenda.handouts]]
title = "Fund"
file = "handouts/{name}"
"""
    (tmp_path / "plan.toml").write_text(body.format(name="fund.md"), encoding="utf-8")
    from facilitator_tui.core.plan_loader import load_plan

    plan = load_plan(tmp_path / "plan.toml")
    assert plan.agenda[0].handouts[0].content == "# The fund\n\nSix bids.\n"
    (tmp_path / "broken.toml").write_text(body.format(name="gone.md"), encoding="utf-8")
    with pytest.raises(PlanError) as raised:
        load_plan(tmp_path / "broken.toml")
    (problem,) = raised.value.problems
    assert problem.where == "agenda[0].handouts[0].file" and "gone.md" in problem.message
    # Without a file to be beside, the text must be in the plan.
    with pytest.raises(PlanError):
        parse_plan(body.format(name="fund.md"), "pasted.toml")


def test_materials_may_be_words_or_quantities():
    x = Item.model_validate(
        {"id": "x", "title": "X", "start": "09:00", "materials": ["Flipchart", {"name": "Brief", "per": "person", "spare": 2}]}
    )
    assert x.material_names == ("Flipchart", "Brief")
    with pytest.raises(ValueError):
        Item.model_validate({"id": "x", "title": "X", "start": "09:00", "materials": [{"name": "Brief", "per": "table"}]})


def test_the_rule_is_the_old_proportional_one_when_no_phase_asks_for_more():
    x = item([{"name": "a", "minutes": 10}, {"name": "b", "minutes": 30}], minutes=40)
    assert mins(effective_phase_lengths(x, 2400, 20 * 60)) == [5, 15]
    assert dt.timedelta(minutes=40) == dt.timedelta(seconds=sum(effective_phase_lengths(x, 2400, 2400)))
