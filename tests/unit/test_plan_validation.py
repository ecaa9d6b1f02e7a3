"""Every validation rule and its message: one test per family of bad input.

Each problem must name the file, where it is (a TOML line and column, or a
field path) and what to change.
"""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator_tui.core.plan_loader import PlanError, Problem, load_plan
from plan_helpers import item_data, plan_data, problems_in, write_plan

NAME = "day.toml"


def find(problems: list[Problem], where: str, *fragments: str) -> Problem:
    """The one problem at `where` whose message holds every fragment."""
    assert all(p.file == NAME for p in problems), [str(p) for p in problems]
    matches = [p for p in problems if p.where == where and all(f in p.message for f in fragments)]
    assert matches, f"no problem at {where!r} with {fragments!r}; got:\n" + "\n".join(map(str, problems))
    assert len(matches) == 1, [str(p) for p in matches]
    problem = matches[0]
    assert str(problem) == f"{NAME}: {where}: {problem.message}"
    return problem


def only(problems: list[Problem], where: str, *fragments: str) -> Problem:
    """Like `find`, and it is the only problem reported."""
    problem = find(problems, where, *fragments)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problem


def phases(*minutes: int) -> list[dict]:
    return [{"name": f"Phase {i}", "minutes": m} for i, m in enumerate(minutes)]


# ---------------------------------------------------------------------------
# Unknown keys get a "did you mean" hint
# ---------------------------------------------------------------------------


def test_unknown_top_level_key_suggests_the_close_one():
    data = plan_data()
    data["clsoe"] = data.pop("close")
    problems = problems_in(data, NAME)
    find(problems, "clsoe", 'unknown key "clsoe"', 'did you mean "close"?')
    find(problems, "close", "is missing")


def test_unknown_key_in_agenda_item_suggests_the_close_one():
    data = plan_data()
    data["agenda"][1]["minuts"] = 10
    only(problems_in(data, NAME), "agenda[1].minuts", 'unknown key "minuts"', 'did you mean "minutes"?')


def test_unknown_key_in_phase_suggests_the_close_one():
    data = plan_data(agenda=[item_data("a", "09:00", exercises=[{"title": "E", "phases": phases(10, 20)}])])
    data["agenda"][0]["exercises"][0]["phases"][1]["instruction"] = "Talk"
    only(
        problems_in(data, NAME),
        "agenda[0].exercises[0].phases[1].instruction",
        'did you mean "instructions"?',
    )


@pytest.mark.parametrize(
    ("where", "key", "suggestion"),
    [
        ("guidance", "watchfor", "watch_for"),
        ("warnings", "minute", "minutes"),
        ("role", "breif", "brief"),
        ("exercise", "sumary", "summary"),
    ],
)
def test_unknown_key_in_nested_tables(where, key, suggestion):
    data = plan_data(agenda=[item_data("a", "09:00")])
    item = data["agenda"][0]
    if where == "guidance":
        item["guidance"] = {key: ["x"]}
        path = f"agenda[0].guidance.{key}"
    elif where == "warnings":
        data["warnings"] = {key: [3]}
        path = f"warnings.{key}"
    elif where == "role":
        item["exercises"] = [{"title": "E", "roles": [{"name": "Chair", key: "Lead"}]}]
        path = f"agenda[0].exercises[0].roles[0].{key}"
    else:
        item["exercises"] = [{"title": "E", key: "x"}]
        path = f"agenda[0].exercises[0].{key}"
    problems = problems_in(data, NAME)
    find(problems, path, f'unknown key "{key}"', f'did you mean "{suggestion}"?')


def test_unknown_key_without_a_close_match_lists_the_known_keys():
    problem = only(problems_in(plan_data(colour="blue"), NAME), "colour", 'unknown key "colour"')
    assert "did you mean" not in problem.message
    assert "known keys here:" in problem.message
    for key in ("title", "start", "close", "agenda", "warnings"):
        assert key in problem.message


# ---------------------------------------------------------------------------
# Missing fields and wrong types
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["title", "start", "close"])
def test_missing_top_level_field(key):
    data = plan_data()
    del data[key]
    only(problems_in(data, NAME), key, "is missing")


