"""The facilitator's pack as one standalone, printable HTML page (A4).

The run sheet and checklists flow; the role briefs and handouts start a page
each, so they can be handed out. Every piece of user text is escaped and
carries `dir="auto"`; a handout's Markdown is rendered with HTML in it shown
as text, and images as their words (the page fetches nothing).
"""

from __future__ import annotations

from markdown_it.token import Token

from .html_log import _columns, _e, _head, _lines, _user
from .pack import (
    AGENDA_HEADINGS,
    CHECK_HEADINGS,
    HANDOUT_MARKDOWN,
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
    is_break,
)

# Percentages of the page's width, per column.
AGENDA_WIDTHS = (9, 9, 7, 53, 22)
STEP_WIDTHS = (9, 7, 26, 58)
CHECK_WIDTHS = (8, 34, 18, 40)
TASK_WIDTHS = (8, 27, 65)
CAST_WIDTHS = (20, 40, 40)

STYLE = """
@page { size: A4; margin: 16mm 15mm; }
body { font-family: system-ui, sans-serif; font-size: 10.5pt; max-width: 50rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.4; color: #111; overflow-wrap: anywhere; }
h1, h2, h3, h4, h5, h6, .meta, .label { break-after: avoid; }
h1 { margin-bottom: .2rem; }
h2 { border-bottom: 2px solid #333; padding-bottom: .15rem; margin-top: 1.6rem; }
h3 { margin: 1.3rem 0 .3rem; }
h4 { margin: .9rem 0 .3rem; }
.page { break-before: page; }
.kicker { font-weight: bold; text-transform: uppercase; letter-spacing: .05em; color: #444; }
.meta { color: #444; font-size: .92em; margin: .2rem 0 .5rem; }
.label { font-weight: bold; margin: .6rem 0 .2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; table-layout: fixed; }
th, td { border: 1px solid #999; padding: .2rem .35rem; text-align: start; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eee; font-size: .88em; overflow-wrap: normal; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td p { margin: 0 0 .25rem; }
.box { display: inline-block; width: .9em; height: .9em; border: 1.5px solid #333; vertical-align: middle; }
.change td { color: #555; font-style: italic; }
.script { border-inline-start: 3px solid #777; padding-inline-start: .7rem; margin: .3rem 0 .8rem; font-style: italic; }
.script p { margin: .2rem 0; }
.warn { color: #8a0000; }
.brief .board { font-weight: bold; font-size: 1.05em; border: 1px solid #333; padding: .3rem .5rem; }
.handout-body pre { white-space: pre-wrap; }
.handout-body blockquote { border-inline-start: 3px solid #999; margin-inline: 0; padding-inline-start: .7rem; }
ul, ol { padding-inline-start: 1.4rem; }
@media print { body { margin: 0; max-width: none; padding: 0; } a { color: inherit; } }
"""


