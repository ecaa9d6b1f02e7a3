"""The command line for plans: help, version, validate, agenda, plans."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.metadata import version

import pytest

from facilitator_tui.cli import main
from facilitator_tui.core.locations import bundled_plans
from facilitator_tui.core.plan_loader import load_plan
from plan_helpers import HOSTILE_KINDS, item_data, make_hostile, plan_data, write_plan

SUBCOMMANDS = ["run", "validate", "agenda", "plans", "days"]


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; (exit code, stdout, stderr)."""
    try:
        code = main(list(args))
    except SystemExit as exit_:  # argparse exits for --help, --version and usage errors
        code = exit_.code if isinstance(exit_.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_cli(*args: str, cwd=None) -> subprocess.CompletedProcess:
    """Run `python -m facilitator_tui ARGS` in a fresh process."""
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "facilitator_tui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env=env,
    )


# ---------------------------------------------------------------------------
# --help and --version
# ---------------------------------------------------------------------------


def test_help_lists_every_subcommand(capsys):
    code, out, _ = run_main(capsys, "--help")
    assert code == 0
    assert out.startswith("usage: facilitator-tui")
    for command in SUBCOMMANDS:
        assert re.search(rf"^\s+{command}\s", out, re.M), f"{command} missing from --help:\n{out}"


def test_version(capsys):
    code, out, _ = run_main(capsys, "--version")
    assert code == 0
    assert out.strip() == f"facilitator-tui {version('facilitator-tui')}"


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_has_help(capsys, command):
    code, out, err = run_main(capsys, command, "--help")
    assert code == 0, err
    assert out.startswith(f"usage: facilitator-tui {command}")


def test_help_and_version_in_a_fresh_process():
    helped = run_cli("--help")
    assert helped.returncode == 0 and "usage: facilitator-tui" in helped.stdout
    versioned = run_cli("--version")
    assert versioned.returncode == 0
    assert versioned.stdout.strip() == f"facilitator-tui {version('facilitator-tui')}"


# ---------------------------------------------------------------------------
# validate
# ---------------------------------------------------------------------------


def test_validate_a_valid_file_exits_0(capsys, tmp_path):
    path = write_plan(tmp_path, plan_data())
    code, out, err = run_main(capsys, "validate", str(path))
    assert code == 0
    assert out.strip() == f"{path}: ok (3 items, 09:00–12:00)"
    assert err == ""


def test_validate_reports_every_problem_and_exits_2(capsys, tmp_path):
    data = plan_data(clsoe="12:00")
    del data["close"]
    data["agenda"][1]["minuts"] = 10
    data["agenda"][2]["start"] = "9:99"
    path = write_plan(tmp_path, data)
    code, out, err = run_main(capsys, "validate", str(path))
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    for where, fragment in [
        ("clsoe", 'did you mean "close"?'),
        ("close", "is missing"),
        ("agenda[1].minuts", 'did you mean "minutes"?'),
        ("agenda[2].start", "HH:MM"),
    ]:
        assert any(line.startswith(f"{path}: {where}: ") and fragment in line for line in lines), (where, err)
    assert lines[-1] == "1 of 1 plan(s) have problems"
    assert len(lines) == 5


def test_validate_reports_every_semantic_problem(capsys, tmp_path):
    data = plan_data(
        agenda=[item_data("a", "09:00", minutes=90), item_data("a", "10:00", min_minutes=500), item_data("c", "09:30")]
    )
    path = write_plan(tmp_path, data)
    code, _, err = run_main(capsys, "validate", str(path))
    assert code == 2
    for where in ("agenda[0].minutes", "agenda[1].id", "agenda[2].start"):
        assert f"{path}: {where}: " in err, err
    assert f'{path}: agenda[2].start: starts at 09:30, before agenda[1] "Item a" above it at 10:00: ' in err


def test_validate_several_files_checks_them_all(capsys, tmp_path):
    good = write_plan(tmp_path, plan_data(), "good.toml")
    bad = write_plan(tmp_path, plan_data(title=" "), "bad.toml")
    also_bad = write_plan(tmp_path, plan_data(agenda=[]), "also-bad.toml")
    code, out, err = run_main(capsys, "validate", str(bad), str(good), str(also_bad))
    assert code == 2
    assert f"{good}: ok" in out
    assert f"{bad}: title: must not be empty" in err
    assert f"{also_bad}: agenda: has no items" in err
    assert err.splitlines()[-1] == "2 of 3 plan(s) have problems"


def test_validate_a_bundled_plan_by_name(capsys):
    names = sorted(bundled_plans())
    assert "partnership-dynamics" in names
    code, out, err = run_main(capsys, "validate", *names)
    assert code == 0, err
    for name in names:
        assert f"{name}.toml: ok" in out
    assert err == ""  # the bundled plans have no warnings either


