"""The HTML day log printed as a recipient would: Chromium's print to PDF, read back with poppler.

A4 pages, a sensible page count, and a 2,000-character unbroken line wholly
in the PDF's text at the size of the rest (wrapped, not shrunk or cut off).
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import pytest

from export_helpers import PLAN_TITLE, build_day
from facilitator_tui.export import render

from .tools import need

pytestmark = pytest.mark.e2e

LONG = "".join(f"{n:04d}x" for n in range(400))  # 2,000 characters, no space to break at


def print_to_pdf(html: str, folder: Path, name: str) -> Path:
    page = folder / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    pdf = folder / f"{name}.pdf"
    profile = folder / f"profile-{name}"
    subprocess.run(
        [
            need("chromium"), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", f"--user-data-dir={profile}",
            "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri(),
        ],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    assert pdf.exists() and pdf.stat().st_size > 1000
    return pdf


def pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run([need("pdfinfo"), str(pdf)], check=True, capture_output=True, encoding="utf-8", errors="replace").stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def pdf_text(pdf: Path) -> str:
    return subprocess.run([need("pdftotext"), "-enc", "UTF-8", "-layout", str(pdf), "-"], check=True, capture_output=True, encoding="utf-8", errors="replace").stdout


def word_heights(pdf: Path, word: str) -> list[float]:
    """The heights of `word` wherever it is on the pages: the font size it was printed at.

    (poppler writes an emoji as two surrogate halves, which are not UTF-8: they become replacement characters.)
    """
    out = subprocess.run([need("pdftotext"), "-enc", "UTF-8", "-bbox", str(pdf), "-"], check=True, capture_output=True, encoding="utf-8", errors="replace").stdout
    found = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">' + re.escape(word) + "</word>", out)
    return [round(float(y2) - float(y1), 1) for y1, y2 in found]


@pytest.fixture(scope="module")
def record(tmp_path_factory):
    return build_day(tmp_path_factory.mktemp("data")).record(with_guidance=False)


def with_long_note(record):
    note = dataclasses.replace(record.items[0].notes[0], text=f"Before the long line.\n{LONG}\nAfter it.")
    items = (dataclasses.replace(record.items[0], notes=(note, *record.items[0].notes[1:])), *record.items[1:])
    return dataclasses.replace(record, items=items)


def test_the_day_log_prints_on_a4_with_a_sensible_page_count(record, tmp_path):
    pdf = print_to_pdf(str(render(record, "html")), tmp_path, "plain")
    info = pdf_info(pdf)
    assert "A4" in info["Page size"], info["Page size"]
    assert 1 <= int(info["Pages"]) <= 4, info["Pages"]
    text = pdf_text(pdf)
    assert "Agenda: planned and actual" in text and "Parking lot" in text
    words = set(text.split())
    whole = {"09:00", "09:30", "09:45", "10:00", "10:20", "Planned", "Kind", "Over", "session", "break", "lunch", "skipped"}
    assert whole - words == set(), "a time or a word in the agenda broke across lines"
    assert "Partnership day" in text and PLAN_TITLE.split()[0] in text


def test_a_long_unbroken_line_wraps_whole_and_nothing_shrinks(record, tmp_path):
    plain = print_to_pdf(str(render(record, "html")), tmp_path, "plain")
    long = print_to_pdf(str(render(with_long_note(record), "html")), tmp_path, "long")
    text = re.sub(r"\s+", "", pdf_text(long))
    assert LONG in text, "every character of the long line is on the page"
    assert int(pdf_info(long)["Pages"]) <= int(pdf_info(plain)["Pages"]) + 1
    # The page is not shrunk to fit: the same heading prints at the same size.
    heading = "Agenda:"
    assert word_heights(long, heading) == word_heights(plain, heading) != []


def test_a_session_heading_stays_with_its_first_note(record, tmp_path):
    """Notes of many lengths push headings to every place on a page; each keeps its timing line and first note below it."""
    titles = [f"{item.planned_start} {item.title}"[:20] for item in record.items]
    alone = []
    for shift in range(8):
        filler = tuple(
            dataclasses.replace(record.items[0].notes[0], text=f"Observation {n}: " + "words " * (8 + (n + shift) % 5)) for n in range(60)
        )
        items = tuple(dataclasses.replace(item, notes=filler[: 10 + shift + 3 * i]) for i, item in enumerate(record.items))
        pdf = print_to_pdf(str(render(dataclasses.replace(record, items=items), "html")), tmp_path, f"many{shift}")
        for page in pdf_text(pdf).split("\f"):
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            for at, line in enumerate(lines):
                # Below a heading: its timing line, the first note's label and a line of its text.
                if any(line.startswith(title) for title in titles) and len(lines) - at < 4:
                    alone.append((shift, lines[at:]))
    assert alone == []
