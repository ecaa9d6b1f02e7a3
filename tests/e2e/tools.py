"""What the end-to-end tests need from the machine: a tool on the PATH, a free port.

A missing tool skips the test; under `CI=true` the conftest's hook turns that
skip into a failure, since CI installs every tool (`.ci/run`).
"""

from __future__ import annotations

import shutil
import socket

import pytest


def need(tool: str) -> str:
    """The tool's path; skip the test without it."""
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (.ci/run installs it)")
    return path


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
