"""facilitator-tui: run a live workshop day from the terminal."""

__version__ = "0.1.0"
"""The one place the version is written: pyproject reads it from here (hatch), so `--version` needs no metadata lookup."""
