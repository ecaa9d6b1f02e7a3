"""Read plan files and turn every way they can be wrong into plain problems.

`load_plan` either returns a valid `Plan` or raises `PlanError` holding every
problem found, each naming the file, where (a TOML line/column or a field
path like `agenda[3].exercises[0].phases[1].minutes`) and what to change.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
import types
import typing
from dataclasses import dataclass
from pathlib import Path

import tomli_w
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .control_chars import first_control, visible
from .plan import Plan
from .plan_checks import semantic_problems

MAX_PLAN_BYTES = 1_000_000
"""Plans are a few kilobytes; anything this big is not a plan."""

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_TIME_FIELDS = frozenset({"start", "close"})
"""Field names that hold a time of day ("HH:MM")."""
_UNQUOTED_TIME = re.compile(r"=\s*(?P<hours>\d{1,2}):(?P<minutes>\d{2})(:\d{2})?\s*(#.*)?$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a plan file."""

    file: str
    where: str
    """`line 3, column 9`, a field path, or empty for the whole file."""
    message: str

    def __str__(self) -> str:
        # A key or a value quoted back may hold a control character: shown as its picture, never sent to the terminal.
        where = f"{self.where}: " if self.where else ""
        return visible(f"{self.file}: {where}{self.message}")


class PlanError(Exception):
    """A plan file could not be used; `problems` says every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def load_plan(path: Path) -> Plan:
    """Read and validate the plan at `path`, or raise `PlanError`; handout files are read from beside it."""
    name = str(path)
    text = _read_text(path, name)
    return parse_plan(text, name, base=path.parent)


def parse_plan(text: str, name: str, base: Path | None = None) -> Plan:
    """Validate plan TOML `text`; `name` is used in messages, `base` is where handout files are looked for."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PlanError([_syntax_problem(error, text, name)]) from None
    except RecursionError:
        raise PlanError([Problem(name, "", "the TOML is nested too deeply to be a plan")]) from None
    handout_problems = _read_handouts(data, name, base)
    if handout_problems:
        raise PlanError(handout_problems)
    control_problems = [Problem(name, where, message) for where, message in _control_characters(data, ())]
    if control_problems:
        raise PlanError(control_problems)
    try:
        plan = Plan.model_validate(data)
    except ValidationError as error:
        raise PlanError([_field_problem(e, name) for e in error.errors()]) from None
    problems = [Problem(name, where, message) for where, message in semantic_problems(plan)]
    if problems:
        raise PlanError(problems)
    return plan