@pytest.mark.parametrize("key", ["id", "title", "start"])
def test_missing_item_field(key):
    data = plan_data()
    del data["agenda"][2][key]
    only(problems_in(data, NAME), f"agenda[2].{key}", "is missing")


def test_missing_phase_minutes():
    data = plan_data(agenda=[item_data("a", "09:00", exercises=[{"title": "E", "phases": [{"name": "Brief"}]}])])
    only(problems_in(data, NAME), "agenda[0].exercises[0].phases[0].minutes", "is missing")


def test_minutes_as_text_says_to_drop_the_quotes():
    data = plan_data()
    data["agenda"][0]["minutes"] = "30"
    problem = only(problems_in(data, NAME), "agenda[0].minutes", "should be integer", "'30'")
    assert "without quotes" in problem.message and "minutes = 30" in problem.message


def test_title_as_number():
    only(problems_in(plan_data(title=3), NAME), "title", "should be string", "a number 3")


@pytest.mark.parametrize(
    ("field", "value", "fragments"),
    [
        ("minutes", 2.5, ("should be integer", "a number 2.5")),
        ("minutes", True, ("should be integer", "true/false")),
        ("fixed", "yes", ("should be boolean", "text 'yes'")),
        ("prompts", "One prompt", ("should be a list", "text 'One prompt'")),
        ("exercises", {"title": "E"}, ("should be a list", "a table")),
        ("guidance", ["watch"], ("should be a table", "a list")),
        ("kind", 3, ('"arrival", "session", "break", "lunch", "social"',)),
    ],
)
def test_wrong_types_in_an_item(field, value, fragments):
    data = plan_data()
    data["agenda"][1][field] = value
    only(problems_in(data, NAME), f"agenda[1].{field}", *fragments)


def test_agenda_written_as_a_single_table():
    text = 'title = "T"\nstart = "09:00"\nclose = "12:00"\n[agenda]\nid = "a"\ntitle = "A"\nstart = "09:00"\n'
    only(problems_in(text, NAME), "agenda", "should be a list", "a table")


def test_pseudonyms_must_be_a_table_of_text():
    find(problems_in(plan_data(pseudonyms=["Alex"]), NAME), "pseudonyms", "should be a table")
    find(problems_in(plan_data(pseudonyms={"Alex": 3}), NAME), "pseudonyms.Alex", "should be string")


# ---------------------------------------------------------------------------
# Times
# ---------------------------------------------------------------------------

UNQUOTED = """\
title = "T"
start = "09:00"
close = "12:00"

[[agenda]]
id = "a"
title = "A"
start = 09:30
"""


def test_unquoted_time_says_put_it_in_quotes_with_line_and_column():
    # Python 3.11's tomllib reads TOML 1.0: a bare time without seconds is a syntax error.
    problem = only(problems_in(UNQUOTED, NAME), "line 8, column 10", "TOML syntax error")
    assert "Put times in quotes" in problem.message
    assert 'start = "09:30"' in problem.message
    assert "start = 09:30:00" in problem.message  # the other way that works


def test_unquoted_time_at_top_level_with_a_comment():
    text = 'title = "T"\nclose = 16:45  # end of day\n'
    problem = only(problems_in(text, NAME), "line 2, column 11")
    assert 'Put times in quotes: close = "16:45"' in problem.message


def test_unquoted_single_digit_hour_is_told_the_hh_mm_form():
    text = UNQUOTED.replace("start = 09:30", "start = 9:30")
    problem = only(problems_in(text, NAME), "line 8, column 10", "TOML syntax error")
    assert 'Put times in quotes: start = "09:30"' in problem.message


@pytest.mark.parametrize(
    ("value", "fragments"),
    [
        ("2025-11-26T09:30:00", ("is a date and time (2025-11-26T09:30:00)", 'only the time of day, in quotes: "09:30"')),
        ("2025-11-26 09:30:00", ("is a date and time", '"09:30"')),
        ("2025-11-26", ("is a date (2025-11-26), not a time of day", "in quotes")),
    ],
)
def test_toml_dates_and_date_times_are_refused_saying_give_a_time(value, fragments):
    text = UNQUOTED.replace("start = 09:30", f"start = {value}")
    only(problems_in(text, NAME), "agenda[0].start", *fragments)


