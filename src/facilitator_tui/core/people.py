"""The participant list: who is in the room, kept beside the plan and never in a shared export.

A CSV file with a header row, as a spreadsheet exports it (`name,organisation,
sector` at least; `role`, `pseudonym` and `line_manages` optional), or TOML
(`[[people]]` tables with the same keys). Every problem is reported with the
file, the row (or line) and the column, and what to change, as plans are.
"""

from __future__ import annotations

import csv
import io
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .control_chars import first_control
from .plan_loader import Problem

REQUIRED = ("name", "organisation", "sector")
OPTIONAL = ("role", "pseudonym", "line_manages")
MAX_PEOPLE_BYTES = 1_000_000


@dataclass(frozen=True)
class Person:
    """One participant."""

    name: str
    organisation: str
    sector: str
    role: str = ""
    pseudonym: str = ""
    line_manages: tuple[str, ...] = ()
    """Names (on the same list) this person line-manages: groups keep them apart."""


class PeopleError(Exception):
    """A participant list that cannot be used; `problems` says every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def load_people(path: Path) -> tuple[Person, ...]:
    """Read and check the participant list at `path` (CSV, or TOML by its suffix); raises PeopleError."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PeopleError([Problem(name, "", "no such file; check the path")]) from None
    except IsADirectoryError:
        raise PeopleError([Problem(name, "", "is a folder; name the participant list (.csv or .toml) inside it")]) from None
    except OSError as error:
        raise PeopleError([Problem(name, "", f"cannot be read: {error.strerror or error}")]) from None
    if len(raw) > MAX_PEOPLE_BYTES:
        raise PeopleError([Problem(name, "", f"is larger than {MAX_PEOPLE_BYTES // 1000} kB; a participant list is a small file")])
    try:
        # A spreadsheet's "CSV UTF-8" starts with a byte order mark.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = raw[: error.start].count(b"\n") + 1
        raise PeopleError([Problem(name, f"line {row}", "is not UTF-8 text; save it as “CSV UTF-8” (or UTF-8 TOML)")]) from None
    rows = _toml_rows(text, name) if path.suffix.lower() == ".toml" else _csv_rows(text, name)
    return _people(rows, name)


def _csv_rows(text: str, name: str) -> list[tuple[str, dict[str, str]]]:
    """(where, fields) per row; the header names the columns."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [column.strip().lower() for column in next(reader, [])]
    problems = [Problem(name, "row 1 (the header)", f"no column {column!r}; the header needs {', '.join(REQUIRED)}") for column in REQUIRED if column not in header]
    for number, column in enumerate(header, start=1):
        if column and column not in (*REQUIRED, *OPTIONAL):
            problems.append(Problem(name, f"row 1, column {number}", f"unknown column {column!r}; use {', '.join((*REQUIRED, *OPTIONAL))}"))
    if problems:
        raise PeopleError(problems)
    rows = []
    for number, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue  # a blank line, as spreadsheets leave at the end
        if len(values) > len(header):
            raise PeopleError([Problem(name, f"row {number}", f"has {len(values)} cells for {len(header)} columns; is a comma missing its quotes?")])
        rows.append((f"row {number}", {column: value for column, value in zip(header, values, strict=False) if column}))
    return rows


def _toml_rows(text: str, name: str) -> list[tuple[str, dict[str, str]]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PeopleError([Problem(name, "", f"TOML syntax error: {error}")]) from None
    people = data.get("people")
    if not isinstance(people, list) or not all(isinstance(entry, dict) for entry in people):
        raise PeopleError([Problem(name, "", 'write one [[people]] table per person: name = "…", organisation = "…", sector = "…"')])
    rows = []
    for index, entry in enumerate(people):
        where = f"people[{index}]"
        unknown = [key for key in entry if key not in (*REQUIRED, *OPTIONAL)]
        if unknown:
            raise PeopleError([Problem(name, f"{where}.{unknown[0]}", f"unknown key; use {', '.join((*REQUIRED, *OPTIONAL))}")])
        fields = {}
        for key, value in entry.items():
            if key == "line_manages" and isinstance(value, list) and all(isinstance(v, str) for v in value):
                fields[key] = ";".join(value)
            elif isinstance(value, str):
                fields[key] = value
            else:
                raise PeopleError([Problem(name, f"{where}.{key}", "should be text in quotes")])
        rows.append((where, fields))
    return rows


def _people(rows: list[tuple[str, dict[str, str]]], name: str) -> tuple[Person, ...]:
    """The people, once every row is checked: required fields, unique names, known line-management names."""
    problems: list[Problem] = []
    people: list[Person] = []
    for where, fields in rows:
        for column, value in fields.items():
            what = first_control(value)
            if what is not None:
                problems.append(Problem(name, f"{where}, {column}", f"holds a control character, {what}, which could change the terminal; delete it"))
        values = {key: " ".join(value.split()) for key, value in fields.items()}
        missing = [column for column in REQUIRED if not values.get(column)]
        for column in missing:
            problems.append(Problem(name, f"{where}, {column}", f"is empty; give the person's {column}"))
        if missing:
            continue
        manages = tuple(part.strip() for part in fields.get("line_manages", "").split(";") if part.strip())
        people.append(Person(values["name"], values["organisation"], values["sector"], values.get("role", ""), values.get("pseudonym", ""), manages))
    seen: dict[str, str] = {}
    for (where, _), person in zip(rows, people, strict=False):
        key = person.name.casefold()
        if key in seen:
            problems.append(Problem(name, f"{where}, name", f"{person.name!r} is listed twice (also at {seen[key]}); give each person one row"))
        seen.setdefault(key, where)
    names = {person.name.casefold() for person in people}
    for person in people:
        for managed in person.line_manages:
            if managed.casefold() not in names:
                problems.append(Problem(name, f"{person.name}, line_manages", f"{managed!r} is not on the list; use names as written in the name column"))
    pseudonyms = [person.pseudonym.casefold() for person in people if person.pseudonym]
    for taken in {p for p in pseudonyms if pseudonyms.count(p) > 1}:
        problems.append(Problem(name, "pseudonym", f"{taken!r} is given to more than one person; each needs their own"))
    if problems:
        raise PeopleError(problems)
    if not people:
        raise PeopleError([Problem(name, "", "lists nobody; write one row per person under the header")])
    return tuple(people)


def pseudonyms_of(people: tuple[Person, ...]) -> dict[str, str]:
    """Name → pseudonym for a shared export: the list's own, else `Participant N` in list order (never a pseudonym already given)."""
    given = {person.pseudonym for person in people if person.pseudonym}
    table: dict[str, str] = {}
    number = 0
    for person in people:
        if person.pseudonym:
            table[person.name] = person.pseudonym
            continue
        number += 1
        while f"Participant {number}" in given:
            number += 1
        table[person.name] = f"Participant {number}"
    return table
