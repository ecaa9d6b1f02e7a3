"""Fixtures for the fault tests: the tmux end-to-end fixtures, reused as they are.

Each test gets its own tmux server (killed in teardown whatever happened), its
own data directory and a clean environment; without tmux the tests skip,
except under `CI=true`, where they fail.
"""

from __future__ import annotations

from e2e.conftest import data_dir, env, tmux, tmux_available

__all__ = ["data_dir", "env", "tmux", "tmux_available"]
