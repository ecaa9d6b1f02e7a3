"""Two laptops' logs of one day: `merge` of copies carried by hand, and following logs that arrive
truncated, out of order or twice (a sync tool's conflict copy).

Laptop A runs the clock; laptop B writes notes and a capture. Their events
interleave in time, as on the day.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from day_helpers import header
from device_logs import DAY, PLAN, day_events, write
from facilitator_tui.cli import main
from facilitator_tui.core import events as ev
from facilitator_tui.core.days import open_day
from facilitator_tui.core.fold import fold
from facilitator_tui.core.merge import MergeError, merge_days


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture
def copies(tmp_path) -> tuple[Path, Path]:
    """Laptop A's copy (its whole log, and B's log as it had synced by 09:06) and laptop B's (the reverse)."""
    events = day_events()
    a, b = tmp_path / "from-a", tmp_path / "from-b"
    write(a, "laptop-a", events["laptop-a"])
    write(a, "laptop-b", events["laptop-b"][:1])
    write(b, "laptop-b", events["laptop-b"])
    write(b, "laptop-a", events["laptop-a"][:2])
    return a, b


# ----- merge ----------------------------------------------------------------------


def test_merge_keeps_every_event_once_and_leaves_the_inputs_alone(copies, tmp_path):
    a, b = copies
    before = digest(a), digest(b)
    result = merge_days([a, b], tmp_path / "merged")
    assert (digest(a), digest(b)) == before, "the inputs are never changed"
    assert result.events == 8 and result.duplicates == 3
    assert result.devices == {"laptop-a": 5, "laptop-b": 3}
    assert result.clock_devices == {"laptop-a": 4}
    merged = tmp_path / "merged"
    assert sorted(p.name for p in merged.iterdir()) == ["events-laptop-a.jsonl", "events-laptop-b.jsonl"]
    assert oct(merged.stat().st_mode & 0o777) == "0o700"
    assert all(oct(p.stat().st_mode & 0o777) == "0o600" for p in merged.iterdir())


def test_the_merged_day_is_the_whole_day(copies, tmp_path):
    a, b = copies
    data = tmp_path / "data"
    merge_days([a, b], data / "days" / DAY)
    day = open_day(data, None, None, day_id=DAY, read_only=True)
    try:
        everything = sorted((e for events in day_events().values() for e in events), key=lambda e: e.at)
        assert day.state.current == fold(PLAN, everything).current == 1
        assert day.state.notes.notes_for("open", "author-laptop-b").text == "B's first note"
        assert [c.text for c in day.state.notes.live_captures()] == ["B's action"]
    finally:
        day.close()


def test_merging_the_same_copy_twice_changes_nothing(copies, tmp_path):
    a, _ = copies
    once = merge_days([a], tmp_path / "once")
    twice = merge_days([a, a, tmp_path / "once"], tmp_path / "twice")
    assert (once.events, twice.events) == (6, 6)
    assert digest(tmp_path / "once") == digest(tmp_path / "twice")


@pytest.mark.parametrize(
    ("setup", "words"),
    [
        ("not-empty", "is not empty"),
        ("same-as-input", "is one of the inputs"),
        ("data-dir", "that is a data folder"),
        ("other-day", "hold different days"),
        ("missing", "no such folder"),
    ],
)
def test_merge_refuses_what_it_cannot_do(copies, tmp_path, setup, words):
    a, b = copies
    inputs, output = [a, b], tmp_path / "out"
    if setup == "not-empty":
        output.mkdir()
        (output / "x").write_text("x")
    elif setup == "same-as-input":
        output = a
    elif setup == "data-dir":
        (tmp_path / "data" / "days").mkdir(parents=True)
        inputs = [tmp_path / "data"]
    elif setup == "other-day":
        other = tmp_path / "other"
        write(other, "laptop-c", [header(PLAN).model_copy(update={"day_id": "2026-11-27-small", "id": "x" * 32})])
        inputs = [a, other]
    elif setup == "missing":
        inputs = [tmp_path / "nowhere"]
    before = digest(a)
    with pytest.raises(MergeError, match=words):
        merge_days(inputs, output)
    assert digest(a) == before


def test_a_torn_line_in_a_copy_is_skipped_with_a_warning(copies, tmp_path):
    a, b = copies
    with (b / "events-laptop-b.jsonl").open("ab") as handle:
        handle.write(b'{"type": "note_saved", "at": "2026-11-26T09:4')
    result = merge_days([a, b], tmp_path / "merged")
    assert result.events == 8
    assert any("incomplete last line" in str(w) for w in result.warnings)


def test_the_merge_command_says_who_ran_the_clock(copies, tmp_path, capsys):
    a, b = copies
    assert main(["merge", str(a), str(b), "-o", str(tmp_path / "merged")]) == 0
    out = capsys.readouterr().out
    assert "Merged 8 events" in out and "(3 found twice, kept once)" in out
    assert "The clock was run by: laptop-a (4 timer acts)." in out
    assert main(["merge", str(a), "-o", str(a)]) == 2
    assert "is one of the inputs" in capsys.readouterr().err


# ----- following device logs ------------------------------------------------------


def test_following_a_log_that_arrives_truncated_out_of_order_and_twice(tmp_path):
    """B's log arrives late (its events are older than A's last), with a torn line, then whole, then as a conflict copy."""
    data = tmp_path / "data"
    folder = data / "days" / DAY
    events = day_events()
    write(folder, "laptop-a", events["laptop-a"])
    day = open_day(data, None, None, day_id=DAY, read_only=True)
    try:
        assert day.state.current == 1 and day.state.notes.notes_for("open", "author-laptop-b").text == ""
        lines = b"".join(ev.event_to_line(e) for e in events["laptop-b"])
        torn = lines[: len(lines) - 20]
        (folder / "events-laptop-b.jsonl").write_bytes(torn)
        assert day.follow()
        assert day.state.notes.notes_for("open", "author-laptop-b").text == "B's first note"
        assert [c.text for c in day.state.notes.live_captures()] == ["B's action"]
        assert day.state.notes.notes_for("tea", "author-laptop-b").text == "", "a torn last line waits until it is whole"
        (folder / "events-laptop-b.jsonl").write_bytes(lines)
        assert day.follow()
        assert day.state.notes.notes_for("tea", "author-laptop-b").text == "B's tea note"
        state = (day.state.current, len(day.events))
        shutil.copy(folder / "events-laptop-a.jsonl", folder / "events-laptop-a.sync-conflict-20261126-093500-ABCDEFG.jsonl")
        shutil.copy(folder / "events-laptop-b.jsonl", folder / "events-laptop-b-DESKTOP-OTHER.jsonl")
        assert not day.follow(), "a conflict copy brings nothing new"
        assert (day.state.current, len(day.events)) == state == (1, 8)
        everything = sorted((e for evs in events.values() for e in evs), key=lambda e: e.at)
        assert day.state.items[0].pauses == fold(PLAN, everything).items[0].pauses
    finally:
        day.close()
