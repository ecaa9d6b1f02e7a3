"""Guards of the command line: a terminal for the full-screen commands, whole option names, "did you mean".

`main` runs in-process with fake standard streams that say whether they are a
terminal, and with the apps' `run` replaced by a recorder, so a test sees
whether the app would have started without starting Textual.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from export_helpers import build_day
from facilitator_tui.cli import OPTIONS_WITH_VALUES, SUBCOMMANDS, build_parser, main, misspelled_command
from facilitator_tui.core import locations
from facilitator_tui.core.days import choose_day_id
from facilitator_tui.core.locations import bundled_plans
from facilitator_tui.core.writer_lock import DayLocked, WriterLock
from facilitator_tui.ui.app import FacilitatorApp, ReviewApp

STREAMS = {"stdout": "standard output", "stderr": "standard error", "stdin": "standard input"}


class FakeStream(io.StringIO):
    """A standard stream that is, or is not, a terminal."""

    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@dataclass
class Result:
    code: int | str | None
    out: str
    err: str

    def refused(self) -> str:
        """The one error line of a bad-input exit (asserting that is what it was)."""
        assert self.code == 2, (self.code, self.err)
        assert self.out == ""
        assert "Traceback" not in self.err
        lines = self.err.strip().splitlines()
        assert len(lines) == 1, self.err
        assert lines[0].startswith("facilitator-tui: "), self.err
        return lines[0]


@pytest.fixture
def cli(monkeypatch):
    """Call `main(args)` with stdin, stdout and stderr each a terminal or not (all are, unless told)."""

    def call(*args: str, **ttys: bool) -> Result:
        streams = {name: FakeStream(ttys.pop(name, True)) for name in STREAMS}
        assert not ttys, f"unknown streams {ttys}"
        with monkeypatch.context() as patch:
            for name, stream in streams.items():
                patch.setattr(sys, name, stream)
            try:
                code: int | str | None = main(list(args))
            except SystemExit as exit_:  # argparse's usage errors
                code = exit_.code
        return Result(code, streams["stdout"].getvalue(), streams["stderr"].getvalue())

    return call


@dataclass
class Started:
    """An app that would have taken over the terminal."""

    kind: str
    day_id: str
    writing: bool


@pytest.fixture(autouse=True)
def started(monkeypatch) -> list[Started]:
    """Every app `main` starts, in order, instead of running it (in every test: a regression fails, never hangs)."""
    apps: list[Started] = []

    def recorder(kind: str):
        def run(self, *args, **kwargs) -> None:
            apps.append(Started(kind, self.day.day_id, self.day.lock is not None))

        return run

    monkeypatch.setattr(FacilitatorApp, "run", recorder("run"))
    monkeypatch.setattr(ReviewApp, "run", recorder("review"))
    return apps


@pytest.fixture
def data(tmp_path) -> Path:
    """A data folder that does not exist yet."""
    return tmp_path / "data"


def tree(folder: Path) -> list[str]:
    """Every path under `folder`, for checking that nothing was created."""
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*")) if folder.exists() else []


def todays_id(data: Path, plan: str = "partnership-dynamics") -> str:
    """The id `run` gives today's day of a bundled plan."""
    return choose_day_id(data, dt.date.today(), plan, new=False, rehearsal=False)


# ----- a terminal for run and review ------------------------------------------------------


def test_run_starts_when_every_stream_is_a_terminal(cli, started, data):
    result = cli("--data-dir", str(data))
    assert result.code == 0, result.err
    assert started == [Started("run", todays_id(data), writing=True)]
    assert list((data / "locks").iterdir()) == []  # the app let go of the day when it ended


def test_review_starts_when_every_stream_is_a_terminal(cli, started, data):
    built = build_day(data)
    result = cli("review", "--data-dir", str(data))
    assert result.code == 0, result.err
    assert started == [Started("review", built.day_id, writing=False)]


RUN_FORMS = {
    "bare": [],
    "run": ["run"],
    "plan": ["board-development"],
    "run-plan": ["run", "board-development"],
    "rehearse": ["--rehearse", "--speed", "10"],
    "read-only": ["run", "--read-only"],
}


