"""The facilitator's pack printed for real: the page through Chromium's print to PDF, the Word file through LibreOffice.

Both must be A4, hold every role brief's text, start each brief on a page of
its own, and keep a 1,500-character unbroken line whole (wrapped, not cut off).
"""

from __future__ import annotations

import re

import pytest

from facilitator_tui.export.pack import build_pack
from facilitator_tui.export.pack_docx import to_docx
from facilitator_tui.export.pack_html import to_html
from pack_helpers import HANDOUT_TITLE, LONG, MEMBER_BRIEF, TREASURER_BRIEF, pack_people, pack_plan

from .test_office_exports import convert, profile  # noqa: F401  (profile is a fixture)
from .test_print_page import pdf_info, pdf_text, print_to_pdf

pytestmark = pytest.mark.e2e(reason="slow: starts Chromium and LibreOffice")

BRIEF_PAGES = 6
"""Three roles on each of two boards."""


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    return build_pack(pack_plan(), pack_people(tmp_path_factory.mktemp("people")), seed=5)


def check_printed(pdf) -> None:
    info = pdf_info(pdf)
    assert "A4" in info["Page size"], info["Page size"]
    pages = pdf_text(pdf).split("\f")
    assert BRIEF_PAGES + 4 <= int(info["Pages"]) <= 20, info["Pages"]
    brief_pages = [page for page in pages if re.search(r"Board \d of 2 · Played by", page)]
    assert len(brief_pages) == BRIEF_PAGES, "each brief on a page of its own"
    assert all(len(re.findall(r"Board \d of 2 · Played by", page)) == 1 for page in brief_pages)
    assert sum(" ".join(TREASURER_BRIEF.split()) in " ".join(page.split()) for page in brief_pages) == 2
    assert sum(MEMBER_BRIEF in " ".join(page.split()) for page in brief_pages) == 2
    handout = [page for page in pages if HANDOUT_TITLE in page and "copies" in page]
    assert len(handout) == 1 and "Keeps time" in handout[0]
    squeezed = re.sub(r"\s+", "", "".join(pages))
    assert squeezed.count(LONG) == 2, "every character of the long line is on the page, on both boards' briefs"


def test_the_html_pack_prints_on_a4_with_a_brief_per_page(pack, tmp_path):
    check_printed(print_to_pdf(to_html(pack), tmp_path, "pack"))


def test_the_word_pack_prints_on_a4_with_a_brief_per_page(pack, tmp_path, profile):  # noqa: F811
    source = tmp_path / "pack.docx"
    source.write_bytes(to_docx(pack))
    check_printed(convert(profile, source, "pdf"))