@pytest.mark.parametrize(("value", "shown"), [("09:30:15", "09:30:15"), ("09:30:00.5", "09:30:00.500000"), ("23:59:59", "23:59:59")])
def test_toml_time_with_seconds_says_give_whole_minutes(value, shown):
    text = UNQUOTED.replace("start = 09:30", f"start = {value}")
    problem = only(problems_in(text, NAME), "agenda[0].start", shown, "whole minutes")
    assert f'"{value[:5]}"' in problem.message


def test_toml_date_time_at_top_level():
    text = 'title = "T"\nstart = 2025-11-26T09:00:00\nclose = 1979-05-27\n[[agenda]]\nid = "a"\ntitle = "A"\nstart = "09:00"\n'
    problems = problems_in(text, NAME)
    find(problems, "start", "is a date and time")
    find(problems, "close", "is a date")
    assert len(problems) == 2


@pytest.mark.parametrize(("where", "path"), [("top", "title"), ("top", "venue"), ("item", "agenda[0].purpose")])
def test_a_toml_time_in_a_text_field_says_put_it_in_quotes(where, path):
    data = plan_data()
    key = path.rsplit(".", 1)[-1]
    (data if where == "top" else data["agenda"][0])[key] = dt.time(10, 0)
    only(problems_in(data, NAME), path, "should be string", "not a TOML time 10:00:00; put it in quotes")


@pytest.mark.parametrize("key", ["start", "close"])
def test_a_number_for_a_time_says_write_hh_mm_in_quotes(key):
    problem = only(problems_in(plan_data(**{key: 930}), NAME), key, "should be string", "a number 930")
    assert 'write times in quotes as "HH:MM"' in problem.message


@pytest.mark.parametrize(
    "value", ["24:00", "12:60", "0930", "09:30 ", " 9:30", "09.30", "", "noon", "09:5", "9:3", "009:30", "-1:30", "09:30:00", "９:30", "09:30\n"]
)
def test_times_must_be_hh_mm(value):
    data = plan_data()
    data["agenda"][1]["start"] = value
    only(problems_in(data, NAME), "agenda[1].start", repr(value), "HH:MM")


@pytest.mark.parametrize("key", ["start", "close"])
def test_day_times_must_be_hh_mm(key):
    problem = only(problems_in(plan_data(**{key: "7pm"}), NAME), key)
    assert "24-hour" in problem.message


@pytest.mark.parametrize("key", ["start", "close"])
def test_day_times_must_be_hh_mm_naming_the_value(key):
    problems = problems_in(plan_data(**{key: "7pm"}), NAME)
    only(problems, key, "'7pm'", "HH:MM")


# ---------------------------------------------------------------------------
# Order, overlap, durations
# ---------------------------------------------------------------------------


def test_an_item_starting_before_the_one_above_it_names_both_items_and_times():
    data = plan_data(agenda=[item_data("a", "09:00"), item_data("b", "10:30"), item_data("c", "10:00")])
    problem = only(problems_in(data, NAME), "agenda[2].start")
    assert problem.message.startswith('starts at 10:00, before agenda[1] "Item b" above it at 10:30: ')
    assert "time order" in problem.message
    # 10:00 is a time of this morning's day as written: no 12-hour hint.
    assert "24-hour" not in problem.message


def test_two_items_at_the_same_time():
    data = plan_data(agenda=[item_data("a", "09:00"), item_data("b", "09:00")])
    problem = only(problems_in(data, NAME), "agenda[1].start")
    assert problem.message.startswith('starts at 09:00, the same time as agenda[0] "Item a" above it: ')
    assert "time order" not in problem.message


@pytest.mark.parametrize(("written", "meant"), [("1:00", "13:00"), ("01:15", "13:15"), ("4:45", "16:45")])
def test_a_12_hour_afternoon_time_gets_a_24_hour_hint(written, meant):
    data = plan_data(close="17:00", agenda=[item_data("a", "09:00"), item_data("b", "12:30"), item_data("c", written)])
    problem = only(problems_in(data, NAME), "agenda[2].start", "before agenda[1]", "12:30")
    assert f"use 24-hour times ({meant})" in problem.message
    assert "here and in the afternoon times after it" not in problem.message


