"""Shared test set-up.

This file's folder is put on `sys.path` by pytest, so test modules in any
sub-folder can `import plan_helpers`.
"""

from __future__ import annotations

import os

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Under `CI=true` an end-to-end test that skips (no tmux, no Chromium, no LibreOffice) fails the run."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and item.get_closest_marker("e2e") and os.environ.get("CI", "").strip().lower() == "true":
        report.outcome = "failed"
        report.longrepr = f"an end-to-end test skipped under CI=true, where it must run: {report.longrepr}"
