"""Exports of a day log: one record, several formats, written atomically.

`render` is the one dispatch from a format's name to its writer; the text
formats give `str`, Word and Excel give `bytes`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import ExportError
from .formats import BINARY_FORMATS, FORMATS, WHATS

if TYPE_CHECKING:  # the record (and pydantic with it) loads with the first export, not with `--help`
    from .record import DayRecord

__all__ = ["BINARY_FORMATS", "FORMATS", "WHATS", "ExportError", "check_what", "render", "schema_text"]


def check_what(fmt: str, what: str | None) -> str | None:
    """The table to export for `fmt` (its default when `what` is None); raises ExportError when it does not apply."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    choices = WHATS.get(fmt)
    if choices is None:
        if what is not None:
            takers = " and ".join(f"--format {name} ({', '.join(options)})" for name, options in WHATS.items())
            raise ExportError(f"--what does not apply to --format {fmt}; it applies to {takers}")
        return None
    if what is None:
        return choices[0]
    if what not in choices:
        raise ExportError(f"--format {fmt} takes --what {' or '.join(choices)}, not {what!r}")
    return what


def render(record: DayRecord, fmt: str, what: str | None = None) -> str | bytes:
    """The record in one format: text, or bytes for Word and Excel; raises ExportError."""
    table = check_what(fmt, what)
    if fmt == "md":
        from .markdown_log import to_markdown

        return to_markdown(record)
    if fmt == "html":
        from .html_log import to_html

        return to_html(record)
    if fmt == "json":
        from .json_log import to_json

        return to_json(record)
    if fmt == "csv":
        from .csv_log import to_csv

        return to_csv(record, table or "items")
    if fmt == "docx":
        from .docx_log import to_docx

        return to_docx(record)
    if fmt == "xlsx":
        from .xlsx_log import to_xlsx

        return to_xlsx(record)
    from .ics_log import to_ics

    return to_ics(record, table or "actions")


def schema_text() -> str:
    """The JSON Schema of the day log, as shipped in the package."""
    # Imported here: every command line start imports this package (for its format names), few need the schema.
    from importlib import resources

    return resources.files(__package__).joinpath("day-log.schema.json").read_text(encoding="utf-8")
