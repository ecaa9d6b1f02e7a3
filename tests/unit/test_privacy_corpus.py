"""No shared export, in any format, carries a private string or a listed name in any spelling.

The corpus puts every spelling the pseudonymiser promises to catch (typographic
apostrophes and hyphens, any case, "Smith, Ann", "A. Smith", email addresses,
a first or last name alone) into every field a day has: plan title, subtitle
and venue, item titles, free notes, captured text, owners, dues and authors.
The names come from a pseudonym file, as `--pseudonyms` gives them. Each
shared format is then read back as its reader would (Word and Excel files
down to every XML part in the zip, metadata included) and searched for every
name word and private string.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import unicodedata
import zipfile
from io import BytesIO

import pytest

from day_helpers import at, make_day
from facilitator_tui.core import events as ev
from facilitator_tui.core.clock import FakeClock
from facilitator_tui.core.plan import Plan
from facilitator_tui.export import FORMATS, WHATS
from facilitator_tui.export.day_log import ExportRequest, export_text

PSEUDONYM_FILE = """\
"Ann Smith" = "Participant A"
"Seán O'Neil" = "Participant B"
"Jürgen Weiß" = "Participant C"
"Mary-Jane Khan" = "Participant D"
"""

# Every spelling of every listed name, as people type them.
SPELLINGS = [
    "Ann Smith", "ANN SMITH", "ann  smith", "Ann\nSmith", "Smith, Ann", "A. Smith", "A Smith",
    "ann.smith@nhs.net", "Ann_Smith+workshop@council.gov.uk", "Smith", "Ann",
    "Seán O’Neil", "SEÁN O'NEIL", "O‘Neil", "O'Neil, Seán", "S. O’Neil", "sean.oneil@vcs.org.uk", "Seán",
    "Jürgen WEISS", "weiss", "J. Weiß", "Jürgen", "jürgen.weiss@trust.nhs.uk", "jurgen.weiss@trust.nhs.uk",
    "Mary‐Jane Khan", "Mary–Jane Khan", "Khan, Mary-Jane", "M. Khan", "maryjane.khan@icb.nhs.uk", "mary-jane.khan@x.org", "Khan",
]  # fmt: skip
# The words none of them may leave behind (whole words, folded).
# (Folding makes "Weiß" "weiss", so one word covers both.)
NAME_WORDS = ["ann", "smith", "seán", "sean", "o'neil", "oneil", "jürgen", "jurgen", "weiss", "mary-jane", "maryjane", "khan"]
PRIVATE_STRINGS = ["PRIVATE-CAPTURE", "PRIVATE-OWNER-NOTE", "RAW-UNSHARED-NOTE", "GUIDANCE-SECRET"]


def spelled(i: int) -> str:
    return SPELLINGS[i % len(SPELLINGS)]


def corpus_plan() -> Plan:
    titles = [f"Welcome from {spelled(0)}", f"{spelled(11)} on budgets", f"Role-play with {spelled(23)}", f"Close by {spelled(18)}"]
    starts = ["09:00", "09:30", "10:00", "10:30"]
    return Plan.model_validate(
        {
            "title": f"Partnership day run by {spelled(4)}",
            "subtitle": f"With {spelled(12)} and {spelled(24)}",
            "venue": f"{spelled(19)}'s office",
            "start": "09:00",
            "close": "11:00",
            "agenda": [
                {
                    "id": f"i{n}",
                    "title": title,
                    "start": start,
                    "guidance": {"watch_for": [f"GUIDANCE-SECRET about {spelled(n)}"]},
                }
                for n, (title, start) in enumerate(zip(titles, starts, strict=True))
            ],
        }
    )


@pytest.fixture(scope="module")
def day_and_names(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    names = data / "names.toml"
    names.write_text(PSEUDONYM_FILE, encoding="utf-8")
    clock = FakeClock(at("08:55"))
    day = make_day(data, corpus_plan(), data / "corpus.toml", clock)
    authors = ["Ann Smith", "sean.oneil", "Jürgen Weiß", "mjkhan"]  # login names and full names
    minute = 0

    def stamp(author: int) -> dict[str, object]:
        nonlocal minute
        minute += 1
        clock.set(at("09:00") + dt.timedelta(minutes=minute))
        return {"at": clock.now(), "author": authors[author % len(authors)], "device": "laptop"}

    day.record(ev.Start(**stamp(0)))
    for n, item in enumerate(day.plan.agenda):
        shown = " / ".join(SPELLINGS[n:] + SPELLINGS[:n])  # every spelling, in every note
        day.record(ev.NoteSaved(**stamp(n), item_id=item.id, text=f"Shared note: {shown}"))
        day.record(ev.NoteSharing(**stamp(n), item_id=item.id, shareable=n != 3))
        if n == 3:
            day.record(ev.NoteSaved(**stamp(n), item_id=item.id, text=f"RAW-UNSHARED-NOTE {shown}"))
        for k, kind in enumerate(("action", "decision", "parking", "quote")):
            text = f"{kind} for {spelled(n * 4 + k)} and {spelled(n * 4 + k + 9)}"
            extra = {"owner": spelled(n * 4 + k + 2), "due": f"Fri, ask {spelled(n + k + 5)}", "due_date": dt.date(2026, 11, 27)}
            day.record(ev.Captured(**stamp(n + k), kind=kind, item_id=item.id, text=text, **(extra if kind == "action" else {})))
        day.record(
            ev.Captured(**stamp(n), kind="action", item_id=item.id, text=f"PRIVATE-CAPTURE {spelled(n)}", owner="PRIVATE-OWNER-NOTE", private=True)
        )
        day.record(ev.Next(**stamp(n)))  # the last one ends the day
    yield day, names
    day.close()


def every_shared_export(day, names) -> list[tuple[str, str | None, str | bytes]]:
    out = []
    for fmt in FORMATS:
        for what in WHATS.get(fmt, (None,)):
            request = ExportRequest(fmt=fmt, what=what, shared=True, pseudonyms=names)
            out.append((fmt, what, export_text(day, request, at("11:30"))))
    return out


def readable_text(fmt: str, content: str | bytes) -> str:
    """Everything a reader could see in the file, metadata included, with escapes undone."""
    if isinstance(content, bytes):
        with zipfile.ZipFile(BytesIO(content)) as archive:
            parts = [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
        # Tags out (Word splits text across runs: join them without a gap), entities undone.
        return "\n".join(html.unescape(re.sub(r"<[^>]+>", "", part)) for part in parts)
    if fmt == "ics":
        content = re.sub(r"\r?\n[ \t]", "", content).replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n").replace("\\N", "\n")
    if fmt == "html":
        content = html.unescape(content)
    if fmt == "json":
        return "\n".join(strings(json.loads(content)))
    return content


def strings(value: object) -> list[str]:
    """Every string in a JSON document, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for key, inner in value.items() for text in (key, *strings(inner))]
    if isinstance(value, list):
        return [text for inner in value for text in strings(inner)]
    return []


