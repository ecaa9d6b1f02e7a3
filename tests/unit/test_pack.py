"""The facilitator's pack: what it holds (run sheet, briefs, handouts, groups, checklists), read back from Word and HTML.

The Word file is read with python-docx, the page parsed with html5lib
(strict). Hostile text (markup, HTML, control characters) must come out
literal, escaped, and without the control characters.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections import Counter

import docx
import html5lib
import pytest
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from facilitator_tui.core.people import Person
from facilitator_tui.core.plan import Plan
from facilitator_tui.core.plan_loader import parse_plan
from facilitator_tui.export.pack import (
    CHECK_HEADINGS,
    LINE_CHARACTERS,
    SECTIONS,
    STEP_HEADINGS,
    TASK_HEADINGS,
    Pack,
    build_pack,
    column_shares,
)
from facilitator_tui.export.pack_docx import to_docx
from facilitator_tui.export.pack_html import to_html
from pack_helpers import (
    BOARD_EXERCISE,
    CHAIR_BRIEF,
    HANDOUT_TITLE,
    LONG,
    MARKUP,
    MEMBER_BRIEF,
    PEOPLE_COUNT,
    ROLEPLAY,
    SCRIPT,
    SCRIPT_LINE,
    TITLE,
    TREASURER_BRIEF,
    pack_people,
    pack_plan,
    pack_plan_data,
)
from plan_helpers import dump

ROLES = ("Chair", "Treasurer", "Member")
CONTROLS = ("\x1b", "\x07")
DATE = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def people(tmp_path_factory):
    return pack_people(tmp_path_factory.mktemp("people"))


@pytest.fixture(scope="module")
def pack(people) -> Pack:
    return build_pack(pack_plan(), people, seed=7, date=DATE)


@pytest.fixture(scope="module")
def bare() -> Pack:
    """The pack without a participant list or a date."""
    return build_pack(pack_plan())


@pytest.fixture(scope="module")
def doc(pack):
    return docx.Document(io.BytesIO(to_docx(pack)))


@pytest.fixture(scope="module")
def page(pack):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    tree = parser.parse(to_html(pack))
    assert parser.errors == []
    return tree


# ----- what the pack holds --------------------------------------------------------------


def test_the_run_sheet_times_every_phase_round_and_change_over(bare):
    play = bare.agenda[0]
    assert (play.heading, play.minutes, play.lead, play.co) == (f"09:00–10:30 {ROLEPLAY}", 90, "Ann", "Ben")
    steps = [(step.start, step.minutes, step.name, step.change_over) for step in play.exercises[0].steps]
    assert steps == [
        ("09:00", 10, "Read the briefs", False),
        ("09:10", 2, "Change over", True),
        ("09:12", 20, "Board meeting · round 1 of 2", False),
        ("09:32", 2, "Change over", True),
        ("09:34", 20, "Board meeting · round 2 of 2", False),
        ("09:54", 2, "Change over", True),
        ("09:56", 15, "Debrief", False),
    ]
    assert play.spare_minutes == 90 - 71
    assert play.exercises[0].steps[0].details == (("Say", "Read your brief; do not show it."),)
    assert play.exercises[0].steps[6].details == (("Lead", "Ben"),)


def test_the_run_sheet_holds_set_up_script_and_guidance_with_contingencies(bare):
    play = bare.agenda[0]
    assert play.setup == "Two boards of chairs, name cards out" and play.script == SCRIPT_LINE
    assert play.guidance == (
        ("Watch for", ("Who speaks first",)),
        ("If the day is running behind", ("Cut the second round",)),
        ("If someone is distressed", ("Step out with them",)),
    )
    assert play.exercises[0].grouping == "2 boards of about equal size"
    assert bare.agenda[2].exercises[0].grouping == "groups of 3; no two from one sector; anyone left over makes a smaller group"


def test_without_a_list_each_brief_is_printed_once_per_board_for_anyone(bare):
    assert [(brief.board, brief.role, brief.player) for brief in bare.briefs] == [
        (board, role, "") for board in (1, 2) for role in ROLES
    ]
    assert bare.briefs[0].board_line == "Board 1 of 2"
    assert bare.briefs[0].brief == CHAIR_BRIEF.replace("\x1b", "").replace("\x07", "")
    assert bare.groups == ()
    assert bare.groups_note[0].startswith("Groups are made on the day from the participant list")
    assert any("Trios: groups of 3" in line for line in bare.groups_note[1:])


def test_with_a_list_each_board_names_who_plays_each_role(pack, people):
    names = {person.name for person in people}
    by_board: dict[int, list[str]] = {}
    for brief in pack.briefs:
        assert brief.player in names and brief.boards == 2
        by_board.setdefault(brief.board, []).append(brief.player)
    assert sorted(by_board) == [1, 2]
    for players in by_board.values():
        assert len(players) == len(set(players)) == 3, "a person plays one role on their board"
    assert Counter(brief.role for brief in pack.briefs) == {role: 2 for role in ROLES}
    assert not any(set(by_board[1]) & set(by_board[2]))


def test_a_role_nobody_can_play_gets_no_page():
    data = pack_plan_data()
    data["agenda"][0]["exercises"][0]["groups"] = {"boards": 3}
    plan = Plan.model_validate(data)
    six = tuple(Person(f"Person {n}", f"Org {n}", "NHS") for n in range(6))
    pack = build_pack(plan, six)
    assert len(pack.briefs) == 6, "three boards of two: the optional Member is left unplayed"
    assert {brief.role for brief in pack.briefs} == {"Chair", "Treasurer"}
    assert any("nobody plays Member" in problem for problem in pack.groups[0].problems)


def test_a_role_play_in_groups_of_unknown_number_prints_one_set_per_board():
    data = pack_plan_data()
    data["agenda"][0]["exercises"][0]["groups"] = {"size": 4}
    del data["participants"]
    pack = build_pack(Plan.model_validate(data))
    assert [brief.role for brief in pack.briefs] == list(ROLES)
    assert pack.briefs[0].board_line == "Print a set per board"


def test_groups_are_listed_per_exercise_with_the_casting(pack, people):
    boards, trios = pack.groups
    assert boards.exercise == BOARD_EXERCISE and [label for label, _, _ in boards.castings] == ["Board 1", "Board 2"]
    everyone = sorted(person.name for person in people)
    placed = [name for _, cast, observers in boards.castings for name in [*(p for _, p in cast), *observers]]
    assert sorted(placed) == everyone
    assert sorted(name for group in trios.groups for name in group) == everyone
    assert len(trios.groups) == 3 and not trios.boards


def test_one_materials_checklist_with_quantities_summed_over_the_day(pack, bare):
    rows = {line.what: (line.amount, line.detail) for line in pack.materials}
    assert list(rows) == ["Name badges", "Board papers", "Bell", "Flipchart paper", f"Handout: {HANDOUT_TITLE}", f"Role briefs: {BOARD_EXERCISE}"]
    assert rows["Name badges"] == (str(PEOPLE_COUNT + 2 + 1), f"09:00 {ROLEPLAY}: 1 per person × 8 people + 2 spare = 10; 10:30 Tea: 1")
    assert rows["Board papers"][0] == "6"
    assert rows["Bell"] == ("", f"09:00 {ROLEPLAY}")
    assert rows["Flipchart paper"][0] == str(2 * 3 + 1), "eight people in trios, a smaller group for the rest: three groups"
    assert rows[f"Handout: {HANDOUT_TITLE}"][0] == "8"
    assert rows[f"Role briefs: {BOARD_EXERCISE}"][0] == "6 pages"
    expected = {line.what: line.amount for line in bare.materials}
    assert expected["Name badges"] == "15" and expected["Flipchart paper"] == "9", "the plan's 12 participants"


def test_tasks_before_and_after_the_day_are_in_date_order(pack, bare):
    assert [when for when, _ in bare.before] == ["14 days before", "2 days before", "On the day"]
    assert bare.before[0][1] == f"Book the room {MARKUP} (https://example.org/rooms)"
    assert pack.before[0][0] == "Thu 12 Nov 2026 (14 days before)"
    assert pack.before[2][0] == "Thu 26 Nov 2026 (on the day)"
    assert pack.after == (("Fri 27 Nov 2026 (1 day after)", "Send thanks"),)


def test_handouts_are_once_each_with_their_copies(pack, bare):
    (handout,) = pack.handouts
    assert (handout.title, handout.item, handout.copies) == (HANDOUT_TITLE, f"09:00 {ROLEPLAY}", "8 copies (1 per person)")
    assert bare.handouts[0].copies == "12 copies (1 per person)"


def test_the_cover_says_where_when_how_many_and_the_seed(pack, bare):
    assert pack.cover[0] == "Thursday 26 November 2026 · Kestwell Hall"
    assert "seed 7" in pack.cover[2] and "8 people on the participant list" in pack.cover[2]
    assert bare.cover[-1] == "12 people expected (from the plan); groups are made on the day."


# ----- Word ---------------------------------------------------------------------------------


def everything(document) -> str:
    out = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            out.append(block.text)
        else:
            out += [cell.text for row in block.rows for cell in row.cells]
    return "\n".join(out)


def cells(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def styled(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def starts_page(paragraph: Paragraph) -> bool:
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.find(qn("w:pageBreakBefore")) is not None


def test_word_sections_use_words_heading_styles_in_order(doc):
    assert styled(doc, "Title") == [TITLE]
    assert styled(doc, "Heading 1") == list(SECTIONS.values())
    heading2 = styled(doc, "Heading 2")
    assert heading2[:3] == [f"09:00–10:30 {ROLEPLAY}", "10:30–10:45 Tea", "10:45–12:00 Straddling two worlds"]
    assert heading2[3:5] == [f"09:00 {ROLEPLAY}: {BOARD_EXERCISE}", "10:45 Straddling two worlds: Trios"]
    assert heading2[5:] == [*ROLES, *ROLES, HANDOUT_TITLE]
    assert styled(doc, "Heading 3") == [BOARD_EXERCISE, "Trios", "Our rules"], "a handout's own headings sit below it"
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        assert doc.styles[name].builtin


def test_word_run_sheet_is_a_table_of_steps(doc):
    steps = next(table for table in doc.tables if cells(table)[0] == list(STEP_HEADINGS))
    rows = cells(steps)
    assert [row[2] for row in rows[1:]] == [
        "Read the briefs", "Change over", "Board meeting · round 1 of 2", "Change over", "Board meeting · round 2 of 2", "Change over", "Debrief",
    ]  # fmt: skip
    assert rows[1] == ["09:00", "10", "Read the briefs", "Say: Read your brief; do not show it."]
    assert rows[3][3] == "Decide the budget."
    text = everything(doc)
    assert f"Script (read aloud)\n{SCRIPT_LINE}" in text
    assert "If someone is distressed\nStep out with them" in text
    assert "Set-up: Two boards of chairs, name cards out" in text


def test_word_briefs_are_once_per_board_each_on_its_own_page(doc, pack):
    paragraphs = doc.paragraphs
    boxes = [i for i, p in enumerate(paragraphs) if p.style.name == "Pack Label" and p.text.startswith("Board ")]
    assert [paragraphs[i].text for i in boxes] == [f"{b.board_line} · Played by {b.player}" for b in pack.briefs]
    assert [paragraphs[i + 1].text for i in boxes] == [b.role for b in pack.briefs]
    assert [starts_page(paragraphs[i]) for i in boxes] == [False] + [True] * 5
    assert starts_page(paragraphs[boxes[0] - 1]) and paragraphs[boxes[0] - 1].text == SECTIONS["briefs"]
    text = everything(doc)
    for brief in (TREASURER_BRIEF, MEMBER_BRIEF, LONG):
        assert text.count(brief) == 2


def test_word_handout_markdown_becomes_lists_a_table_and_words(doc):
    paragraphs = doc.paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.style.name == "Heading 2" and p.text == HANDOUT_TITLE)
    assert not starts_page(paragraphs[at]), "the first handout shares its page with the section's heading"
    assert starts_page(paragraphs[at - 1]) and paragraphs[at - 1].text == SECTIONS["handouts"]
    body = [(p.style.name, p.text) for p in paragraphs[at + 1 :]]
    assert body[0] == ("Note Meta", f"09:00 {ROLEPLAY} · 8 copies (1 per person)")
    assert ("List", f"1.\tBe kind {SCRIPT}") in body and ("List", "2.\tListen to one another") in body
    assert ("List Bullet", "bullet one") in body
    assert ("Normal", "a picture and a link (https://example.org/rules).") in body
    bold = [run.text for p in paragraphs[at:] for run in p.runs if run.bold]
    assert "kind" in bold
    assert cells(doc.tables[-1]) == [["Who", "What"], ["Chair", "Keeps time"]]
    assert "<w:drawing" not in doc.element.xml, "an image is its words: the pack fetches nothing"


def test_word_checklists_have_a_tick_column_and_the_quantities(doc, pack):
    checklist = next(table for table in doc.tables if cells(table)[0] == list(CHECK_HEADINGS))
    assert cells(checklist)[1:] == [["", line.what, line.amount, line.detail] for line in pack.materials]
    before, after = (table for table in doc.tables if cells(table)[0] == list(TASK_HEADINGS))
    assert cells(before)[1][:2] == ["", "Thu 12 Nov 2026 (14 days before)"]
    assert cells(after)[1] == ["", "Fri 27 Nov 2026 (1 day after)", "Send thanks"]


def test_word_groups_table_names_who_plays_what(doc, pack):
    casting = next(table for table in doc.tables if cells(table)[0] == ["Board", "Role", "Played by"])
    rows = cells(casting)[1:]
    expected = [[label, role, person] for label, cast, _ in pack.groups[0].castings for role, person in cast]
    assert [row for row in rows if row[1] != "Observer"] == expected
    trio_lines = [p.text for p in doc.paragraphs if p.style.name == "List Bullet" and p.text.startswith("Group ")]
    assert len(trio_lines) == 3


def test_word_text_is_literal_and_has_no_control_characters(doc, pack):
    text = everything(doc)
    assert TITLE in text and f"Zoë {MARKUP}" in text and "[31m" in text
    data = to_docx(pack)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = "".join(archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xml"))
    assert not any(char in xml for char in CONTROLS)
    assert "&lt;script&gt;" in xml and "<script" not in xml


def test_word_is_a4_and_the_same_pack_gives_the_same_bytes(doc, pack):
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert to_docx(pack) == to_docx(pack)
    assert doc.core_properties.author == "facilitator-tui" and doc.core_properties.title == TITLE


# ----- HTML ---------------------------------------------------------------------------------


def text_of(element) -> str:
    return "".join(element.itertext())


def by_tag(tree, tag: str) -> list:
    return list(tree.iter(tag))


def test_html_prints_on_a4_with_breaks_and_wrapping(pack):
    html = to_html(pack)
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    assert "@page { size: A4" in style
    assert "break-after: avoid" in style and "overflow-wrap: anywhere" in style
    assert ".page { break-before: page; }" in style


def test_html_sections_and_headings_in_order(page):
    assert [text_of(h) for h in by_tag(page, "h1")] == [TITLE]
    assert [text_of(h) for h in by_tag(page, "h2")] == list(SECTIONS.values())
    h4 = [text_of(h) for h in by_tag(page, "h4")]
    assert h4 == [BOARD_EXERCISE, "Trios", "Our rules"]


def test_html_briefs_start_a_page_each_but_the_first(page, pack):
    sections = [s for s in by_tag(page, "section") if "brief" in s.get("class", "").split()]
    assert len(sections) == len(pack.briefs) == 6
    assert ["page" in s.get("class").split() for s in sections] == [False] + [True] * 5
    assert [text_of(s.find("h3")) for s in sections] == [b.role for b in pack.briefs]
    assert all(s.find("h3").get("dir") == "auto" for s in sections)
    first = text_of(sections[0])
    assert f"Board 1 of 2 · Played by {pack.briefs[0].player}" in first
    handouts = [s for s in by_tag(page, "section") if "handout" in s.get("class", "").split()]
    assert len(handouts) == 1
    h2 = by_tag(page, "h2")
    assert all("page" in h.get("class", "") for h in h2 if text_of(h) in (SECTIONS["briefs"], SECTIONS["handouts"], SECTIONS["run"]))


def test_html_handout_markdown_is_rendered_with_html_in_it_as_text(page):
    (handout,) = [s for s in by_tag(page, "section") if "handout" in s.get("class", "").split()]
    items = [text_of(li) for li in handout.iter("li")]
    assert items == [f"Be kind {SCRIPT}", "Listen to one another", "bullet one", "bullet two"]
    assert [text_of(b) for b in handout.iter("strong")] == ["kind"]
    assert [text_of(cell) for cell in handout.iter("td")] == ["Chair", "Keeps time"]
    assert list(handout.iter("img")) == [] and "a picture" in text_of(handout)
    assert [a.get("href") for a in handout.iter("a")] == ["https://example.org/rules"]


def test_html_user_text_is_escaped_and_control_characters_are_gone(page, pack):
    html = to_html(pack)
    assert by_tag(page, "script") == []
    assert not any(char in html for char in CONTROLS)
    text = text_of(page.find("body"))
    assert f"Zoë {MARKUP}" in text and "[31m" in text and LONG in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_html_checklist_has_a_tick_box_per_line(page, pack):
    table = next(t for t in by_tag(page, "table") if [text_of(th) for th in t.iter("th")] == list(CHECK_HEADINGS))
    rows = list(table.find("tbody"))
    assert len(rows) == len(pack.materials)
    assert all(row[0].find("span").get("class") == "box" for row in rows)
    assert [[text_of(td) for td in row][1:] for row in rows] == [[line.what, line.amount, line.detail] for line in pack.materials]


def test_html_without_a_list_says_groups_are_made_on_the_day(bare):
    html = to_html(bare)
    assert "Groups are made on the day from the participant list" in html
    assert "Played by: ____" in html


def test_a_plan_without_exercises_still_makes_a_whole_pack():
    plan = parse_plan(dump({"title": "Short", "start": "09:00", "close": "10:00", "agenda": [{"id": "a", "title": "Talk", "start": "09:00"}]}), "p.toml")
    pack = build_pack(plan, (Person("Ann", "ICB", "NHS"),))
    assert pack.groups_note == ("No exercise of this plan asks for groups.",)
    assert (pack.briefs, pack.handouts, pack.materials, pack.before) == ((), (), (), ())
    document = docx.Document(io.BytesIO(to_docx(pack)))
    assert styled(document, "Heading 1") == [SECTIONS[name] for name in ("agenda", "before", "materials", "run", "groups", "after")]
    assert "The plan lists no materials." in everything(document)
    assert "No exercise of this plan asks for groups." in to_html(pack)


def test_a_handout_tables_columns_make_room_for_their_longest_word_first():
    rows = [
        ["#", "Bid", "Asks for", "What it would pay for"],
        ["1", "Discharge and winter resilience", "£1,800,000", "A discharge-to-assess unit, and an escalation ward kept open through the winter"],
        ["2", "Home first", "£1,200,000", "A larger reablement team and extra home care hours"],
    ]
    shares = column_shares(rows)
    assert sum(shares) == pytest.approx(1)
    chars = [share * LINE_CHARACTERS for share in shares]
    assert chars[0] < 5, "a number column stays narrow"
    assert chars[2] >= len("£1,800,000") + 2, "a sum of money is never broken"
    assert chars[3] == max(chars), "the longest text gets the most room"
    assert column_shares([]) == ()


def test_html_handout_tables_have_fixed_column_widths(page):
    (handout,) = [s for s in by_tag(page, "section") if "handout" in s.get("class", "").split()]
    table = handout.find(".//table")
    widths = [col.get("style") for col in table.find("colgroup")]
    assert len(widths) == 2 and all(re.fullmatch(r"width: \d+%", width) for width in widths)
