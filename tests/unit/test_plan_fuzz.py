"""Whatever the bytes, loading a plan gives a Plan or a clean PlanError, never a traceback."""

from __future__ import annotations

import copy
import datetime as dt
import tempfile
import time
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator_tui.core.plan import Plan
from facilitator_tui.core.plan_loader import MAX_PLAN_BYTES, PlanError, load_plan, parse_plan
from plan_helpers import BIG_FILE_BYTES, HOSTILE_KINDS, make_hostile, plan_data

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def refused(path: Path) -> PlanError:
    """The PlanError `load_plan` raises for `path`; anything else fails the test."""
    with pytest.raises(PlanError) as caught:
        load_plan(path)
    error = caught.value
    assert error.problems
    for problem in error.problems:
        assert problem.file == str(path)
        assert problem.message.strip()
        assert "Traceback" not in problem.message
    return error


# ---------------------------------------------------------------------------
# Known hostile files
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", HOSTILE_KINDS)
def test_hostile_file_gives_a_clean_error(tmp_path, kind):
    refused(make_hostile(tmp_path, kind))


@pytest.mark.parametrize(
    ("kind", "fragment"),
    [
        ("empty", "is empty"),
        ("whitespace", "is empty"),
        ("invalid-utf8", "not UTF-8"),
        ("missing", "no such file"),
        ("directory", "is a folder"),
        ("deep-arrays", "nested too deeply"),
        ("deep-tables", "nested too deeply"),
        ("binary", "not UTF-8"),
        ("nul-bytes", "TOML syntax error"),
        ("json", "TOML syntax error"),
    ],
)
def test_hostile_file_messages_say_what_is_wrong(tmp_path, kind, fragment):
    error = refused(make_hostile(tmp_path, kind))
    assert any(fragment in problem.message for problem in error.problems), str(error)


def test_invalid_utf8_names_the_line(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes(b'title = "T"\n# ok\nvenue = "caf\xe9"\n')
    (problem,) = refused(path).problems
    assert problem.where == "line 3"


def test_wrong_top_level_types_are_each_reported(tmp_path):
    error = refused(make_hostile(tmp_path, "top-level-types"))
    where = {problem.where for problem in error.problems}
    assert {"title", "start", "close", "agenda", "warnings"} <= where


def test_a_50_mb_file_is_refused_quickly_by_the_size_cap(tmp_path):
    path = make_hostile(tmp_path, "big")
    assert path.stat().st_size == BIG_FILE_BYTES > MAX_PLAN_BYTES
    began = time.perf_counter()
    (problem,) = refused(path).problems
    assert time.perf_counter() - began < 1.0
    assert "larger than" in problem.message


def test_a_file_just_under_the_cap_is_read(tmp_path):
    # A comment-padded valid plan just under the cap still loads: the cap is on size, not content.
    text = tomli_w.dumps(plan_data())
    padding = MAX_PLAN_BYTES - len(text.encode()) - 2
    path = tmp_path / "padded.toml"
    path.write_text(text + "#" + "x" * padding + "\n", encoding="utf-8")
    assert path.stat().st_size <= MAX_PLAN_BYTES
    assert load_plan(path).title == "Test day"


def test_a_nul_byte_in_the_path_is_a_clean_error():
    with pytest.raises(PlanError):
        load_plan(Path("bad\x00name.toml"))


def test_an_unreadable_file_is_a_clean_error(tmp_path):
    path = tmp_path / "secret.toml"
    path.write_text('title = "T"\n')
    path.chmod(0)
    try:
        try:
            path.open("rb").close()
        except PermissionError:
            pass
        else:
            pytest.skip("running as a user that can read any file (root)")
        (problem,) = refused(path).problems
        assert "permission denied" in problem.message
    finally:
        path.chmod(0o644)


# ---------------------------------------------------------------------------
# Property-based: random bytes, random text, random TOML
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scratch() -> Path:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


def loads_or_refuses(path: Path) -> None:
    """Load `path`; a Plan or a PlanError with problems are the only outcomes."""
    try:
        plan = load_plan(path)
    except PlanError as error:
        assert error.problems and all(p.file == str(path) and p.message for p in error.problems)
    else:
        assert isinstance(plan, Plan)


def text_loads_or_refuses(text: str) -> None:
    try:
        plan = parse_plan(text, "fuzz.toml")
    except PlanError as error:
        assert error.problems and all(p.file == "fuzz.toml" and p.message for p in error.problems)
    else:
        assert isinstance(plan, Plan)


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(scratch, data):
    path = scratch / "bytes.toml"
    path.write_bytes(data)
    loads_or_refuses(path)


TOML_PIECES = st.sampled_from(
    [
        "title", "start", "close", "agenda", "[[agenda]]", "[agenda]", "[[agenda.exercises]]",
        "[[agenda.exercises.phases]]", "[agenda.guidance]", "[warnings]", "id", "minutes", "kind",
        " = ", "=", '"', "'", '"""', "\n", " ", "[", "]", "{", "}", ",", ".", "#", "09:30", '"09:30"',
        "09:30:00", "09:30:15", "9:30", '"9:30"', "2025-11-26", "1", "-1", "0", "1e3", "inf", "nan", "true", "false", "\\", "\\u00e9",
        '"arrival"', '"social"',
        "é", "\x00", "\t", "\r\n",
    ]
)


@FUZZ
@given(st.lists(TOML_PIECES, max_size=60).map("".join))
def test_random_toml_ish_text(text):
    text_loads_or_refuses(text)


@FUZZ
@given(st.text(max_size=500))
def test_random_unicode_text(text):
    text_loads_or_refuses(text)


KEYS = st.sampled_from(
    [
        "title", "subtitle", "venue", "start", "close", "agenda", "warnings", "pseudonyms", "id", "kind",
        "minutes", "min_minutes", "purpose", "prompts", "exercises", "phases", "roles", "guidance",
        "watch_for", "debrief", "notes", "name", "brief", "fixed", "optional", "materials", "instructions",
    ]
) | st.text(min_size=1, max_size=8)

SCALARS = (
    st.text(max_size=10)
    | st.sampled_from(["09:30", "9:30", "24:00", "12:60", "1:00", "session", "break", "lunch", "arrival", "social", "", " "])
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True)
    | st.booleans()
    | st.times()
    | st.dates()
    | st.datetimes()
)

