"""Options may come before the sub-command; anything else is `run`."""

import pytest

from facilitator_tui.cli import _with_subcommand


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ([], ["run"]),
        (["--rehearse"], ["run", "--rehearse"]),
        (["my-plan"], ["run", "my-plan"]),
        (["--data-dir", "D", "days"], ["days", "--data-dir", "D"]),
        (["--data-dir", "days", "days"], ["days", "--data-dir", "days"]),
        (["--day", "x", "export", "--format", "md"], ["export", "--day", "x", "--format", "md"]),
        (["validate", "a.toml"], ["validate", "a.toml"]),
        (["--version"], ["--version"]),
        (["--data-dir", "D", "board-development"], ["run", "--data-dir", "D", "board-development"]),
        (["--data-dir=D", "days"], ["days", "--data-dir=D"]),  # the value is in the word
        (["-o", "review", "export"], ["export", "-o", "review"]),  # a value that reads as a command
        (["--author", "review"], ["run", "--author", "review"]),
        (["--rehearse", "--speed", "5", "run"], ["run", "--rehearse", "--speed", "5"]),
        (["--help"], ["--help"]),
        # Abbreviations are refused, so `--data` is not taken to carry a value: the parser then refuses it.
        (["--data", "D", "days"], ["run", "--data", "D", "days"]),
    ],
)
def test_the_sub_command_is_found_wherever_it_is(given, expected):
    assert _with_subcommand(given) == expected


def test_days_with_the_data_dir_first(tmp_path, capsys):
    from facilitator_tui.cli import main

    assert main(["--data-dir", str(tmp_path), "days"]) == 0
    assert "No recorded days" in capsys.readouterr().err


def test_an_abbreviated_option_before_the_command_is_refused(tmp_path, capsys):
    from facilitator_tui.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["--data", str(tmp_path), "days"])
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and "unrecognized arguments: --data" in err
