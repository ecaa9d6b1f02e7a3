"""Checks a plan needs beyond field types: order, overlap, fit, uniqueness; and warnings that do not stop it."""

from __future__ import annotations

from collections.abc import Iterator

from .phases import steps_of
from .plan import Kind, Plan, format_hhmm

MIDNIGHT = 24 * 60
NOON = 12 * 60
HALF_DAY = 12 * 60

GAP_WARNING_MINUTES = 30
"""A gap between items longer than this is probably a typo, so `plan_warnings` names it."""


def semantic_problems(plan: Plan) -> list[tuple[str, str]]:
    """Every (field path, message) that makes `plan` unusable as a day."""
    return list(_problems(plan))


def plan_warnings(plan: Plan) -> list[tuple[str, str]]:
    """(field path, message) for what is allowed but probably a mistake, in a plan that has no problems.

    Today: a gap of more than `GAP_WARNING_MINUTES` between an item's end and
    the next item's start. Time after the day's close is not counted: an
    evening social may start well after the close on purpose.
    """
    return list(_gaps(plan))


def _problems(plan: Plan) -> Iterator[tuple[str, str]]:
    close_ok = plan.close_minute > plan.start_minute
    if not close_ok:
        yield "close", _close_message(plan)
    if not plan.agenda:
        yield "agenda", 'has no items; add at least one [[agenda]] table with id, title and start'
        return
    yield from _unique_ids(plan)
    yield from _arrival_first(plan)
    for index in range(len(plan.agenda)):
        yield from _order(plan, index, close_ok)
        yield from _length(plan, index, close_ok)
        yield from _fit(plan, index)
        yield from _phases(plan, index)
    yield from _tasks(plan)
    for name, pseudonym in plan.pseudonyms.items():
        if not name.strip() or not pseudonym.strip():
            yield f"pseudonyms.{name}", "names and pseudonyms must not be empty"


def _close_message(plan: Plan) -> str:
    if plan.close_minute == plan.start_minute:
        what = f"is {plan.close}, the same time as the day's start"
    else:
        what = f"is {plan.close}, before the day's start at {plan.start}"
    midnight = " (00:00 is the start of a day; the latest close is 23:59)" if plan.close_minute == 0 else ""
    return (
        f"{what}: set it to when the day ends, later the same day, before midnight{midnight}"
        + _twelve_hour_hint(plan, plan.close_minute, plan.start_minute)
    )


def _unique_ids(plan: Plan) -> Iterator[tuple[str, str]]:
    seen: dict[str, int] = {}
    for index, item in enumerate(plan.agenda):
        if item.id in seen:
            yield f"agenda[{index}].id", (
                f'"{item.id}" is already the id of agenda[{seen[item.id]}]; give each item its own id'
            )
        else:
            seen[item.id] = index


def _arrival_first(plan: Plan) -> Iterator[tuple[str, str]]:
    """Arrival items (registration, coffee) come before every other kind of item."""
    first_other: int | None = None
    for index, item in enumerate(plan.agenda):
        if item.kind is not Kind.ARRIVAL:
            if first_other is None:
                first_other = index
        elif first_other is not None:
            yield f"agenda[{index}].kind", (
                f'is "arrival" but comes after {_name(plan, first_other)} ({plan.agenda[first_other].kind.value}); '
                f"arrival items come before every other item: move it to the start of the agenda or make it a break"
            )


def _order(plan: Plan, index: int, close_ok: bool) -> Iterator[tuple[str, str]]:
    """Each item starts after the day's start, after the item above it, and (unless social) before the close."""
    item = plan.agenda[index]
    path = f"agenda[{index}].start"
    if index == 0:
        if item.start_minute < plan.start_minute:
            yield path, (
                f"starts at {item.start}, before the day's start at {plan.start}: move the start earlier or the item later"
            )
    else:
        above = plan.agenda[index - 1]
        if item.start_minute < above.start_minute:
            yield path, (
                f"starts at {item.start}, before {_name(plan, index - 1)} above it at {above.start}: "
                f"put the items in time order or correct one of the times"
                + _twelve_hour_hint(plan, item.start_minute, above.start_minute, _later_morning_times(plan, index))
            )
        elif item.start_minute == above.start_minute:
            yield path, (
                f"starts at {item.start}, the same time as {_name(plan, index - 1)} above it: "
                f"give each item its own start, or merge them"
            )
    if close_ok and item.kind is not Kind.SOCIAL and item.start_minute >= plan.close_minute:
        relation = "at" if item.start_minute == plan.close_minute else "after"
        yield path, (
            f"starts at {item.start}, {relation} the day's close at {plan.close}: "
            f"move the close later or make it a social item"
        )


