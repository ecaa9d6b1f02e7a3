"""Plans round-trip through tomli-w: load → save → load gives an equal plan."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from facilitator_tui.core.locations import bundled_plans
from facilitator_tui.core.plan import (
    Contingency,
    Exercise,
    Groups,
    Guidance,
    Handout,
    Item,
    Kind,
    Material,
    Phase,
    Plan,
    Role,
    Task,
    Warnings,
    format_hhmm,
)
from facilitator_tui.core.plan_loader import load_plan, parse_plan, plan_to_toml

EVERYTHING = """\
title = "Everything set"
subtitle = "A plan that uses every optional field"
venue = "The Old Library, Room 2"
start = "08:45"
close = "17:00"
pseudonyms = { "Alex Smith" = "Participant A", "Dr. Jo O'Neill" = "Participant B" }
participants = 18
timezone = "Europe/London"

[[prepare]]
id = "venue"
task = "Confirm the venue has two rooms"
days = 42
link = "https://example.org/venue"

[[follow_up]]
id = "survey"
task = "Send the survey"
days = 1

[warnings]
minutes = [10, 3]

[[agenda]]
id = "opening"
title = "Opening role-play"
kind = "session"
start = "09:00"
minutes = 80
purpose = "Start with experience."
prompts = ["Who did you speak for?", "What did you assume?", "What went unsaid?"]
materials = ["Role briefs", "Name cards", { name = "Observer sheet", per = "board", count = 2, spare = 1 }]
fixed = true
optional = true
min_minutes = 60
lead = "Lead facilitator"
co = "Co-facilitator"
setup = "Two tables of eight, well apart"
script = "Welcome. What is said here stays here."
transition_minutes = 1

[[agenda.handouts]]
title = "Fund summary"
content = "# Six bids\\n\\n- Bid A: £1m"
per = "board"

[agenda.guidance]
watch_for = ["Who takes authority"]
debrief = ["De-role first"]
notes = ["Allocate roles in advance"]

[agenda.guidance.contingency]
behind = "Shorten the preparation"
distress = "Offer a break and a quiet word"
conflict = "Name it and slow down"

[[agenda.exercises]]
title = "The board meeting"
summary = "A fictional board shares out a fund."
debrief = ["How was the decision really made?"]

[agenda.exercises.groups]
boards = 2
mix = ["sectors", "line_management"]
remainder = "observers"
room = "names"

[[agenda.exercises.phases]]
name = "Brief"
minutes = 10
instructions = "Read your role brief."
fixed = true
lead = "Co-facilitator"
co = "Lead facilitator"
setup = "Envelopes on each chair"
script = "Open your envelope now."
link = "https://example.org/briefs"

[[agenda.exercises.phases]]
name = "Board meeting"
minutes = 20
repeat = 2
min_minutes = 15

[[agenda.exercises.phases]]
name = "Extra round"
minutes = 5
cut_first = true

[[agenda.exercises.roles]]
name = "Chair"
brief = "You chair the board and want a decision today."
organisation = "Kestwell Council"
sector = "Local government"
optional = true

[[agenda.exercises.roles]]
name = "Council director"
brief = "Your budget is under pressure."

[[agenda.exercises]]
title = "Trios"

[agenda.exercises.groups]
size = "trios"

[[agenda.exercises.phases]]
name = "In trios"
minutes = 10

[[agenda]]
id = "lunch"
title = "Lunch"
kind = "lunch"
start = "12:00"
fixed = true

[[agenda]]
id = "tea"
title = "Tea"
kind = "break"
start = "14:00"
minutes = 15
optional = true

[[agenda]]
id = "close"
title = "Closing round"
start = "16:00"
"""


MIDNIGHT = 24 * 60

EVENING = """\
title = "A day with arrival and an evening"
start = "08:30"
close = "17:00"

[[agenda]]
id = "registration"
title = "Registration"
kind = "arrival"
start = "8:30"

[[agenda]]
id = "coffee"
title = "Coffee"
kind = "arrival"
start = 08:45:00

[[agenda]]
id = "work"
title = "Work"
start = "09:00"
minutes = 465

[[agenda]]
id = "drinks"
title = "Drinks"
kind = "social"
start = "16:45"

