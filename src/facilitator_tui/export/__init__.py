"""Exports of a day log: one record, several formats, written atomically."""

from __future__ import annotations

import os
import tempfile
import tomllib
from importlib import resources
from pathlib import Path

from .formats import to_csv, to_json, to_markdown
from .html_log import to_html
from .record import DayRecord

FORMATS = ("md", "html", "json", "csv")


class ExportError(Exception):
    """An export that cannot be made as asked; the message says why."""


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


def write_atomic(path: Path, text: str, *, private: bool) -> None:
    """Write all of `text` or nothing: a temp file in the same folder, fsynced, then renamed."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as error:
        raise ExportError(f"cannot write to {folder}: {error.strerror or error}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600 if private else 0o644)
        os.replace(tmp, path)
        _fsync_dir(folder)
    except OSError as error:
        Path(tmp).unlink(missing_ok=True)
        raise ExportError(f"cannot write {path}: {error.strerror or error}") from None


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


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
