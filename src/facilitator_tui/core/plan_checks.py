"""Checks a plan needs beyond field types: order, overlap, fit, uniqueness."""

from __future__ import annotations

from collections.abc import Iterator

from .plan import Plan, format_hhmm

MIDNIGHT = 24 * 60


def semantic_problems(plan: Plan) -> list[tuple[str, str]]:
    """Every (field path, message) that makes `plan` unusable as a day."""
    return list(_problems(plan))


def _problems(plan: Plan) -> Iterator[tuple[str, str]]:
    if plan.close_minute <= plan.start_minute:
        yield "close", (
            f"the day must end after it starts ({plan.start}) and before midnight; "
            f"set close to a later time the same day"
        )
    if not plan.agenda:
        yield "agenda", 'has no items; add at least one [[agenda]] table with id, title and start'
        return
    yield from _unique_ids(plan)
    first = plan.agenda[0]
    if first.start_minute < plan.start_minute:
        yield "agenda[0].start", (
            f"the first item starts at {first.start}, before the day starts at {plan.start}; "
            f"move the day's start earlier or the item later"
        )
    for index in range(len(plan.agenda)):
        yield from _timing(plan, index)
        yield from _fit(plan, index)
    for name, pseudonym in plan.pseudonyms.items():
        if not name.strip() or not pseudonym.strip():
            yield f"pseudonyms.{name}", "names and pseudonyms must not be empty"


def _unique_ids(plan: Plan) -> Iterator[tuple[str, str]]:
    seen: dict[str, int] = {}
    for index, item in enumerate(plan.agenda):
        if item.id in seen:
            yield f"agenda[{index}].id", (
                f'"{item.id}" is already the id of agenda[{seen[item.id]}]; give each item its own id'
            )
        else:
            seen[item.id] = index


def _timing(plan: Plan, index: int) -> Iterator[tuple[str, str]]:
    item = plan.agenda[index]
    path = f"agenda[{index}]"
    is_last = index + 1 == len(plan.agenda)
    next_start = plan.close_minute if is_last else plan.agenda[index + 1].start_minute
    next_name = "the day's close" if is_last else f"the next item (agenda[{index + 1}])"
    if next_start <= item.start_minute:
        yield f"{path}.start", (
            f"starts at {item.start}, not before {next_name} at {format_hhmm(next_start)}; "
            f"put items in time order, each starting after the one before"
        )
        return
    if item.minutes is not None:
        end = item.start_minute + item.minutes
        if end > MIDNIGHT:
            yield f"{path}.minutes", "runs past midnight; the day must end before midnight"
        elif end > next_start:
            yield f"{path}.minutes", (
                f"{item.minutes} min from {item.start} ends at {format_hhmm(end)}, overlapping "
                f"{next_name} at {format_hhmm(next_start)}; shorten it to at most "
                f"{next_start - item.start_minute} or remove minutes"
            )
    length = plan.item_minutes(index)
    if item.min_minutes is not None and length > 0 and item.min_minutes > length:
        yield f"{path}.min_minutes", (
            f"is {item.min_minutes} but the item only has {length} min; make it {length} or less"
        )


def _fit(plan: Plan, index: int) -> Iterator[tuple[str, str]]:
    """Exercises run one after another and must fit inside their item."""
    item = plan.agenda[index]
    length = plan.item_minutes(index)
    if length <= 0:
        return
    used = 0
    for e_index, exercise in enumerate(item.exercises):
        for p_index, phase in enumerate(exercise.phases):
            used += phase.minutes
            if used > length:
                yield f"agenda[{index}].exercises[{e_index}].phases[{p_index}].minutes", (
                    f"the phases add up to {used} min by here, but {item.title!r} has {length} min; "
                    f"shorten the phases by {used - length} min or lengthen the item"
                )
                return
