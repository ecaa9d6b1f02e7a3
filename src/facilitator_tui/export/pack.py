"""The facilitator's pack as plain data: what the run sheet, briefs, handouts, groups and checklists hold.

Built once from a plan, the participant list (if any) and a seed; the HTML and
Word writers only lay it out, so the two never disagree. Every piece of user
text is cleaned here (control characters gone); the writers escape it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..core.groups import ExerciseGroups, Grouping, groups_for_plan
from ..core.materials import MaterialLine, Use, exercise_units, quantities
from ..core.people import Person
from ..core.phases import steps_of
from ..core.plan import Exercise, Groups, Item, Kind, Plan, Task, format_hhmm
from .record import clean

DEFAULT_SEED = 1
"""The seed groups are made with when none is asked for: the same list gives the same pack."""

PACK_TITLE = "Facilitator's pack"
SECTIONS = {
    "agenda": "The day at a glance",
    "before": "Before the day",
    "materials": "Materials checklist",
    "run": "Run sheet",
    "groups": "Groups and casting",
    "after": "After the day",
    "briefs": "Role briefs",
    "handouts": "Handouts",
}
"""Section headings, in the order the pack prints them: preparation first, what is handed out last."""

AGENDA_HEADINGS = ("Start", "End", "Min", "Item", "Lead / co")
STEP_HEADINGS = ("Time", "Min", "Phase", "What happens")
CHECK_HEADINGS = ("Done", "What", "How many", "For")
TASK_HEADINGS = ("Done", "When", "Task")
CONTINGENCY = (("behind", "If the day is running behind"), ("distress", "If someone is distressed"), ("conflict", "If a real conflict erupts"))
_MIX_WORDS = {
    "sectors": "no two from one sector",
    "organisations": "no two from one organisation",
    "line_management": "nobody with someone they line-manage",
}
_REMAINDER_WORDS = {
    "larger": "anyone left over joins a group",
    "smaller": "anyone left over makes a smaller group",
    "observers": "anyone left over observes",
}


@dataclass(frozen=True)
class StepLine:
    """One timed row of the run sheet: a phase, one round of it, or a change-over."""

    start: str
    minutes: int
    name: str
    instructions: str = ""
    lead: str = ""
    co: str = ""
    setup: str = ""
    script: str = ""
    link: str = ""
    change_over: bool = False

    @property
    def details(self) -> tuple[tuple[str, str], ...]:
        """(label, text) for what happens in the step, leaving out what is empty; the label is "" for the room's instructions."""
        pairs = (("", self.instructions), ("Lead", self.lead), ("Co", self.co), ("Set-up", self.setup), ("Say", self.script), ("Link", self.link))
        return tuple((label, text) for label, text in pairs if text)


@dataclass(frozen=True)
class ExerciseRun:
    """An exercise as the run sheet shows it: its steps with their times, its grouping and debrief."""

    title: str
    summary: str
    steps: tuple[StepLine, ...]
    grouping: str
    """How the room is split, in words ("" when it is not)."""
    roles: tuple[str, ...]
    debrief: tuple[str, ...]


@dataclass(frozen=True)
class RunItem:
    """One agenda item of the run sheet."""

    start: str
    end: str
    minutes: int
    title: str
    kind: str
    lead: str
    co: str
    purpose: str
    setup: str
    script: str
    prompts: tuple[str, ...]
    exercises: tuple[ExerciseRun, ...]
    spare_minutes: int
    """Minutes left after the last step; negative when the steps take longer than the item."""
    guidance: tuple[tuple[str, tuple[str, ...]], ...]
    """(heading, lines) for the facilitator's guidance and contingency notes that are written."""
    bring: tuple[str, ...]
    """The item's materials and handouts, by name."""

    @property
    def heading(self) -> str:
        """`09:30–11:00 In at the deep end`."""
        return f"{self.start}–{self.end} {self.title}"

    @property
    def meta(self) -> str:
        """`Session · 90 min · lead: Ann · co: Ben`."""
        parts = [self.kind.capitalize(), f"{self.minutes} min"]
        parts += [f"{label}: {who}" for label, who in (("lead", self.lead), ("co", self.co)) if who]
        return " · ".join(parts)

    @property
    def lead_and_co(self) -> str:
        """`Ann / Ben`, `Ann`, or ""."""
        return " / ".join(who for who in (self.lead, self.co) if who)