def test_the_12_hour_hint_mentions_the_afternoon_times_that_follow():
    agenda = [item_data("a", "09:00"), item_data("b", "12:30"), item_data("c", "1:30"), item_data("d", "2:30"), item_data("e", "3:00")]
    problem = only(problems_in(plan_data(close="17:00", agenda=agenda), NAME), "agenda[2].start")
    assert "if you meant 1:30 pm, use 24-hour times (13:30) here and in the afternoon times after it" in problem.message


@pytest.mark.parametrize(
    ("day_start", "agenda"),
    [
        ("09:00", [("a", "09:00"), ("b", "11:00"), ("c", "10:00")]),  # 10:00 is in the day as written
        ("00:30", [("a", "00:30"), ("b", "12:30"), ("c", "01:00")]),  # a day from after midnight: 01:00 is in it
        ("09:00", [("a", "09:00"), ("b", "22:00"), ("c", "02:00")]),  # 14:00 would not be in order either
    ],
)
def test_no_12_hour_hint_when_it_would_not_help(day_start, agenda):
    data = plan_data(start=day_start, close="23:00", agenda=[item_data(i, t) for i, t in agenda])
    problem = only(problems_in(data, NAME), "agenda[2].start", "before agenda[1]")
    assert "24-hour" not in problem.message


def test_a_12_hour_close_gets_a_24_hour_hint():
    data = plan_data(start="09:00", close="5:30", agenda=[item_data("a", "09:00")])
    problem = only(problems_in(data, NAME), "close")
    assert problem.message.startswith("is 05:30, before the day's start at 09:00: ")
    assert "if you meant 5:30 pm, use 24-hour times (17:30)" in problem.message


def test_item_minutes_overlapping_the_next_item():
    data = plan_data(agenda=[item_data("a", "09:00", minutes=75), item_data("b", "10:00")])
    problem = only(problems_in(data, NAME), "agenda[0].minutes", "overlapping", "agenda[1]")
    assert "10:15" in problem.message  # where it would end
    assert "at most 60" in problem.message


def test_last_item_minutes_overlapping_the_close():
    data = plan_data(close="10:00", agenda=[item_data("a", "09:00", minutes=70)])
    only(problems_in(data, NAME), "agenda[0].minutes", "overlapping", "close", "at most 60")


def test_last_item_starting_at_the_close():
    data = plan_data(close="10:00", agenda=[item_data("a", "09:00"), item_data("b", "10:00")])
    problem = only(problems_in(data, NAME), "agenda[1].start")
    assert problem.message == "starts at 10:00, at the day's close at 10:00: move the close later or make it a social item"


def test_an_item_after_the_close_says_so_not_time_order():
    data = plan_data(close="17:00", agenda=[item_data("a", "09:00"), item_data("b", "19:00")])
    problem = only(problems_in(data, NAME), "agenda[1].start")
    assert problem.message == "starts at 19:00, after the day's close at 17:00: move the close later or make it a social item"


@pytest.mark.parametrize("value", [0, -5])
@pytest.mark.parametrize("field", ["minutes", "min_minutes"])
def test_item_minutes_must_be_positive(field, value):
    data = plan_data()
    data["agenda"][0][field] = value
    only(problems_in(data, NAME), f"agenda[0].{field}", "must be more than 0", str(value))


@pytest.mark.parametrize("value", [0, -10])
def test_phase_minutes_must_be_positive(value):
    data = plan_data(agenda=[item_data("a", "09:00", exercises=[{"title": "E", "phases": phases(10, value)}])])
    only(problems_in(data, NAME), "agenda[0].exercises[0].phases[1].minutes", "must be more than 0")


def test_exercise_phases_exceeding_the_item_name_the_phase():
    exercises = [{"title": "Warm-up", "phases": phases(10)}, {"title": "Trios", "phases": phases(5, 20, 15)}]
    data = plan_data(agenda=[item_data("a", "09:00"), item_data("b", "09:30", exercises=exercises), item_data("c", "10:15")])
    problem = only(problems_in(data, NAME), "agenda[1].exercises[1].phases[2].minutes", "50 min", "45 min")
    assert "by 5 min" in problem.message


