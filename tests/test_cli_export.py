"""The `export`, `days` and `review` commands: output, files, default day and bad input."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from day_helpers import at
from export_helpers import (
    ACTION_FORMULA,
    ACTION_MULTILINE,
    ACTION_PRIVATE,
    OPEN_NOTE,
    PRIVATE_STRINGS,
    PSEUDONYMS,
    build_day,
)
from facilitator_tui.cli import main
from facilitator_tui.core.days import days_dir
from facilitator_tui.export import render, schema_text
from facilitator_tui.export.json_log import SCHEMA_VERSION

REAL_ID = "2026-11-26-hostile-day"


@pytest.fixture
def data(tmp_path) -> Path:
    """A data dir holding one real day (2026-11-26)."""
    folder = tmp_path / "data"
    build_day(folder)
    return folder


@pytest.fixture
def record(data):
    from facilitator_tui.core.days import open_day
    from facilitator_tui.export.record import day_record

    day = open_day(data, None, None, day_id=REAL_ID, read_only=True)
    return day_record(day.plan, day.events, day.events[-1].at)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def export(capsys, data: Path, *args: str) -> tuple[int, str, str]:
    return run(capsys, "export", "--data-dir", str(data), *args)


def assert_bad_input(code: int, out: str, err: str, *words: str) -> None:
    assert code == 2, err
    assert out == ""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("facilitator-tui: "), err
    for word in words:
        assert word in lines[0], (word, err)


def no_temp_files(folder: Path) -> None:
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


# ----- formats to stdout ------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html", "json", "csv"])
def test_export_writes_each_format_to_stdout(capsys, data, record, fmt):
    code, out, err = export(capsys, data, "--format", fmt)
    assert code == 0, err
    assert out == render(record, fmt)
    if fmt != "csv":  # (the items CSV has timings, not note text)
        assert "PRIVATE-ACTION" in out and "RAW-OBSERVATION" in out, "a full export keeps private notes"


def test_export_default_format_is_markdown(capsys, data, record):
    code, out, _ = export(capsys, data)
    assert code == 0 and out == render(record, "md")


def test_export_json_is_valid_against_the_schema(capsys, data):
    code, out, _ = export(capsys, data, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert Draft202012Validator(json.loads(schema_text())).is_valid(doc)
    assert doc["plan"]["file"] == "hostile-day.toml" and doc["rehearsal"] is False


def test_export_csv_actions(capsys, data):
    code, out, _ = export(capsys, data, "--format", "csv", "--what", "actions")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"), newline="")))
    assert [r["text"] for r in rows] == ["'" + ACTION_FORMULA, ACTION_MULTILINE, ACTION_PRIVATE]
    assert [r["private"] for r in rows] == ["no", "no", "yes"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--format", "md", "--what", "actions"), ("--what does not apply to --format md",)),
        (("--format", "docx", "--what", "items"), ("--what does not apply to --format docx",)),
        (("--format", "csv", "--what", "agenda"), ("--format csv takes --what", "'agenda'")),
        (("--format", "ics", "--what", "items"), ("--format ics takes --what actions or agenda",)),
        (("--share", "--with-guidance"), ("guidance is never shared",)),
    ],
)
def test_options_that_do_not_apply_are_errors(capsys, data, args, words):
    assert_bad_input(*export(capsys, data, *args), *words)


def test_guidance_only_when_asked(capsys, data):
    _, plain, _ = export(capsys, data, "--format", "md")
    _, guided, _ = export(capsys, data, "--format", "md", "--with-guidance")
    assert "GUIDANCE-SECRET" not in plain and "Facilitator guidance" not in plain
    assert "GUIDANCE-SECRET" in guided and "Facilitator guidance (private)" in guided
    assert len(guided) > len(plain)


@pytest.mark.parametrize(("fmt", "magic"), [("docx", b"PK"), ("xlsx", b"PK"), ("ics", b"BEGIN:VCALENDAR")])
def test_office_and_calendar_files_are_written_whole_and_private(capsys, data, tmp_path, fmt, magic):
    target = tmp_path / f"day.{fmt}"
    code, out, err = export(capsys, data, "--format", fmt, "-o", str(target))
    assert code == 0, err
    assert target.read_bytes().startswith(magic)
    assert target.stat().st_mode & 0o777 == 0o600
    no_temp_files(tmp_path)


def test_a_word_file_is_not_written_to_a_terminal(capsys, data, monkeypatch):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert_bad_input(*export(capsys, data, "--format", "docx"), "-o FILE.docx")


# ----- files ------------------------------------------------------------------------


def test_output_file_is_written_atomically_and_private(capsys, data, record, tmp_path):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "day.html"
    code, out, err = export(capsys, data, "--format", "html", "-o", str(target))
    assert code == 0, err
    assert out == ""
    assert str(target) in err
    assert target.read_text(encoding="utf-8") == render(record, "html")
    assert target.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in out_dir.iterdir()) == ["day.html"]


def test_output_file_replaces_an_old_one_and_becomes_private(capsys, data, tmp_path):
    target = tmp_path / "day.json"
    target.write_text("old contents")
    target.chmod(0o644)
    code, _, err = export(capsys, data, "--format", "json", "--output", str(target))
    assert code == 0, err
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == SCHEMA_VERSION
    assert target.stat().st_mode & 0o777 == 0o600
    no_temp_files(tmp_path)


def test_csv_file_keeps_crlf_rows_and_newlines_inside_cells(capsys, data, tmp_path):
    target = tmp_path / "actions.csv"
    assert export(capsys, data, "--format", "csv", "--what", "actions", "-o", str(target))[0] == 0
    raw = target.read_bytes()
    assert raw.count(b"\r\n") == 4, "header and three actions end in CRLF"
    assert raw.startswith("\ufeff".encode()), "a byte order mark, so Excel reads UTF-8"
    with target.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[1]["text"] == ACTION_MULTILINE


# ----- share and pseudonyms -----------------------------------------------------------


def test_share_has_no_private_text_and_uses_the_plans_pseudonyms(capsys, data, tmp_path):
    for fmt in ("md", "html", "json", "csv"):
        code, out, err = export(capsys, data, "--format", fmt, "--share")
        assert code == 0, err
        for secret in PRIVATE_STRINGS:
            assert secret not in out, (fmt, secret)
        for name in ("Ann Smith", "O'Neil", "Zoë", "José"):
            assert name not in out, (fmt, name)
    code, out, _ = export(capsys, data, "--format", "json", "--share")
    doc = json.loads(out)
    assert doc["shared"] is True
    assert "Participant A went quiet" in doc["items"][0]["notes"][0]["text"]


def test_shared_file_is_written_too(capsys, data, tmp_path):
    target = tmp_path / "share.md"
    code, _, err = export(capsys, data, "--share", "-o", str(target))
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    assert "shared version" in text and "PRIVATE-ACTION" not in text
    no_temp_files(tmp_path)


@pytest.mark.parametrize("under_table", [False, True])
def test_pseudonym_file(capsys, data, tmp_path, under_table):
    names = tmp_path / "names.toml"
    head = "[pseudonyms]\n" if under_table else ""
    names.write_text(
        head + '"Ann Smith" = "Alpha [red]x[/] <b>"\n"ann" = "Beta"\n"O\'Neil" = "Gamma"\n"zoë" = "Delta"\n"José" = "Epsilon"\n',
        encoding="utf-8",
    )
    code, out, err = export(capsys, data, "--format", "json", "--share", "--pseudonyms", str(names))
    assert code == 0, err
    doc = json.loads(out)
    texts = json.dumps(doc, ensure_ascii=False)
    assert "Participant" not in texts, "the file replaces the plan's own table"
    assert doc["items"][0]["notes"][0]["text"].startswith("Alpha [red]x[/] <b> went quiet")
    assert doc["items"][0]["title"].endswith("with Beta")
    assert doc["items"][0]["notes"][0]["author"] == "Epsilon"
    for name in PSEUDONYMS:
        assert re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", texts, re.IGNORECASE) is None, name
    assert "Annual" in texts and "Joanne" in texts, "only whole words are names"


def test_pseudonyms_without_share_is_refused(capsys, data, tmp_path):
    names = tmp_path / "names.toml"
    names.write_text('"Ann" = "A"\n')
    assert_bad_input(*export(capsys, data, "--pseudonyms", str(names)), "--share")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('"Ann" = \n', ["not valid TOML", "line 1"]),
        ('Ann = "A"\nAnn = "B"\n', ["not valid TOML"]),
        ("Ann = 3\n", ["'Ann'", "pseudonym in quotes"]),
        ('Ann = ""\n', ["'Ann'"]),
        ('Ann = ["A"]\n', ["'Ann'"]),
        ('[people]\nAnn = "A"\n', ["'people'"]),
        (b"\xff\xfe not utf-8", ["cannot read"]),
    ],
    ids=["bad-toml", "duplicate-key", "number", "empty", "list", "other-table", "not-utf8"],
)
def test_broken_pseudonym_file(capsys, data, tmp_path, content, words):
    names = tmp_path / "names.toml"
    if isinstance(content, bytes):
        names.write_bytes(content)
    else:
        names.write_text(content, encoding="utf-8")
    assert_bad_input(*export(capsys, data, "--share", "--pseudonyms", str(names)), str(names), *words)


def test_missing_pseudonym_file(capsys, data, tmp_path):
    assert_bad_input(*export(capsys, data, "--share", "--pseudonyms", str(tmp_path / "nope.toml")), "no such pseudonym file")


# ----- which day --------------------------------------------------------------------


def test_default_day_is_the_latest_real_day_not_a_newer_rehearsal(capsys, tmp_path):
    folder = tmp_path / "data"
    older = build_day(folder, start=at("08:55") - dt.timedelta(days=6))
    newer = build_day(folder, start=at("08:55"))
    rehearsal = build_day(folder, start=at("08:55") + dt.timedelta(days=1), rehearse=True)
    assert "rehearsal" in rehearsal.day_id
    assert len({older.day_id, newer.day_id, rehearsal.day_id}) == 3
    code, out, err = export(capsys, folder, "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert (doc["date"], doc["rehearsal"]) == ("2026-11-26", False)
    # The rehearsal is still there to export by its id.
    code, out, _ = export(capsys, folder, "--format", "json", "--day", rehearsal.day_id)
    assert code == 0
    assert (json.loads(out)["date"], json.loads(out)["rehearsal"]) == ("2026-11-27", True)
    code, out, _ = export(capsys, folder, "--format", "json", "--day", older.day_id)
    assert code == 0 and json.loads(out)["date"] == "2026-11-20"


def test_only_rehearsals_means_no_default_day(capsys, tmp_path):
    folder = tmp_path / "data"
    build_day(folder, rehearse=True)
    assert_bad_input(*export(capsys, folder), "rehearsal", "--day")


def test_unknown_day(capsys, data):
    assert_bad_input(*export(capsys, data, "--day", "2030-01-01-nothing"), "2030-01-01-nothing", REAL_ID)


@pytest.mark.parametrize("log", [b"", None, b"not json\n{\"type\": \"start\"}\n"], ids=["empty-log", "no-log", "garbled-log"])
def test_day_with_no_events(capsys, data, log):
    empty = days_dir(data) / "2026-11-30-empty"
    empty.mkdir(parents=True)
    if log is not None:
        (empty / "events-laptop.jsonl").write_bytes(log)
    assert_bad_input(*export(capsys, data, "--day", empty.name), empty.name, "no events")
    # It does not become the default either.
    code, out, _ = export(capsys, data, "--format", "json")
    assert code == 0 and json.loads(out)["date"] == "2026-11-26"


def test_no_days_at_all(capsys, tmp_path):
    assert_bad_input(*export(capsys, tmp_path / "nothing-here"), "no recorded real day")


@pytest.mark.parametrize("where", ["missing-dir", "is-a-dir", "parent-is-a-file"])
def test_unwritable_output_path(capsys, data, tmp_path, where):
    if where == "missing-dir":
        target = tmp_path / "no" / "such" / "dir" / "day.md"
    elif where == "is-a-dir":
        target = tmp_path / "a-folder"
        target.mkdir()
        (target / "keep").write_text("x")
    else:
        (tmp_path / "file.txt").write_text("x")
        target = tmp_path / "file.txt" / "day.md"
    assert_bad_input(*export(capsys, data, "-o", str(target)), "cannot write")
    no_temp_files(tmp_path)
    if where == "is-a-dir":
        assert [p.name for p in target.iterdir()] == ["keep"]
    if where == "parent-is-a-file":
        assert (tmp_path / "file.txt").read_text() == "x"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_read_only_output_folder(capsys, data, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert_bad_input(*export(capsys, data, "-o", str(folder / "day.md")), "cannot write")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


# ----- days and review ----------------------------------------------------------------


def test_days_lists_ids_kinds_done_and_note_counts(capsys, tmp_path):
    folder = tmp_path / "data"
    real = build_day(folder)
    rehearsal = build_day(folder, start=at("08:55") + dt.timedelta(days=1), rehearse=True)
    (days_dir(folder) / "2026-11-30-empty").mkdir()
    code, out, err = run(capsys, "days", "--data-dir", str(folder))
    assert code == 0, err
    lines = {line.split()[0]: line.split() for line in out.splitlines()[1:]}
    assert set(lines) == {real.day_id, rehearsal.day_id, "2026-11-30-empty"}
    # 3 items with notes (Opening, Tea, Closing) + 7 live captures; the deleted one is not counted.
    assert lines[real.day_id][1:] == ["2026-11-26", "hostile-day.toml", "real", "4/5", "10"]
    assert lines[rehearsal.day_id][1:] == ["2026-11-27", "hostile-day.toml", "rehearsal", "4/5", "10"]
    assert "no readable events" in " ".join(lines["2026-11-30-empty"])
    # Every id `days` prints is accepted by --day (the empty day with a clear error).
    for day_id in (real.day_id, rehearsal.day_id):
        assert export(capsys, folder, "--day", day_id, "--format", "json")[0] == 0


def cells(line: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of a `days` line: cells are parted by two spaces or more."""
    return [match.span() for match in re.finditer(r"\S+(?: \S+)*", line)]