@dataclass(frozen=True)
class Brief:
    """One role brief, printed on a page of its own: once per board."""

    item: str
    """`09:30 In at the deep end`."""
    exercise: str
    role: str
    organisation: str
    sector: str
    brief: str
    board: int
    boards: int | None
    """How many boards the briefs are printed for; None when that is not known (a set per board)."""
    player: str
    """Who plays the role on this board ("" when no list was given)."""

    @property
    def board_line(self) -> str:
        """`Board 2 of 3`, `One board`, or `Print a set per board`."""
        if self.boards is None:
            return "Print a set per board"
        return "One board" if self.boards == 1 else f"Board {self.board} of {self.boards}"


@dataclass(frozen=True)
class HandoutPage:
    """A handout, once: its title, where it is used, how many copies, and its Markdown."""

    title: str
    item: str
    copies: str
    content: str


@dataclass(frozen=True)
class GroupList:
    """The groups (and the casting) made for one exercise."""

    item: str
    exercise: str
    rule: str
    groups: tuple[tuple[str, ...], ...]
    observers: tuple[str, ...]
    castings: tuple[tuple[str, tuple[tuple[str, str], ...], tuple[str, ...]], ...]
    """(board label, (role, person) pairs, observers), per board."""
    problems: tuple[str, ...]
    """Rules that could not be kept and roles nobody plays, as sentences."""
    boards: bool
    """The groups are whole-room boards, named so."""


@dataclass(frozen=True)
class CheckLine:
    """A checklist row: what, how many, and for what."""

    what: str
    amount: str
    detail: str


@dataclass(frozen=True)
class Pack:
    """Everything the pack prints, in plain values."""

    title: str
    subtitle: str
    cover: tuple[str, ...]
    """Lines under the title: the date and venue, the day's times, the head count, the seed."""
    agenda: tuple[RunItem, ...]
    before: tuple[tuple[str, str], ...]
    """(when, task) before the day, earliest first."""
    after: tuple[tuple[str, str], ...]
    materials: tuple[CheckLine, ...]
    groups: tuple[GroupList, ...]
    groups_note: tuple[str, ...]
    """Without a participant list: that groups are made on the day, and each exercise's rule."""
    briefs: tuple[Brief, ...]
    handouts: tuple[HandoutPage, ...]
    date: dt.date | None


def build_pack(plan: Plan, people: Sequence[Person] | None = None, seed: int | None = None, date: dt.date | None = None) -> Pack:
    """The pack for `plan`; with `people`, groups are made and roles cast with `seed` (default `DEFAULT_SEED`)."""
    seed = DEFAULT_SEED if seed is None else seed
    made = groups_for_plan(plan, people, seed) if people else ()
    groupings = {(found.item_id, found.exercise): found.grouping for found in made if found.grouping is not None}
    headcount = len(people) if people else plan.participants
    materials = quantities(plan, headcount, groupings)
    briefs = _briefs(plan, made if people else None, headcount)
    return Pack(
        title=clean(plan.title),
        subtitle=clean(plan.subtitle),
        cover=_cover(plan, people, seed, date),
        agenda=tuple(_run_item(plan, index) for index in range(len(plan.agenda))),
        before=tuple(_task(task, "before", date) for task in sorted(plan.prepare, key=lambda task: -task.days)),
        after=tuple(_task(task, "after", date) for task in sorted(plan.follow_up, key=lambda task: task.days)),
        materials=_checklist(materials, briefs),
        groups=tuple(_group_list(plan, found) for found in made),
        groups_note=() if made else _groups_note(plan),
        briefs=briefs,
        handouts=_handouts(plan, materials),
        date=date,
    )


