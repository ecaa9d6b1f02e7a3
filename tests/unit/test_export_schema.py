"""The JSON day log, version 2, against its shipped schema (Draft 2020-12, formats checked).

Real exports of the recorded hostile day (full, shared, with a re-plan and an
accepted close) must pass; each way of breaking one must fail: unknown keys
anywhere, a missing `shared`, an owner or due on a note that is not an
action, a private entry in a shared record.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import typing
import urllib.parse

import pytest
from jsonschema import Draft202012Validator

from export_helpers import ACTION_FORMULA, ACTION_MULTILINE, EXTRA_TITLE, LAST_TITLE, PSEUDONYMS, build_day
from facilitator_tui.core import events as ev
from facilitator_tui.core.events import CaptureKind
from facilitator_tui.core.plan import Kind
from facilitator_tui.export import render, schema_text
from facilitator_tui.export.json_log import SCHEMA_VERSION, to_json_data
from facilitator_tui.export.record import day_record, share

ACTION_ONLY = ("owner", "due", "due_date", "status")


@pytest.fixture(scope="module")
def schema():
    return json.loads(schema_text())


@pytest.fixture(scope="module")
def validator(schema):
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_day(tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="module")
def full(built):
    return json.loads(render(built.record(), "json"))


@pytest.fixture(scope="module")
def shared(built):
    return json.loads(render(share(built.record(), PSEUDONYMS), "json"))


def errors(validator, data) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def notes_of(data):
    return [(i, j, note) for i, item in enumerate(data["items"]) for j, note in enumerate(item["notes"])]


def first(data, kind) -> tuple[int, int]:
    return next((i, j) for i, j, note in notes_of(data) if note["kind"] == kind)


# ----- the schema itself -----------------------------------------------------------------


def test_the_schema_is_version_2_with_an_absolute_id(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    parts = urllib.parse.urlparse(schema["$id"])
    assert parts.scheme == "https" and parts.netloc, "a relative $id has no scheme"
    assert parts.path.endswith(f"/{SCHEMA_VERSION}.json")
    assert SCHEMA_VERSION == 2
    assert schema["properties"]["version"] == {"const": SCHEMA_VERSION}
    assert schema["title"].endswith(f"version {SCHEMA_VERSION}")


def test_every_object_refuses_unknown_keys(schema):
    objects = []

    def walk(node, where):
        if isinstance(node, dict):
            if node.get("type") == "object":
                objects.append(where)
                assert node.get("additionalProperties") is False, where
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    walk(schema, "#")
    assert len(objects) == 9, objects  # top, plan, close, replan, replan length, item, guidance, note, task


def test_the_kinds_are_the_plans_and_the_captures(schema):
    assert set(schema["$defs"]["item"]["properties"]["kind"]["enum"]) == {kind.value for kind in Kind}
    assert set(schema["$defs"]["note"]["properties"]["kind"]["enum"]) == {"note", *typing.get_args(CaptureKind)}


# ----- real exports pass -----------------------------------------------------------------


def test_a_full_export_validates(validator, full):
    assert errors(validator, full) == []
    assert full["shared"] is False and full["version"] == 2
    assert any(note["private"] for _, _, note in notes_of(full)), "a full record may hold private entries"


def test_a_shared_export_validates(validator, shared):
    assert errors(validator, shared) == []
    assert shared["shared"] is True
    assert not any(note["private"] for _, _, note in notes_of(shared))


def test_owner_and_due_only_on_actions(full):
    for _, _, note in notes_of(full):
        if note["kind"] == "action":
            assert set(ACTION_ONLY) <= set(note) and note["status"] == "open"
        else:
            assert not set(ACTION_ONLY) & set(note), note
    actions = [(n["text"], n["owner"], n["due"], n["due_date"]) for _, _, n in notes_of(full) if n["kind"] == "action"]
    assert actions[:2] == [
        (ACTION_FORMULA, "O'Neil", "2026-12-01", "2026-12-01"),
        (ACTION_MULTILINE, actions[1][1], "+1 week", "2026-12-03"),
    ]
    assert actions[2][2:] == (None, None)


def test_lengths_are_whole_minutes_beside_seconds(full):
    items = {item["id"]: item for item in full["items"]}
    tea = items["tea"]
    assert (tea["actual_minutes"], tea["actual_seconds"], tea["paused_minutes"], tea["paused_seconds"]) == (14, 840, 5, 300)
    assert tea["overrun_minutes"] == -1
    assert items["open"]["actual_seconds"] == 1860 and items["open"]["overrun_minutes"] == 1
    extra = items["extra"]
    assert (extra["actual_minutes"], extra["actual_seconds"], extra["overrun_minutes"]) == (None, None, None)
    for item in full["items"]:
        for key in ("actual_minutes", "paused_minutes", "overrun_minutes", "actual_seconds", "paused_seconds"):
            assert item[key] is None or type(item[key]) is int, (item["id"], key)


def test_the_close_venue_and_an_empty_replan_list(full):
    assert full["close"] == {
        "plan_close": "2026-11-26T11:00:00+00:00",
        "target_close": "2026-11-26T11:00:00+00:00",
        "target_accepted_at": None,
        "closed_at": "2026-11-26T11:02:00+00:00",
        "projected_close": "2026-11-26T11:02:00+00:00",
        "close_minutes": 2,
    }
    assert full["plan"]["venue"] == "" and full["replans"] == []
    assert full["day_id"] == "2026-11-26-hostile-day"


def test_a_replan_and_an_accepted_close_are_recorded(built, validator):
    at = dt.datetime(2026, 11, 26, 9, 40, 30, tzinfo=dt.UTC)
    moves = [
        ev.Replan(at=at, author="tester", minutes={"last": 30, "lunch": 20}, dropped=("extra",)),
        ev.AcceptClose(at=at + dt.timedelta(seconds=10), author="tester", close=dt.datetime(2026, 11, 26, 11, 10, tzinfo=dt.UTC)),
    ]
    events = sorted([*built.events, *moves], key=lambda event: event.at)
    record = day_record(built.plan, events, events[-1].at)
    data = to_json_data(record)
    assert errors(validator, data) == []
    assert data["replans"] == [
        {
            "at": "2026-11-26T09:40:30+00:00",
            "lengths": [{"item_id": "last", "title": LAST_TITLE, "before": 40, "after": 30}],
            "dropped": [EXTRA_TITLE],
        }
    ]
    assert data["close"]["target_close"] == "2026-11-26T11:10:00+00:00"
    assert data["close"]["target_accepted_at"] == "2026-11-26T09:40:40+00:00"
    assert data["close"]["close_minutes"] == -8
    shared = to_json_data(share(record, {"Closing": "Ending"}))
    assert errors(validator, shared) == []
    assert shared["replans"][0]["lengths"][0]["title"].startswith("Ending")


def test_guidance_only_when_asked_and_never_shared(built, validator, shared):
    plain = to_json_data(built.record(with_guidance=False))
    assert all(item["guidance"] is None for item in plain["items"] + shared["items"])
    guided = to_json_data(built.record(with_guidance=True))
    assert errors(validator, guided) == []
    assert guided["items"][0]["guidance"] == {
        "watch_for": ["GUIDANCE-SECRET: watch Ann Smith go quiet"],
        "debrief": ["GUIDANCE-DEBRIEF ask twice"],
        "notes": [],
    }
    assert [item["guidance"] for item in guided["items"][1:]] == [None] * 4
    guided["shared"] = True
    for item in guided["items"]:
        item["notes"] = []  # no private entry left: only the guidance makes it fail
    assert validator.is_valid({**guided, "items": [{**item, "guidance": None} for item in guided["items"]]})
    assert not validator.is_valid(guided), "a shared record carries no guidance"


def test_every_item_kind_of_a_plan_validates(validator, full):
    for kind in Kind:
        data = copy.deepcopy(full)
        data["items"][0]["kind"] = kind.value
        assert validator.is_valid(data), kind


# ----- broken records fail ---------------------------------------------------------------


def _drop(*path):
    def apply(doc):
        *parents, last = path
        for key in parents:
            doc = doc[key]
        del doc[last]

    return apply


def _set(*path_and_value):
    *path, value = path_and_value

    def apply(doc):
        *parents, last = path
        for key in parents:
            doc = doc[key]
        doc[last] = value

    return apply


def _on(kind, key, value):
    """Set `key` on the first note of `kind`."""

    def apply(doc):
        i, j = first(doc, kind)
        doc["items"][i]["notes"][j][key] = value

    return apply


def _drop_on(kind, key):
    def apply(doc):
        i, j = first(doc, kind)
        del doc["items"][i]["notes"][j][key]

    return apply


def _add_replan(**extra):
    def apply(doc):
        length = {"item_id": "last", "title": "t", "before": 40, "after": 30}
        entry = {"at": "2026-11-26T09:40:30+00:00", "lengths": [length], "dropped": []}
        if "in_length" in extra:
            length.update(extra["in_length"])
        else:
            entry.update(extra)
        doc["replans"].append(entry)

    return apply


def test_the_replan_used_below_is_valid_unbroken(validator, full):
    data = copy.deepcopy(full)
    _add_replan()(data)
    assert errors(validator, data) == []


BROKEN = {
    "unknown top-level key": _set("comment", "hello"),
    "unknown key in plan": _set("plan", "author", "Ann"),
    "unknown key in close": _set("close", "eta", None),
    "unknown key in an item": _set("items", 0, "colour", "red"),
    "unknown key in a note": _set("items", 0, "notes", 0, "mood", "good"),
    "unknown key in a replan": _add_replan(why="late"),
    "unknown key in guidance": _set("items", 0, "guidance", {"watch_for": [], "debrief": [], "notes": [], "x": []}),
    "guidance as text": _set("items", 0, "guidance", "watch Ann"),
    "missing guidance": _drop("items", 0, "guidance"),
    "unknown key in a replan length": _add_replan(in_length={"why": "late"}),
    "missing shared": _drop("shared"),
    "missing close": _drop("close"),
    "missing replans": _drop("replans"),
    "missing venue": _drop("plan", "venue"),
    "version 1": _set("version", 1),
    "owner on a decision": _on("decision", "owner", "Ann"),
    "owner null on a decision": _on("decision", "owner", None),
    "due on a quote": _on("quote", "due", "Friday"),
    "due_date on a parking item": _on("parking", "due_date", "2026-12-01"),
    "status on a free-text note": _on("note", "status", "open"),
    "an action without an owner key": _drop_on("action", "owner"),
    "an action without due_date": _drop_on("action", "due_date"),
    "action status unknown": _on("action", "status", "someday"),
    "due_date not a real date": _on("action", "due_date", "2026-02-30"),
    "due_date as words": _on("action", "due_date", "next Friday"),
    "actual_minutes fractional": _set("items", 0, "actual_minutes", 31.5),
    "paused_seconds null": _set("items", 0, "paused_seconds", None),
    "close_minutes fractional": _set("close", "close_minutes", 2.5),
    "closed_at without an offset": _set("close", "closed_at", "2026-11-26T11:02:00"),
    "item kind unknown": _set("items", 0, "kind", "workshop"),
    "date not a real date": _set("date", "2026-13-01"),
    "replan length before as text": _add_replan(in_length={"before": "40"}),
}


@pytest.mark.parametrize("breakage", BROKEN.values(), ids=list(BROKEN))
def test_broken_records_fail(validator, full, breakage):
    assert validator.is_valid(full), "the unbroken record must pass"
    broken = copy.deepcopy(full)
    breakage(broken)
    assert not validator.is_valid(broken)


def test_a_shared_record_with_a_private_note_fails(validator, shared, full):
    broken = copy.deepcopy(shared)
    broken["items"][0]["notes"][0]["private"] = True
    assert not validator.is_valid(broken)
    unshared = copy.deepcopy(broken)
    unshared["shared"] = False
    assert validator.is_valid(unshared), "the same entry is fine in a full record"
    marked = copy.deepcopy(full)
    marked["shared"] = True
    assert not validator.is_valid(marked), "a full record cannot pass as shared"
