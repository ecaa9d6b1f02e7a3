"""`facilitator-tui groups`: the groups and castings printed for each exercise, and clear errors."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from facilitator_tui.cli import main
from facilitator_tui.cli.common import EXIT_BAD_INPUT, EXIT_OK
from plan_helpers import item_data, plan_data, write_plan

PEOPLE = """name,organisation,sector,line_manages
Ann Smith,North ICB,NHS ICB,Bob Jones
Bob Jones,North ICB,NHS ICB,
Chidi Okafor,Riverside Council,local government,
Dana Lee,Carers Together,voluntary sector,
Eve Adams,South Trust,NHS provider,
Farid Khan,South Trust,NHS provider,
Gita Rao,Riverside Council,local government,
Hal Moss,Youth Action,voluntary sector,
Ivy Wu,West ICB,NHS ICB,
Jo Park,Hill Council,local government,
"""

ROLES = [
    {"name": "Chair", "brief": "Chair it.", "organisation": "North ICB", "sector": "NHS ICB"},
    {"name": "Council leader", "brief": "Lead.", "organisation": "Riverside Council", "sector": "local government"},
    {"name": "Charity lead", "brief": "Speak.", "sector": "voluntary sector", "optional": True},
]


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def files(tmp_path):
    trios = {"title": "Consultation in trios", "groups": {"size": "trios", "mix": ["sectors", "line_management"]}}
    board = {"title": "The board meeting", "groups": {"boards": 2, "mix": ["sectors", "organisations"]}, "roles": ROLES}
    plan = write_plan(
        tmp_path,
        plan_data(
            [
                item_data("welcome", "09:00"),
                item_data("trios", "09:30", exercises=[trios]),
                item_data("board", "10:30", exercises=[board]),
            ]
        ),
    )
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    return plan, people


def test_prints_each_exercise_with_its_groups_and_castings(capsys, files):
    plan, people = files
    code, out, err = run(capsys, "groups", str(plan), "--people", str(people))
    assert code == EXIT_OK and err == ""
    assert "10 people, seed 1" in out
    trios, board = out.split("\n\n")[1:]
    assert trios.startswith("09:30  Item trios\n  Exercise: Consultation in trios\n")
    groups = re.findall(r"^  Group \d: (.*)$", trios, re.M)
    assert len(groups) == 3 and sorted(len(g.split("), ")) for g in groups) == [3, 3, 4]
    assert "Ann Smith (NHS ICB)" in trios
    # Ann line-manages Bob: never in one group.
    assert not any("Ann Smith" in g and "Bob Jones" in g for g in groups)
    assert "Not kept" not in trios
    assert board.startswith("10:30  Item board\n  Exercise: The board meeting\n  Board 1: ")
    assert "(North ICB, NHS ICB)" in board
    assert re.search(r"^  Roles:\n    Board 1: Chair — [^;]+; Council leader — [^;]+; Charity lead — .+\n      observing: ", board, re.M)
    assert re.search(r"^    Board 2: Chair — ", board, re.M)
    # The Chair speaks for North ICB: nobody from an ICB plays it.
    for chair in re.findall(r"Chair — ([^;]+);", board):
        assert chair not in ("Ann Smith", "Bob Jones", "Ivy Wu")


def test_a_rule_that_cannot_be_kept_is_printed_with_its_reason(capsys, tmp_path):
    plan = write_plan(tmp_path, plan_data([item_data("pairs", "09:30", exercises=[{"title": "Pairs", "groups": {"size": "pairs", "mix": ["sectors"]}}])]))
    people = tmp_path / "people.csv"
    people.write_text("name,organisation,sector\n" + "".join(f"P{i},Org {i},NHS\n" for i in range(5)) + "Q,Council,local government\n", encoding="utf-8")
    code, out, _ = run(capsys, "groups", str(plan), "--people", str(people), "--item", "pairs")
    assert code == EXIT_OK
    assert "  Not kept: mixed sectors: 5 of 6 people are from NHS, more than the 3 groups can take one each, so 2 groups have two from NHS" in out


def test_the_same_seed_prints_the_same_groups_and_another_seed_another_draw(capsys, files):
    plan, people = files
    first = run(capsys, "groups", str(plan), "--people", str(people), "--seed", "5")[1]
    assert run(capsys, "groups", str(plan), "--people", str(people), "--seed", "5")[1] == first
    others = {run(capsys, "groups", str(plan), "--people", str(people), "--seed", str(seed))[1].split("\n", 1)[1] for seed in range(6, 11)}
    assert len(others | {first.split("\n", 1)[1]}) > 2


def test_only_one_item(capsys, files):
    plan, people = files
    code, out, _ = run(capsys, "groups", str(plan), "--people", str(people), "--item", "board")
    assert code == EXIT_OK and "Item board" in out and "Item trios" not in out


def test_an_unknown_item_names_the_items_that_have_groups(capsys, files):
    plan, people = files
    code, out, err = run(capsys, "groups", str(plan), "--people", str(people), "--item", "lunch")
    assert code == EXIT_BAD_INPUT and out == ""
    assert err == "facilitator-tui: no item 'lunch' in the plan; items with groups or roles: trios, board\n"
    code, _, err = run(capsys, "groups", str(plan), "--people", str(people), "--item", "welcome")
    assert code == EXIT_BAD_INPUT and "item 'welcome' has no exercise with groups or roles; items with groups or roles: trios, board" in err


def test_without_people_it_asks_for_the_participant_list(capsys, files):
    plan, _ = files
    code, out, err = run(capsys, "groups", str(plan))
    assert code == EXIT_BAD_INPUT and out == ""
    assert "give the participant list with --people FILE" in err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name,organisation,sector\nAnn,North ICB,\n", "people.csv: row 2, sector: is empty; give the person's sector"),
        ("name,organisation\nAnn,North ICB\n", "people.csv: row 1 (the header): no column 'sector'"),
        ("name,organisation,sector\nAnn,A,B\nann,C,D\n", "people.csv: row 3, name: 'ann' is listed twice (also at row 2)"),
    ],
)
def test_a_broken_people_file_prints_its_problems_without_a_traceback(capsys, files, text, expected):
    plan, people = files
    people.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "groups", str(plan), "--people", str(people))
    assert code == EXIT_BAD_INPUT and out == ""
    assert expected in err and "Traceback" not in err


def test_a_missing_people_file_or_plan(capsys, files, tmp_path):
    plan, _ = files
    code, _, err = run(capsys, "groups", str(plan), "--people", str(tmp_path / "nobody.csv"))
    assert code == EXIT_BAD_INPUT and "nobody.csv: no such file" in err
    code, _, err = run(capsys, "groups", str(tmp_path / "no-plan.toml"), "--people", str(tmp_path / "nobody.csv"))
    assert code == EXIT_BAD_INPUT and "no-plan.toml" in err


def test_a_plan_without_groups_says_so(capsys, tmp_path, files):
    _, people = files
    plan = write_plan(tmp_path, plan_data(), name="plain.toml")
    code, out, _ = run(capsys, "groups", str(plan), "--people", str(people))
    assert code == EXIT_OK and out.startswith("No exercise in ") and out.endswith("asks for groups or roles.\n")


def test_hostile_names_are_printed_as_plain_text(capsys, files):
    plan, people = files
    people.write_text(
        'name,organisation,sector\n"[bold]Ann[/bold]",North ICB,NHS\n"Bob <b>",Council,"local\tgov"\n"\u202eevil",Charity,voluntary\n'
        + f"{'Zoë' * 2000},Trust,NHS\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "groups", str(plan), "--people", str(people))
    assert code == EXIT_OK
    assert "[bold]Ann[/bold]" in out and "Zoë" * 2000 in out
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e]", out)


def test_a_list_with_a_control_character_is_refused_with_its_row_and_column(capsys, files):
    plan, people = files
    people.write_text('name,organisation,sector\nAnn,North ICB,NHS\n"Bob\x1b[2J",Council,Local government\n', encoding="utf-8")
    code, out, err = run(capsys, "groups", str(plan), "--people", str(people))
    assert code == 2 and out == ""
    assert f"{people}: row 3, name: holds a control character, ESC (U+001B) at character 4" in err


def test_the_same_seed_gives_the_same_groups_in_another_process(files):
    # Python salts string hashes per process: nothing the groups depend on may iterate a set of strings.
    plan, people = files
    outputs = set()
    for salt in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-m", "facilitator_tui", "groups", str(plan), "--people", str(people), "--seed", "3"],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONHASHSEED": salt},
        )
        assert result.returncode == EXIT_OK, result.stderr
        outputs.add(result.stdout)
    assert len(outputs) == 1


def test_someone_cast_in_their_own_organisation_is_named_with_their_board(capsys, tmp_path):
    play = {"title": "Board", "roles": [{"name": "Chair", "brief": "b", "organisation": "North ICB", "sector": "NHS ICB"}]}
    plan = write_plan(tmp_path, plan_data([item_data("play", "09:30", exercises=[play])]))
    people = tmp_path / "people.csv"
    people.write_text("name,organisation,sector\nAnn,North ICB,NHS ICB\n", encoding="utf-8")
    code, out, _ = run(capsys, "groups", str(plan), "--people", str(people))
    assert code == EXIT_OK
    assert "    Board 1: Chair — Ann\n" in out
    assert (
        "  Not kept: Board 1: Ann plays Chair, a role from their own organisation (North ICB) and sector (NHS ICB): "
        "alone, at most 0 of the 1 roles played" in out
    )