def _cover(plan: Plan, people: Sequence[Person] | None, seed: int, date: dt.date | None) -> tuple[str, ...]:
    when = [f"{date:%A} {date.day} {date:%B %Y}"] if date is not None else []
    lines = [" · ".join([*when, *([clean(plan.venue)] if plan.venue else [])]), f"The day runs {plan.start}–{plan.close}."]
    if people:
        lines.append(f"{len(people)} people on the participant list; groups made with seed {seed} (the same list and seed make the same groups).")
        lines.append("This pack names participants and holds the facilitator's guidance: keep it with the facilitators.")
    elif plan.participants:
        lines.append(f"{plan.participants} people expected (from the plan); groups are made on the day.")
    else:
        lines.append("Number of people not given: quantities per person are left as words.")
    return tuple(line for line in lines if line)


def _run_item(plan: Plan, index: int) -> RunItem:
    item = plan.agenda[index]
    start = item.start_minute
    minutes = plan.item_minutes(index)
    exercises: list[list[StepLine]] = [[] for _ in item.exercises]
    at = start
    for step in steps_of(item):
        phase = step.shown
        exercises[step.exercise].append(
            StepLine(
                start=format_hhmm(at % (24 * 60)),
                minutes=phase.minutes,
                name=clean(phase.name),
                instructions=clean(phase.instructions),
                lead=clean(phase.lead),
                co=clean(phase.co),
                setup=clean(phase.setup),
                script=clean(phase.script),
                link=clean(phase.link),
                change_over=step.is_transition,
            )
        )
        at += phase.minutes
    return RunItem(
        start=item.start,
        end=format_hhmm(plan.item_end_minute(index) % (24 * 60)),
        minutes=minutes,
        title=clean(item.title),
        kind=item.kind.value,
        lead=clean(item.lead),
        co=clean(item.co),
        purpose=clean(item.purpose),
        setup=clean(item.setup),
        script=clean(item.script),
        prompts=tuple(clean(prompt) for prompt in item.prompts),
        exercises=tuple(_exercise_run(exercise, tuple(steps)) for exercise, steps in zip(item.exercises, exercises, strict=True)),
        spare_minutes=minutes - (at - start) if item.exercises else 0,
        guidance=_guidance(item),
        bring=tuple(clean(name) for name in (*item.material_names, *(handout.title for handout in item.handouts))),
    )


def _exercise_run(exercise: Exercise, steps: tuple[StepLine, ...]) -> ExerciseRun:
    return ExerciseRun(
        title=clean(exercise.title),
        summary=clean(exercise.summary),
        steps=steps,
        grouping=rule_words(exercise.groups) if exercise.groups is not None else "",
        roles=tuple(clean(role.name) for role in exercise.roles),
        debrief=tuple(clean(question) for question in exercise.debrief),
    )


def _guidance(item: Item) -> tuple[tuple[str, tuple[str, ...]], ...]:
    guidance = item.guidance
    sections = [("Watch for", guidance.watch_for), ("Debrief", guidance.debrief), ("Notes", guidance.notes)]
    sections += [(heading, (getattr(guidance.contingency, name),)) for name, heading in CONTINGENCY if getattr(guidance.contingency, name)]
    return tuple((heading, tuple(clean(line) for line in lines)) for heading, lines in sections if lines)


def rule_words(rule: Groups) -> str:
    """A grouping rule in words: `groups of 4; no two from one sector; anyone left over joins a group`."""
    if rule.boards is not None:
        parts = ["one board" if rule.boards == 1 else f"{rule.boards} boards of about equal size"]
    else:
        parts = [f"groups of {rule.people_per_group}"]
        parts.append(_REMAINDER_WORDS[rule.remainder])
    parts[1:1] = [_MIX_WORDS[mix] for mix in rule.mix]
    return "; ".join(parts)


def _task(task: Task, side: str, date: dt.date | None) -> tuple[str, str]:
    """(when, what) for a task `days` before or after the day; with the day's date, the date too."""
    if task.days == 0:
        when = "On the day"
    else:
        when = f"{task.days} day{'s' if task.days != 1 else ''} {side}"
    if date is not None:
        due = date + dt.timedelta(days=task.days if side == "after" else -task.days)
        when = f"{due:%a} {due.day} {due:%b %Y} ({when[0].lower() + when[1:]})"
    what = clean(task.task) + (f" ({clean(task.link)})" if task.link else "")
    return when, what


