"""The log on disk: durable appends, torn lines, permissions, following."""

from __future__ import annotations

import hashlib
import stat

from day_helpers import at, header, small_plan
from facilitator_tui.core import events as ev
from facilitator_tui.core.event_log import LogReader, LogWriter

PLAN = small_plan()


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_events_round_trip_through_the_log(tmp_path):
    writer = LogWriter(tmp_path / "day", "laptop")
    sent = [header(PLAN), ev.Start(at=at("09:00"), author="Ann", device="laptop"), ev.Extend(at=at("09:01"), item_id="open", minutes=5)]
    for event in sent:
        writer.append(event)
    assert LogReader(tmp_path / "day").read_new() == sent


def test_every_event_has_a_unique_id():
    assert len({ev.Start(at=at("09:00")).id for _ in range(100)}) == 100


def test_the_folder_is_private_and_the_file_owner_only(tmp_path):
    folder = tmp_path / "day"
    writer = LogWriter(folder, "laptop")
    writer.append(ev.Start(at=at("09:00")))
    assert mode(folder) == 0o700
    assert mode(writer.path) == 0o600


def test_a_torn_line_is_skipped_with_a_warning_and_never_rewritten(tmp_path):
    folder = tmp_path / "day"
    writer = LogWriter(folder, "laptop")
    writer.append(ev.Start(at=at("09:00")))
    writer.close()
    with writer.path.open("ab") as handle:
        handle.write(b'{"id": "x", "at": "2026-11-26T09:0')  # a crash mid-write
    before = hashlib.sha256(writer.path.read_bytes()).hexdigest()
    reader = LogReader(folder)
    events = reader.read_new()
    assert [e.type for e in events] == ["start"]
    assert any("incomplete" in str(w) for w in reader.read_tail_warnings())
    assert hashlib.sha256(writer.path.read_bytes()).hexdigest() == before


def test_a_writer_after_a_torn_line_starts_on_a_new_line(tmp_path):
    folder = tmp_path / "day"
    writer = LogWriter(folder, "laptop")
    writer.append(ev.Start(at=at("09:00")))
    writer.close()
    with writer.path.open("ab") as handle:
        handle.write(b'{"id": "torn", "at": "2026-1')
    again = LogWriter(folder, "laptop")
    again.append(ev.Next(at=at("09:30")))
    reader = LogReader(folder)
    events = reader.read_new()
    assert [e.type for e in events] == ["start", "next"]
    assert len(reader.warnings) == 1
    assert "line 2" in str(reader.warnings[0])


def test_garbage_and_unknown_events_are_skipped(tmp_path):
    folder = tmp_path / "day"
    folder.mkdir()
    good = ev.Start(at=at("09:00")).model_dump_json()
    (folder / "events-x.jsonl").write_bytes(
        b"\x00\xff garbage\n" + b'{"type": "teleport", "at": "2026-11-26T09:00:00Z"}\n' + good.encode() + b"\n"
    )
    reader = LogReader(folder)
    assert [e.type for e in reader.read_new()] == ["start"]
    assert [w.line for w in reader.warnings] == [1, 2]


def test_a_reader_follows_new_lines_only(tmp_path):
    folder = tmp_path / "day"
    writer = LogWriter(folder, "laptop")
    writer.append(ev.Start(at=at("09:00")))
    reader = LogReader(folder)
    assert len(reader.read_new()) == 1
    assert reader.read_new() == []
    writer.append(ev.Pause(at=at("09:05")))
    assert [e.type for e in reader.read_new()] == ["pause"]


def test_logs_from_two_devices_merge_by_time(tmp_path):
    folder = tmp_path / "day"
    one, two = LogWriter(folder, "one"), LogWriter(folder, "two")
    one.append(ev.Start(at=at("09:00")))
    two.append(ev.Pause(at=at("09:05")))
    one.append(ev.Resume(at=at("09:10")))
    assert [e.type for e in LogReader(folder).read_new()] == ["start", "pause", "resume"]


def test_a_full_disk_raises_and_keeps_what_was_saved(tmp_path, monkeypatch):
    import errno
    import os

    import pytest

    folder = tmp_path / "day"
    writer = LogWriter(folder, "laptop")
    writer.append(ev.Start(at=at("09:00")))

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(OSError):
        writer.append(ev.Next(at=at("09:30")))
    monkeypatch.undo()
    assert [e.type for e in LogReader(folder).read_new()] == ["start"]