def folded(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    return re.sub("[’‘ʼ]", "'", re.sub("[‐‑‒–—]", "-", text))


def leaks(text: str) -> list[str]:
    text = folded(text)
    found = [word for word in NAME_WORDS if re.search(rf"(?<![\w'-]){re.escape(word)}(?![\w'-])", text)]
    found += [secret for secret in PRIVATE_STRINGS if secret.casefold() in text]
    return found


def test_the_corpus_puts_every_spelling_and_secret_into_the_full_export(day_and_names):
    """The corpus is real: the full export carries every spelling, name word and private string the shared one must not."""
    day, _ = day_and_names
    full = readable_text("json", export_text(day, ExportRequest(fmt="json", with_guidance=True), at("11:30")))
    assert set(leaks(full)) == set(NAME_WORDS + PRIVATE_STRINGS)
    assert [spelling for spelling in SPELLINGS if spelling not in full] == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_shared_format_carries_a_name_or_a_private_string(day_and_names, fmt):
    day, names = day_and_names
    exports = [(f, what, content) for f, what, content in every_shared_export(day, names) if f == fmt]
    assert exports
    for _, what, content in exports:
        text = readable_text(fmt, content)
        assert "Participant" in text, ("the pseudonyms are there", fmt, what)
        assert leaks(text) == [], (fmt, what)