def test_days_columns_line_up_whatever_the_lengths(capsys, tmp_path):
    folder = tmp_path / "data"
    long_plan = Path("a-plan-with-a-name-much-longer-than-any-column-was-made-for.toml")
    short = build_day(folder, start=at("08:55") - dt.timedelta(days=1), plan_path=Path("x.toml"))
    long = build_day(folder, plan_path=long_plan)
    odd_id = "2026-12-01-a-folder-with-an-even-longer-name-than-the-long-plan-gives-its-day"
    (days_dir(folder) / odd_id).mkdir()
    code, out, err = run(capsys, "days", "--data-dir", str(folder))
    assert code == 0, err
    header, *rows = out.splitlines()
    assert [line.split()[0] for line in rows] == [odd_id, short.day_id, long.day_id]
    assert [header[start:end] for start, end in cells(header)] == ["Day", "Date", "Plan", "Kind", "Done", "Notes"]
    columns = cells(header)
    for line in rows[1:]:
        found = cells(line)
        assert len(found) == 6, line
        # Text columns start where their heading starts; Done and Notes end where theirs end.
        assert [start for start, _ in found[:4]] == [start for start, _ in columns[:4]], (header, line)
        assert [end for _, end in found[4:]] == [end for _, end in columns[4:]], (header, line)
        assert line == line.rstrip()
    assert long_plan.name in rows[2]
    # A day without a readable header: its remark sits in the Date column and widens nothing after it.
    remark = cells(rows[0])
    assert [rows[0][start:end] for start, end in remark] == [odd_id, "(no readable events)"]
    assert remark[1][0] == columns[1][0]
    assert columns[1][0] == len(odd_id) + 2


