"""The core imports no Textual, rich, ui, cli or export, so it runs (and is tested) without a terminal.

import-linter checks the same contracts statically in `.ci/run`; this test
checks what actually lands in `sys.modules` at run time, for every core
module found by walking the package (not a hand-kept list).
"""

import pkgutil
import subprocess
import sys

import facilitator_tui.core

FORBIDDEN = ("textual", "rich", "facilitator_tui.ui", "facilitator_tui.cli", "facilitator_tui.export")


def core_modules() -> list[str]:
    """Every module of the core package, found by walking it."""
    return sorted(info.name for info in pkgutil.walk_packages(facilitator_tui.core.__path__, "facilitator_tui.core."))


def test_the_walk_finds_the_core():
    """The check below would pass trivially on an empty list."""
    found = core_modules()
    assert "facilitator_tui.core.fold" in found
    assert "facilitator_tui.core.acts" in found
    assert len(found) >= 15


def test_importing_every_core_module_leaves_textual_rich_ui_cli_and_export_out():
    imports = "; ".join(f"import {name}" for name in core_modules())
    code = (
        f"import sys; {imports}; "
        f"print(sorted(m for m in sys.modules if any(m == f or m.startswith(f + '.') for f in {FORBIDDEN!r})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_ui_does_import_textual():
    """The check above would pass trivially if the import failed silently."""
    code = "import sys, facilitator_tui.ui.app; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
