"""Snapshots of the notes panel, the capture forms and the review screen (time frozen)."""

from __future__ import annotations

import pytest

from facilitator_tui.core import events as ev
from ui_helpers import app_at

SIZES = [(80, 24), (120, 40)]
START = ("09:30", ev.Start, {})
NOTES = [
    START,
    ("09:50", ev.NoteSaved, {"item_id": "deep-end", "text": "Chair deferred to the ICB twice.\nVCSE voice came in late, and [red]strong[/]."}),
    ("10:05", ev.Captured, {"kind": "action", "item_id": "deep-end", "text": "Circulate the fund criteria", "owner": "Ann O'Neil", "due": "Fri 4 Dec"}),
    ("10:20", ev.Captured, {"kind": "decision", "item_id": "deep-end", "text": "Pilot the shared fund for one year"}),
    ("10:40", ev.Captured, {"kind": "quote", "item_id": "deep-end", "text": "“We bring our budgets into the room, not our people.”", "private": True}),
    ("11:00", ev.Next, {}),
    ("11:10", ev.Captured, {"kind": "parking", "item_id": "break-morning", "text": "Data sharing agreement: who signs?"}),
]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_notes_panel(snap_compare, tmp_path, size):
    """Back on the opening's notes (picked in the agenda): two lines of notes shown literally, "Captured: 1 action · 1 decision · 1 quote"."""
    app, _, _ = app_at(tmp_path, "11:12", NOTES)

    async def run_before(pilot) -> None:
        app.run_screen.pin_notes("deep-end")
        await pilot.pause()
        app.set_focus(None)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_action_form(snap_compare, tmp_path, size):
    """The action form over the run screen: text, owner and due filled in, "Private" ticked."""
    app, _, _ = app_at(tmp_path, "09:45", [START])
    keys = ["a", *"Book a neutral venue", "tab", *"Sam", "tab", *"next week", "ctrl+t"]
    assert snap_compare(app, terminal_size=size, press=keys)


def test_decision_form(snap_compare, tmp_path):
    """The decision form: one text field and the private box, no owner or due."""
    app, _, _ = app_at(tmp_path, "09:45", [START])
    assert snap_compare(app, terminal_size=(80, 24), press=["d", *"Agree the pooled budget"])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review_screen(snap_compare, tmp_path, size):
    """Review of the day so far: both items with timings, the notes, the action with owner and due, the private quote marked."""
    app, _, _ = app_at(tmp_path, "11:12", NOTES)
    assert snap_compare(app, terminal_size=size, press=["v"])


def test_review_filtered_to_actions(snap_compare, tmp_path):
    """Review filtered to actions (key 2): only the opening and its one action."""
    app, _, _ = app_at(tmp_path, "11:12", NOTES)
    assert snap_compare(app, terminal_size=(80, 24), press=["v", "2"])