def test_days_counts_an_item_still_running_as_not_done(capsys, tmp_path):
    from day_helpers import make_day, small_plan
    from facilitator_tui.core import events as ev
    from facilitator_tui.core.clock import FakeClock

    folder = tmp_path / "data"
    clock = FakeClock(at("09:00"))
    day = make_day(folder, small_plan(), Path("small.toml"), clock)
    try:
        day.record(ev.Start(**day.stamp()))
        clock.set(at("09:31"))
        day.record(ev.Next(**day.stamp()))  # Opening has ended; Tea is running
        clock.set(at("09:35"))
        day.record(ev.Pause(**day.stamp()))  # paused is still running, not done
    finally:
        day.close()
    code, out, err = run(capsys, "days", "--data-dir", str(folder))
    assert code == 0, err
    assert out.splitlines()[1].split()[4] == "1/5"


def test_days_with_nothing_recorded(capsys, tmp_path):
    code, out, err = run(capsys, "days", "--data-dir", str(tmp_path))
    assert code == 0 and out == "" and "No recorded days" in err


@pytest.mark.parametrize("command", ["review", "export"])
def test_help_works(capsys, command):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "--day" in out and "--data-dir" in out
    if command == "export":
        for word in ("--format", "--share", "--pseudonyms", "--what", "-o"):
            assert word in out


