"""`--version` and `--help` answer without loading the plan models, the screens or the exporters (issue 12: under 0.1 s).

The time itself is a benchmark (bench/cli_bench.py); this checks what makes it fast, which cannot drift unnoticed.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = (
    "pydantic",
    "textual",
    "rich",
    "docx",
    "openpyxl",
    "icalendar",
    "dateparser",
    "aiohttp",
    "facilitator_tui.core.events",
    # platformdirs (tempfile, shutil, random with it) and importlib.resources: a fifth of `--version`'s time on a slow machine.
    "platformdirs",
    "importlib.resources",
)


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["run", "--help"], ["export", "--help"]])
def test_nothing_heavy_is_imported(argv):
    # Only what the command imports counts: an interpreter may load some of these at start-up itself (a
    # site-packages .pth file that imports certifi brings importlib.resources on some machines).
    code = (
        "import sys; before = set(sys.modules)\nfrom facilitator_tui.cli import main\ntry:\n    main(sys.argv[1:])\n"
        "except SystemExit:\n    pass\nprint(sorted(set(sys.modules) - before))"
    )
    result = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, timeout=60, check=True)
    loaded = result.stdout.strip().splitlines()[-1]
    assert [name for name in HEAVY if f"'{name}'" in loaded or f"'{name}." in loaded] == []