TOML_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=25,
)


@FUZZ
@given(st.dictionaries(KEYS, TOML_VALUES, max_size=8))
def test_random_toml_documents(data):
    text_loads_or_refuses(tomli_w.dumps(data))


def _set_at(data: object, path: list[int], value: object) -> object:
    """Replace or add one value somewhere inside `data`, chosen by `path`."""
    if not path:
        return value
    if isinstance(data, dict) and data:
        key = sorted(data)[path[0] % len(data)]
        data[key] = _set_at(data[key], path[1:], value)
    elif isinstance(data, list) and data:
        index = path[0] % len(data)
        data[index] = _set_at(data[index], path[1:], value)
    return data


@FUZZ
@given(
    st.lists(
        st.tuples(st.lists(st.integers(min_value=0, max_value=50), max_size=5), TOML_VALUES | KEYS),
        min_size=1,
        max_size=4,
    )
)
def test_a_valid_plan_with_random_values_swapped_in(changes):
    # Start from a plan with exercises, phases, roles and guidance, so the
    # mutations reach the semantic checks as well as the field checks.
    data = plan_data()
    data["agenda"][0].update(
        minutes=40,
        min_minutes=20,
        guidance={"watch_for": ["a"], "debrief": ["b"]},
        exercises=[{"title": "E", "phases": [{"name": "P", "minutes": 20}], "roles": [{"name": "R", "brief": "B"}]}],
    )
    data["warnings"] = {"minutes": [5, 1]}
    data["pseudonyms"] = {"Alex": "P1"}
    data = copy.deepcopy(data)
    for path, value in changes:
        data = _set_at(data, path, value)
    if isinstance(data, dict):
        text_loads_or_refuses(tomli_w.dumps(data))


def test_a_local_time_anywhere_is_refused_cleanly():
    data = plan_data()
    data["agenda"][0]["prompts"] = [dt.time(9, 30)]
    data["pseudonyms"] = {"Alex": dt.date(2025, 1, 1)}
    with pytest.raises(PlanError) as caught:
        parse_plan(tomli_w.dumps(data), "t.toml")
    problems = {problem.where: problem.message for problem in caught.value.problems}
    assert problems["agenda[0].prompts[0]"] == "should be string, not a TOML time 09:30:00; put it in quotes"
    assert problems["pseudonyms.Alex"] == "should be string, not a TOML date 2025-01-01; put it in quotes"


@FUZZ
@given(st.times() | st.dates() | st.datetimes())
def test_any_toml_date_or_time_as_the_start_is_a_time_or_a_clean_problem(value):
    data = plan_data(start="00:00", close="23:59")
    data["agenda"] = [{"id": "a", "title": "A", "start": value}]
    if isinstance(value, dt.datetime):
        expected = "is a date and time ("
    elif isinstance(value, dt.date):
        expected = "is a date ("
    elif value.second or value.microsecond:
        expected = "give whole minutes"
    elif value.hour * 60 + value.minute == 23 * 60 + 59:
        expected = "at the day's close"
    else:
        expected = None
    try:
        plan = parse_plan(tomli_w.dumps(data), "t.toml")
    except PlanError as error:
        (problem,) = error.problems
        assert problem.where == "agenda[0].start"
        assert expected is not None and expected in problem.message, problem.message
    else:
        assert expected is None
        assert plan.agenda[0].start == value.strftime("%H:%M")
