"""The Word and Excel day logs opened by a real office suite: LibreOffice, headless.

Slow (LibreOffice starts in a few seconds per conversion), so marked e2e. The
Word file is converted to PDF and read with poppler's `pdftotext` and
`pdfinfo`; the workbook's first sheet is converted to CSV. Each run uses its
own LibreOffice profile, so parallel runs never share one. Without LibreOffice
the tests skip, except under `CI=true`, where they must run and so fail (as the
tmux tests do).
"""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import pytest

from export_helpers import LAST_NOTE, OPEN_TITLE, TEA_NOTE, TEA_TITLE, build_day
from facilitator_tui.export.docx_log import to_docx
from facilitator_tui.export.record import DayRecord
from facilitator_tui.export.xlsx_log import to_xlsx

from .tools import need

pytestmark = pytest.mark.e2e(reason="slow: starts LibreOffice for each conversion")

TIMEOUT = 180  # a first start with a fresh profile can take a while on a loaded machine


@pytest.fixture(scope="module")
def record(tmp_path_factory) -> DayRecord:
    return build_day(tmp_path_factory.mktemp("data")).record()


@pytest.fixture(scope="module")
def profile(tmp_path_factory) -> str:
    """A LibreOffice user profile of this run's own."""
    return tmp_path_factory.mktemp("lo-profile").as_uri()


def convert(profile: str, source: Path, target: str) -> Path:
    """`source` converted by LibreOffice to `target` (a filter spec), next to it in `out/`."""
    soffice = need("soffice")
    out = source.parent / "out"
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target, "--outdir", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    converted = out / (source.stem + "." + target.split(":")[0])
    assert done.returncode == 0 and converted.exists(), f"soffice failed:\n{done.stdout}\n{done.stderr}"
    return converted


def tool(*argv: str) -> str:
    return subprocess.run([need(argv[0]), *argv[1:]], capture_output=True, text=True, timeout=60, check=True).stdout


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_word_file_prints_as_a_pdf_with_title_sessions_and_notes(tmp_path, record, profile):
    source = tmp_path / "day.docx"
    source.write_bytes(to_docx(record))
    pdf = convert(profile, source, "pdf")
    text = one_line(tool("pdftotext", "-enc", "UTF-8", str(pdf), "-"))
    # (pdftotext may lift the title's emoji, drawn from a fallback font, out of its place in the line.)
    assert "Partnership" in text and "day [red]x[/] & <b>bold</b>" in text
    assert "Agenda: planned and actual" in text
    assert f"09:00 {OPEN_TITLE}" in text, "a session heading"
    assert "Ann Smith went quiet [red]x[/] [/" in text and "# not a heading" in text, "a note's lines"
    assert "=HYPERLINK(" in text
    info = tool("pdfinfo", str(pdf))
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 1 <= pages <= 10, info
    assert "(A4)" in next(line for line in info.splitlines() if line.startswith("Page size:")), info


def test_workbook_opens_with_its_agenda_as_the_first_sheet(tmp_path, record, profile):
    source = tmp_path / "day.xlsx"
    source.write_bytes(to_xlsx(record))
    # Comma, double quote, UTF-8 (76), start at line 1.
    converted = convert(profile, source, "csv:Text - txt - csv (StarCalc):44,34,76,1")
    rows = list(csv.reader(io.StringIO(converted.read_text(encoding="utf-8"), newline="")))
    assert rows[0][:4] == ["Planned", "Item", "Kind", "Planned min"]
    assert len(rows) == 6
    assert [row[1] for row in rows[1:]][:2] == [OPEN_TITLE, TEA_TITLE]
    assert rows[2] == ["09:30", TEA_TITLE, "break", "15", "09:31", "09:50", "14", "5", "-1", "no", TEA_NOTE]
    assert "Zoë" in rows[2][10] and "José" in rows[5][10] and rows[5][10] == LAST_NOTE
    assert rows[1][8] == "+1", "an overrun shows its sign"
    assert rows[3][4:10] == ["", "", "", "", "", "yes"]


def test_markdown_tables_keep_words_whole_when_pandoc_makes_a_word_file(tmp_path, record, profile):
    """Pasted Markdown often goes through Pandoc to Word: the narrow columns must still hold their words."""
    from facilitator_tui.export import render

    source = tmp_path / "day.md"
    source.write_text(str(render(record, "md")), encoding="utf-8")
    word = tmp_path / "pandoc.docx"
    subprocess.run([need("pandoc"), str(source), "-o", str(word)], check=True, timeout=TIMEOUT)
    text = tool("pdftotext", "-layout", str(convert(profile, word, "pdf")), "-")
    words = set(text.split())
    for whole in ("Planned", "Kind", "Actual", "Over", "session", "break", "lunch", "skipped", "Owner", "Due", "Private", "private"):
        assert whole in words, f"{whole!r} broke across lines in the Word table:\n{text[:3000]}"