def to_html(pack: Pack) -> str:
    """The whole page."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(pack.title)} · {PACK_TITLE}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f'<p class="kicker">{PACK_TITLE}</p>',
        _user(pack.title, "h1"),
    ]
    if pack.subtitle:
        parts.append(_user(pack.subtitle, "p"))
    parts += [_user(line, "p") for line in pack.cover]
    parts += _agenda(pack)
    parts += _tasks(SECTIONS["before"], pack.before, "No preparation tasks in the plan.")
    parts += _materials(pack)
    parts.append(f'<h2 class="page">{SECTIONS["run"]}</h2>')
    for item in pack.agenda:
        parts += _run_item(item)
    parts += _groups(pack)
    parts += _tasks(SECTIONS["after"], pack.after, "No follow-up tasks in the plan.")
    parts += _briefs(pack.briefs)
    parts += _handouts(pack.handouts)
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _table(widths: tuple[int, ...], headings: tuple[str, ...], rows: list[str]) -> list[str]:
    return ["<table>", _columns(widths), _head(headings), "<tbody>", *rows, "</tbody>", "</table>"]


def _tick() -> str:
    return '<td><span class="box"></span></td>'


def _agenda(pack: Pack) -> list[str]:
    rows = [
        "<tr>" + "".join(_user(cell, "td") for cell in (item.start, item.end, str(item.minutes), item.title, item.lead_and_co)) + "</tr>"
        for item in pack.agenda
    ]
    return [f"<h2>{SECTIONS['agenda']}</h2>", *_table(AGENDA_WIDTHS, AGENDA_HEADINGS, rows)]


def _tasks(heading: str, tasks: tuple[tuple[str, str], ...], none: str) -> list[str]:
    parts = [f"<h2>{heading}</h2>"]
    if not tasks:
        return [*parts, f"<p>{none}</p>"]
    rows = ["<tr>" + _tick() + _user(when, "td") + _user(task, "td") + "</tr>" for when, task in tasks]
    return parts + _table(TASK_WIDTHS, TASK_HEADINGS, rows)


def _materials(pack: Pack) -> list[str]:
    parts = [f"<h2>{SECTIONS['materials']}</h2>"]
    if not pack.materials:
        return [*parts, "<p>The plan lists no materials.</p>"]
    rows = ["<tr>" + _tick() + "".join(_user(cell, "td") for cell in (line.what, line.amount, line.detail)) + "</tr>" for line in pack.materials]
    return parts + _table(CHECK_WIDTHS, CHECK_HEADINGS, rows)


def _run_item(item: RunItem) -> list[str]:
    parts = [f'<h3 dir="auto">{_e(item.heading)}</h3>', f'<p class="meta" dir="auto">{_e(item.meta)}</p>']
    if is_break(item) and not (item.setup or item.script or item.purpose or item.exercises or item.guidance):
        return parts + ([_labelled("Bring", ", ".join(item.bring))] if item.bring else [])
    for label, text in (("Purpose", item.purpose), ("Set-up", item.setup)):
        if text:
            parts.append(_labelled(label, text))
    if item.bring:
        parts.append(_labelled("Bring", ", ".join(item.bring)))
    if item.script:
        parts += ['<p class="label">Script (read aloud)</p>', f'<div class="script">{_lines(item.script)}</div>']
    if item.prompts:
        parts += ['<p class="label">Prompts</p>', "<ul>", *(_user(prompt, "li") for prompt in item.prompts), "</ul>"]
    for exercise in item.exercises:
        parts += _exercise(exercise)
    if item.spare_minutes > 0:
        parts.append(f'<p class="meta">{item.spare_minutes} min spare after the last step.</p>')
    elif item.spare_minutes < 0:
        parts.append(f'<p class="meta warn">The steps take {-item.spare_minutes} min more than the item.</p>')
    for heading, lines in item.guidance:
        parts += [f'<p class="label">{_e(heading)}</p>', "<ul>", *(_user(line, "li") for line in lines), "</ul>"]
    return parts


def _labelled(label: str, text: str) -> str:
    """`<p><strong>Set-up:</strong> text</p>`, the text's own line breaks kept."""
    return f'<p><strong>{_e(label)}:</strong> <span dir="auto">{_br(text)}</span></p>'


def _br(text: str) -> str:
    return "<br>".join(_e(line) for line in text.split("\n"))


def _exercise(exercise: ExerciseRun) -> list[str]:
    parts = [_user(exercise.title, "h4")]
    if exercise.summary:
        parts.append(_user(exercise.summary, "p"))
    if exercise.grouping:
        parts.append(_labelled("Groups", exercise.grouping))
    if exercise.roles:
        parts.append(_labelled("Roles", ", ".join(exercise.roles)))
    rows = []
    for step in exercise.steps:
        what = "".join(
            f'<p dir="auto">{f"<strong>{_e(label)}:</strong> " if label else ""}{_br(text)}</p>' for label, text in step.details
        )
        css = ' class="change"' if step.change_over else ""
        rows.append(f"<tr{css}><td>{_e(step.start)}</td><td>{step.minutes}</td>{_user(step.name, 'td')}<td>{what}</td></tr>")
    if rows:
        parts += _table(STEP_WIDTHS, STEP_HEADINGS, rows)
    if exercise.debrief:
        parts += ['<p class="label">Debrief questions</p>', "<ul>", *(_user(question, "li") for question in exercise.debrief), "</ul>"]
    return parts


