"""The facilitator's pack as a Word document, laid out like the HTML pack.

Word's own styles carry the structure (Title; Heading 1 per section, Heading 2
per item, brief and handout; Heading 3 per exercise), so the navigation pane
works. Role briefs and handouts start a page each. The body is written as
WordprocessingML through the day log's writer (`docx_log`), user text always
as literal runs; a handout's Markdown becomes paragraphs, lists and tables.
The same pack gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm, Pt
from markdown_it.token import Token

from .docx_log import (
    _STYLES,
    _TAB_OR_NEWLINE,
    AUTHOR,
    CELL_STYLE,
    GREY,
    META_STYLE,
    NOTE_STYLE,
    _Body,
    _right_to_left,
    _run,
    _run_content,
    _style_element,
)
from .office import clean, steady_zip
from .pack import (
    AGENDA_HEADINGS,
    CHECK_HEADINGS,
    PACK_TITLE,
    SECTIONS,
    STEP_HEADINGS,
    TASK_HEADINGS,
    Brief,
    ExerciseRun,
    GroupList,
    HandoutPage,
    Pack,
    RunItem,
    handout_tokens,
    inline_text,
    is_break,
)

LABEL_STYLE = "Pack Label"
# A4 less two 20 mm margins leaves 170 mm.
AGENDA_WIDTHS = (16, 16, 12, 86, 40)
STEP_WIDTHS = (15, 11, 44, 100)
CHECK_WIDTHS = (13, 55, 30, 72)
TASK_WIDTHS = (13, 45, 112)
CAST_WIDTHS = (26, 64, 80)
TEXT_WIDTH = 170
UNDATED = dt.date(2000, 1, 1)
"""The date the file is stamped with when the pack has none: fixed, so the same pack gives the same bytes."""
_EXTRA_STYLES = (
    "Heading 3", "Heading 4", "Heading 5", "Heading 6", "List Bullet 2", "List Bullet 3", "List", "List 2", "List 3",
    "List Continue", "List Continue 2", "List Continue 3", "Quote", LABEL_STYLE,
)  # fmt: skip
_BOX = "".join(f'<w:{side} w:val="single" w:sz="8" w:space="4" w:color="333333"/>' for side in ("top", "left", "bottom", "right"))
_RULE = '<w:bottom w:val="single" w:sz="6" w:space="1" w:color="999999"/>'
_MONO = '<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" w:cs="Courier New"/>'


def to_docx(pack: Pack) -> bytes:
    """The whole document."""
    doc = Document()
    _set_up(doc, pack)
    body = _PackBody(doc)
    body.paragraph(META_STYLE, PACK_TITLE.upper(), bold=True)
    body.paragraph("Title", pack.title)
    if pack.subtitle:
        body.paragraph("Subtitle", pack.subtitle)
    for line in pack.cover:
        body.paragraph(None, line)
    body.paragraph("Heading 1", SECTIONS["agenda"])
    body.table(AGENDA_HEADINGS, [(i.start, i.end, str(i.minutes), i.title, i.lead_and_co) for i in pack.agenda], AGENDA_WIDTHS)
    _tasks(body, SECTIONS["before"], pack.before, "No preparation tasks in the plan.")
    body.paragraph("Heading 1", SECTIONS["materials"])
    if pack.materials:
        body.table(CHECK_HEADINGS, [("", line.what, line.amount, line.detail) for line in pack.materials], CHECK_WIDTHS)
    else:
        body.paragraph(None, "The plan lists no materials.")
    body.styled("Heading 1", _run(SECTIONS["run"]), page_break=True)
    for item in pack.agenda:
        _run_item(body, item)
    _groups(body, pack)
    _tasks(body, SECTIONS["after"], pack.after, "No follow-up tasks in the plan.")
    _briefs(body, pack.briefs)
    _handouts(body, pack.handouts)
    body.add_to(doc)
    out = io.BytesIO()
    doc.save(out)
    return steady_zip(out.getvalue(), pack.date or UNDATED)


def _set_up(doc: DocxDocument, pack: Pack) -> None:
    """A4, the day log's compact styles and a bold label style, a page-numbered footer, properties that do not change."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(20)
    styles = doc.styles
    styles["Normal"].font.size = Pt(10.5)
    for name, size in ((META_STYLE, 9.0), (CELL_STYLE, 9.5), (NOTE_STYLE, None), (LABEL_STYLE, None)):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        if size is not None:
            style.font.size = Pt(size)
    styles[META_STYLE].font.color.rgb = GREY
    styles[META_STYLE].paragraph_format.keep_with_next = True
    styles[META_STYLE].paragraph_format.space_after = Pt(2)
    cell = styles[CELL_STYLE].paragraph_format
    cell.space_before = cell.space_after = Pt(1.5)
    styles[NOTE_STYLE].paragraph_format.left_indent = Mm(4)
    label = styles[LABEL_STYLE]
    label.font.bold = True
    label.paragraph_format.keep_with_next = True
    label.paragraph_format.space_before = Pt(6)
    label.paragraph_format.space_after = Pt(2)
    footer = section.footer.paragraphs[0]
    footer.style = styles["Footer"]
    footer.add_run(clean(f"{pack.title} · {PACK_TITLE} · page "))
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    props = doc.core_properties
    props.title = clean(pack.title)
    props.subject = PACK_TITLE
    props.author = props.last_modified_by = AUTHOR
    props.comments = ""  # the template says "generated by python-docx"
    props.created = props.modified = dt.datetime.combine(pack.date or UNDATED, dt.time(), dt.UTC)
    props.revision = 1


