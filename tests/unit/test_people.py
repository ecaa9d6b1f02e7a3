"""The participant list: read from a spreadsheet's CSV or from TOML, every problem with its row and column,
and its pseudonyms fed to a shared export."""

from __future__ import annotations

import pytest

from facilitator_tui.core.people import PeopleError, Person, load_people, pseudonyms_of

CSV = """\ufeffname,organisation,sector,role,pseudonym,line_manages
Ann Smith,North ICB,NHS ICB,Director of strategy,,Bob Jones
Bob Jones,North ICB,NHS ICB,,,
"Chidi Okafor, MBE",Riverside Council,local government public health,Director of public health,Participant C,
Dana Lee,Carers Together,voluntary and community sector,,,

"""


def write(tmp_path, text: str, name: str = "people.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_spreadsheet_csv_with_its_byte_order_mark_quotes_and_blank_lines(tmp_path):
    people = load_people(write(tmp_path, CSV))
    assert [p.name for p in people] == ["Ann Smith", "Bob Jones", "Chidi Okafor, MBE", "Dana Lee"]
    assert people[0] == Person("Ann Smith", "North ICB", "NHS ICB", "Director of strategy", "", ("Bob Jones",))
    assert people[2].pseudonym == "Participant C" and people[2].sector == "local government public health"


def test_toml_says_the_same(tmp_path):
    text = """
[[people]]
name = "Ann Smith"
organisation = "North ICB"
sector = "NHS ICB"
line_manages = ["Bob Jones"]

[[people]]
name = "Bob Jones"
organisation = "North ICB"
sector = "NHS ICB"
"""
    people = load_people(write(tmp_path, text, "people.toml"))
    assert [(p.name, p.line_manages) for p in people] == [("Ann Smith", ("Bob Jones",)), ("Bob Jones", ())]


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("name,organisation\nAnn,ICB\n", "row 1 (the header)", "no column 'sector'"),
        ("name,organisation,sector,shoe size\nAnn,ICB,NHS,9\n", "row 1, column 4", "unknown column 'shoe size'"),
        ("name,organisation,sector\nAnn,,NHS\n", "row 2, organisation", "is empty"),
        ("name,organisation,sector\nAnn,ICB,NHS\nann,Council,LA\n", "row 3, name", "listed twice (also at row 2)"),
        ("name,organisation,sector,line_manages\nAnn,ICB,NHS,Zed\n", "Ann, line_manages", "'Zed' is not on the list"),
        ("name,organisation,sector,pseudonym\nAnn,ICB,NHS,P1\nBob,ICB,NHS,p1\n", "pseudonym", "more than one person"),
        ("name,organisation,sector\nAnn,ICB,NHS,extra\n", "row 2", "4 cells for 3 columns"),
        ("name,organisation,sector\n\n", "", "lists nobody"),
    ],
)
def test_every_problem_names_the_file_the_row_and_what_to_change(tmp_path, text, where, words):
    path = write(tmp_path, text)
    with pytest.raises(PeopleError) as error:
        load_people(path)
    problem = next(p for p in error.value.problems if words in p.message)
    assert problem.file == str(path) and problem.where == where


def test_a_file_that_is_not_a_list(tmp_path):
    with pytest.raises(PeopleError, match="no such file"):
        load_people(tmp_path / "nobody.csv")
    (tmp_path / "latin1.csv").write_bytes("name,organisation,sector\nZo\xeb,ICB,NHS\n".encode("latin-1"))
    with pytest.raises(PeopleError, match="line 2: is not UTF-8"):
        load_people(tmp_path / "latin1.csv")
    with pytest.raises(PeopleError, match=r"people\[0\].age: unknown key"):
        load_people(write(tmp_path, '[[people]]\nname = "A"\nage = "3"\n', "p.toml"))


def test_hostile_text_is_kept_as_text(tmp_path):
    people = load_people(write(tmp_path, 'name,organisation,sector\n"[red]x[/] <b>",=HYPERLINK("x"),"NHS\n  ICB"\n'))
    assert (people[0].name, people[0].organisation, people[0].sector) == ('[red]x[/] <b>', '=HYPERLINK("x")', "NHS ICB")


def test_pseudonyms_come_from_the_list_or_are_numbered_around_the_ones_given(tmp_path):
    table = pseudonyms_of(load_people(write(tmp_path, CSV)))
    assert table == {
        "Ann Smith": "Participant 1",
        "Bob Jones": "Participant 2",
        "Chidi Okafor, MBE": "Participant C",
        "Dana Lee": "Participant 3",
    }
    given = load_people(write(tmp_path, "name,organisation,sector,pseudonym\nAnn,ICB,NHS,Participant 1\nBob,ICB,NHS,\n"))
    assert pseudonyms_of(given) == {"Ann": "Participant 1", "Bob": "Participant 2"}
