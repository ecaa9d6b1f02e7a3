"""Shared test set-up.

This file's folder is put on `sys.path` by pytest, so test modules in any
sub-folder can `import plan_helpers`.
"""

from __future__ import annotations

import os

import pytest
import textual._wait as textual_wait


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Under `CI=true` an end-to-end test that skips (no tmux, no Chromium, no LibreOffice) fails the run."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and item.get_closest_marker("e2e") and os.environ.get("CI", "").strip().lower() == "true":
        report.outcome = "failed"
        report.longrepr = f"an end-to-end test skipped under CI=true, where it must run: {report.longrepr}"


@pytest.fixture(autouse=True)
def quicker_idle_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot tests settle faster.

    Textual's Pilot waits after every key until the app looks idle: it sleeps
    in 20 ms slices until a slice passes with under 1 ms of CPU, twice per key.
    So every key costs at least 40 ms of waiting, and typing a sentence costs
    seconds. The same test of idleness in 5 ms slices (and a proportionally
    smaller CPU threshold) keeps its meaning: a slice with work still to do
    shows CPU and the wait goes on.
    """
    monkeypatch.setattr(textual_wait, "SLEEP_GRANULARITY", 1 / 200)
    monkeypatch.setattr(textual_wait, "SLEEP_IDLE", 1 / 200 / 20)