@pytest.mark.parametrize("stream", STREAMS)
@pytest.mark.parametrize("form", RUN_FORMS)
def test_run_without_a_terminal_is_refused_before_anything_is_created(cli, started, data, form, stream):
    result = cli(*RUN_FORMS[form], "--data-dir", str(data), **{stream: False})
    line = result.refused()
    assert line.startswith(f"facilitator-tui: run needs a terminal: {STREAMS[stream]} is not one ("), line
    assert started == []
    assert not data.exists(), tree(data)  # no data folder, no lock, no device file


@pytest.mark.parametrize("stream", STREAMS)
def test_review_without_a_terminal_is_refused(cli, started, data, stream):
    build_day(data)
    before = tree(data)
    line = cli("review", "--data-dir", str(data), **{stream: False}).refused()
    assert line.startswith(f"facilitator-tui: review needs a terminal: {STREAMS[stream]} is not one ("), line
    assert started == []
    assert tree(data) == before


def test_redirected_stdout_says_what_to_do_instead(cli, data):
    assert cli("--data-dir", str(data), stdout=False).refused() == (
        "facilitator-tui: run needs a terminal: standard output is not one (it is redirected to a file or a pipe). "
        "Use `export` to write a day log to a file."
    )


def test_redirected_stdin_and_stderr_are_named_as_such(cli, data):
    assert "standard input is not one (it is redirected from a file or a pipe" in cli("--data-dir", str(data), stdin=False).refused()
    assert "standard error is not one (it is redirected to a file or a pipe" in cli("--data-dir", str(data), stderr=False).refused()


def test_a_missing_stream_is_not_a_terminal(cli, started, data, monkeypatch):
    # Python started without a standard stream (pythonw, or descriptor 0 closed) leaves it None.
    err = FakeStream(True)
    with monkeypatch.context() as patch:
        patch.setattr(sys, "stdin", None)
        patch.setattr(sys, "stdout", FakeStream(True))
        patch.setattr(sys, "stderr", err)
        code = main(["--data-dir", str(data)])
    assert code == 2
    assert "run needs a terminal: standard input is not one" in err.getvalue()
    assert started == []


# ----- what the user must fix first comes before the terminal ---------------------------


@pytest.mark.parametrize("args", [["no-such-workshop"], ["run", "no-such-workshop"], ["run", "no-such-workshop", "--day", "x"]])
def test_an_unknown_plan_is_reported_without_a_terminal(cli, data, args):
    result = cli(*args, "--data-dir", str(data), stdout=False, stdin=False)
    assert result.code == 2
    assert "no plan file or bundled plan named 'no-such-workshop'" in result.err
    assert "needs a terminal" not in result.err
    assert not data.exists()


