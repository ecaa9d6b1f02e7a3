"""Days on disk: ids, resume, lazily created folders, one writer, rehearsals."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from day_helpers import at, bundled_plan, make_day
from facilitator_tui.core import events as ev
from facilitator_tui.core.clock import FakeClock, ScaledClock
from facilitator_tui.core.days import DayError, choose_day_id, days_dir, open_day
from facilitator_tui.core.locations import HOME_ENV, data_dir
from facilitator_tui.core.status import status
from facilitator_tui.core.writer_lock import DayLocked, WriterLock

PLAN, PATH = bundled_plan()


def test_day_id_reads_as_date_and_plan(tmp_path):
    assert choose_day_id(tmp_path, dt.date(2026, 11, 26), "partnership-dynamics", new=False, rehearsal=False) == (
        "2026-11-26-partnership-dynamics"
    )


def test_new_gives_a_suffix_and_resume_takes_the_latest(tmp_path):
    (days_dir(tmp_path) / "2026-11-26-p").mkdir(parents=True)
    assert choose_day_id(tmp_path, dt.date(2026, 11, 26), "p", new=True, rehearsal=False) == "2026-11-26-p-2"
    (days_dir(tmp_path) / "2026-11-26-p-2").mkdir()
    assert choose_day_id(tmp_path, dt.date(2026, 11, 26), "p", new=False, rehearsal=False) == "2026-11-26-p-2"
    assert choose_day_id(tmp_path, dt.date(2026, 11, 26), "p", new=False, rehearsal=True) == "2026-11-26-p-rehearsal-1"


def test_opening_a_day_leaves_nothing_until_the_first_event(tmp_path):
    clock = FakeClock(at("18:00"))
    day = make_day(tmp_path, PLAN, PATH, clock)
    day.close()
    assert not days_dir(tmp_path).exists()


def test_first_event_creates_the_folder_with_the_plan_saved(tmp_path):
    clock = FakeClock(at("09:29"))
    day = make_day(tmp_path, PLAN, PATH, clock)
    day.record(ev.Start(**day.stamp()))
    day.close()
    folder = days_dir(tmp_path) / "2026-11-26-partnership-dynamics"
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    logs = list(folder.glob("*.jsonl"))
    assert len(logs) == 1 and oct(logs[0].stat().st_mode & 0o777) == "0o600"
    again = make_day(tmp_path, None, None, clock, day_id=folder.name)
    assert again.plan == PLAN
    assert again.header.plan_name == "partnership-dynamics.toml"
    again.close()


def test_resume_gives_the_same_item_and_counts_time_while_closed(tmp_path):
    clock = FakeClock(at("09:30"))
    day = make_day(tmp_path, PLAN, PATH, clock)
    day.record(ev.Start(**day.stamp()))
    clock.advance(minutes=90)
    day.record(ev.Next(**day.stamp()))
    clock.advance(minutes=3)
    day.record(ev.Pause(**day.stamp()))
    day.close()
    clock.advance(minutes=10)  # closed (or asleep) for ten minutes, paused
    resumed = make_day(tmp_path, PLAN, PATH, clock)
    s = status(resumed.plan, resumed.state, clock.now())
    assert s.current == 1
    assert s.elapsed == 180
    resumed.record(ev.Resume(**resumed.stamp()))
    resumed.close()
    clock.advance(minutes=2)
    third = make_day(tmp_path, PLAN, PATH, clock)
    assert status(third.plan, third.state, clock.now()).elapsed == 300
    third.close()


def test_an_unknown_day_is_a_clear_error(tmp_path):
    with pytest.raises(DayError, match="no day 'nope'"):
        open_day(tmp_path, None, None, day_id="nope")


def test_a_second_writer_is_refused_saying_who_holds_the_day(tmp_path):
    clock = FakeClock(at("09:30"))
    first = make_day(tmp_path, PLAN, PATH, clock)
    with pytest.raises(DayLocked, match=f"process {os.getpid()}"):
        make_day(tmp_path, PLAN, PATH, clock)
    reader = None
    first.record(ev.Start(**first.stamp()))
    reader = make_day(tmp_path, None, None, clock, day_id=first.day_id, read_only=True)
    assert reader.state.started
    with pytest.raises(PermissionError):
        reader.record(ev.Next(**reader.stamp()))
    first.close()
    make_day(tmp_path, PLAN, PATH, clock).close()


def test_a_lock_left_by_a_killed_process_does_not_block(tmp_path):
    path = tmp_path / "locks" / "day.lock"
    script = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from facilitator_tui.core.writer_lock import WriterLock
        WriterLock(Path({str(path)!r})).acquire()
        print("held", flush=True)
        time.sleep(60)
        """
    )
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(DayLocked):
            WriterLock(path).acquire()
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
        assert path.exists()  # the stale file is still there...
        lock = WriterLock(path)
        lock.acquire()  # ...and does not block
        lock.release()
    finally:
        holder.kill()