def test_validate_with_no_file_is_a_usage_error(capsys):
    code, _, err = run_main(capsys, "validate")
    assert code == 2
    assert "usage:" in err


@pytest.mark.parametrize("kind", HOSTILE_KINDS)
def test_validate_hostile_files_in_process(capsys, tmp_path, kind):
    path = make_hostile(tmp_path, kind)
    code, out, err = run_main(capsys, "validate", str(path))
    assert code == 2
    assert err.startswith(f"{path}: ")
    assert "Traceback" not in out + err


def test_validate_hostile_files_in_a_fresh_process(tmp_path):
    paths = [make_hostile(tmp_path, kind) for kind in HOSTILE_KINDS]
    good = write_plan(tmp_path, plan_data(), "good.toml")
    result = run_cli("validate", *map(str, paths), str(good), cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    for path in paths:
        assert f"{path}: " in result.stderr, path
    assert f"{good}: ok" in result.stdout
    assert result.stderr.splitlines()[-1] == f"{len(paths)} of {len(paths) + 1} plan(s) have problems"


def test_validate_unquoted_time_in_a_fresh_process(tmp_path):
    path = tmp_path / "day.toml"
    path.write_text('title = "T"\nstart = 09:30\nclose = "12:00"\n', encoding="utf-8")
    result = run_cli("validate", str(path), cwd=tmp_path)
    assert result.returncode == 2
    assert f'{path}: line 2, column 10: TOML syntax error' in result.stderr
    assert 'Put times in quotes: start = "09:30"' in result.stderr
    assert "start = 09:30:00" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_accepts_toml_local_times_and_one_digit_hours(capsys, tmp_path):
    path = tmp_path / "day.toml"
    path.write_text('title = "T"\nstart = 09:00:00\nclose = "17:00"\n[[agenda]]\nid = "a"\ntitle = "A"\nstart = "9:00"\n')
    code, out, err = run_main(capsys, "validate", str(path))
    assert (code, err) == (0, "")
    assert out == f"{path}: ok (1 items, 09:00–17:00)\n"


# ---------------------------------------------------------------------------
# validate: warnings
# ---------------------------------------------------------------------------

GAPPY = plan_data(
    agenda=[item_data("a", "09:00", minutes=20), item_data("b", "10:00"), item_data("tea", "10:30", kind="break", minutes=15), item_data("c", "11:30")]
)


def test_validate_warns_about_long_gaps_on_stderr_and_exits_0(capsys, tmp_path):
    path = write_plan(tmp_path, GAPPY)
    code, out, err = run_main(capsys, "validate", str(path))
    assert code == 0
    assert out == f"{path}: ok (4 items, 09:00–12:00)\n"  # stdout as for a plan without warnings
    assert err.splitlines() == [
        f'{path}: agenda[1].start: warning: starts at 10:00, leaving 40 min unscheduled after agenda[0] "Item a" ends at 09:20; '
        "if that is a typo, correct this start or that item's minutes",
        f'{path}: agenda[3].start: warning: starts at 11:30, leaving 45 min unscheduled after agenda[2] "Item tea" ends at 10:45; '
        "if that is a typo, correct this start or that item's minutes",
    ]


def test_validate_without_warnings_writes_nothing_to_stderr(capsys, tmp_path):
    path = write_plan(tmp_path, plan_data(agenda=[item_data("a", "09:00", minutes=30), item_data("b", "10:00")]))
    code, out, err = run_main(capsys, "validate", str(path))
    assert (code, err) == (0, "")
    assert out == f"{path}: ok (2 items, 09:00–12:00)\n"


def test_validate_warnings_and_problems_together(capsys, tmp_path):
    gappy = write_plan(tmp_path, GAPPY, "gappy.toml")
    bad = write_plan(tmp_path, plan_data(title=" "), "bad.toml")
    code, out, err = run_main(capsys, "validate", str(gappy), str(bad))
    assert code == 2
    assert out == f"{gappy}: ok (4 items, 09:00–12:00)\n"
    lines = err.splitlines()
    assert [line.split(": ")[0:3] for line in lines[:2]] == [[str(gappy), "agenda[1].start", "warning"], [str(gappy), "agenda[3].start", "warning"]]
    assert lines[2] == f"{bad}: title: must not be empty"
    assert lines[-1] == "1 of 2 plan(s) have problems"
    assert len(lines) == 4


def test_validate_warnings_in_a_fresh_process(tmp_path):
    path = write_plan(tmp_path, GAPPY)
    result = run_cli("validate", str(path), cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == f"{path}: ok (4 items, 09:00–12:00)\n"
    assert [line.split(": ")[1] for line in result.stderr.splitlines()] == ["agenda[1].start", "agenda[3].start"]


# ---------------------------------------------------------------------------
# Naming plans
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["validate", "agenda"])
def test_an_unknown_plan_name_is_a_clear_error(capsys, command):
    code, out, err = run_main(capsys, command, "no-such-workshop")
    assert code == 2
    assert out == ""
    assert "no plan file or bundled plan named 'no-such-workshop'" in err
    assert "partnership-dynamics" in err  # the message lists what there is


def test_an_unknown_plan_path_is_a_clear_error(capsys, tmp_path):
    missing = tmp_path / "nowhere.toml"
    code, _, err = run_main(capsys, "agenda", str(missing))
    assert code == 2
    assert err.strip() == f"{missing}: no such file; check the path"


# ---------------------------------------------------------------------------
# agenda
# ---------------------------------------------------------------------------


def test_agenda_of_a_plan_file(capsys, tmp_path):
    data = plan_data(
        subtitle="Sub",
        agenda=[
            item_data("a", "09:00", title="Opening"),
            item_data("b", "10:00", title="Coffee", kind="break", minutes=15),
            item_data("c", "10:30", title="Closing round"),
        ],
    )
    path = write_plan(tmp_path, data)
    code, out, err = run_main(capsys, "agenda", str(path))
    assert code == 0, err
    lines = [line.split() for line in out.splitlines()]
    assert out.splitlines()[:2] == ["Test day", "Sub"]
    assert ["Start", "End", "Min", "Kind", "Title"] in lines
    body = lines[lines.index(["Start", "End", "Min", "Kind", "Title"]) + 1 :]
    assert body == [
        ["09:00", "10:00", "60", "session", "Opening"],
        ["10:00", "10:15", "15", "break", "Coffee"],
        ["10:15", "10:30", "15", "gap", "(unscheduled)"],
        ["10:30", "12:00", "90", "session", "Closing", "round"],
        ["12:00", "Close"],
    ]


def test_agenda_without_a_plan_shows_the_bundled_workshop(capsys):
    code, out, err = run_main(capsys, "agenda")
    assert code == 0, err
    plan = load_plan(bundled_plans()["partnership-dynamics"])
    assert out.splitlines()[0] == plan.title
    rows = [line for line in out.splitlines() if re.match(r"\d\d:\d\d\s+\d\d:\d\d\s", line)]
    assert [row.split()[0] for row in rows] == [
        "09:30", "11:00", "11:15", "12:00", "12:45", "13:30", "14:15", "15:00", "15:15", "16:00",
    ]
    assert re.match(r"09:30\s+11:00\s+90\s+session\s+\S", rows[0])
    assert re.match(r"11:00\s+11:15\s+15\s+break\s+\S", rows[1])
    assert re.match(r"12:45\s+13:30\s+45\s+lunch\s+\S", rows[4])
    assert re.match(r"16:00\s+16:45\s+45\s+session\s+\S", rows[9])
    for row, item in zip(rows, plan.agenda, strict=False):
        assert row.endswith(item.title)
    assert re.match(r"16:45\s+Close$", out.splitlines()[-1])


def test_agenda_by_bundled_name_matches_the_default(capsys):
    _, default, _ = run_main(capsys, "agenda")
    code, named, _ = run_main(capsys, "agenda", "partnership-dynamics")
    assert code == 0
    assert named == default
    path = bundled_plans()["partnership-dynamics"]
    code, by_path, _ = run_main(capsys, "agenda", str(path))
    assert code == 0
    assert by_path == default


def test_agenda_of_an_invalid_plan_prints_problems(capsys, tmp_path):
    path = write_plan(tmp_path, plan_data(close="08:00"))
    code, out, err = run_main(capsys, "agenda", str(path))
    assert code == 2
    assert out == ""
    assert f"{path}: close: " in err


def test_agenda_in_a_fresh_process_from_another_folder(tmp_path):
    result = run_cli("agenda", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    plan = load_plan(bundled_plans()["partnership-dynamics"])
    assert result.stdout.splitlines()[0] == plan.title
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------------------
# plans
# ---------------------------------------------------------------------------


def test_plans_lists_the_bundled_plans_with_titles(capsys):
    code, out, err = run_main(capsys, "plans")
    assert code == 0, err
    plans = bundled_plans()
    assert "partnership-dynamics" in plans
    lines = out.splitlines()
    assert len(lines) == len(plans)
    for line, (name, path) in zip(lines, plans.items(), strict=False):
        assert line.split()[0] == name
        assert line.endswith(load_plan(path).title)
