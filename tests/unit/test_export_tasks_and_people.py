"""The day log carries both checklists as ticked, and a day run with a participant list shares under its pseudonyms."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from jsonschema import Draft202012Validator

from day_helpers import at, make_day
from facilitator_tui.core import acts
from facilitator_tui.core.clock import FakeClock
from facilitator_tui.core.people import Person
from facilitator_tui.core.plan import Plan
from facilitator_tui.core.roster_acts import TickTask
from facilitator_tui.export.day_log import ExportRequest, export_text

PLAN = Plan.model_validate(
    {
        "title": "Checklist day",
        "start": "09:00",
        "close": "10:00",
        "prepare": [
            {"id": "venue", "task": "Confirm the venue with Ann Smith", "days": 14},
            {"id": "print", "task": "Print the briefs", "days": 2},
        ],
        "follow_up": [{"id": "survey", "task": "Send the survey", "days": 1}],
        "agenda": [{"id": "a", "title": "Opening", "start": "09:00"}],
    }
)
PEOPLE = (Person("Ann Smith", "ICB", "NHS", pseudonym="Willow"), Person("Bob Jones", "Council", "Local government"))


@pytest.fixture
def day(tmp_path):
    clock = FakeClock(at("09:00"))
    d = make_day(tmp_path / "data", PLAN, tmp_path / "plan.toml", clock)
    d.use_people(PEOPLE)
    d.do(TickTask("venue"))
    d.do(acts.Start())
    d.do(acts.SaveNote("a", "Bob Jones and Ann Smith agreed the first step."))
    d.do(acts.ShareNotes("a", True))
    clock.set(at("09:30"))
    yield d
    d.close()


def test_markdown_and_html_list_both_checklists_ticked_or_not(day):
    md = export_text(day, ExportRequest(fmt="md"), at("09:30"))
    assert "## Before the day" in md and "## After the day" in md
    assert "- [x] Confirm the venue with Ann Smith (due Thu 12 Nov 2026)" in md
    assert "- [ ] Print the briefs (due Tue 24 Nov 2026)" in md
    assert md.index("## After the day") < md.index("Send the survey (due Fri 27 Nov 2026)")
    html = export_text(day, ExportRequest(fmt="html"), at("09:30"))
    assert "<h2>Before the day</h2>" in html and "[x] Confirm the venue" in html


def test_json_carries_the_tasks_and_validates(day):
    record = json.loads(export_text(day, ExportRequest(fmt="json"), at("09:30")))
    schema = json.loads(resources.files("facilitator_tui.export").joinpath("day-log.schema.json").read_text())
    Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(record)
    tasks = {task["id"]: task for task in record["tasks"]}
    assert tasks["venue"]["done"] and tasks["venue"]["done_at"].startswith("2026-11-26T09:00")
    assert not tasks["print"]["done"] and tasks["print"]["done_at"] is None
    assert tasks["survey"]["after"] and tasks["survey"]["due"] == "2026-11-27"


def test_a_day_run_with_a_list_shares_under_its_pseudonyms_without_a_table(day):
    shared = export_text(day, ExportRequest(fmt="md", shared=True), at("09:30"))
    assert "Ann" not in shared and "Smith" not in shared and "Bob" not in shared and "Jones" not in shared
    assert "Participant 1 and Willow agreed the first step." in shared
    assert "[x] Confirm the venue with Willow" in shared


def test_the_word_file_lists_both_checklists_under_their_headings(day):
    import io

    from docx import Document

    document = Document(io.BytesIO(export_text(day, ExportRequest(fmt="docx"), at("09:30"))))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    before = paragraphs.index(("Heading 1", "Before the day"))
    after = paragraphs.index(("Heading 1", "After the day"))
    assert paragraphs[before + 1] == ("List Bullet", "[x] Confirm the venue with Ann Smith (due Thu 12 Nov 2026)")
    assert paragraphs[after + 1] == ("List Bullet", "[ ] Send the survey (due Fri 27 Nov 2026)")
