"""The share filter: what a version sent to participants leaves out, and pseudonyms."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
import unicodedata

import html5lib
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from markdown_it import MarkdownIt

from export_helpers import (
    ACTION_FORMULA,
    ACTION_PRIVATE,
    DECISION,
    GUIDANCE_LINE,
    OPEN_NOTE,
    PARKING,
    PRIVATE_QUOTE,
    PRIVATE_STRINGS,
    PSEUDONYMS,
    QUOTE,
    build_day,
)
from facilitator_tui.export import render, schema_text
from facilitator_tui.export.pseudonyms import pseudonymiser
from facilitator_tui.export.record import DayRecord, NoteEntry, share


@pytest.fixture(scope="module")
def full(tmp_path_factory) -> DayRecord:
    return build_day(tmp_path_factory.mktemp("data")).record()


@pytest.fixture(scope="module")
def shared(full) -> DayRecord:
    return share(full, PSEUDONYMS)


def whole_word(name: str, text: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text, re.IGNORECASE) is not None


def all_notes(record: DayRecord) -> list[NoteEntry]:
    return [note for item in record.items for note in item.notes]


# ----- what is left out ---------------------------------------------------------


def test_private_captures_are_left_out(full, shared):
    assert ACTION_PRIVATE in [n.text for n in all_notes(full)]
    texts = [n.text for n in all_notes(shared)]
    assert all(not n.private for n in all_notes(shared))
    assert not any("PRIVATE-ACTION" in t or PRIVATE_QUOTE in t for t in texts)
    # Public captures stay (names replaced).
    assert ACTION_FORMULA in texts and PARKING in texts and QUOTE in texts
    assert DECISION in texts


def test_free_text_notes_only_when_marked_shareable(full, shared):
    by_item = {item.id: [n.kind for n in item.notes] for item in shared.items}
    assert by_item["open"][0] == "note", "Opening's notes were marked shareable"
    assert by_item["tea"] == [], "Tea's raw notes were never marked"
    assert by_item["last"] == [], "Closing's notes are private and its quote too"
    assert shared.items[0].notes[0].text == OPEN_NOTE.replace("Ann Smith", "Participant A")


def test_unmarking_takes_the_notes_back_out(tmp_path):
    from day_helpers import at
    from facilitator_tui.core import events as ev
    from facilitator_tui.export.record import day_record

    built = build_day(tmp_path)
    events = [*built.events, ev.NoteSharing(at=at("11:05"), author="José", item_id="open", shareable=False)]
    record = share(day_record(built.plan, events, events[-1].at), PSEUDONYMS)
    assert [n.kind for n in record.items[0].notes].count("note") == 0


def test_guidance_is_left_out(full, shared):
    assert full.items[0].guidance is not None
    assert all(item.guidance is None for item in shared.items)
    for fmt in ("md", "html", "json"):
        out = render(shared, fmt)
        assert "Facilitator guidance" not in out, fmt
        assert "GUIDANCE" not in out, fmt
    assert "Facilitator guidance" in render(full, "md") and GUIDANCE_LINE in render(full, "html")


@pytest.mark.parametrize("fmt", ["md", "html", "json", "csv"])
def test_no_private_text_in_any_shared_format(shared, fmt):
    outputs = [render(shared, fmt)] + ([render(shared, "csv", "actions")] if fmt == "csv" else [])
    for out in outputs:
        for secret in PRIVATE_STRINGS:
            assert secret not in out, (fmt, secret)
        for name in PSEUDONYMS:
            assert not whole_word(name, out), (fmt, name)


def test_shared_json_is_marked_shared_and_still_valid(shared):
    data = json.loads(render(shared, "json"))
    assert data["shared"] is True
    assert Draft202012Validator(json.loads(schema_text())).is_valid(data)
    assert json.loads(render(dataclasses.replace(shared, shared=False), "json"))["shared"] is False


def test_shared_md_and_html_say_so(shared):
    assert "shared version" in render(shared, "md")
    assert "shared version" in render(shared, "html")


# ----- pseudonyms in every field ------------------------------------------------


def test_pseudonyms_replace_names_in_every_text_field(shared):
    assert shared.subtitle == "Run with Participant A and Participant C"
    assert shared.items[0].title.endswith("with Participant B")
    notes = all_notes(shared)
    multiline = next(n for n in notes if n.text.startswith("Email"))
    assert multiline.text.startswith("Email Participant D the notes")
    assert multiline.owner == "Participant A [@click=app.quit]q[/]"
    formula = next(n for n in notes if n.text == ACTION_FORMULA)
    assert formula.owner == "Participant C"
    assert notes[0].author == "Participant E", "José wrote the Opening notes"
    decision = next(n for n in notes if n.kind == "decision")
    assert decision.author == "Participant E"


def test_pseudonyms_cover_titles_due_and_authors_of_a_hand_made_record(full):
    note = NoteEntry("action", "ask ann", full.items[0].notes[0].at, "Zoë", False, owner="JOSÉ", due="after Ann's review")
    item = dataclasses.replace(full.items[0], title="Ann Smith's session", notes=(note,))
    record = dataclasses.replace(full, title="Day with O'Neil", subtitle="zoë and josé", items=(item,))
    out = share(record, PSEUDONYMS)
    got = out.items[0].notes[0]
    assert (got.text, got.author, got.owner, got.due) == (
        "ask Participant B",
        "Participant D",
        "Participant E",
        "after Participant B's review",
    )
    assert out.items[0].title == "Participant A's session"
    assert (out.title, out.subtitle) == ("Day with Participant C", "Participant D and Participant E")


NAMES = {"Ann Smith": "P-A", "Ann": "P-B", "O'Neil": "P-C", "Zoë": "P-D", "José": "P-E", "Işıl": "P-F", "J.R.": "P-G"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ann", "P-B"),
        ("ANN and ann", "P-B and P-B"),
        ("Annual report", "Annual report"),
        ("Joanne and Annabel", "Joanne and Annabel"),
        ("Ann2 ann_x", "Ann2 ann_x"),
        ("(Ann), Ann. Ann's #Ann Ann—Bob", "(P-B), P-B. P-B's #P-B P-B—Bob"),
        ("Ann Smith said", "P-A said"),
        ("ann smith said", "P-A said"),
        ("Ann Smithson", "P-B Smithson"),
        ("O'Neil, o'neil, O'NEIL", "P-C, P-C, P-C"),
        ("Neil", "Neil"),
        ("Zoë ZOË zoë", "P-D P-D P-D"),
        ("Zoe", "Zoe"),
        ("José JOSÉ josé", "P-E P-E P-E"),
        ("Jose", "Jose"),
        ("Işıl IŞIL", "P-F P-F"),
        ("J.R. said", "P-G said"),
        ("JxR. said", "JxR. said"),
        ("line1\nAnn\tZoë", "line1\nP-B\tP-D"),
        ("", ""),
    ],
)
def test_pseudonymiser_whole_words_any_case(text, expected):
    assert pseudonymiser(NAMES)(text) == expected


def test_pseudonymiser_with_no_names_changes_nothing():
    rename = pseudonymiser({})
    assert rename("Ann Smith") == "Ann Smith"
    assert pseudonymiser({"  ": "x"})("a  b") == "a  b"


def test_pseudonyms_are_inserted_literally():
    hostile = r"P\1 \g<0> [red]x[/] <script>alert(1)</script> | *A*"
    assert pseudonymiser({"Ann": hostile})("to Ann.") == f"to {hostile}."


def test_hostile_pseudonyms_stay_text_in_every_shared_format(full):
    hostile = "=cmd|' /C calc'!A0 <script>alert(1)</script> [red]P[/] [/ | *A* 🎉 שלום"
    owner = f"{hostile} [@click=app.quit]q[/]"
    shared = share(full, {"Ann Smith": hostile})

    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    doc = parser.parse(render(shared, "html"))
    assert parser.errors == []
    assert list(doc.iter("script")) == []
    assert hostile in "".join(doc.find("body").itertext())

    tokens = MarkdownIt("commonmark").enable("table").parse(render(shared, "md"))
    assert not any(t.type == "html_inline" for tok in tokens for t in tok.children or ())
    rows, row = [], []
    for index, token in enumerate(tokens):
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            rows.append(row)
        elif token.type == "inline" and tokens[index - 1].type in ("td_open", "th_open"):
            row.append("".join(c.content for c in token.children if c.type in ("text", "text_special")))
    assert [len(r) for r in rows] == [6] * 6 + [4] * 3, "every table kept its columns (a shared one has no private column)"
    assert rows[-1][1] == owner

    data = json.loads(render(shared, "json"))
    assert data["items"][0]["notes"][2]["owner"] == owner
    assert data["items"][0]["notes"][0]["text"].startswith(f"{hostile} went quiet")

    actions = list(csv.DictReader(io.StringIO(render(shared, "csv", "actions").removeprefix("\ufeff"), newline="")))
    assert actions[1]["owner"] == "'" + owner, "a pseudonym starting with = is guarded like any cell"


# ----- property: no original name survives a shared JSON export -----------------

LOWER = "abcdefghijklmnopqrstuvwxyzàáâãäåæçèéêëìíîïñòóôõöøùúûüýÿ"
# (ß is left out: "Weiß".upper() is "WEISS", which a case-insensitive regex does not match.)
word = st.text(st.sampled_from(LOWER), min_size=2, max_size=7)
name_st = st.builds(
    lambda first, apostrophe, last: (first + (("'" + apostrophe) if apostrophe else "")).title() + (" " + last.title() if last else ""),
    word,
    st.one_of(st.none(), word),
    st.one_of(st.none(), word),
)
SEPARATORS = [" ", ", ", ". ", "\n", "'s ", " - ", "(", ") ", " | ", "/", " [red]", "[/] ", " <b>", "\t", "—"]
FILLER = ["Annual", "Joanne", "the", "budget", "[@click=app.quit]q[/]", "🎉", "مرحبا", "שלום", "*x*", "#1"]


def _variants(name: str) -> list[str]:
    return [name, name.upper(), name.lower(), name.title(), name.swapcase()]


@st.composite
def day_with_names(draw, base: DayRecord):
    names = draw(st.lists(name_st, min_size=1, max_size=4, unique_by=str.casefold))
    pieces = st.one_of(st.sampled_from(FILLER), word, st.sampled_from(names).flatmap(lambda n: st.sampled_from(_variants(n))))
    texts = st.builds(
        lambda parts, seps: "".join(p + s for p, s in zip(parts, seps, strict=False)),
        st.lists(pieces, min_size=1, max_size=8),
        st.lists(st.sampled_from(SEPARATORS), min_size=8, max_size=8),
    )
    items = []
    for item in base.items:
        notes = tuple(
            dataclasses.replace(
                note,
                text=draw(texts),
                author=draw(texts),
                owner=draw(texts) if note.kind == "action" else None,
                due=draw(texts) if note.kind == "action" else None,
                private=draw(st.booleans()),
            )
            for note in item.notes
        )
        items.append(dataclasses.replace(item, title=draw(texts), notes=notes))
    record = dataclasses.replace(base, title=draw(texts), subtitle=draw(texts), items=tuple(items))
    return names, record


@pytest.fixture(scope="module")
def skeleton(full) -> str:
    """The JSON of a shared day with every user string blank: keys, ids, kinds, times."""
    items = tuple(
        dataclasses.replace(
            item,
            title="",
            notes=tuple(dataclasses.replace(n, text="", author="", owner="", due="") for n in item.notes),
        )
        for item in full.items
    )
    return render(share(dataclasses.replace(full, title="", subtitle="", items=items), {}), "json")


def test_property_no_original_name_survives_a_shared_json_export(full, skeleton):
    tried = {"cases": 0, "with_names": 0}

    @settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
    @given(day_with_names(full))
    def check(case):
        names, record = case
        mapping = {name: f"Pseudonym-{index}" for index, name in enumerate(names)}
        fixed = skeleton + " ".join(mapping.values())
        # A name that is also part of the format itself (a key, a kind) cannot be tested here.
        assume(not any(whole_word(name, fixed) for name in names))
        before = render(record, "json")
        tried["cases"] += 1
        tried["with_names"] += any(whole_word(name, before) for name in names)
        out = render(share(record, mapping), "json")
        values = []

        def walk(value):
            if isinstance(value, str):
                values.append(value)
            elif isinstance(value, dict):
                for v in value.values():
                    walk(v)
            elif isinstance(value, list):
                for v in value:
                    walk(v)

        walk(json.loads(out))
        for name in names:
            assert not whole_word(name, out), (name, out)
            for value in values:
                assert not whole_word(name, value), (name, value)
                # Independently of the regex: compare case-folded words too.
                assert not re.search(r"(?<!\w)" + re.escape(name.casefold()) + r"(?!\w)", value.casefold()), (name, value)

    check()
    assert tried["with_names"] >= tried["cases"] // 2 > 0, f"the inputs rarely held a name: {tried}"


@settings(max_examples=200, deadline=None)
@given(st.lists(name_st, min_size=1, max_size=4), st.text(max_size=60))
def test_property_text_without_the_names_is_unchanged(names, text):
    # Not a whole name, nor any word of one: a first name or surname alone is a spelling too.
    folded = unicodedata.normalize("NFC", text).casefold()
    assume(not any(word.casefold() in folded for name in names for word in re.split(r"[\s']+", name) if word))
    assert pseudonymiser({name: "X" for name in names})(text) == text


def test_a_full_name_split_by_a_line_break_or_double_space_is_still_replaced():
    from facilitator_tui.export.pseudonyms import pseudonymiser

    rename = pseudonymiser({"Ann Smith": "Participant A"})
    assert rename("Ann\nSmith said so; ann  smith agreed") == "Participant A said so; Participant A agreed"


def test_a_decomposed_accent_matches_the_composed_name():
    import unicodedata

    from facilitator_tui.export.pseudonyms import pseudonymiser

    rename = pseudonymiser({"Zoë": "Participant Z"})
    decomposed = unicodedata.normalize("NFD", "Zoë spoke")
    assert rename(decomposed) == "Participant Z spoke"
    assert rename(unicodedata.normalize("NFD", "Zoëy")).startswith("Zo")  # still whole words only


def test_a_shared_record_never_carries_a_login_name_as_author(full):
    """Authors not in the table become 'Facilitator' (the day's first writer) and 'Co-facilitator 1', … in order."""
    at0 = full.items[0].notes[0].at
    notes = (
        NoteEntry("decision", "one", at0, "root", False),
        NoteEntry("decision", "two", at0 + dt.timedelta(minutes=1), "sam", False),
        NoteEntry("decision", "three", at0 + dt.timedelta(minutes=2), "José", False),
        NoteEntry("decision", "four", at0 + dt.timedelta(minutes=3), "kim", False),
    )
    item = dataclasses.replace(full.items[0], notes=notes)
    record = dataclasses.replace(full, items=(item,), facilitator="root")
    out = share(record, PSEUDONYMS)
    assert [n.author for n in out.items[0].notes] == ["Facilitator", "Co-facilitator 1", "Participant E", "Co-facilitator 2"]
    for fmt in ("md", "html", "json", "csv"):
        text = render(out, fmt)
        assert not whole_word("root", text) and not whole_word("sam", text) and not whole_word("kim", text), fmt
