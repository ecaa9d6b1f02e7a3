"""The `pack` command: where it writes, in which format, owner-only, and every bad input as a message with exit 2."""

from __future__ import annotations

import io
import stat

import docx
import pytest

from facilitator_tui.cli import main
from pack_helpers import BOARD_EXERCISE, TITLE, write_pack_plan, write_people


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["pack", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def plan(tmp_path, monkeypatch):
    """The test plan, with the current folder a fresh one beside it."""
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    return write_pack_plan(tmp_path)


def test_default_is_html_named_for_the_plan_in_this_folder_and_owner_only(capsys, plan, tmp_path):
    code, out, err = run(capsys, str(plan))
    written = tmp_path / "here" / "kestwell-pack.html"
    assert (code, out, err) == (0, "", "Wrote kestwell-pack.html\n")
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    html = written.read_text(encoding="utf-8")
    assert "Groups are made on the day" in html and "&lt;script&gt;" in html


def test_docx_with_people_seed_date_and_output(capsys, plan, tmp_path):
    people = write_people(tmp_path)
    target = tmp_path / "out.docx"
    args = (str(plan), "--format", "docx", "--people", str(people), "--seed", "3", "--date", "2026-11-26", "-o", str(target))
    code, _, err = run(capsys, *args)
    assert code == 0 and err == f"Wrote {target}\n"
    first = target.read_bytes()
    document = docx.Document(io.BytesIO(first))
    assert document.paragraphs[1].text == TITLE
    assert any(p.text.startswith("Board 1 of 2 · Played by ") for p in document.paragraphs)
    assert any(p.text == f"09:00 In at the deep end: {BOARD_EXERCISE}" for p in document.paragraphs)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert run(capsys, *args)[0] == 0
    assert target.read_bytes() == first, "the same list and seed, the same file"


def test_an_existing_file_is_replaced_as_export_does(capsys, plan, tmp_path):
    target = tmp_path / "here" / "kestwell-pack.html"
    target.write_text("old", encoding="utf-8")
    assert run(capsys, str(plan))[0] == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_bundled_plan_makes_a_pack_by_name(capsys, tmp_path):
    for fmt in ("html", "docx"):
        target = tmp_path / f"bundled.{fmt}"
        code, _, err = run(capsys, "partnership-dynamics", "--format", fmt, "-o", str(target))
        assert code == 0, err
        assert target.stat().st_size > 1000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--seed", "4"), "--seed only applies with --people"),
        (("--date", "26/11/2026"), "--date '26/11/2026' is not a date; write it as YYYY-MM-DD"),
        (("--people", "missing.csv"), "missing.csv: no such file; check the path"),
        (("-o", "no/such/folder/pack.html"), "cannot write to no/such/folder"),
        (("-o", "."), "is a folder; give a file name"),
    ],
)
def test_bad_options_say_what_to_change_and_write_nothing(capsys, plan, tmp_path, args, message):
    code, out, err = run(capsys, str(plan), *args)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err
    assert list((tmp_path / "here").iterdir()) == []


def test_a_participant_list_with_problems_lists_every_one(capsys, plan, tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("name,organisation\nAnn,ICB\n", encoding="utf-8")
    code, _, err = run(capsys, str(plan), "--people", str(people))
    assert code == 2
    assert "no column 'sector'" in err and "Traceback" not in err


def test_a_plan_with_problems_is_reported_as_validate_does(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "x"\nstart = "9am"\n', encoding="utf-8")
    code, _, err = run(capsys, str(bad))
    assert code == 2 and "bad.toml" in err
    assert not (tmp_path / "bad-pack.html").exists()


def test_format_is_html_or_docx(capsys, plan):
    with pytest.raises(SystemExit) as exit_info:
        main(["pack", str(plan), "--format", "pdf"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'pdf'" in capsys.readouterr().err
