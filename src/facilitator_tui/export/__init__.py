"""Exports of a day log: one record, several formats, written atomically."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from ..core.files import WriteError, write_atomic
from .formats import to_csv, to_json, to_markdown
from .html_log import to_html
from .record import DayRecord

FORMATS = ("md", "html", "json", "csv")


class ExportError(Exception):
    """An export that cannot be made as asked; the message says why."""


__all__ = ["FORMATS", "ExportError", "WriteError", "load_pseudonyms", "render", "schema_text", "write_atomic"]


def render(record: DayRecord, fmt: str, what: str = "items") -> str:
    """The record in one format."""
    if fmt == "md":
        return to_markdown(record)
    if fmt == "html":
        return to_html(record)
    if fmt == "json":
        return to_json(record)
    if fmt == "csv":
        return to_csv(record, what)
    raise ExportError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def schema_text() -> str:
    """The JSON Schema of the day log, as shipped in the package."""
    return resources.files(__package__).joinpath("day-log.schema.json").read_text(encoding="utf-8")


def load_pseudonyms(path: Path) -> dict[str, str]:
    """A pseudonym file: a TOML table of `"Name" = "Pseudonym"` (optionally under [pseudonyms])."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ExportError(f"{path}: no such pseudonym file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ExportError(f"{path}: cannot read the pseudonym file ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ExportError(f"{path}: not valid TOML: {error}. Write one line per name: \"Ann Smith\" = \"Participant A\"") from None
    if set(data) == {"pseudonyms"} and isinstance(data["pseudonyms"], dict):
        data = data["pseudonyms"]
    bad = [key for key, value in data.items() if not isinstance(value, str) or not value.strip() or not key.strip()]
    if bad:
        raise ExportError(f"{path}: {bad[0]!r} needs a pseudonym in quotes, e.g. \"{bad[0]}\" = \"Participant A\"")
    return dict(data)
