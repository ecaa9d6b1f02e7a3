"""A full disk: a failed append leaves no torn line, and the lock is taken even when its note cannot be written."""

from __future__ import annotations

import errno
import os

import pytest

from day_helpers import at, make_day, small_plan
from facilitator_tui.core import acts, event_log, writer_lock
from facilitator_tui.core.clock import FakeClock
from facilitator_tui.core.event_log import LogReader


def full_after(limit: int):
    """An `os.write` that writes at most `limit` bytes, then fails as a full disk does."""
    real = os.write
    state = {"left": limit}

    def write(fd: int, data: bytes) -> int:
        if state["left"] <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        part = bytes(data[: state["left"]])
        state["left"] -= len(part)
        return real(fd, part)

    return write


def test_a_failed_append_is_taken_back_to_the_last_whole_line(tmp_path, monkeypatch):
    clock = FakeClock(at("09:00"))
    day = make_day(tmp_path / "data", small_plan(), tmp_path / "small.toml", clock)
    try:
        assert day.do(acts.Start()).changed
        size = day.writer.path.stat().st_size
        monkeypatch.setattr(event_log.os, "write", full_after(100))
        outcome = day.do(acts.SaveNote("open", "x" * 600))
        assert outcome.failed and not outcome.changed and "No space left" in outcome.message
        assert day.writer.path.stat().st_size == size, "the 100 bytes written are taken back"
        monkeypatch.undo()
        reader = LogReader(day.folder)
        assert [e.type for e in reader.read_new()] == ["day_created", "start"]
        assert reader.warnings == [] and reader.read_tail_warnings() == []
        assert day.do(acts.SaveNote("open", "space again")).changed
    finally:
        day.close()


def test_the_lock_is_taken_on_a_full_disk_without_its_note(tmp_path, monkeypatch):
    def no_space(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    lock = writer_lock.WriterLock(tmp_path / "locks" / "day.lock")
    (tmp_path / "locks").mkdir()
    (tmp_path / "locks" / "day.lock").write_text("")
    monkeypatch.setattr(writer_lock.os, "pwrite", no_space)
    lock.acquire()
    try:
        second = writer_lock.WriterLock(tmp_path / "locks" / "day.lock")
        with pytest.raises(writer_lock.DayLocked, match="another process"):
            second.acquire()
    finally:
        lock.release()


def test_the_device_id_is_never_read_half_written(tmp_path):
    """Processes starting at once all get one whole id: the file appears complete or not at all."""
    import multiprocessing

    from facilitator_tui.core.days import device_id

    data = tmp_path / "data"
    with multiprocessing.get_context("fork").Pool(8) as pool:
        ids = pool.map(device_id, [data] * 40)
    assert len(set(ids)) == 1 and ids[0] and ids[0] == device_id(data)
    # An empty id file left by an older version is replaced, not used.
    (data / "devices").mkdir(exist_ok=True)
    for path in (data / "devices").iterdir():
        path.write_text("")
    fresh = device_id(data)
    assert fresh and device_id(data) == fresh