def test_an_invalid_plan_file_is_reported_without_a_terminal(cli, data, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "x"\nstart = "9:30"\n', encoding="utf-8")
    result = cli(str(bad), "--data-dir", str(data), stdout=False)
    assert result.code == 2
    assert str(bad) in result.err
    assert "needs a terminal" not in result.err


def test_an_unknown_day_is_reported_without_a_terminal(cli, data):
    built = build_day(data)
    line = cli("run", "--day", "nope", "--data-dir", str(data), stdout=False).refused()
    assert line == f"facilitator-tui: no day 'nope'; recorded days: {built.day_id}"
    line = cli("review", "--day", "nope", "--data-dir", str(data), stdout=False).refused()
    assert line == f"facilitator-tui: no day 'nope'; recorded days: {built.day_id}"


def test_review_with_no_days_is_reported_without_a_terminal(cli, data):
    line = cli("review", "--data-dir", str(data), stdout=False).refused()
    assert line == f"facilitator-tui: no recorded day with events in {data}"


def test_speed_without_rehearse_is_reported_without_a_terminal(cli, data):
    assert "only apply with --rehearse" in cli("--speed", "5", "--data-dir", str(data), stdout=False).refused()


@pytest.fixture
def held(data):
    """Today's day of the bundled plan, held by a writer in this process (as another window would)."""
    lock = WriterLock(data / "locks" / f"{todays_id(data)}.lock")
    lock.acquire()
    yield lock
    lock.release()


def test_a_locked_day_is_reported_without_a_terminal(cli, started, data, held):
    result = cli("--data-dir", str(data), stdout=False, stdin=False)
    assert result.code == 2
    assert f"is already being run by process {os.getpid()}" in result.err
    # Before the day's first act there is no log to name it by: the suggestion names the plan's day.
    assert f"facilitator-tui run --data-dir {data} --read-only\n" in result.err + "\n"
    assert "--day" not in result.err
    assert "needs a terminal" not in result.err
    assert started == []
    with pytest.raises(DayLocked):  # the holder still holds it
        WriterLock(held.path).acquire()


def test_a_locked_rehearsal_is_named_by_its_own_id_not_the_real_days(cli, started, data):
    """A rehearsal window open before its first act: the hint must open that rehearsal, which the plan alone would not."""
    rehearsal = choose_day_id(data, dt.date.today(), "partnership-dynamics", new=False, rehearsal=True)
    lock = WriterLock(data / "locks" / f"{rehearsal}.lock")
    lock.acquire()
    try:
        result = cli("--rehearse", "--data-dir", str(data), stdout=False, stdin=False)
    finally:
        lock.release()
    assert result.code == 2
    assert f"rehearsal {rehearsal} is already being run by process {os.getpid()}" in result.err
    assert f"facilitator-tui run --data-dir {data} --read-only --day {rehearsal} partnership-dynamics\n" in result.err + "\n"
    assert f"--day {todays_id(data)}\n" not in result.err + "\n"
    assert started == []


def test_a_locked_recorded_day_is_reported_by_its_id(cli, data):
    built = build_day(data)
    lock = WriterLock(data / "locks" / f"{built.day_id}.lock")
    lock.acquire()
    try:
        result = cli("run", "--day", built.day_id, "--data-dir", str(data), stdout=False)
    finally:
        lock.release()
    assert result.code == 2
    assert f"{built.day_id} is already being run by process {os.getpid()}" in result.err


def test_read_only_does_not_care_about_the_lock(cli, started, data, held):
    line = cli("run", "--read-only", "--data-dir", str(data), stdout=False).refused()
    assert "run needs a terminal" in line


def test_a_stale_lock_file_is_not_a_locked_day(cli, started, data):
    stale = data / "locks" / f"{todays_id(data)}.lock"
    stale.parent.mkdir(parents=True)
    stale.write_text("process 999999 on elsewhere, since 09:00", encoding="utf-8")
    assert "run needs a terminal" in cli("--data-dir", str(data), stdout=False).refused()
    assert started == []
    assert cli("--data-dir", str(data)).code == 0
    assert started == [Started("run", todays_id(data), writing=True)]


# ----- long options in full ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "abbreviation"),
    [
        (["--rehears"], "--rehears"),
        (["run", "--rehears"], "--rehears"),
        (["--read"], "--read"),
        (["run", "--no-b"], "--no-b"),
        (["run", "--auth", "Ann"], "--auth"),
        (["export", "--form", "md"], "--form"),
        (["export", "--out", "x.md"], "--out"),
        (["days", "--data", "D"], "--data"),
        (["review", "--da", "x"], "--da"),
    ],
)
def test_an_abbreviated_option_is_refused(cli, started, data, args, abbreviation):
    # With every stream a terminal, an abbreviation taken for the option would start the app.
    result = cli(*args, "--data-dir", str(data))
    assert result.code == 2, result.err
    assert "unrecognized arguments" in result.err and abbreviation in result.err, result.err
    assert started == []


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_no_sub_command_takes_an_abbreviated_help(cli, started, command):
    # Else the missing PLAN (validate) or folders (merge) would be the error, not `--hel`.
    needed = {"validate": ["board-development"], "merge": ["day-copy", "-o", "merged"]}.get(command, [])
    result = cli(command, *needed, "--hel")
    assert result.code == 2, result.err
    assert result.out == ""  # with abbreviations, `--hel` printed the help and exited 0
    assert "--hel" in result.err
    assert started == []


def test_the_main_parser_takes_no_abbreviation(capsys):
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["--vers"])
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and "--vers" in err


def test_options_with_values_are_every_option_that_takes_one():
    """`_with_subcommand` skips these options' values; a new option with a value must be listed."""
    commands = next(action for action in build_parser()._actions if isinstance(action, argparse._SubParsersAction))
    taking_values = {
        option
        for parser in commands.choices.values()
        for action in parser._actions
        if action.nargs != 0
        for option in action.option_strings
    }
    assert taking_values == OPTIONS_WITH_VALUES


# ----- a misspelled sub-command -------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "command"),
    [("reveiw", "review"), ("exprot", "export"), ("plan", "plans"), ("valdate", "validate"), ("rn", "run"), ("day", "days")],
)
def test_a_misspelled_command_gets_did_you_mean(cli, started, word, command):
    line = cli(word).refused()
    assert line == f"facilitator-tui: unknown command {word!r}; did you mean {command!r}?"
    assert started == []


