"""The collector is paused for a window's start and resumed after its first frame; a command that stops early leaves it on."""

from __future__ import annotations

import gc

import pytest

from facilitator_tui.cli import main
from facilitator_tui.ui import startup_gc


@pytest.fixture(autouse=True)
def collector_restored():
    yield
    startup_gc.release()
    gc.enable()
    gc.unfreeze()


def test_pause_then_resume_freezes_start_ups_objects_and_collects_again():
    made_at_start = [[] for _ in range(1000)]
    frozen_before = gc.get_freeze_count()
    startup_gc.pause()
    assert not gc.isenabled()
    startup_gc.resume()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen_before + len(made_at_start)


def test_release_turns_collection_back_on_without_freezing():
    frozen_before = gc.get_freeze_count()
    startup_gc.pause()
    startup_gc.release()
    assert gc.isenabled() and gc.get_freeze_count() == frozen_before
    startup_gc.resume()  # after a release there is nothing to resume: no freeze
    assert gc.get_freeze_count() == frozen_before


def test_resume_without_pause_does_nothing():
    frozen_before = gc.get_freeze_count()
    startup_gc.resume()
    assert gc.isenabled() and gc.get_freeze_count() == frozen_before


def test_a_run_refused_before_its_first_frame_leaves_the_collector_on(tmp_path, capsys):
    assert main(["run", "--data-dir", str(tmp_path), "no-such-plan"]) == 2
    assert "no plan file or bundled plan named 'no-such-plan'" in capsys.readouterr().err
    assert gc.isenabled()


def test_a_refused_display_leaves_the_collector_on(tmp_path, capsys):
    assert main(["display", "--data-dir", str(tmp_path), "--port", "9999"]) == 2
    assert "--host and --port only apply with --web" in capsys.readouterr().err
    assert gc.isenabled()


async def first_frame_done(pilot) -> None:
    """Wait (up to a second) until the callbacks after the first refresh have run."""
    for _ in range(20):
        if gc.isenabled():
            return
        await pilot.pause(0.05)


async def test_the_run_window_resumes_collection_after_its_first_frame(tmp_path):
    from ui_helpers import app_at

    app, _day, _clock = app_at(tmp_path, "09:25")
    startup_gc.pause()
    async with app.run_test(size=(80, 24)) as pilot:
        await first_frame_done(pilot)
        assert gc.isenabled(), "collection stays off after the first frame"
        assert app.screen is app.run_screen


async def test_the_room_display_resumes_collection_after_its_first_frame(tmp_path):
    from room_helpers import display_at

    app = display_at(tmp_path, "session")
    startup_gc.pause()
    async with app.run_test(size=(80, 24)) as pilot:
        await first_frame_done(pilot)
        assert gc.isenabled(), "collection stays off after the first frame"
