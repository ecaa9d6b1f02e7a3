"""The export dialog and the `export` command are one path: same log, same instant, byte-identical files."""

from __future__ import annotations

import json

from facilitator_tui.cli import main
from facilitator_tui.core import events as ev
from ui_helpers import app_at

START = ("09:30", ev.Start, {})
NOW = "2026-11-26T09:40:00+00:00"
"""The instant both report: the first item has run for 10 minutes and is still running."""


async def export_in_app(app, keys: list[str]) -> None:
    async with app.run_test() as pilot:
        await pilot.press("q", *"a private remark", "ctrl+t", "enter")
        await pilot.press("a", *"Send the pack", "tab", *"Ann", "enter")
        await pilot.press("x", *keys)
        await pilot.pause()


EXPORTS = [
    (["1"], ".md", ["--format", "md"]),
    (["2"], ".html", ["--format", "html"]),
    (["3"], ".json", ["--format", "json"]),
    (["4"], ".csv", ["--format", "csv"]),
    (["t", "4"], "-actions.csv", ["--format", "csv", "--what", "actions"]),
    (["t", "t", "4"], "-decisions.csv", ["--format", "csv", "--what", "decisions"]),
    (["t", "t", "t", "4"], "-parking.csv", ["--format", "csv", "--what", "parking"]),
    (["t", "t", "t", "t", "4"], "-quotes.csv", ["--format", "csv", "--what", "quotes"]),
    (["5"], ".docx", ["--format", "docx"]),
    (["6"], ".xlsx", ["--format", "xlsx"]),
    (["7"], ".ics", ["--format", "ics"]),
    (["c", "7"], "-agenda.ics", ["--format", "ics", "--what", "agenda"]),
    (["g", "1"], "-guidance.md", ["--format", "md", "--with-guidance"]),
    (["s", "1", "y"], "-shared.md", ["--format", "md", "--share", "--no-pseudonyms"]),
    (["s", "3", "y"], "-shared.json", ["--format", "json", "--share", "--no-pseudonyms"]),
]
"""The dialog's keys for each export, the file it writes, and the same export asked of the command."""


async def test_the_dialog_and_the_command_write_the_same_bytes(tmp_path):
    """Every export the dialog offers, each from a fresh dialog on one running day, against the command."""
    app, day, _clock = app_at(tmp_path, "09:40", [START])
    async with app.run_test() as pilot:
        await pilot.press("q", *"a private remark", "ctrl+t", "enter")
        await pilot.press("a", *"Send the pack", "tab", *"Ann", "enter")
        for keys, suffix, _cli in EXPORTS:
            await pilot.press("x", *keys)
            await pilot.pause()
            assert (tmp_path / "exports" / f"{day.day_id}{suffix}").exists(), f"the dialog wrote no {suffix} for {keys}"
            await pilot.press("escape")
            await pilot.pause(0.05)  # an escape and the next key at once would read as alt+key
    for keys, suffix, cli in EXPORTS:
        from_app = (tmp_path / "exports" / f"{day.day_id}{suffix}").read_bytes()
        out = tmp_path / f"cli{suffix}"
        assert main(["export", "--data-dir", str(tmp_path), "--day", day.day_id, "--at", NOW, *cli, "-o", str(out)]) == 0
        assert out.read_bytes() == from_app, f"{keys} in the dialog and {' '.join(cli)} differ"
        if suffix == ".json":
            first = json.loads(from_app)["items"][0]
            assert first["actual_minutes"] == 10, "a running item is reported up to the instant asked for"


async def test_a_pseudonym_file_in_the_dialog_does_what_pseudonyms_does(tmp_path):
    names = tmp_path / "names.toml"
    names.write_text('"Ann" = "Participant A"\n', encoding="utf-8")
    app, day, _clock = app_at(tmp_path, "09:40", [START])
    await export_in_app(app, ["p", *str(names), "enter", "1"])
    from_app = (tmp_path / "exports" / f"{day.day_id}-shared.md").read_text(encoding="utf-8")
    assert "Participant A" in from_app and "Ann" not in from_app
    out = tmp_path / "cli.md"
    argv = ["export", "--data-dir", str(tmp_path), "--day", day.day_id, "--at", NOW, "--share", "--pseudonyms", str(names)]
    assert main([*argv, "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == from_app


async def test_the_dialog_says_where_the_file_went_and_that_it_replaced_one(tmp_path):
    from textual.widgets import Label

    app, day, _ = app_at(tmp_path, "09:40", [START])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x", "5")
        result = str(app.screen.query_one("#export-result", Label).content)
        where = tmp_path / "exports" / f"{day.day_id}.docx"
        assert result == f"Wrote {where}"
        await pilot.press("5")
        assert str(app.screen.query_one("#export-result", Label).content) == f"Wrote {where} (replacing the earlier export of that name)"


async def test_guidance_is_never_in_a_shared_export_from_the_dialog(tmp_path):
    from textual.widgets import Label

    app, _day, _ = app_at(tmp_path, "09:40", [START])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x", "g")
        assert "with the plan's guidance" in str(app.screen.query_one("#export-mode", Label).content)
        await pilot.press("s")
        assert app.screen.request.with_guidance is False
        await pilot.press("g")
        assert "never shared" in str(app.screen.query_one("#export-result", Label).content)


def test_export_at_a_bad_time_is_a_clear_error(tmp_path, capsys):
    _app, day, _clock = app_at(tmp_path, "09:40", [START])
    day.close()
    assert main(["export", "--data-dir", str(tmp_path), "--day", day.day_id, "--at", "tea time"]) == 2
    assert "--at 'tea time' is not a time" in capsys.readouterr().err


async def test_a_shared_export_without_pseudonyms_asks_and_escape_writes_nothing(tmp_path):
    from facilitator_tui.ui.dialogs import ConfirmScreen

    app, day, _ = app_at(tmp_path, "09:40", [START])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x", "s", "1")
        assert isinstance(app.screen, ConfirmScreen)
        question = app.screen.query_one("#confirm-question")
        assert "carry every name as written" in str(question.content)
        assert question.region.right <= 80 and question.region.height >= 2, "the question wraps inside 80x24"
        await pilot.press("pagedown")
        assert isinstance(app.screen, ConfirmScreen), "a clicker's next never says yes to sharing names"
        assert day.state.current == 0, "nor does it move the day behind the question"
        await pilot.press("escape")
    assert not (tmp_path / "exports" / f"{day.day_id}-shared.md").exists()


def test_share_without_any_pseudonyms_is_refused_with_how_to_give_them(tmp_path, capsys):
    app, day, _ = app_at(tmp_path, "09:40", [START])
    day.close()
    assert main(["export", "--data-dir", str(tmp_path), "--day", day.day_id, "--share"]) == 2
    err = capsys.readouterr().err
    assert "--pseudonyms FILE" in err and "[pseudonyms] table" in err and "--no-pseudonyms" in err
    assert main(["export", "--data-dir", str(tmp_path), "--day", day.day_id, "--share", "--no-pseudonyms"]) == 0
