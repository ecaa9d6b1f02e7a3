"""Due dates as facilitators type them, understood from the day's date (Wednesday 2 December 2026)."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator_tui.core.due_dates import due_words, understand_due

TODAY = dt.date(2026, 12, 2)


@pytest.mark.parametrize(
    ("words", "date"),
    [
        ("2026-12-09", dt.date(2026, 12, 9)),
        ("9/12", dt.date(2026, 12, 9)),  # day before month, as written in the UK
        ("9/12/26", dt.date(2026, 12, 9)),
        ("Fri", dt.date(2026, 12, 4)),
        ("next Friday", dt.date(2026, 12, 4)),
        ("by Friday", dt.date(2026, 12, 4)),
        ("in 2 weeks", dt.date(2026, 12, 16)),
        ("tomorrow", dt.date(2026, 12, 3)),
        ("1 Jan", dt.date(2027, 1, 1)),  # the next one, not the one gone
        ("  Wednesday  ", dt.date(2026, 12, 9)),
    ],
)
def test_dates_people_type(words, date):
    assert understand_due(words, TODAY) == date


@pytest.mark.parametrize("words", ["after the board", "March", "14th", "31/02", "asap", "", "   ", None])
def test_words_that_are_not_a_date_stay_words(words):
    assert understand_due(words, TODAY) is None


def test_what_the_form_says():
    assert due_words("Fri", dt.date(2026, 12, 4)) == "Due Friday 4 December 2026."
    assert due_words("after the board", None) == "Not a date: kept as written."
    assert due_words("", None) == ""
