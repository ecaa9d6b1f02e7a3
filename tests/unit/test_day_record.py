"""What every export is made from: the record's timings, pauses, re-plans and close, in whole minutes.

The small plan: open 09:00 (30 min), tea 09:30 (15), extra 09:45 (15, optional),
lunch 10:00 (20, fixed), last 10:20 (40), close 11:00.
"""

from __future__ import annotations

import pytest

from day_helpers import at, small_plan
from facilitator_tui.core import acts
from facilitator_tui.core.clock import FakeClock
from facilitator_tui.core.control_chars import visible
from facilitator_tui.core.days import Day, open_day
from facilitator_tui.export import render
from facilitator_tui.export.record import day_record, share, whole_minutes
from facilitator_tui.export.wording import close_line, replan_line, timing_summary

PLAN = small_plan()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(at("08:55"))


@pytest.fixture
def day(tmp_path, clock) -> Day:
    opened = open_day(tmp_path, PLAN, tmp_path / "small.toml", clock=clock, today=clock.now().date(), author="ann")
    yield opened
    opened.close()


def run_day(day: Day, clock: FakeClock) -> None:
    """Opening 09:00–09:32 with a 2.5-minute pause; a re-plan at 09:32 (tea 15 → 10, extra dropped); the rest to 11:04."""
    clock.set(at("09:00"))
    day.do(acts.Start())
    clock.set(at("09:10"))
    day.do(acts.Pause())
    clock.set(at("09:12", 30))
    day.do(acts.Resume())
    clock.set(at("09:32"))
    assert day.do(acts.Replan({"tea": 10}, ("extra",))).done
    day.do(acts.Next())
    for time in ("09:42", "10:02", "10:24"):
        clock.set(at(time))
        day.do(acts.Next())
    clock.set(at("11:04"))
    assert day.do(acts.Next(confirmed=True)).done  # ending the day is asked first


def test_whole_minutes_round_half_up():
    assert [whole_minutes(s) for s in (0, 29, 30, 89, 90, 1799)] == [0, 0, 1, 1, 2, 30]


def test_running_and_paused_time_in_whole_minutes(day, clock):
    run_day(day, clock)
    record = day_record(day.plan, day.events, clock.now())
    opening = record.items[0]
    assert (opening.actual_seconds, opening.paused_seconds) == (32 * 60 - 150, 150)
    assert (opening.actual_minutes, opening.paused_minutes, opening.overrun_minutes) == (30, 3, 0)
    assert timing_summary(opening) == "09:00–09:32, 30 min, paused 3 min"
    assert record.items[1].paused_minutes == 0 and "paused" not in timing_summary(record.items[1])


def test_a_replan_is_recorded_with_what_changed_and_when(day, clock):
    run_day(day, clock)
    record = day_record(day.plan, day.events, clock.now())
    (entry,) = record.replans
    assert entry.at == at("09:32")
    assert [(c.title, c.before, c.after) for c in entry.lengths] == [("Tea", 15, 10)]
    assert entry.dropped == ("Extra",)
    assert replan_line(entry) == "Re-planned at 09:32: Tea 15 → 10 min; dropped: Extra."
    for fmt in ("md", "html"):
        assert "Re-planned at 09:32: Tea 15 → 10 min; dropped: Extra." in str(render(record, fmt)), fmt


def test_an_undone_replan_is_not_in_the_record(day, clock):
    clock.set(at("09:00"))
    day.do(acts.Start())
    day.do(acts.Replan({"tea": 10}))
    day.do(acts.Undo())
    assert day_record(day.plan, day.events, clock.now()).replans == ()


def test_the_close_against_the_target(day, clock):
    run_day(day, clock)
    record = day_record(day.plan, day.events, clock.now())
    assert record.closed_at == at("11:04") and record.target_close == at("11:00")
    assert record.close_minutes == 4
    assert close_line(record) == "Closed 11:04, 4 min after the target (11:00)."


def test_a_running_day_says_its_projected_close(day, clock):
    clock.set(at("09:00"))
    day.do(acts.Start())
    clock.set(at("09:40"))
    record = day_record(day.plan, day.events, clock.now())
    assert record.closed_at is None
    assert close_line(record).startswith("Not closed when exported: projected close ")


def test_an_accepted_close_is_the_target_and_says_so(day, clock):
    clock.set(at("09:00"))
    day.do(acts.Start())
    clock.set(at("09:50"))
    day.do(acts.AcceptClose(at("11:15")))
    record = day_record(day.plan, day.events, clock.now())
    assert (record.plan_close, record.target_close, record.target_accepted_at) == (at("11:00"), at("11:15"), at("09:50"))
    assert "the plan closed at 11:00, and 11:15 was accepted at 09:50" in close_line(record)


def test_a_shared_record_renames_titles_in_replans(day, clock):
    run_day(day, clock)
    shared = share(day_record(day.plan, day.events, clock.now()), {"Tea": "Pause"})
    assert shared.replans[0].lengths[0].title == "Pause"


def test_guidance_only_when_asked(day, clock):
    clock.set(at("09:00"))
    day.do(acts.Start())
    assert all(item.guidance is None for item in day_record(day.plan, day.events, clock.now()).items)


CONTROLS = "\x1b[2J\x1b]0;pwned\x07\x00\x08\x7f\x9b"


def test_control_characters_never_reach_any_export(day, clock):
    """An escape sequence pasted into a note, an owner or a due clears no terminal and breaks no file."""
    import io
    import zipfile

    from facilitator_tui.export import FORMATS, WHATS

    clock.set(at("09:00"))
    day.do(acts.Start())
    day.do(acts.SaveNote("open", f"before{CONTROLS}after\r\nnext line"))
    day.do(acts.Capture("action", "open", f"act{CONTROLS}", owner=f"Ann{CONTROLS}", due=f"Fri{CONTROLS}"))
    record = day_record(day.plan, day.events, clock.now())
    # Kept and shown as their pictures (␛ for ESC): seen, never obeyed; a Windows line end is a line end.
    assert record.items[0].notes[0].text == f"before{visible(CONTROLS)}after\nnext line"
    assert "␛[2J" in record.items[0].notes[0].text
    for fmt in FORMATS:
        for what in WHATS.get(fmt, (None,)):
            content = render(record, fmt, what)
            if isinstance(content, bytes):
                with zipfile.ZipFile(io.BytesIO(content)) as archive:
                    parts = [name for name in archive.namelist() if name.endswith((".xml", ".rels"))]
                    content = "".join(archive.read(name).decode("utf-8") for name in parts)
            if fmt == "json":
                assert "\\u001b" not in content and "\\u0000" not in content
            bad = [hex(ord(c)) for c in content if (ord(c) < 32 and c not in "\t\n\r") or 0x7F <= ord(c) <= 0x9F]
            assert bad == [], (fmt, what, bad)