def _length(plan: Plan, index: int, close_ok: bool) -> Iterator[tuple[str, str]]:
    """An item's minutes fit before the next item (and the close, unless it is social)."""
    item = plan.agenda[index]
    path = f"agenda[{index}]"
    is_last = index + 1 == len(plan.agenda)
    next_start = plan.close_minute if is_last else plan.agenda[index + 1].start_minute
    if next_start <= item.start_minute and not (is_last and item.kind is Kind.SOCIAL):
        # Out of order or at/after the close: reported by `_order`, and the item has no length to check.
        return
    if item.minutes is None:
        if is_last and item.kind is Kind.SOCIAL and item.start_minute >= plan.close_minute:
            # Nothing follows to end it, and running "to the close" would be backwards.
            yield f"{path}.minutes", (
                f"is needed: the last item starts at {item.start}, at or after the day's close at {plan.close}, "
                f"so nothing says when it ends; set minutes, e.g. minutes = 60"
            )
            return
        if close_ok and _runs_past_close(plan, index, next_start):
            yield f"{path}.minutes", (
                f"is not set, so the item runs until {_name(plan, index + 1)} at {format_hhmm(next_start)}, "
                f"past the day's close at {plan.close}; set minutes = {plan.close_minute - item.start_minute} "
                f"or less, or move the close later"
            )
    else:
        end = item.start_minute + item.minutes
        if end > MIDNIGHT:
            yield f"{path}.minutes", "runs past midnight; the day must end before midnight"
            return
        if not is_last and end > next_start:
            yield f"{path}.minutes", (
                f"{item.minutes} min from {item.start} ends at {format_hhmm(end)}, overlapping "
                f"{_name(plan, index + 1)} at {format_hhmm(next_start)}; shorten it to at most "
                f"{next_start - item.start_minute} or remove minutes"
            )
        elif close_ok and _runs_past_close(plan, index, end):
            yield f"{path}.minutes", (
                f"{item.minutes} min from {item.start} ends at {format_hhmm(end)}, overlapping "
                f"the day's close at {plan.close}; shorten it to at most "
                f"{plan.close_minute - item.start_minute} or move the close later"
            )
    length = plan.item_minutes(index)
    if item.min_minutes is not None and length > 0 and item.min_minutes > length:
        yield f"{path}.min_minutes", (
            f"is {item.min_minutes} but the item only has {length} min; make it {length} or less"
        )


def _runs_past_close(plan: Plan, index: int, end: int) -> bool:
    """True when a non-social item that starts before the close ends after it."""
    item = plan.agenda[index]
    if item.kind is Kind.SOCIAL or item.start_minute >= plan.close_minute or end <= plan.close_minute:
        return False
    if item.minutes is None:
        # Its end is the next item's start: only worth saying when that item may be after the close
        # (a social); any other item there already gets "after the day's close" from `_order`.
        return plan.agenda[index + 1].kind is Kind.SOCIAL
    return True


def _fit(plan: Plan, index: int) -> Iterator[tuple[str, str]]:
    """Exercises run one after another (rounds and change-overs included) and must fit inside their item."""
    item = plan.agenda[index]
    length = plan.item_minutes(index)
    if length <= 0:
        return
    used = 0
    for step in steps_of(item):
        used += step.shown.minutes
        if used > length:
            where = f"agenda[{index}].transition_minutes" if step.is_transition else f"agenda[{index}].exercises[{step.exercise}].phases[{step.phase}].minutes"
            counted = " (rounds and change-overs included)" if item.transition_minutes or step.round > 1 else ""
            yield where, (
                f"the phases add up to {used} min by here{counted}, but {item.title!r} has {length} min; "
                f"shorten the phases by {used - length} min or lengthen the item"
            )
            return