def test_did_you_mean_after_options(cli, data):
    line = cli("--data-dir", str(data), "reveiw", "--day", "x").refused()
    assert line == "facilitator-tui: unknown command 'reveiw'; did you mean 'review'?"


def test_a_plan_file_named_like_a_command_runs(cli, started, data, tmp_path, monkeypatch):
    shutil.copy(bundled_plans()["board-development"], tmp_path / "reveiw")
    monkeypatch.chdir(tmp_path)
    result = cli("reveiw", "--data-dir", str(data))
    assert result.code == 0, result.err
    assert started == [Started("run", todays_id(data, "reveiw"), writing=True)]


def test_a_bundled_plan_named_like_a_command_runs(cli, started, data, monkeypatch):
    plans = {**bundled_plans(), "reviews": bundled_plans()["board-development"]}
    monkeypatch.setattr(locations, "bundled_plans", lambda: plans)
    result = cli("reviews", "--data-dir", str(data))
    assert result.code == 0, result.err
    assert [app.kind for app in started] == ["run"]
    assert started[0].day_id.endswith("-board-development")


@pytest.mark.parametrize(
    ("word", "said"),
    [
        ("xyzzy", "no plan file or bundled plan named 'xyzzy'"),  # close to no command: a plan, as before
        ("reveiw.toml", "reveiw.toml: no such file; check the path"),  # a path: a plan file
        (os.path.join("sub", "reveiw"), "no such file; check the path"),
    ],
)
def test_other_words_are_still_plans(cli, data, word, said):
    result = cli(word, "--data-dir", str(data), stdout=False)
    assert result.code == 2
    assert said in result.err
    assert "did you mean" not in result.err


def test_only_the_first_word_is_checked():
    assert misspelled_command(["validate", "reveiw"]) is None
    assert misspelled_command(["--help", "reveiw"]) is None
    assert misspelled_command(["--author", "reveiw"]) is None  # an option's value
    assert misspelled_command(["--author", "Ann", "reveiw"]) == ("reveiw", "review")
    assert misspelled_command(["board-development"]) is None
    assert misspelled_command([]) is None


# ----- unusable data folders (issue 12) -----------------------------------------------------
# A data folder that is a file, or holds a `days` file, and an unreadable log: tests/test_cli_data_dir.py.


def test_a_data_folder_whose_parents_are_missing_is_made_owner_only(cli, started, tmp_path):
    data = tmp_path / "new" / "place" / "data"
    assert cli("--data-dir", str(data)).code == 0
    assert started == [Started("run", todays_id(data), writing=True)]
    assert (data / "locks").is_dir() and (data / "locks").stat().st_mode & 0o777 == 0o700


@pytest.fixture
def read_only_disk(tmp_path) -> Path:
    """A folder on a read-only filesystem (a tmpfs mounted read-only: root only, as in CI)."""
    mount = tmp_path / "ro"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a read-only filesystem needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,ro", "tmpfs", str(mount)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_data_folder_on_a_read_only_disk_says_so_and_offers_read_only(cli, started, read_only_disk):
    data = read_only_disk / "data"
    result = cli("--data-dir", str(data))
    assert result.code == 2 and "Traceback" not in result.err
    assert f"cannot write in the data folder {data}: Read-only file system." in result.err
    assert "That disk is read-only: give --data-dir a folder you can write in" in result.err
    assert f"facilitator-tui run --data-dir {data} --read-only" in result.err
    assert started == []
    line = cli("days", "--data-dir", str(data), stdout=False).err.strip()
    assert line == f"No recorded days in {data / 'days'}"


async def test_a_log_that_cannot_be_read_is_named_with_why_even_for_root(data):
    """Root reads any file, so the unreadable log here is a folder where a log file should be: the day
    opens from the logs it can read, and the review window says which one it could not, and why."""
    from facilitator_tui.core.opening import open_for_reading

    built = build_day(data)
    (data / "days" / built.day_id / "events-other.jsonl").mkdir()
    day = open_for_reading(data, built.day_id, real_only=False)
    (warning,) = day.warnings
    assert "events-other.jsonl" in str(warning) and "is a directory" in str(warning).lower()
    app = ReviewApp(day)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        notices = [str(n.message) for n in app._notifications]
    assert any("events-other.jsonl" in n and "is a directory" in n.lower() for n in notices), notices