def test_review_of_an_unknown_day_is_bad_input(capsys, data):
    assert_bad_input(*run(capsys, "review", "--data-dir", str(data), "--day", "nope"), "nope")


def test_unknown_format_is_refused_by_the_parser(capsys, data):
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "--data-dir", str(data), "--format", "pdf"])
    assert exit_info.value.code == 2
    assert "pdf" in capsys.readouterr().err


# ----- a real process -------------------------------------------------------------------


def test_export_in_a_subprocess(data, tmp_path):
    target = tmp_path / "log.json"
    env = {**os.environ, "FACILITATOR_TUI_HOME": str(data)}
    done = subprocess.run(
        [sys.executable, "-m", "facilitator_tui", "export", "--format", "json", "-o", str(target)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["items"][0]["notes"][0]["text"] == OPEN_NOTE
    assert target.stat().st_mode & 0o777 == 0o600
    bad = subprocess.run(
        [sys.executable, "-m", "facilitator_tui", "export", "--day", "nope"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert "Traceback" not in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


def test_a_participant_list_feeds_the_shared_export(capsys, data, tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("name,organisation,sector,pseudonym\nAnn Smith,North ICB,NHS ICB,\nJosé,Council,local government,Participant J\n")
    code, out, err = export(capsys, data, "--share", "--people", str(people), "--format", "md")
    assert code == 0, err
    assert "Ann Smith" not in out and "José" not in out
    assert "Participant 1" in out and "Participant J" in out
    assert_bad_input(*export(capsys, data, "--people", str(people)), "--people only applies with --share")
    broken = tmp_path / "broken.csv"
    broken.write_text("name,organisation\nAnn,ICB\n")
    assert_bad_input(*export(capsys, data, "--share", "--people", str(broken)), "broken.csv", "no column 'sector'")
