"""The app opens no network connection: any attempt fails the test."""

from __future__ import annotations

import socket

import pytest

from facilitator_tui.cli import main
from facilitator_tui.core import events as ev
from ui_helpers import app_at


@pytest.fixture
def no_network(monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError(f"network connection attempted: {args!r}")

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


async def test_a_day_with_notes_and_exports_touches_no_network(tmp_path, no_network, capsys):
    app, day, _clock = app_at(tmp_path, "09:40", [("09:30", ev.Start, {})])
    async with app.run_test() as pilot:
        await pilot.press("e", *"note", "escape", "a", *"act", "enter", "n", "r", "escape", "v", "escape", "x", "1", "escape")
        await pilot.press("question_mark", "escape", "ctrl+p")
        await pilot.pause()
    day.close()
    for fmt in ("md", "html", "json", "csv"):
        assert main(["export", "--data-dir", str(tmp_path), "--format", fmt, "--share", "--no-pseudonyms"]) == 0
    assert no_network == []