[[agenda]]
id = "dinner"
title = "Dinner"
kind = "social"
start = "19:00"
minutes = 120
"""


def round_trip(plan: Plan) -> Plan:
    return parse_plan(plan_to_toml(plan), "saved.toml")


@pytest.mark.parametrize("name", sorted(bundled_plans()) or ["(none found)"])
def test_bundled_plans_round_trip(name):
    plans = bundled_plans()
    assert name in plans, "no bundled plans found"
    plan = load_plan(plans[name])
    text = plan_to_toml(plan)
    again = parse_plan(text, "saved.toml")
    assert again == plan
    # Saving the re-loaded plan writes the same text: nothing drifts.
    assert plan_to_toml(again) == text


def test_arrival_and_social_items_round_trip_as_plain_toml():
    plan = parse_plan(EVENING, "evening.toml")
    assert [item.kind for item in plan.agenda] == [Kind.ARRIVAL, Kind.ARRIVAL, Kind.SESSION, Kind.SOCIAL, Kind.SOCIAL]
    text = plan_to_toml(plan)
    data = tomllib.loads(text)
    assert [item.get("kind", "session") for item in data["agenda"]] == ["arrival", "arrival", "session", "social", "social"]
    # Times written as "8:30" and 08:45:00 are saved as "HH:MM" text.
    assert [item["start"] for item in data["agenda"]] == ["08:30", "08:45", "09:00", "16:45", "19:00"]
    again = parse_plan(text, "saved.toml")
    assert again == plan
    assert plan_to_toml(again) == text
    # The social after the close keeps its length; the one before it runs past the close to dinner.
    assert again.item_minutes(3) == 19 * 60 - (16 * 60 + 45)
    assert again.item_minutes(4) == 120


def _non_default_fields(models: list[BaseModel]) -> set[tuple[str, str]]:
    """(model, field) pairs that hold a non-default value somewhere in `models`."""
    found = set()
    for model in models:
        for field_name, info in type(model).model_fields.items():
            default = info.get_default(call_default_factory=True)
            if getattr(model, field_name) != default:
                found.add((type(model).__name__, field_name))
    return found


def _all_models(plan: Plan) -> list[BaseModel]:
    models: list[BaseModel] = [plan, plan.warnings]
    for item in plan.agenda:
        models += [item, item.guidance, item.guidance.contingency, *item.handouts]
        models += [m for m in item.materials if isinstance(m, BaseModel)]
        for exercise in item.exercises:
            models += [exercise, *exercise.phases, *exercise.roles, *([exercise.groups] if exercise.groups else [])]
    models += [*plan.prepare, *plan.follow_up]
    return models


def test_the_everything_plan_sets_every_optional_field():
    plan = parse_plan(EVERYTHING, "everything.toml")
    every_field = {
        (model.__name__, name)
        for model in (Plan, Warnings, Item, Guidance, Exercise, Phase, Role, Groups, Handout, Material, Contingency, Task)
        for name in model.model_fields
    }
    assert every_field - _non_default_fields(_all_models(plan)) == set()
    # A gap follows the opening (80 min in a 180 min slot) and the tea.
    assert plan.item_minutes(0) == 80 and plan.item_minutes(2) == 15


def test_a_plan_with_every_optional_field_round_trips():
    plan = parse_plan(EVERYTHING, "everything.toml")
    again = round_trip(plan)
    assert again == plan
    assert again.agenda[0].minutes == 80
    assert again.agenda[1].minutes is None
    assert again.pseudonyms == {"Alex Smith": "Participant A", "Dr. Jo O'Neill": "Participant B"}


def test_unset_optional_fields_are_left_out_not_written_as_null():
    plan = parse_plan(EVERYTHING, "everything.toml")
    data = tomllib.loads(plan_to_toml(plan))
    lunch = data["agenda"][1]
    assert "minutes" not in lunch and "min_minutes" not in lunch
    assert data["agenda"][0]["minutes"] == 80
    assert data["agenda"][0]["min_minutes"] == 60


def test_saved_kinds_and_flags_are_plain_toml(tmp_path):
    plan = parse_plan(EVERYTHING, "everything.toml")
    data = tomllib.loads(plan_to_toml(plan))
    assert data["agenda"][1]["kind"] == "lunch"
    assert data["agenda"][1]["fixed"] is True
    assert data["warnings"] == {"minutes": [10, 3]}
    path = tmp_path / "saved.toml"
    path.write_text(plan_to_toml(plan), encoding="utf-8")
    assert load_plan(path) == plan


@pytest.mark.parametrize(
    "text",
    [
        'She said "no" and left',
        "back\\slash and 'single' quotes",
        "two\nlines\n",
        "tab\there",
        "[red]x[/] and [/ and [@click=app.quit]q[/]",
        "Café — naïve 👋 ☕",
        '""" triple quotes """',
        "# not a comment",
    ],
)
def test_awkward_text_round_trips(text):
    plan = parse_plan(EVERYTHING, "everything.toml")
    item = plan.agenda[0].model_copy(update={"title": text, "purpose": text, "prompts": (text,)})
    awkward = plan.model_copy(update={"subtitle": text, "agenda": (item, *plan.agenda[1:])})
    assert round_trip(awkward) == awkward


# ---------------------------------------------------------------------------
# Any valid plan round-trips
# ---------------------------------------------------------------------------

# Control characters are refused when a plan loads (test_control_characters.py); every other character round-trips.
texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
names = texts.filter(lambda s: s.strip() != "")


@st.composite
def valid_plans(draw) -> Plan:
    """A random plan that passes every check."""
    count = draw(st.integers(min_value=1, max_value=5))
    day_start = draw(st.integers(min_value=0, max_value=10 * 60))
    starts = sorted(draw(st.sets(st.integers(min_value=day_start, max_value=20 * 60), min_size=count, max_size=count)))
    # The close may come before some items: those must be social (the only kind that may start after it).
    close = draw(st.integers(min_value=day_start + 1, max_value=23 * 60 + 59))
    arrivals = draw(st.integers(min_value=0, max_value=count))
    assume(all(start < close for start in starts[:arrivals]))  # arrival items come first and may not be after the close
    items = []
    for index, start in enumerate(starts):
        next_start = starts[index + 1] if index + 1 < len(starts) else None
        if index < arrivals:
            kind = "arrival"
        elif start >= close:
            kind = "social"
        else:
            kind = draw(st.sampled_from(["session", "break", "lunch", "social"]))
        if kind == "social":
            # May run past the close; a last social after the close must say how long it is.
            limit = next_start if next_start is not None else MIDNIGHT
            needs_minutes = next_start is None and start >= close
        else:
            # Ends by the close: when the next item (a social) starts after it, minutes must stop it there.
            limit = min(next_start if next_start is not None else close, close)
            needs_minutes = next_start is not None and next_start > close
        unset = st.nothing() if needs_minutes else st.none()
        minutes = draw(unset | st.integers(min_value=1, max_value=limit - start))
        length = minutes or (next_start if next_start is not None else close) - start
        phase_minutes = draw(st.lists(st.integers(min_value=1, max_value=30), max_size=3))
        while sum(phase_minutes) > length:
            phase_minutes.pop()
        exercises = ()
        if phase_minutes:
            exercises = (
                Exercise(
                    title=draw(names),
                    summary=draw(texts),
                    phases=tuple(Phase(name=draw(names), minutes=m, instructions=draw(texts), fixed=draw(st.booleans())) for m in phase_minutes),
                    roles=tuple(Role(name=f"{draw(names)} {r}", brief=draw(names)) for r in range(draw(st.integers(0, 2)))),  # role names are unique in an exercise
                    debrief=tuple(draw(st.lists(texts, max_size=2))),
                ),
            )
        items.append(
            Item(
                id=f"item-{index}-{draw(names)}",
                title=draw(names),
                kind=kind,
                start=format_hhmm(start),
                minutes=minutes,
                purpose=draw(texts),
                prompts=tuple(draw(st.lists(texts, max_size=3))),
                exercises=exercises,
                guidance=Guidance(
                    watch_for=tuple(draw(st.lists(texts, max_size=2))),
                    debrief=tuple(draw(st.lists(texts, max_size=2))),
                    notes=tuple(draw(st.lists(texts, max_size=2))),
                ),
                materials=tuple(draw(st.lists(texts, max_size=2))),
                fixed=draw(st.booleans()),
                optional=draw(st.booleans()),
                min_minutes=draw(st.none() | st.integers(min_value=1, max_value=length)),
            )
        )
    return Plan(
        title=draw(names),
        subtitle=draw(texts),
        venue=draw(texts),
        start=format_hhmm(day_start),
        close=format_hhmm(close),
        warnings=Warnings(minutes=tuple(draw(st.lists(st.integers(1, 30), min_size=0, max_size=3)))),
        pseudonyms=draw(st.dictionaries(names, names, max_size=3)),
        agenda=tuple(items),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_plans())
def test_any_valid_plan_round_trips(plan):
    assert round_trip(plan) == plan