def _checklist(lines: tuple[MaterialLine, ...], briefs: tuple[Brief, ...]) -> tuple[CheckLine, ...]:
    """Materials, then handout copies, then the role briefs printed in this pack."""
    rows = [CheckLine(clean(line.name), line.amount, _uses(line.uses)) for line in lines if line.kind == "material"]
    rows += [CheckLine(f"Handout: {clean(line.name)}", line.amount, _uses(line.uses)) for line in lines if line.kind == "handout"]
    by_exercise: dict[tuple[str, str], list[Brief]] = {}
    for brief in briefs:
        by_exercise.setdefault((brief.item, brief.exercise), []).append(brief)
    for (item, exercise), pages in by_exercise.items():
        boards = pages[0].boards
        per_board = "a set per board" if boards is None else ("one board" if boards == 1 else f"{boards} boards")
        rows.append(CheckLine(f"Role briefs: {exercise}", f"{len(pages)} pages", f"{item}: printed in this pack, {per_board}"))
    return tuple(rows)


def _uses(uses: tuple[Use, ...]) -> str:
    """`09:30 Role-play: 1 per person × 20 people = 20; 13:30 Straddling: 2`."""
    return "; ".join(f"{use.start} {clean(use.item_title)}" + ("" if use.per is None else f": {use.words}") for use in uses)


def _briefs(plan: Plan, made: tuple[ExerciseGroups, ...] | None, headcount: int | None) -> tuple[Brief, ...]:
    """Each role's brief once per board: the boards cast (with a list), else as many as the rule gives."""
    castings = {(found.item_id, found.exercise): found for found in made or ()}
    briefs = []
    for item in plan.agenda:
        where = f"{item.start} {clean(item.title)}"
        for index, exercise in enumerate(item.exercises):
            if not exercise.roles:
                continue
            found = castings.get((item.id, index))
            is_cast = found is not None and bool(found.castings)
            if found is not None and is_cast:
                boards: int | None = len(found.castings)
                cast = [(casting.board, dict(casting.parts)) for casting in found.castings]
            else:
                boards = exercise_units(exercise, "board", headcount)
                cast = [(board, {}) for board in range(1, (boards or 1) + 1)]
            for board, players in cast:
                for role in exercise.roles:
                    if is_cast and role.name not in players:
                        continue  # nobody plays it on this board: no page to print
                    briefs.append(
                        Brief(
                            item=where,
                            exercise=clean(exercise.title),
                            role=clean(role.name),
                            organisation=clean(role.organisation),
                            sector=clean(role.sector),
                            brief=clean(role.brief),
                            board=board,
                            boards=boards,
                            player=clean(players.get(role.name, "")),
                        )
                    )
    return tuple(briefs)


def _group_list(plan: Plan, found: ExerciseGroups) -> GroupList:
    item = plan.agenda[plan.index_of(found.item_id)]
    exercise = item.exercises[found.exercise]
    grouping: Grouping | None = found.grouping
    is_boards = (exercise.groups is not None and exercise.groups.boards is not None) or bool(exercise.roles)
    castings = []
    problems = list(grouping.broken if grouping is not None else ())
    for casting in found.castings:
        label = f"Board {casting.board}"
        castings.append((label, tuple((clean(role), clean(person)) for role, person in casting.parts), tuple(map(clean, casting.observers))))
        problems += casting.broken
        if casting.unplayed:
            problems.append(f"{label}: nobody plays {', '.join(casting.unplayed)} (too few people).")
    return GroupList(
        item=f"{item.start} {clean(item.title)}",
        exercise=clean(exercise.title),
        rule=rule_words(exercise.groups) if exercise.groups is not None else "everyone on one board",
        groups=tuple(tuple(map(clean, group)) for group in grouping.groups) if grouping is not None else (),
        observers=tuple(map(clean, grouping.observers)) if grouping is not None else (),
        castings=tuple(castings),
        problems=tuple(clean(problem) for problem in problems),
        boards=is_boards,
    )