class _PackBody(_Body):
    """The day log's body writer, with the pack's further styles and paragraphs that start a page or sit in a box."""

    def __init__(self, doc: DocxDocument) -> None:
        super().__init__(doc)
        self.style_ids.update({name: doc.styles[name].style_id for name in _EXTRA_STYLES if name not in _STYLES})

    def styled(self, style: str | None, runs: str, *, text: str = "", page_break: bool = False, box: bool = False) -> None:
        """A paragraph of ready-made runs; `text` (the runs' words) decides whether it reads right to left."""
        props = _style_element(self.style_ids[style]) if style else ""
        props += "<w:pageBreakBefore/>" if page_break else ""
        props += f"<w:pBdr>{_BOX}</w:pBdr>" if box else ""
        props += "<w:bidi/>" if _right_to_left(clean(text)) else ""
        self.parts.append(f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{runs}</w:p>")

    def labelled(self, label: str, text: str) -> None:
        """`Set-up: text`, the label bold."""
        self.paragraph(None, f"{label}: ", bold=True, more=_run(clean(text)))

    def label(self, text: str) -> None:
        """A bold line that stays with what follows it."""
        self.paragraph(LABEL_STYLE, text)

    def bullets(self, lines: Sequence[str]) -> None:
        for line in lines:
            self.paragraph("List Bullet", line)

    def text(self, text: str, style: str | None = None) -> None:
        """Text as paragraphs: a blank line starts a new one, a line break stays a line break."""
        for part in clean(text).split("\n\n"):
            if part.strip():
                self.paragraph(style, "\n".join(part.splitlines()))


def _tasks(body: _PackBody, heading: str, tasks: tuple[tuple[str, str], ...], none: str) -> None:
    body.paragraph("Heading 1", heading)
    if tasks:
        body.table(TASK_HEADINGS, [("", when, task) for when, task in tasks], TASK_WIDTHS)
    else:
        body.paragraph(None, none)


def _run_item(body: _PackBody, item: RunItem) -> None:
    body.paragraph("Heading 2", item.heading)
    body.paragraph(META_STYLE, item.meta)
    if is_break(item) and not (item.setup or item.script or item.purpose or item.exercises or item.guidance):
        if item.bring:
            body.labelled("Bring", ", ".join(item.bring))
        return
    for label, text in (("Purpose", item.purpose), ("Set-up", item.setup), ("Bring", ", ".join(item.bring))):
        if text:
            body.labelled(label, text)
    if item.script:
        body.label("Script (read aloud)")
        body.text(item.script, "Quote")
    if item.prompts:
        body.label("Prompts")
        body.bullets(item.prompts)
    for exercise in item.exercises:
        _exercise(body, exercise)
    if item.spare_minutes > 0:
        body.paragraph(META_STYLE, f"{item.spare_minutes} min spare after the last step.")
    elif item.spare_minutes < 0:
        body.paragraph(META_STYLE, f"The steps take {-item.spare_minutes} min more than the item.")
    for heading, lines in item.guidance:
        body.label(heading)
        body.bullets(lines)


def _exercise(body: _PackBody, exercise: ExerciseRun) -> None:
    body.paragraph("Heading 3", exercise.title)
    if exercise.summary:
        body.text(exercise.summary)
    if exercise.grouping:
        body.labelled("Groups", exercise.grouping)
    if exercise.roles:
        body.labelled("Roles", ", ".join(exercise.roles))
    if exercise.steps:
        rows = [
            (step.start, str(step.minutes), step.name, "\n".join(f"{label}: {text}" if label else text for label, text in step.details))
            for step in exercise.steps
        ]
        body.table(STEP_HEADINGS, rows, STEP_WIDTHS)
    if exercise.debrief:
        body.label("Debrief questions")
        body.bullets(exercise.debrief)


def _groups(body: _PackBody, pack: Pack) -> None:
    body.styled("Heading 1", _run(SECTIONS["groups"]), page_break=True)
    if pack.groups_note:
        first, *rules = pack.groups_note
        body.paragraph(None, first)
        body.bullets(rules)
    for found in pack.groups:
        _group_list(body, found)


def _group_list(body: _PackBody, found: GroupList) -> None:
    body.paragraph("Heading 2", f"{found.item}: {found.exercise}")
    body.paragraph(META_STYLE, found.rule)
    if found.castings:
        rows = [(label, role, person) for label, cast, _ in found.castings for role, person in cast]
        rows += [(label, "Observer", person) for label, _, observers in found.castings for person in observers]
        body.table(("Board", "Role", "Played by"), sorted(rows, key=lambda row: int(row[0].split()[-1])), CAST_WIDTHS)
    else:
        name = "Board" if found.boards else "Group"
        for number, group in enumerate(found.groups, 1):
            body.paragraph("List Bullet", f"{name} {number}: ", bold=True, more=_run(", ".join(group)))
    if found.observers:
        body.labelled("Observers", ", ".join(found.observers))
    for problem in found.problems:
        body.paragraph(META_STYLE, problem)


def _briefs(body: _PackBody, briefs: tuple[Brief, ...]) -> None:
    if not briefs:
        return
    body.styled("Heading 1", _run(SECTIONS["briefs"]), page_break=True)
    for number, brief in enumerate(briefs):
        player = f"Played by {brief.player}" if brief.player else "Played by: ____________________"
        line = f"{brief.board_line} · {player}"
        body.styled(LABEL_STYLE, _run(clean(line)), text=line, page_break=number > 0, box=True)
        body.paragraph("Heading 2", brief.role)
        meta = [brief.exercise, brief.item]
        meta += [f"{label}: {text}" for label, text in (("organisation", brief.organisation), ("sector", brief.sector)) if text]
        body.paragraph(META_STYLE, " · ".join(meta))
        body.text(brief.brief)


def _handouts(body: _PackBody, handouts: tuple[HandoutPage, ...]) -> None:
    if not handouts:
        return
    body.styled("Heading 1", _run(SECTIONS["handouts"]), page_break=True)
    for number, handout in enumerate(handouts):
        body.styled("Heading 2", _run(clean(handout.title)), text=handout.title, page_break=number > 0)
        body.paragraph(META_STYLE, f"{handout.item} · {handout.copies}")
        _markdown(body, handout_tokens(handout.content, heading_shift=2))


def _markdown(body: _PackBody, tokens: list[Token]) -> None:
    """Markdown block tokens as paragraphs: headings, lists (numbered in the text, so each list starts at its own
    first number), quotes, code, rules and tables."""
    lists: list[int | None] = []  # per open list: the next number, or None for bullets
    first_in_item = False
    quotes = 0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == "heading_open":
            inline = tokens[index + 1]
            body.styled(f"Heading {int(token.tag[1:])}", _inline_runs(inline), text=_plain(inline))
            index += 3
            continue
        if kind == "paragraph_open":
            inline = tokens[index + 1]
            style, prefix = None, ""
            depth = f" {min(len(lists), 3)}" if len(lists) > 1 else ""
            if lists and first_in_item:
                number = lists[-1]
                if number is None:
                    style = f"List Bullet{depth}"
                else:
                    style, prefix = f"List{depth}", f"{number}.\t"
                    lists[-1] = number + 1
                first_in_item = False
            elif lists:
                style = f"List Continue{depth}"
            elif quotes:
                style = "Quote"
            body.styled(style, (_run(prefix) if prefix else "") + _inline_runs(inline), text=_plain(inline))
            index += 3
            continue
        if kind == "table_open":
            index = _table(body, tokens, index)
            continue
        if kind == "bullet_list_open":
            lists.append(None)
        elif kind == "ordered_list_open":
            start = token.attrGet("start")
            lists.append(int(start) if isinstance(start, int | str) and str(start).isdigit() else 1)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            first_in_item = True
        elif kind == "blockquote_open":
            quotes += 1
        elif kind == "blockquote_close":
            quotes -= 1
        elif kind in ("fence", "code_block"):
            body.styled(NOTE_STYLE, _styled_run(clean(token.content.rstrip("\n")), mono=True))
        elif kind == "hr":
            body.parts.append(f"<w:p><w:pPr><w:pBdr>{_RULE}</w:pBdr></w:pPr></w:p>")
        index += 1


def _table(body: _PackBody, tokens: list[Token], index: int) -> int:
    """A Markdown table as a grid table, its columns as wide as `handout_tokens` shares them; returns the index after it."""
    shares = tokens[index].meta["shares"]
    rows: list[list[str]] = []
    while tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and rows:
            rows[-1].append(_plain(token))
        index += 1
    if rows:
        columns = len(shares)
        widths = [round(TEXT_WIDTH * share) for share in shares]
        body.table(rows[0], [(row + [""] * columns)[:columns] for row in rows[1:]], widths)
    return index + 1


def _plain(inline: Token) -> str:
    return clean(inline_text(inline))


def _inline_runs(inline: Token) -> str:
    """Runs for an inline token: bold, italic and code kept; a link's address after its words."""
    runs = []
    bold = italic = 0
    links: list[tuple[str, int]] = []  # (address, where its words start in `runs`)
    words: list[str] = []
    for child in inline.children or ():
        kind = child.type
        if kind == "text":
            runs.append(_styled_run(clean(child.content), bold=bold > 0, italic=italic > 0))
            words.append(child.content)
        elif kind == "code_inline":
            runs.append(_styled_run(clean(child.content), bold=bold > 0, italic=italic > 0, mono=True))
            words.append(child.content)
        elif kind == "softbreak":
            runs.append(_styled_run(" "))
        elif kind == "hardbreak":
            runs.append(_styled_run("\n"))
        elif kind in ("strong_open", "strong_close"):
            bold += 1 if kind == "strong_open" else -1
        elif kind in ("em_open", "em_close"):
            italic += 1 if kind == "em_open" else -1
        elif kind == "link_open":
            links.append((str(child.attrGet("href") or ""), len(words)))
        elif kind == "link_close" and links:
            href, start = links.pop()
            if href and href != "".join(words[start:]):
                runs.append(_styled_run(clean(f" ({href})"), grey=True))
    return "".join(runs)


def _styled_run(text: str, *, bold: bool = False, italic: bool = False, mono: bool = False, grey: bool = False) -> str:
    """A run of literal, already clean text in the given faces (the schema's order: fonts, bold, italic, colour)."""
    props = (_MONO if mono else "") + ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + (f'<w:color w:val="{GREY}"/>' if grey else "")
    content = "".join(_run_content(piece) for piece in _TAB_OR_NEWLINE.split(text) if piece)
    return f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{content}</w:r>"
