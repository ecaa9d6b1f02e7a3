"""Due dates as people type them: `2026-12-09`, `9/12`, `Fri`, `next Friday`, `in 2 weeks`.

An action's due is stored twice: the words as typed, and the date they were
understood as (decided once, when the action is captured or edited, from the
day's clock). Words that are not a date ("after the board") stay words.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

# A weekday named alone ("Fri", "by Friday") is a date in the week ahead; a
# month alone ("March") or a day alone ("14th") is not precise enough to file.
_WEEKDAY = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b", re.IGNORECASE)


def understand_due(words: str | None, today: dt.date) -> dt.date | None:
    """The date `words` mean, counted from `today` (dates in the future preferred, day before month), or None."""
    if not words or not words.strip():
        return None
    # dateparser takes a second's worth of import; only an action with a due pays it.
    import dateparser

    settings: dict[str, Any] = {
        "RELATIVE_BASE": dt.datetime.combine(today, dt.time(12)),
        "PREFER_DATES_FROM": "future",
        "DATE_ORDER": "DMY",
        "REQUIRE_PARTS": ["day", "month"],
    }
    text = words.strip()
    found = dateparser.parse(text, languages=["en"], settings=settings)
    if found is None and _WEEKDAY.search(text):
        settings.pop("REQUIRE_PARTS")
        found = dateparser.parse(text, languages=["en"], settings=settings)
    return found.date() if found is not None else None


def due_words(words: str | None, date: dt.date | None) -> str:
    """What the capture form says it understood: the date in full, or that the words stay words."""
    if not words or not words.strip():
        return ""
    if date is None:
        return "Not a date: kept as written."
    return f"Due {date:%A} {date.day} {date:%B %Y}."
