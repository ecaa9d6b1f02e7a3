"""The core imports no Textual, so it can be used (and tested) without a terminal."""

import subprocess
import sys

CORE = [
    "plan",
    "plan_loader",
    "plan_checks",
    "events",
    "event_log",
    "day",
    "days",
    "status",
    "phases",
    "replan",
    "clock",
    "locations",
    "writer_lock",
    "agenda_table",
]


def test_importing_the_core_leaves_textual_out():
    imports = "; ".join(f"import facilitator_tui.{name}" for name in CORE)
    code = f"import sys; {imports}; print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_ui_does_import_textual():
    """The check above would pass trivially if the import failed silently."""
    code = "import sys, facilitator_tui.ui.app; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
