"""The export formats and their tables, by name: light enough for the command line's `--help`."""

from __future__ import annotations

FORMATS = ("md", "html", "json", "csv", "docx", "xlsx", "ics")
BINARY_FORMATS = frozenset({"docx", "xlsx"})

WHATS: dict[str, tuple[str, ...]] = {
    "csv": ("items", "actions", "decisions", "parking", "quotes"),
    "ics": ("actions", "agenda"),
}
"""What `--what` may choose, by format (the first is the default); other formats take no `--what`."""
