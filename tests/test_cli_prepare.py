"""`facilitator-tui prepare`: the preparation and follow-up checklists, what is due and late, and ticking tasks off."""

from __future__ import annotations

import datetime as dt
import json
import stat

from facilitator_tui.cli import main

PLAN = """\
title = "Prep test"
start = "09:00"
close = "10:00"

[[prepare]]
id = "assessment"
task = "Psychometric assessment completed"
days = 14

[[prepare]]
id = "print"
task = "Briefs printed"
days = 2
link = "https://example.org/print"

[[follow_up]]
id = "survey"
task = "Post-event survey sent"
days = 1

[[agenda]]
id = "a"
title = "A"
start = "09:00"
"""


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def plan_file(tmp_path):
    path = tmp_path / "prep.toml"
    path.write_text(PLAN, encoding="utf-8")
    return str(path)


def line_of(out: str, task: str) -> str:
    (line,) = [line for line in out.splitlines() if task in line and line.startswith("  ")]  # the checklist's row
    return line


def test_the_checklists_say_what_is_late_due_and_later_by_date(tmp_path, capsys):
    day = dt.date.today() + dt.timedelta(days=10)
    code, out, _ = run(capsys, "prepare", plan_file(tmp_path), "--date", day.isoformat(), "--data-dir", str(tmp_path / "data"))
    assert code == 0
    # Due 14 days before a day 10 days away: 4 days late. Due 2 days before: in 8 days, later.
    assert "LATE" in line_of(out, "Psychometric assessment completed")
    assert (day - dt.timedelta(days=14)).strftime("%d %b") in line_of(out, "Psychometric assessment completed")
    assert "later" in line_of(out, "Briefs printed")
    assert "https://example.org/print" in out
    assert out.index("Before the day") < out.index("Briefs printed") < out.index("After the day") < out.index("Post-event survey sent")
    assert not (tmp_path / "data" / "days").exists(), "looking writes nothing"


def test_a_task_due_within_three_days_is_due(tmp_path, capsys):
    day = dt.date.today() + dt.timedelta(days=4)
    _, out, _ = run(capsys, "prepare", plan_file(tmp_path), "--date", day.isoformat(), "--data-dir", str(tmp_path / "data"))
    assert "! due" in line_of(out, "Briefs printed")


def test_ticking_is_an_event_in_the_days_own_log_which_keeps_its_date(tmp_path, capsys):
    day = dt.date.today() + dt.timedelta(days=10)
    args = ("prepare", plan_file(tmp_path), "--date", day.isoformat(), "--data-dir", str(tmp_path / "data"))
    code, out, _ = run(capsys, *args, "--tick", "assessment")
    assert code == 0
    assert "done" in line_of(out, "Psychometric assessment completed")
    folder = tmp_path / "data" / "days" / f"{day.isoformat()}-prep"
    (log,) = folder.glob("events-*.jsonl")
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    events = [json.loads(line) for line in log.read_text().splitlines()]
    assert [e["type"] for e in events] == ["day_created", "task_ticked"]
    assert events[0]["date"] == day.isoformat(), "a day ticked ahead stays on its own date"
    # Read back by a later look, then taken back.
    _, out, _ = run(capsys, *args)
    assert "done" in line_of(out, "Psychometric assessment completed")
    code, out, _ = run(capsys, *args, "--untick", "assessment")
    assert code == 0 and "LATE" in line_of(out, "Psychometric assessment completed")
    assert out.startswith("Not done: Psychometric assessment completed")


def test_an_unknown_task_or_date_is_refused_clearly(tmp_path, capsys):
    code, _, err = run(capsys, "prepare", plan_file(tmp_path), "--tick", "cake", "--data-dir", str(tmp_path / "data"))
    assert code == 2 and "no task 'cake'" in err
    code, _, err = run(capsys, "prepare", plan_file(tmp_path), "--date", "10/12/2026")
    assert code == 2 and "YYYY-MM-DD" in err
