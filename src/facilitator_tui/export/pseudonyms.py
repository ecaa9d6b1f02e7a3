"""Pseudonyms: the table a shared export uses, and every way of writing a listed name."""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path

from ..core.control_chars import first_control, visible
from .errors import ExportError


def load_pseudonyms(path: Path) -> dict[str, str]:
    """A pseudonym file: a TOML table of `"Name" = "Pseudonym"` (optionally under [pseudonyms])."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ExportError(f"{path}: no such pseudonym file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ExportError(f"{path}: cannot read the pseudonym file ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ExportError(f"{path}: not valid TOML: {error}. Write one line per name: \"Ann Smith\" = \"Participant A\"") from None
    if set(data) == {"pseudonyms"} and isinstance(data["pseudonyms"], dict):
        data = data["pseudonyms"]
    for key, value in data.items():
        what = first_control(key) or (first_control(value) if isinstance(value, str) else None)
        if what is not None:
            raise ExportError(f"{path}: the line for {visible(key)!r} holds a control character, {what}; delete it")
    bad = [key for key, value in data.items() if not isinstance(value, str) or not value.strip() or not key.strip()]
    if bad:
        raise ExportError(f"{path}: {bad[0]!r} needs a pseudonym in quotes, e.g. \"{bad[0]}\" = \"Participant A\"")
    return dict(data)


def pseudonymiser(pseudonyms: Mapping[str, str]) -> Callable[[str], str]:
    """A function replacing every way of writing a listed name by its pseudonym.

    Matching is on whole words only ("Ann" never matches inside "Annual" or
    "Joanne"), in NFC, with Unicode case folding ("Weiß" matches "WEISS"; the
    Turkish I's ı and İ count as i), the apostrophe family (' ’ ‘ ʼ) counted as
    one character and the hyphen family (- ‐ ‑ ‒ – —) as another, and any run of
    whitespace or line breaks between the words of a full name. Invisible
    formatting characters (zero-width spaces and joiners, soft hyphens,
    direction marks) are ignored, so "Smi\u00adth" is Smith.

    Besides each name as listed, a listed full name such as "Ann Smith" is
    recognised as "Smith, Ann", as "A. Smith" or "A Smith" (initial and
    surname), run together ("AnnSmith"), as an email address whose local
    part is the name ("ann.smith@…", "ann_smith@…", "annsmith@…": the whole
    address is replaced), and as its first name or surname alone. A spelling that is not
    itself listed is used only when it is unambiguous: it belongs to exactly one
    pseudonym. So a first name or surname alone is replaced only when no other
    listed person has it as a first name or surname (a one-word entry counts as
    both), and "A. Smith" is left alone when Ann Smith and Alan Smith are both
    listed. An ambiguous spelling is left as written, since any choice could
    name the wrong person. A listed spelling always wins over a derived one.

    Where spellings overlap, the longest wins. Text without a name comes back
    exactly as written; text with one comes back in NFC.
    """
    spellings = _spellings(pseudonyms)
    if not spellings:
        return lambda text: text
    # Every spelling of a name holds one of the name's words (or a part of one,
    # or it without accents). A text is matched only against the spellings of
    # the names whose words it holds: a pattern of every spelling of twenty
    # names, tried at every word, took 1.5 s over a day of 10,000 notes.
    owners: dict[str, set[str]] = {}
    for name in pseudonyms:
        for anchor in _anchors(name):
            owners.setdefault(anchor, set()).add(name)
    anchors = tuple(owners)

    @functools.lru_cache(maxsize=256)
    def pattern_for(names: frozenset[str]) -> tuple[re.Pattern[str], list[str]]:
        # One group per spelling says which matched; the alternatives are tried
        # longest first, email addresses before the bare names inside them.
        chosen = [(source, target) for source, target, owners in spellings if owners & names]
        alternatives = "|".join(f"({source})" for source, _ in chosen)
        return re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)"), [target for _, target in chosen]

    def rename(text: str) -> str:
        normal = _nfc(text)
        folded, origin = _fold(normal)
        hits = [anchor for anchor in anchors if anchor in folded]
        if not hits:
            return text
        present = frozenset().union(*(owners[anchor] for anchor in hits))
        pattern, targets = pattern_for(present)
        pieces: list[str] = []
        done = 0
        for match in pattern.finditer(folded):
            # Back to the original: from the character the match starts in to the
            # end of the one it ends in (a folded character can be longer, ß → ss).
            start, end = match.start(), match.end()
            if origin is not None:
                start, end = origin[start], origin[end - 1] + 1
            if end <= done:
                continue
            pieces.append(normal[done : max(start, done)])
            pieces.append(targets[(match.lastindex or 1) - 1])
            done = end
        if not pieces:
            # Text without a name comes back exactly as written, not normalised.
            return text
        pieces.append(normal[done:])
        return "".join(pieces)

    return rename


_APOSTROPHES = "'\u2019\u2018\u02bc"
_HYPHENS = "-\u2010\u2011\u2012\u2013\u2014"
# The Turkish I's: `re.IGNORECASE` matched "ı" with "I" and "İ" with "i"; casefold does not.
# Invisible formatting characters: zero-width spaces and joiners, the soft hyphen, word joiners, the byte
# order mark and the direction marks and overrides. Pasted from a web page, a chat or a word processor, one
# inside a name ("Smi\u00adth") leaves it looking and reading the same, so matching leaves them out.
_INVISIBLE = "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
_HAS_INVISIBLE = re.compile(f"[{_INVISIBLE}]")
_CANONICAL = str.maketrans(
    {"\u0131": "i", "\u0130": "i"}
    | dict.fromkeys(_APOSTROPHES, "'")
    | dict.fromkeys(_HYPHENS, "-")
    | dict.fromkeys(_INVISIBLE, None)
)
# After the local part: an optional "+tag", then the domain.
_EMAIL_DOMAIN = r"(?:\+[\w.-]*)?@[\w-]+(?:\.[\w-]+)*"


def _fold(text: str) -> tuple[str, list[int] | None]:
    """`text` case-folded with apostrophes and hyphens made one and invisible characters left out, and for each
    of its characters the index it came from.

    None for the indexes when folding kept every character one character (nearly
    always): then each folded character is where it was. (Equal lengths are not
    enough when a character was left out: "ß" folds to two.)
    """
    whole = text.translate(_CANONICAL).casefold()
    if len(whole) == len(text) and _HAS_INVISIBLE.search(text) is None:
        return whole, None
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = char.translate(_CANONICAL).casefold()
        out.append(folded)
        origin.extend([index] * len(folded))
    return "".join(out), origin


def _anchors(name: str) -> tuple[str, ...]:
    """What a text must hold (folded) for any spelling of `name` to be in it: a word, a part of one, or it without accents."""
    words = [_fold(word)[0] for word in _nfc(name).split()]
    parts = [part for word in words for part in re.split(r"['-]", word) if part]
    return tuple({*words, *parts, *map(_plain, parts)})


def _spellings(pseudonyms: Mapping[str, str]) -> list[tuple[str, str, frozenset[str]]]:
    """(pattern on folded text, pseudonym, the names it spells) for every spelling of every listed name, longest first."""
    listed: dict[str, tuple[str, str, set[str]]] = {}
    derived: dict[str, tuple[str, set[str], set[str]]] = {}

    def derive(key: str, source: str, target: str) -> None:
        entry = derived.setdefault(key, (source, set(), set()))
        entry[1].add(target)
        entry[2].add(name)

    for name, target in pseudonyms.items():
        words = [_fold(word)[0] for word in _nfc(name).split()]
        if not words:
            continue
        listed.setdefault(" ".join(words), (r"\s+".join(map(re.escape, words)), target, set()))[2].add(name)
        listed.setdefault("@" + " ".join(words), (_email(words), target, set()))[2].add(name)
        if len(words) > 1:
            # Run together, as in a handle or hashtag ("#AnnSmith"), or with an invisible soft hyphen between.
            listed.setdefault("".join(words), (re.escape("".join(words)), target, set()))[2].add(name)
        first, last = words[0], words[-1]
        for single in {first, last}:
            derive(single, re.escape(single), target)
            derive("@" + single, _email([single]), target)
        if len(words) > 1:
            rest = r"\s+".join(map(re.escape, words[:-1]))
            derive(f"{last}, {' '.join(words[:-1])}", rf"{re.escape(last)}\s*,\s*{rest}", target)
            initial = _fold(_nfc(name).split()[0][0])[0]
            if initial.isalpha():
                derive(f"{initial}. {last}", rf"{re.escape(initial)}(?:\.\s*|\s+){re.escape(last)}", target)
    chosen = {key: (source, target, frozenset(names)) for key, (source, target, names) in listed.items()}
    for key, (source, targets, names) in derived.items():
        if key not in chosen and len(targets) == 1:
            chosen[key] = (source, next(iter(targets)), frozenset(names))
    order = sorted(chosen, key=lambda key: (key.startswith("@"), len(key)), reverse=True)
    return [chosen[key] for key in order]


def _email(words: list[str]) -> str:
    """An email address whose local part is these (folded) words, run together or joined by . _ - or ', plus any +tag.

    Addresses are often written without accents ("sean.oneil@" for Seán O'Neil), so each part matches with or without them.
    """
    parts = [part for word in words for part in re.split(r"['-]", word) if part]
    return r"[._'-]?".join(_with_or_without_accents(part) for part in parts) + _EMAIL_DOMAIN


def _plain(text: str) -> str:
    """`text` without its accents."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _with_or_without_accents(part: str) -> str:
    plain = _plain(part)
    if plain == part:
        return re.escape(part)
    return f"(?:{re.escape(part)}|{re.escape(plain)})"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