def _phases(plan: Plan, index: int) -> Iterator[tuple[str, str]]:
    """Each phase's own timing control, and each exercise's groups and roles, make sense."""
    item = plan.agenda[index]
    for e_index, exercise in enumerate(item.exercises):
        path = f"agenda[{index}].exercises[{e_index}]"
        for p_index, phase in enumerate(exercise.phases):
            where = f"{path}.phases[{p_index}]"
            if phase.min_minutes is not None and phase.min_minutes > phase.minutes:
                yield f"{where}.min_minutes", f"is {phase.min_minutes} but the phase has {phase.minutes} min; make it {phase.minutes} or less"
            if phase.fixed and phase.cut_first:
                yield f"{where}.cut_first", "a fixed phase cannot be cut first; remove one of fixed and cut_first"
            if phase.fixed and phase.min_minutes is not None:
                yield f"{where}.min_minutes", "a fixed phase keeps its length, so it needs no min_minutes; remove one of them"
        groups = exercise.groups
        if groups is not None:
            if (groups.size is None) == (groups.boards is None):
                yield f"{path}.groups", 'give either size (e.g. size = "trios") or boards (e.g. boards = 2), not both or neither'
            if len(set(groups.mix)) != len(groups.mix):
                yield f"{path}.groups.mix", "names a rule twice; give each rule once"
        names = [role.name.casefold() for role in exercise.roles]
        for r_index, role in enumerate(exercise.roles):
            if names.count(role.name.casefold()) > 1 and names.index(role.name.casefold()) != r_index:
                yield f"{path}.roles[{r_index}].name", f"{role.name!r} is used by another role; give each role its own name"
    for h_index, handout in enumerate(item.handouts):
        if not handout.content.strip():
            yield f"agenda[{index}].handouts[{h_index}]", f"{handout.title!r} has no content; write it in content (Markdown) or name a file beside the plan"


def _tasks(plan: Plan) -> Iterator[tuple[str, str]]:
    """Preparation and follow-up tasks have ids unique across both lists, so ticking one is unambiguous."""
    seen: dict[str, str] = {}
    for kind in ("prepare", "follow_up"):
        for t_index, task in enumerate(getattr(plan, kind)):
            where = f"{kind}[{t_index}].id"
            if task.id in seen:
                yield where, f"{task.id!r} is also the id at {seen[task.id]}; give each task its own id"
            seen.setdefault(task.id, where)


def _name(plan: Plan, index: int) -> str:
    """How a message names an item: `agenda[2] "Tea"`."""
    return f'agenda[{index}] "{plan.agenda[index].title}"'


def _twelve_hour_hint(plan: Plan, minute: int, earlier: int, more: int = 0) -> str:
    """A hint when `minute`, written after `earlier`, reads as a 12-hour afternoon time (1:00 after 12:30)."""
    # Only for 1:00-11:59 before the day's start (so not a time of this day as written) that would be
    # in order twelve hours later: someone counted on past noon in 12-hour time.
    if not (60 <= minute < min(NOON, plan.start_minute) and minute + HALF_DAY > earlier):
        return ""
    twelve_hour = f"{minute // 60}:{minute % 60:02d} pm"
    hint = f"; if you meant {twelve_hour}, use 24-hour times ({format_hhmm(minute + HALF_DAY)})"
    if more:
        hint += " here and in the afternoon times after it"
    return hint


def _later_morning_times(plan: Plan, index: int) -> int:
    """How many items after `index` keep counting on in 12-hour time (in order, still before the day's start)."""
    count = 0
    previous = plan.agenda[index].start_minute
    for item in plan.agenda[index + 1 :]:
        if not previous < item.start_minute < min(NOON, plan.start_minute):
            break
        previous = item.start_minute
        count += 1
    return count


def _gaps(plan: Plan) -> Iterator[tuple[str, str]]:
    for index in range(len(plan.agenda) - 1):
        end = plan.item_end_minute(index)
        following = plan.agenda[index + 1]
        gap_end = min(following.start_minute, plan.close_minute)
        gap = gap_end - end
        if gap <= GAP_WARNING_MINUTES:
            continue
        until = "" if gap_end == following.start_minute else f" (counted to the day's close at {plan.close})"
        yield f"agenda[{index + 1}].start", (
            f"starts at {following.start}, leaving {gap} min unscheduled after {_name(plan, index)} ends at "
            f"{format_hhmm(end)}{until}; if that is a typo, correct this start or that item's minutes"
        )