def _groups_note(plan: Plan) -> tuple[str, ...]:
    """Without a participant list: the groups are made on the day, as each exercise's rule says."""
    rules = [
        f"{item.start} {clean(item.title)}, {clean(exercise.title)}: "
        + (rule_words(exercise.groups) if exercise.groups is not None else "everyone on one board")
        for item in plan.agenda
        for exercise in item.exercises
        if exercise.groups is not None or exercise.roles
    ]
    if not rules:
        return ("No exercise of this plan asks for groups.",)
    return ("Groups are made on the day from the participant list (give --people FILE to print them here):", *rules)


def _handouts(plan: Plan, materials: tuple[MaterialLine, ...]) -> tuple[HandoutPage, ...]:
    """Each handout once, with the copies its item needs."""
    uses = {(use.item_id, " ".join(line.name.split()).casefold()): use for line in materials if line.kind == "handout" for use in line.uses}
    pages = []
    for item in plan.agenda:
        for handout in item.handouts:
            use = uses[(item.id, " ".join(handout.title.split()).casefold())]
            pages.append(HandoutPage(clean(handout.title), f"{item.start} {clean(item.title)}", _copies(use), clean(handout.content)))
    return tuple(pages)


def _copies(use: Use) -> str:
    """`20 copies (1 per person)`, `1 copy for the room`, or `1 per group` when the number is not known."""
    if use.per == "room":
        return "1 copy for the room"
    quantity = use.quantity
    if quantity is None:
        return f"1 copy per {use.per}"
    return f"{quantity} {'copy' if quantity == 1 else 'copies'} (1 per {use.per})"


def is_break(item: RunItem) -> bool:
    """True for a break, lunch or arrival: the run sheet gives it a line, not a page."""
    return item.kind in (Kind.BREAK.value, Kind.LUNCH.value, Kind.ARRIVAL.value)


HANDOUT_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")
"""CommonMark with tables; HTML in a handout is shown as text, never run."""


def handout_tokens(markdown: str, heading_shift: int) -> list[Token]:
    """A handout's Markdown as block tokens: headings moved down `heading_shift` levels (at most h6),
    images shown as their words (a printed pack fetches nothing), every block marked `dir="auto"`,
    and each table's `meta["shares"]` the parts of the width its columns take."""
    tokens = HANDOUT_MARKDOWN.parse(clean(markdown))
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            token.meta["shares"] = column_shares(_table_rows(tokens, index))
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1:]) + heading_shift)}"
        if token.nesting == 1 and token.tag in ("p", "li", "td", "th", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"):
            token.attrSet("dir", "auto")
        for child in token.children or ():
            if child.type == "image":
                child.type, child.tag, child.content = "text", "", child.content or "(image)"
                child.children = None
    return tokens


def inline_text(inline: Token) -> str:
    """An inline token's words, without their Markdown."""
    pieces = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline"):
            pieces.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            pieces.append(" ")
    return "".join(pieces)


def _table_rows(tokens: list[Token], index: int) -> list[list[str]]:
    """The words of each cell of the table that opens at `index`, row by row."""
    rows: list[list[str]] = []
    for token in tokens[index:]:
        if token.type == "table_close":
            break
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and rows:
            rows[-1].append(inline_text(token))
    return rows


LINE_CHARACTERS = 80
"""About how many characters of table text fit across the printed width."""


def column_shares(rows: Sequence[Sequence[str]]) -> tuple[float, ...]:
    """The part of the width each column takes: room for its longest word first (so words stay whole where they
    can), then what is left in proportion to how much more its longest cell wants. Fixed widths, not the
    browser's or Word's own fitting, which squeeze a short column until its words break."""
    columns = max((len(row) for row in rows), default=0)
    if not columns:
        return ()
    cells = [[row[c] if c < len(row) else "" for row in rows] for c in range(columns)]
    # A word's characters, and about three more for the cell's padding and wide letters (digits, capitals).
    floors = [min(max((len(word) for text in column for word in text.split()), default=0) + 3, 26) for column in cells]
    wants = [max(0, min(max(len(text) for text in column) + 3, 60) - floor) for column, floor in zip(cells, floors, strict=True)]
    spare = max(0, LINE_CHARACTERS - sum(floors))
    total = sum(wants)
    widths = [floor + (spare * want / total if total else spare / columns) for floor, want in zip(floors, wants, strict=True)]
    return tuple(width / sum(widths) for width in widths)