def test_exercise_phases_that_fill_the_item_exactly_are_fine(tmp_path):
    exercises = [{"title": "Warm-up", "phases": phases(10)}, {"title": "Trios", "phases": phases(5, 20, 10)}]
    data = plan_data(agenda=[item_data("a", "09:00"), item_data("b", "09:30", exercises=exercises), item_data("c", "10:15")])
    plan = load_plan(write_plan(tmp_path, data))
    assert sum(e.minutes for e in plan.agenda[1].exercises) == plan.item_minutes(1) == 45


def test_phases_measured_against_item_minutes_not_the_slot():
    exercises = [{"title": "E", "phases": phases(30, 15)}]
    data = plan_data(agenda=[item_data("a", "09:00", minutes=40, exercises=exercises), item_data("b", "10:00")])
    only(problems_in(data, NAME), "agenda[0].exercises[0].phases[1].minutes", "45 min", "40 min")


def test_min_minutes_greater_than_the_slot():
    data = plan_data(agenda=[item_data("a", "09:00", min_minutes=45), item_data("b", "09:30")])
    only(problems_in(data, NAME), "agenda[0].min_minutes", "45", "30 min")


def test_first_item_before_the_day_starts():
    data = plan_data(start="10:30", agenda=[item_data("a", "10:00"), item_data("b", "11:00")])
    problem = only(problems_in(data, NAME), "agenda[0].start")
    assert problem.message == "starts at 10:00, before the day's start at 10:30: move the start earlier or the item later"


# ---------------------------------------------------------------------------
# The day's close and midnight
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("close", "fragments", "hint"),
    [
        ("08:00", ("is 08:00, before the day's start at 09:00",), "if you meant 8:00 pm, use 24-hour times (20:00)"),
        ("09:00", ("is 09:00, the same time as the day's start",), None),
        ("00:00", ("is 00:00, before the day's start", "the latest close is 23:59"), None),
    ],
)
def test_close_must_be_after_start_the_same_day(close, fragments, hint):
    data = plan_data(close=close, agenda=[item_data("a", "09:00")])
    # Only the close is reported: the item is not also "after the close".
    problem = only(problems_in(data, NAME), "close", *fragments, "later the same day, before midnight")
    if hint is None:
        assert "24-hour" not in problem.message
    else:
        assert problem.message.endswith(hint)


def test_item_minutes_past_midnight():
    data = plan_data(start="22:00", close="23:30", agenda=[item_data("a", "23:00", minutes=90)])
    only(problems_in(data, NAME), "agenda[0].minutes", "past midnight")


# ---------------------------------------------------------------------------
# Ids, titles, empty agenda, kinds, warnings, pseudonyms
# ---------------------------------------------------------------------------


def test_duplicate_ids():
    data = plan_data(agenda=[item_data("a", "09:00"), item_data("b", "10:00"), item_data("a", "11:00")])
    only(problems_in(data, NAME), "agenda[2].id", '"a"', "agenda[0]", "its own id")


@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
def test_empty_or_whitespace_titles_and_names(blank):
    item = {
        "id": blank,
        "title": blank,
        "start": "09:00",
        "exercises": [{"title": blank, "phases": [{"name": blank, "minutes": 5}], "roles": [{"name": blank, "brief": blank}]}],
    }
    problems = problems_in(plan_data(title=blank, agenda=[item]), NAME)
    for where in (
        "title",
        "agenda[0].id",
        "agenda[0].title",
        "agenda[0].exercises[0].title",
        "agenda[0].exercises[0].phases[0].name",
        "agenda[0].exercises[0].roles[0].name",
        "agenda[0].exercises[0].roles[0].brief",
    ):
        find(problems, where, "must not be empty")
    assert len(problems) == 7


@pytest.mark.parametrize("text_agenda", ["", "agenda = []\n"])
def test_empty_agenda(text_agenda):
    text = 'title = "T"\nstart = "09:00"\nclose = "12:00"\n' + text_agenda
    only(problems_in(text, NAME), "agenda", "no items", "[[agenda]]")