def _control_characters(value: object, loc: tuple[int | str, ...]) -> list[tuple[str, str]]:
    """(field path, message) for every text in the plan (keys too) holding a control character."""
    found: list[tuple[str, str]] = []
    if isinstance(value, str):
        what = first_control(value)
        if what is not None:
            found.append((_field_path(loc), f"holds a control character, {what}, which could change the terminal; delete it"))
    elif isinstance(value, dict):
        for key, item in value.items():
            what = first_control(str(key))
            if what is not None:
                found.append((_field_path((*loc, str(key))), f"the key holds a control character, {what}; delete it"))
            found += _control_characters(item, (*loc, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _control_characters(item, (*loc, index))
    return found


def _read_handouts(data: dict[str, object], name: str, base: Path | None) -> list[Problem]:
    """Put each handout file's text into its `content`, so the day keeps the handout even if the file changes."""
    problems = []
    agenda = data.get("agenda")
    for i_index, item in enumerate(agenda if isinstance(agenda, list) else []):
        handouts = item.get("handouts") if isinstance(item, dict) else None
        for h_index, handout in enumerate(handouts if isinstance(handouts, list) else []):
            if not isinstance(handout, dict) or not isinstance(handout.get("file"), str) or not handout["file"]:
                continue
            where = f"agenda[{i_index}].handouts[{h_index}].file"
            if handout.get("content"):
                problems.append(Problem(name, where, "give the handout's text in content or in a file, not both"))
                continue
            if base is None:
                problems.append(Problem(name, where, "a handout file can only be read from a plan file; put the text in content"))
                continue
            path = base / handout["file"]
            try:
                raw = path.read_bytes()[: MAX_PLAN_BYTES + 1]
            except (OSError, ValueError) as error:
                reason = getattr(error, "strerror", None) or "cannot be read"
                problems.append(Problem(name, where, f"{handout['file']!r}: {reason}; put the file beside the plan or fix the name"))
                continue
            if len(raw) > MAX_PLAN_BYTES:
                problems.append(Problem(name, where, f"{handout['file']!r} is larger than {MAX_PLAN_BYTES // 1000} kB; a handout is a page or two"))
                continue
            try:
                handout["content"] = raw.decode("utf-8-sig")
                del handout["file"]  # the day keeps the text; a saved plan need not find the file again
            except UnicodeDecodeError:
                problems.append(Problem(name, where, f"{handout['file']!r} is not UTF-8 text; save it as UTF-8 Markdown"))
    return problems


def plan_to_toml(plan: Plan) -> str:
    """The plan as TOML text that `parse_plan` reads back to an equal plan."""
    # TOML has no null: leave unset optional fields out rather than write None.
    data = plan.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    return tomli_w.dumps(data)


def _read_text(path: Path, name: str) -> str:
    try:
        if path.is_dir():
            raise PlanError([Problem(name, "", "is a folder; name a .toml plan file inside it")])
        with path.open("rb") as handle:
            raw = handle.read(MAX_PLAN_BYTES + 1)
    except FileNotFoundError:
        raise PlanError([Problem(name, "", "no such file; check the path")]) from None
    except PermissionError:
        raise PlanError([Problem(name, "", "cannot be read: permission denied")]) from None
    except OSError as error:
        raise PlanError([Problem(name, "", f"cannot be read: {error.strerror or error}")]) from None
    except ValueError:  # e.g. a NUL byte in the path
        raise PlanError([Problem(name, "", "is not a usable file name")]) from None
    if len(raw) > MAX_PLAN_BYTES:
        raise PlanError(
            [Problem(name, "", f"is larger than {MAX_PLAN_BYTES // 1000} kB; a plan is a small text file")]
        )
    if not raw.strip():
        raise PlanError([Problem(name, "", "is empty; a plan needs a title, start, close and [[agenda]] items")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise PlanError(
            [Problem(name, f"line {line}", "is not UTF-8 text; save the plan as UTF-8 (is it a binary file?)")]
        ) from None


def _syntax_problem(error: tomllib.TOMLDecodeError, text: str, name: str) -> Problem:
    message = str(error)
    match = _TOML_POSITION.search(message)
    where = ""
    hint = ""
    if match:
        line_no, col = int(match.group(1)), int(match.group(2))
        where = f"line {line_no}, column {col}"
        message = message[: match.start()].strip()
        lines = text.splitlines()
        line = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
        hint = _syntax_hint(line)
    elif "(at end of document)" in message:
        # Something opened (a quote, a bracket, a multi-line string) is never closed: the file ends first.
        message = message.replace("(at end of document)", "").strip()
        lines = text.splitlines()
        where = f"line {len(lines)} (the end of the file)"
        hint = "Something opened above is never closed: look for a quote, bracket or triple quote without its partner."
    return Problem(name, where, f"TOML syntax error: {message}. {hint or 'Check this line.'}".strip())


def _syntax_hint(line: str) -> str:
    time = _UNQUOTED_TIME.search(line)
    if time:
        key = line.split("=", 1)[0].strip() or "start"
        hours, minutes = time.group("hours"), time.group("minutes")
        # Python 3.11's tomllib reads TOML 1.0, where a bare time needs two-digit hours and seconds.
        return (
            f'Put times in quotes: {key} = "{int(hours):02d}:{minutes}" '
            f"(a bare TOML time needs seconds: {key} = {int(hours):02d}:{minutes}:00)."
        )
    stripped = line.split("#", 1)[0].strip()
    if "=" in stripped:
        value = stripped.split("=", 1)[1].strip()
        if value and value[0] not in "\"'[{-+0123456789tfin" and not value.startswith(("true", "false")):
            return f'Put text in quotes: {stripped.split("=", 1)[0].strip()} = "{value}".'
    return ""


def _field_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(top level)"


def _field_problem(error: ErrorDetails, name: str) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        return Problem(name, _field_path(loc), _unknown_key_message(loc))
    if kind == "missing":
        return Problem(name, _field_path(loc), "is missing; add it")
    message = error["msg"].removeprefix("Value error, ")
    value = error.get("input")
    if kind.endswith("_type"):
        expected = message.removeprefix("Input should be a valid ").removeprefix("Input should be ")
        # Arrays are validated as tuples and tables as models or dicts: name them as TOML does.
        if expected == "tuple":
            expected = "a list"
        elif expected.startswith("dictionary"):
            expected = "a table"
        message = f"should be {expected}, not {_describe(value)}"
        if expected == "string" and isinstance(value, (dt.date, dt.time)):
            message += "; put it in quotes"
        elif expected == "string" and loc and loc[-1] in _TIME_FIELDS:
            message += '; write times in quotes as "HH:MM", e.g. "09:30"'
        if expected.startswith("integer") and isinstance(value, str):
            message += f"; write it without quotes, e.g. minutes = {value.strip() if value.strip().isdigit() else 10}"
    elif kind == "greater_than":
        message = f"must be more than {error['ctx']['gt']}, not {value!r}"
    return Problem(name, _field_path(loc), message)


def _describe(value: object) -> str:
    kinds = {
        str: "text", int: "a number", float: "a number", bool: "true/false", dict: "a table", list: "a list", tuple: "a list",
        dt.time: "a TOML time", dt.date: "a TOML date", dt.datetime: "a TOML date-time",
    }
    if isinstance(value, (dt.date, dt.time)):
        shown = value.isoformat()  # as it was written in the file, not datetime.time(9, 30)
    else:
        shown = repr(list(value) if isinstance(value, tuple) else value)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"{kinds.get(type(value), type(value).__name__)} {shown}"


def _unknown_key_message(loc: tuple[int | str, ...]) -> str:
    key = str(loc[-1])
    model = _model_at(loc[:-1])
    known = sorted(model.model_fields) if model else []
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f'did you mean "{close[0]}"?' if close else (f"known keys here: {', '.join(known)}" if known else "")
    return f'unknown key "{key}"; {hint}'.rstrip("; ")


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model class that validates the value at field path `loc`."""
    model: type[BaseModel] | None = Plan
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        field = model.model_fields.get(part)
        model = _model_in(field.annotation) if field else None
    return model


def _model_in(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (tuple, list, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found:
                return found
    return None