def test_a_follower_sees_what_the_writer_appends(tmp_path):
    clock = FakeClock(at("09:30"))
    writer = make_day(tmp_path, PLAN, PATH, clock)
    writer.record(ev.Start(**writer.stamp()))
    follower = make_day(tmp_path, None, None, clock, day_id=writer.day_id, read_only=True)
    assert follower.follow() is False
    writer.record(ev.Next(**writer.stamp()))
    assert follower.follow() is True
    assert follower.state.current == 1
    writer.close()


def test_a_rehearsal_is_its_own_day_on_a_scaled_clock(tmp_path):
    day = open_day(tmp_path, PLAN, PATH, rehearse=True, speed=60, rehearse_start=dt.time(9, 25))
    assert day.day_id.endswith("-rehearsal-1")
    assert isinstance(day.clock, ScaledClock)
    assert day.clock.now().strftime("%H:%M") == "09:25"
    day.record(ev.Start(**day.stamp()))
    day.close()
    resumed = open_day(tmp_path, None, None, day_id=day.day_id)
    assert resumed.header.rehearsal and resumed.header.speed == 60
    assert isinstance(resumed.clock, ScaledClock)
    resumed.close()
    real = open_day(tmp_path, PLAN, PATH)
    assert "rehearsal" not in real.day_id
    real.close()


def test_scaled_clock_runs_n_times_real_time():
    real = dt.datetime.now().astimezone()
    clock = ScaledClock(10, real - dt.timedelta(seconds=6), at("09:00"))
    assert abs((clock.now() - at("09:00")).total_seconds() - 60) < 2


def test_data_dir_option_beats_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "env"))
    assert data_dir(None) == tmp_path / "env"
    assert data_dir(str(tmp_path / "opt")) == tmp_path / "opt"
    monkeypatch.delenv(HOME_ENV)
    assert "facilitator-tui" in str(data_dir(None))


def test_every_folder_the_app_creates_is_owner_only(tmp_path):
    clock = FakeClock(at("09:29"))
    data = tmp_path / "new" / "data"
    day = make_day(data, PLAN, PATH, clock)
    day.record(ev.Start(**day.stamp()))
    day.close()
    for folder in (tmp_path / "new", data, days_dir(data), day.folder):
        assert oct(folder.stat().st_mode & 0o777) == "0o700", folder


def test_a_lock_file_removed_by_its_releasing_holder_is_not_held_by_anyone(tmp_path, monkeypatch):
    """A window that opened the lock file just before its holder removed it must not win a removed file."""
    from facilitator_tui.core import writer_lock

    path = tmp_path / "locks" / "day.lock"
    first = WriterLock(path)
    first.acquire()
    stale_fd = os.open(path, os.O_RDWR)  # the second window opens the file...
    first.release()  # ...just as the first lets go and removes it
    real_open = os.open
    opened = []

    def open_stale_first(*args, **kwargs):
        opened.append(args[0])
        return stale_fd if len(opened) == 1 else real_open(*args, **kwargs)

    monkeypatch.setattr(writer_lock.os, "open", open_stale_first)
    second = WriterLock(path)
    second.acquire()
    monkeypatch.undo()
    assert len(opened) == 2  # it noticed the removed file and locked the real one
    with pytest.raises(DayLocked):
        WriterLock(path).acquire()
    second.release()


def test_two_machines_sharing_a_synced_data_dir_get_their_own_log_files(tmp_path, monkeypatch):
    import socket as socket_module

    from facilitator_tui.core.days import device_id

    monkeypatch.setattr(socket_module, "gethostname", lambda: "laptop-ann")
    ann = device_id(tmp_path)
    assert device_id(tmp_path) == ann  # stable on one machine
    monkeypatch.setattr(socket_module, "gethostname", lambda: "laptop-sam")
    sam = device_id(tmp_path)
    assert sam != ann and sam.startswith("laptop-sam")


def test_a_day_with_no_events_yet_opens_read_only_from_its_plan_and_follows_its_start(tmp_path):
    """A second window refused before the first act can watch, as the refusal suggests."""
    clock = FakeClock(at("09:25"))
    writer = make_day(tmp_path, PLAN, PATH, clock)
    reader = make_day(tmp_path, PLAN, PATH, clock, day_id=writer.day_id, read_only=True)
    assert reader.events == [] and not reader.state.started
    assert status(reader.plan, reader.state, clock.now()).next_index == 0
    clock.set(at("09:30"))
    writer.record(ev.Start(**writer.stamp()))
    assert reader.follow()
    assert reader.state.current == 0
    assert reader.header.id == writer.header.id, "the writer's own header replaces the one made up from the plan"
    assert not days_dir(tmp_path).joinpath(writer.day_id, "events-reader.jsonl").exists(), "the reader wrote nothing"
    writer.close()