def _groups(pack: Pack) -> list[str]:
    parts = [f'<h2 class="page">{SECTIONS["groups"]}</h2>']
    if pack.groups_note:
        first, *rules = pack.groups_note
        parts.append(_user(first, "p"))
        if rules:
            parts += ["<ul>", *(_user(rule, "li") for rule in rules), "</ul>"]
    for found in pack.groups:
        parts += _group_list(found)
    return parts


def _group_list(found: GroupList) -> list[str]:
    parts = [f'<h3 dir="auto">{_e(found.item)}: {_e(found.exercise)}</h3>', f'<p class="meta" dir="auto">{_e(found.rule)}</p>']
    if found.castings:
        rows = []
        for label, cast, observers in found.castings:
            rows += ["<tr>" + _user(label, "td") + _user(role, "td") + _user(person, "td") + "</tr>" for role, person in cast]
            rows += ["<tr>" + _user(label, "td") + "<td>Observer</td>" + _user(person, "td") + "</tr>" for person in observers]
        parts += _table(CAST_WIDTHS, ("Board", "Role", "Played by"), rows)
    else:
        name = "Board" if found.boards else "Group"
        parts.append("<ul>")
        parts += [f"<li><strong>{name} {number}:</strong> {_user(', '.join(group))}</li>" for number, group in enumerate(found.groups, 1)]
        parts.append("</ul>")
    if found.observers:
        parts.append(_labelled("Observers", ", ".join(found.observers)))
    if found.problems:
        parts += ['<ul class="warn">', *(_user(problem, "li") for problem in found.problems), "</ul>"]
    return parts


def _briefs(briefs: tuple[Brief, ...]) -> list[str]:
    if not briefs:
        return []
    parts = [f'<h2 class="page">{SECTIONS["briefs"]}</h2>']
    for number, brief in enumerate(briefs):
        css = "brief page" if number else "brief"
        player = f"Played by {_e(brief.player)}" if brief.player else "Played by: ____________________"
        parts += [
            f'<section class="{css}">',
            f'<p class="board" dir="auto">{_e(brief.board_line)} · {player}</p>',
            _user(brief.role, "h3"),
            f'<p class="meta" dir="auto">{_e(_brief_meta(brief))}</p>',
            _lines(brief.brief),
            "</section>",
        ]
    return parts


def _brief_meta(brief: Brief) -> str:
    """`In at the deep end — role-play · 09:30 … · organisation: … · sector: …`."""
    parts = [brief.exercise, brief.item]
    parts += [f"{label}: {text}" for label, text in (("organisation", brief.organisation), ("sector", brief.sector)) if text]
    return " · ".join(parts)


def _handouts(handouts: tuple[HandoutPage, ...]) -> list[str]:
    if not handouts:
        return []
    parts = [f'<h2 class="page">{SECTIONS["handouts"]}</h2>']
    for number, handout in enumerate(handouts):
        tokens = handout_tokens(handout.content, heading_shift=3)
        for index in reversed(range(len(tokens))):
            if tokens[index].type == "table_open":
                # Our own markup, not the handout's: the renderer passes an html_block token through as written.
                widths = tuple(round(share * 100) for share in tokens[index].meta["shares"])
                tokens.insert(index + 1, Token("html_block", "", 0, content=_columns(widths)))
        body = HANDOUT_MARKDOWN.renderer.render(tokens, HANDOUT_MARKDOWN.options, {})
        parts += [
            f'<section class="handout{" page" if number else ""}">',
            _user(handout.title, "h3"),
            f'<p class="meta" dir="auto">{_e(handout.item)} · {_e(handout.copies)}</p>',
            f'<div class="handout-body">{body}</div>',
            "</section>",
        ]
    return parts