def test_unknown_kind_lists_the_kinds():
    data = plan_data()
    data["agenda"][1]["kind"] = "coffee"
    only(problems_in(data, NAME), "agenda[1].kind", "'coffee'", "arrival, session, break, lunch, social")


@pytest.mark.parametrize("value", [[5, 0], [-1]])
def test_warning_thresholds_must_be_positive(value):
    only(problems_in(plan_data(warnings={"minutes": value}), NAME), "warnings.minutes", "above 0")


def test_pseudonyms_must_not_be_empty():
    problems = problems_in(plan_data(pseudonyms={"Alex": " ", "": "P1"}), NAME)
    find(problems, "pseudonyms.Alex", "must not be empty")
    find(problems, "pseudonyms.", "must not be empty")
    assert len(problems) == 2


# ---------------------------------------------------------------------------
# Other TOML syntax errors
# ---------------------------------------------------------------------------


def test_unquoted_text_gets_a_quote_hint():
    problem = only(problems_in('title = Board day\n', NAME), "line 1, column 9", "TOML syntax error")
    assert 'Put text in quotes: title = "Board day"' in problem.message


def test_duplicate_key_names_line_and_column():
    problem = only(problems_in('title = "a"\n\ntitle = "b"\n', NAME), "line 3, column 12", "TOML syntax error")
    assert "Check this line" in problem.message


def test_syntax_error_line_counts_comment_lines():
    # The stray `x` is the 13th character of the 4th line.
    text = "# one\n# two\n# three\ntitle = 'T' x\n"
    only(problems_in(text, NAME), "line 4, column 13", "TOML syntax error")


# ---------------------------------------------------------------------------
# Every problem, not only the first
# ---------------------------------------------------------------------------


def test_all_field_problems_are_reported_together():
    data = plan_data(title=7, clsoe="12:00")
    del data["close"]
    data["agenda"][0]["minutes"] = "20"
    data["agenda"][1]["kind"] = "tea"
    data["agenda"][2]["start"] = "9:99"
    data["agenda"][2]["purpse"] = "x"
    problems = problems_in(data, NAME)
    find(problems, "title", "should be string")
    find(problems, "clsoe", 'did you mean "close"?')
    find(problems, "close", "is missing")
    find(problems, "agenda[0].minutes", "without quotes")
    find(problems, "agenda[1].kind", "'tea'")
    find(problems, "agenda[2].start", "HH:MM")
    find(problems, "agenda[2].purpse", 'did you mean "purpose"?')
    assert len(problems) == 7


def test_all_semantic_problems_are_reported_together():
    overfull = [{"title": "E", "phases": phases(20, 20)}]
    data = plan_data(
        start="09:00",
        close="13:00",
        agenda=[
            item_data("a", "08:30", minutes=60),  # before the day; overlaps b
            item_data("b", "09:00", exercises=overfull),  # 30 min slot, 40 min of phases
            item_data("a", "09:30", min_minutes=200),  # duplicate id; min over slot
            item_data("d", "12:00"),
            item_data("e", "11:00"),  # starts before d
        ],
    )
    problems = problems_in(data, NAME)
    find(problems, "agenda[0].start", "before the day's start")
    find(problems, "agenda[0].minutes", "overlapping")
    find(problems, "agenda[1].exercises[0].phases[1].minutes", "40 min", "30 min")
    find(problems, "agenda[2].id", "already the id of agenda[0]")
    find(problems, "agenda[2].min_minutes", "150 min")
    find(problems, "agenda[4].start", 'before agenda[3] "Item d" above it at 12:00')
    assert len(problems) == 6


def test_load_plan_names_the_file_in_every_problem(tmp_path):
    data = plan_data(title="")
    data["agenda"][0]["minuts"] = 3
    path = write_plan(tmp_path, data, "my day.toml")
    with pytest.raises(PlanError) as caught:
        load_plan(path)
    problems = caught.value.problems
    assert len(problems) == 2
    for problem in problems:
        assert problem.file == str(path)
        assert problem.where
        assert str(problem).startswith(f"{path}: {problem.where}: ")
    assert str(caught.value).splitlines() == [str(p) for p in problems]
