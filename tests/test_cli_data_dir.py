"""A data folder that cannot be used is said so, with what to do, before anything opens."""

from __future__ import annotations

import os

import pytest

from facilitator_tui.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("command", ["days", "run", "review", "export", "prepare"])
def test_a_data_dir_that_is_a_file(tmp_path, capsys, command):
    data = tmp_path / "data"
    data.write_text("not a folder")
    code, out, err = run(capsys, command, "--data-dir", str(data))
    assert code == 2 and out == ""
    assert f"{data} is a file, not a folder; give --data-dir a folder" in err


def test_a_days_folder_that_is_a_file(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    (data / "days").write_text("oops")
    for command in ("days", "run"):
        code, _, err = run(capsys, command, "--data-dir", str(data))
        assert code == 2 and "days is a file, but the days are kept in a folder there" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file: permissions cannot be tested as root")
def test_an_unreadable_log_says_permission_denied(tmp_path, capsys):
    folder = tmp_path / "data" / "days" / "2026-11-26-small"
    folder.mkdir(parents=True)
    log = folder / "events-a.jsonl"
    log.write_text("{}\n")
    log.chmod(0)
    code, _, err = run(capsys, "review", "--day", "2026-11-26-small", "--data-dir", str(tmp_path / "data"))
    assert code == 2 and "permission denied" in err
