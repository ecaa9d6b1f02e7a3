"""Pseudonyms replace every way of writing a listed name, and nothing else.

Apostrophe and hyphen variants, Unicode case folding (ß → ss), "Smith, Ann",
"A. Smith", "AnnSmith", email addresses, a first name or surname alone when it
is unambiguous in the table, and any of them with invisible characters inside.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from export_helpers import PSEUDONYMS, build_day
from facilitator_tui.export.pseudonyms import pseudonymiser
from facilitator_tui.export.record import DayRecord, NoteEntry, share

APOSTROPHES = "'\u2019\u2018\u02bc"
HYPHENS = "-\u2010\u2013\u2014"


def fold(text: str) -> str:
    """An independent normal form for checking: NFC, casefolded, one apostrophe, one hyphen, Turkish I as i."""
    text = unicodedata.normalize("NFC", text)
    for mark in APOSTROPHES:
        text = text.replace(mark, "'")
    for mark in HYPHENS:
        text = text.replace(mark, "-")
    return text.replace("\u0130", "i").replace("\u0131", "i").casefold()


def has_word(word: str, text: str) -> bool:
    """Whether `word` occurs as a whole word in `text`, compared in `fold` form."""
    return re.search(r"(?<!\w)" + re.escape(fold(word)) + r"(?!\w)", fold(text)) is not None


# ----- apostrophes and hyphens --------------------------------------------------

QUOTES = {"Liam O'Neil": "P-L", "O'Brien": "P-O", "Eva Smith-Jones": "P-E"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ask O’Neil", "ask P-L"),  # U+2019, what Word, Outlook and phones type
        ("ask O‘Neil", "ask P-L"),
        ("ask OʼNeil", "ask P-L"),  # U+02BC is a letter to regex: still whole words
        ("ask o'neil and O’NEIL", "ask P-L and P-L"),
        ("Liam O’Neil said", "P-L said"),
        ("O’Brien’s notes", "P-O’s notes"),
        ("OʼBrienʼs notes", "P-Oʼs notes"),
        ("Smith–Jones", "P-E"),  # en dash
        ("Smith—Jones", "P-E"),  # em dash
        ("Smith‐Jones", "P-E"),  # U+2010 hyphen
        ("EVA SMITH-JONES", "P-E"),
        ("Neil and Brien", "Neil and Brien"),
        ("O’Neill", "O’Neill"),
        ("Smith–Jonesy", "Smith–Jonesy"),
    ],
)
def test_apostrophe_and_hyphen_families_count_as_equal(text, expected):
    assert pseudonymiser(QUOTES)(text) == expected


def test_a_listed_curly_apostrophe_matches_a_typed_straight_one():
    assert pseudonymiser({"O’Neil": "P"})("O'Neil and o‘neil") == "P and P"


# ----- Unicode case folding and positions back in the original ------------------

GERMAN = {"Jürgen Weiß": "P-J", "Eva Strauss": "P-S"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("JÜRGEN WEISS kam", "P-J kam"),
        ("Große Pläne mit Jürgen Weiss, oder?", "Große Pläne mit P-J, oder?"),
        ("Straße: WEISS; Maß", "Straße: P-J; Maß"),
        ("Weiß. Weiss! weiß?", "P-J. P-J! P-J?"),
        ("Grüße an Frau Strauß.", "Grüße an Frau P-S."),
        ("STRAUẞ und Strauss", "P-S und P-S"),  # capital sharp s
        ("Weißer Weisse WEISSE", "Weißer Weisse WEISSE"),
        ("Strausse Straußberg", "Strausse Straußberg"),
        ("ß Weiß ß", "ß P-J ß"),
    ],
)
def test_case_is_folded_the_unicode_way(text, expected):
    assert pseudonymiser(GERMAN)(text) == expected


def test_a_name_never_matches_half_of_a_folded_character():
    rename = pseudonymiser({"Stras": "P", "Fiona": "F"})
    assert rename("Straß") == "Straß"  # "strass": the name would end inside ß
    assert rename("Straß Stras") == "Straß P"
    assert rename("ﬁona") == "F"  # the ligature folds to "fi"


def test_every_case_pair_the_old_regex_matched_still_matches():
    """`re.IGNORECASE` was the rule before: no pair of letters it equated may now leak."""
    pairs = []
    for code in range(0x41, 0x2C00):
        a = chr(code)
        for b in {a.upper(), a.lower(), a.swapcase(), a.title()}:
            if len(b) == 1 and b != a and a.isalpha() and re.fullmatch(re.escape(a), b, re.IGNORECASE):
                pairs.append((a, b))
    pairs += [("ı", "I"), ("İ", "i"), ("ſ", "s"), ("K", "k")]
    assert len(pairs) > 1000
    missed = [(a, b) for a, b in pairs if pseudonymiser({f"Q{a}q": "P"})(f"Q{b}q") != "P"]
    assert missed == []


# ----- other spellings of a listed full name ------------------------------------

PEOPLE = {"Ann Smith": "P-A", "Liam O'Neil": "P-L", "Zoë": "P-Z"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Smith, Ann said", "P-A said"),
        ("SMITH,ANN said", "P-A said"),
        ("Smith ,\nAnn said", "P-A said"),
        ("O’Neil, Liam said", "P-L said"),
        ("A. Smith said", "P-A said"),
        ("A Smith said", "P-A said"),
        ("A.Smith said", "P-A said"),
        ("a. smith said", "P-A said"),
        ("L. O’Neil said", "P-L said"),
        ("mail ann.smith@example.org today", "mail P-A today"),
        ("mail Ann_Smith@Example.ORG.", "mail P-A."),
        ("mail annsmith@example.org, please", "mail P-A, please"),
        ("<ann-smith@mail.example.co.uk>", "<P-A>"),
        ("mailto:ann.smith+day@example.org", "mailto:P-A"),
        ("liam.oneil@example.org liam.o'neil@example.org", "P-L P-L"),
        ("oneil@example.org and zoë@example.org", "P-L and P-Z"),
        ("Ann said", "P-A said"),
        ("ask Smith", "ask P-A"),
        ("ask Liam", "ask P-L"),
        ("ask O’Neil", "ask P-L"),
        ("Annual Joanne Smithson Smithy B. Smithson", "Annual Joanne Smithson Smithy B. Smithson"),
        # Run together (a handle, a hashtag) is still the person: it was left as written before.
        ("#AnnSmith and Annsmith", "#P-A and P-A"),
        ("LiamO'Neil", "P-L"),
        ("Smith, Annual", "P-A, Annual"),
        ("annual.smithson@example.org", "annual.smithson@example.org"),
        ("ann.smith@", "P-A.P-A@"),  # not an address: the words are still names
    ],
)
def test_other_spellings_of_a_full_name(text, expected):
    assert pseudonymiser(PEOPLE)(text) == expected


# ----- invisible characters ----------------------------------------------------------

INVISIBLE = {
    "soft hyphen": "\u00ad",
    "zero-width space": "\u200b",
    "zero-width non-joiner": "\u200c",
    "zero-width joiner": "\u200d",
    "left-to-right mark": "\u200e",
    "right-to-left override": "\u202e",
    "word joiner": "\u2060",
    "first strong isolate": "\u2068",
    "byte order mark": "\ufeff",
}


@pytest.mark.parametrize("mark", INVISIBLE.values(), ids=INVISIBLE.keys())
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ask Smi{}th", "ask P-A"),  # pasted from a web page or a word processor: it still reads "Smith"
        ("A{}nn said", "P-A said"),
        ("An{}n Smi{}th said", "P-A said"),
        ("Smith, A{}nn", "P-A"),
        ("ann.smi{}th@example.org", "P-A"),
        ("Liam O{}'Neil", "P-L"),
        ("Zo{}ë", "P-Z"),
        # Folding "ß" adds a character where the mark takes one away: the name is still cut out exactly.
        ("Straße: An{}n Smith!", "Straße: P-A!"),
        ("Ann{}ual Smith{}son", "Ann{}ual Smith{}son"),
    ],
)
def test_a_name_with_an_invisible_character_inside_is_still_the_name(mark, text, expected):
    assert pseudonymiser(PEOPLE)(text.replace("{}", mark)) == expected.replace("{}", mark)


def test_a_listed_name_with_an_invisible_character_matches_the_plain_one():
    assert pseudonymiser({"Ann Smi\u00adth": "P"})("Ann Smith and Smith") == "P and P"


def test_the_longest_spelling_wins():
    rename = pseudonymiser(PSEUDONYMS)  # "Ann Smith" and "Ann" are both listed
    assert rename("Smith, Ann and Ann") == "Participant A and Participant B"
    assert rename("Ann Smith, Ann") == "Participant A, Participant B"
    assert rename("ann.smith@example.org") == "Participant A"
    assert rename("ann@example.org") == "Participant B"
    assert rename("Smith alone, and A. Smith") == "Participant A alone, and Participant A"


# ----- ambiguity: a single name shared by two listed people is left alone -------


@pytest.mark.parametrize(
    ("table", "text", "expected"),
    [
        ({"Lee Park": "P1", "Lee Chan": "P2"}, "Lee met Park and Chan", "Lee met P1 and P2"),
        ({"Lee Park": "P1", "Lee Chan": "P2"}, "L. Park and L. Chan", "P1 and P2"),
        ({"Ann Smith": "P1", "Alan Smith": "P2"}, "A. Smith met Smith", "A. Smith met Smith"),
        ({"Ann Smith": "P1", "Alan Smith": "P2"}, "Ann, Alan, Smith, Alan", "P1, P2, P2"),
        ({"Ann Smith": "P1", "Grace Ann": "P2"}, "Ann met Smith and Grace", "Ann met P1 and P2"),
        ({"Ann Smith": "P1", "Smith": "P2"}, "Smith and Ann", "P2 and P1"),  # "Ann" is still only Ann Smith's
        ({"Ann Smith": "P1", "Bob Ann": "P2"}, "Smith, Ann and Ann", "P1 and Ann"),
        ({"Ann Smith": "P1", "Annie Smith": "P1"}, "Smith", "P1"),  # two spellings of one person
    ],
)
def test_an_ambiguous_single_name_is_left_as_written(table, text, expected):
    assert pseudonymiser(table)(text) == expected


def test_a_listed_single_name_wins_over_a_derived_one():
    rename = pseudonymiser({"Ann Smith": "P1", "Ann": "P2"})
    assert rename("Ann") == "P2"
    assert rename("Smith") == "P1"


# ----- corpus: every spelling in every field of a shared record -----------------

TABLE = {
    "Ann Smith": "Participant A",
    "Liam O'Neil": "Participant B",
    "Eva Smith-Jones": "Participant C",
    "Jürgen Weiß": "Participant D",
    "Zoë": "Participant E",
}

CORPUS = [
    # as listed, in other cases, split over lines
    "Ann Smith", "ANN SMITH", "ann smith", "Ann\nSmith", "Liam O'Neil", "Eva Smith-Jones", "Jürgen Weiß", "Zoë",
    "JÜRGEN WEISS", "jürgen weiss", "ZOË", unicodedata.normalize("NFD", "Zoë"),
    # apostrophes and hyphens
    "Liam O’Neil", "O‘Neil", "OʼNeil", "Eva Smith–Jones", "Smith—Jones", "SMITH‐JONES",
    # surname first
    "Smith, Ann", "O’Neil, Liam", "Smith–Jones, Eva", "Weiss, Jürgen",
    # initial and surname
    "A. Smith", "A Smith", "L. O’Neil", "E. Smith-Jones", "J. WEISS", "J Weiß",
    # email addresses
    "ann.smith@example.org", "Ann_Smith@example.org", "annsmith@example.org", "liam.oneil@example.org",
    "eva.smith-jones@example.org", "jürgen.weiss@example.org", "zoë@example.org",
    # one name alone
    "Ann", "Smith", "Liam", "O’Neil", "Eva", "Smith–Jones", "Jürgen", "WEISS", "Weiß",
]  # fmt: skip

NAME_WORDS = ["Ann", "Smith", "Liam", "Neil", "O'Neil", "Eva", "Smith-Jones", "Jones", "Jürgen", "Weiß", "Zoë", "oneil"]
UNRELATED = ["Annual", "Joanne", "Smithson"]


@pytest.fixture(scope="module")
def corpus_record(tmp_path_factory) -> DayRecord:
    full = build_day(tmp_path_factory.mktemp("data")).record()
    first = full.items[0]
    at = first.notes[0].at
    notes = tuple(
        NoteEntry(
            "action",
            f"Ask {spelling} about the Annual report; Joanne agrees.",
            at,
            spelling,
            False,
            owner=spelling,
            due=f"after {spelling} meets Smithson",
        )
        for spelling in CORPUS
    )
    return dataclasses.replace(full, items=(dataclasses.replace(first, notes=notes), *full.items[1:]))


def test_the_corpus_holds_every_name_before_sharing(corpus_record):
    texts = [n.text for n in corpus_record.items[0].notes]
    assert len(texts) == len(CORPUS)
    assert all(any(has_word(w, t) or "@" in t for w in NAME_WORDS) for t in texts)


def test_no_spelling_of_a_name_survives_share(corpus_record):
    shared = share(corpus_record, TABLE)
    notes = shared.items[0].notes
    assert len(notes) == len(CORPUS)
    for spelling, note in zip(CORPUS, notes):
        for field in (note.text, note.author, note.owner, note.due):
            assert field is not None
            for word in NAME_WORDS:
                assert not has_word(word, field), (spelling, word, field)
            assert "@" not in field and "example" not in field, (spelling, field)
            assert "Participant" in field, (spelling, field)
        assert note.text.endswith("about the Annual report; Joanne agrees."), (spelling, note.text)
        assert note.due is not None and note.due.startswith("after ") and note.due.endswith(" meets Smithson")


def test_unrelated_words_are_untouched_by_share(corpus_record):
    shared = share(corpus_record, TABLE)
    for note in shared.items[0].notes:
        for word in UNRELATED:
            assert word in f"{note.text} {note.due}"
    text = "The Annual report: Joanne, Smithson, Annabel, Smithy, Liamson, Evan, Weißer."
    assert pseudonymiser(TABLE)(text) == text


# ----- properties -----------------------------------------------------------------

LETTERS = "abcdefghijklmnopqrstuvwxyzäöüéèñß"
name_word = st.text(st.sampled_from(LETTERS), min_size=3, max_size=7).map(str.title)


def spellings_of(first: str, last: str) -> list[str]:
    return [
        f"{first} {last}",
        f"{last}, {first}",
        f"{first[0]}. {last}",
        f"{first[0]} {last}",
        f"{first}.{last}@example.org".lower(),
        f"{first}_{last}@example.org".lower(),
        f"{first}{last}@example.org".lower(),
        first,
        last,
    ]


FILLER = ["Annual", "the", "Joanne", ",", "—", "(x)", "Smithson"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(name_word, name_word), min_size=1, max_size=3),
    st.data(),
)
def test_property_no_spelling_of_an_unambiguous_name_survives(people, data):
    words = [fold(w) for person in people for w in person]
    # Every first name and surname unambiguous, and no name a part of another's spelling.
    assume(len(set(words)) == len(words))
    assume(not any(a != b and a in b for a in words for b in words))
    assume(not any(has_word(w, filler) for w in words for filler in FILLER))
    table = {f"{first} {last}": f"#{index}" for index, (first, last) in enumerate(people)}
    pieces = data.draw(
        st.lists(
            st.one_of(
                st.sampled_from([s for first, last in people for s in spellings_of(first, last)]).flatmap(
                    lambda s: st.sampled_from([s, s.upper(), s.lower(), s.swapcase()])
                ),
                st.sampled_from(FILLER),
            ),
            min_size=1,
            max_size=8,
        )
    )
    text = " ".join(pieces)
    out = pseudonymiser(table)(text)
    for word in words:
        assert not has_word(word, out), (table, text, out)
    assert "@" not in out
    for filler in ("Annual", "Joanne", "Smithson"):
        assert out.count(filler) == text.count(filler)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(name_word, name_word), min_size=1, max_size=3), st.text(max_size=60))
def test_property_text_without_any_name_word_is_unchanged(people, text):
    assume(not any(fold(w) in fold(text) for person in people for w in person))
    assert pseudonymiser({f"{a} {b}": "X" for a, b in people})(text) == text
