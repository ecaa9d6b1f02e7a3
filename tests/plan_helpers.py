"""Small helpers for writing plan files in tests.

Plans are built as plain dicts (`plan_data`, `item_data`), changed in the
test, dumped with tomli-w and written to a temporary folder. Tests that need
to show a syntax mistake write TOML text directly with `write_text_plan`.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import tomli_w

from facilitator_tui.core.plan_loader import PlanError, Problem, parse_plan

PROJECT_ROOT = Path(__file__).resolve().parents[1]
"""The repository root (the folder holding pyproject.toml)."""


def item_data(item_id: str, start: str, **fields: Any) -> dict[str, Any]:
    """One agenda item as TOML data, with a title made from its id."""
    return {"id": item_id, "title": f"Item {item_id}", "start": start, **fields}


def plan_data(agenda: list[dict[str, Any]] | None = None, **fields: Any) -> dict[str, Any]:
    """A small valid plan (09:00–12:00, three items) as TOML data.

    `agenda` replaces the default items; other keyword arguments set or
    replace top-level fields.
    """
    if agenda is None:
        agenda = [
            item_data("open", "09:00"),
            item_data("tea", "10:00", kind="break"),
            item_data("close-out", "10:15"),
        ]
    data: dict[str, Any] = {"title": "Test day", "start": "09:00", "close": "12:00", "agenda": agenda}
    data.update(fields)
    return copy.deepcopy(data)


def dump(data: dict[str, Any]) -> str:
    """TOML text for `data`."""
    return tomli_w.dumps(data)


def write_plan(folder: Path, data: dict[str, Any], name: str = "plan.toml") -> Path:
    """Write `data` as a TOML plan file in `folder` and return its path."""
    path = folder / name
    path.write_text(dump(data), encoding="utf-8")
    return path


def write_text_plan(folder: Path, text: str, name: str = "plan.toml") -> Path:
    """Write raw TOML `text` (possibly malformed) and return its path."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_in(data: dict[str, Any] | str, name: str = "plan.toml") -> list[Problem]:
    """The problems `parse_plan` reports; fails the test if the plan is accepted."""
    text = data if isinstance(data, str) else dump(data)
    try:
        parse_plan(text, name)
    except PlanError as error:
        assert error.problems, "PlanError raised without any problem"
        return error.problems
    raise AssertionError(f"plan was accepted but should have been refused:\n{text}")


# ---------------------------------------------------------------------------
# Hostile inputs: files that are not plans at all
# ---------------------------------------------------------------------------

BIG_FILE_BYTES = 50 * 1024 * 1024

HOSTILE_CONTENT: dict[str, bytes] = {
    "empty": b"",
    "whitespace": b" \n\t\r\n  \n",
    "binary": bytes(range(256)) * 4,
    "nul-bytes": b"\x00" * 64,
    "invalid-utf8": b'title = "caf\xe9"\nstart = "09:00"\n',
    "utf16": 'title = "T"\n'.encode("utf-16"),
    "deep-arrays": b"x = " + b"[" * 10000 + b"]" * 10000 + b"\n",
    "deep-tables": b"x = " + b"{a = " * 5000 + b"1" + b"}" * 5000 + b"\n",
    "deep-array-in-agenda": b"agenda = " + b"[" * 400 + b"]" * 400 + b"\n",
    "top-level-types": b'title = ["T"]\nstart = 930\nclose = true\nagenda = "all day"\nwarnings = 5\n',
    "agenda-of-numbers": b'title = "T"\nstart = "09:00"\nclose = "12:00"\nagenda = [1, 2.5, true]\n',
    "json": b'{"title": "T", "start": "09:00"}\n',
}
"""Files whose bytes are not a usable plan."""

HOSTILE_KINDS = [*HOSTILE_CONTENT, "big", "missing", "directory"]
"""Every kind of hostile file `make_hostile` can make."""


def make_hostile(folder: Path, kind: str) -> Path:
    """Create the hostile file `kind` in `folder` and return its path."""
    path = folder / f"{kind}.toml"
    if kind in HOSTILE_CONTENT:
        path.write_bytes(HOSTILE_CONTENT[kind])
    elif kind == "big":
        with path.open("wb") as handle:
            handle.write(b"a" * (1 << 20))
            handle.truncate(BIG_FILE_BYTES)  # the rest is sparse: quick to make, no disk used
    elif kind == "directory":
        path.mkdir()
    elif kind != "missing":
        raise ValueError(kind)
    return path


def text_fields(value: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    """(field path as the loader names it, container, key) of every text value in plan data, to read or replace."""
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}" if path else key
            if isinstance(item, str):
                yield here, value, key
            else:
                yield from text_fields(item, here)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            here = f"{path}[{index}]"
            if isinstance(item, str):
                yield here, value, index
            else:
                yield from text_fields(item, here)
