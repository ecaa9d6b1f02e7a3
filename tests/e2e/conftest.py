"""Fixtures for the tmux end-to-end tests.

Each test gets its own tmux server (`tmux -L <unique>`), its own data
directory, and an environment without FACILITATOR_TUI_HOME. The server is
killed in teardown whatever happened. Without tmux the tests skip, except
under `CI=true`, where they must run and so fail.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from .tmux_driver import TmuxDriver, clean_env


@pytest.fixture
def tmux_available() -> None:
    """Skip without tmux; under CI=true a missing tmux fails instead."""
    if shutil.which("tmux") is None:
        message = "tmux is not installed; the end-to-end tests drive the app in tmux"
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(message + " (CI=true: these tests must run)", pytrace=False)
        pytest.skip(message)


@pytest.fixture
def env() -> dict[str, str]:
    """The environment for tmux, the app and any subprocess."""
    return clean_env()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh data directory for this test's days."""
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def tmux(tmux_available: None, tmp_path: Path, env: dict[str, str]) -> Iterator[TmuxDriver]:
    """A private tmux server for this test, killed afterwards."""
    workdir = tmp_path / "tmux"
    workdir.mkdir()
    driver = TmuxDriver(f"ftui-e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}", workdir, env)
    try:
        yield driver
    finally:
        driver.kill_server()
