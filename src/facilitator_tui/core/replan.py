"""Re-plan the rest of the day so it still closes on time.

The proposal squeezes the remaining items in proportion to their length,
never below their minimum and never touching `fixed` items; if that is not
enough it drops `optional` items, latest first. Nothing changes until the
facilitator accepts it (a `Replan` event).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

from .event_log import make_private_dir
from .files import write_atomic
from .fold import DayState, with_replan
from .phases import effective_phase_lengths, phase_changes, planned_step_minutes, protected_minutes, steps_of
from .plan import Item, Kind, Plan, format_hhmm
from .plan_loader import PlanError, parse_plan, plan_to_toml
from .status import (
    ItemMark,
    ItemTiming,
    Mode,
    Planned,
    Status,
    last_for_close,
    lay_out,
    planned_times,
    slack_before,
    status,
)

BREAK_FLOOR = 5
"""The shortest a break without `min_minutes` may become."""


@dataclass(frozen=True)
class ReplanRow:
    """One remaining item, before and after the proposal."""

    index: int
    old_start: dt.datetime
    old_end: dt.datetime
    old_minutes: int
    new_start: dt.datetime | None
    new_end: dt.datetime | None
    new_minutes: int
    dropped: bool
    phases: tuple[str, ...] = ()
    """What the item's phases do under the new length ("cut 'Extra round'", "'Board' 20→16 min")."""


@dataclass(frozen=True)
class Proposal:
    """A proposed re-plan of the rest of the day."""

    rows: list[ReplanRow]
    minutes: dict[str, int]
    """New lengths of the items that change."""
    dropped: tuple[str, ...]
    target_close: dt.datetime
    old_close: dt.datetime
    new_close: dt.datetime
    feasible: bool
    """True when the proposal closes by the target."""

    @property
    def changes(self) -> bool:
        """True when accepting would change anything."""
        return bool(self.minutes or self.dropped)


def minimum_minutes(item: Item, length: int) -> int:
    """The shortest a re-plan may make an item of `length` minutes."""
    if item.fixed:
        return length
    if item.min_minutes is not None:
        return min(item.min_minutes, length)
    if item.kind is Kind.BREAK:
        return min(BREAK_FLOOR, length)
    # Without a stated minimum, keep at least half of a session, and always its fixed and protected phases.
    return min(max(math.ceil(length / 2), protected_minutes(item)), length)


def squeeze(lengths: list[int], minimums: list[int], excess: int) -> list[int]:
    """Minutes to cut from each item, in proportion to length, within the minimums."""
    cuts = [0] * len(lengths)
    remaining = excess

    def slack(i: int) -> int:
        return lengths[i] - minimums[i] - cuts[i]

    active = [i for i in range(len(lengths)) if slack(i) > 0]
    while remaining > 0 and active:
        total = sum(lengths[i] for i in active)
        moved = 0
        for i in active:
            share = min(math.floor(remaining * lengths[i] / total), slack(i))
            cuts[i] += share
            moved += share
        remaining -= moved
        if moved == 0:
            # Shares under a minute: hand out single minutes, longest items first.
            for i in sorted(active, key=lambda i: -lengths[i]):
                if remaining == 0:
                    break
                if slack(i) > 0:
                    cuts[i] += 1
                    remaining -= 1
        active = [i for i in active if slack(i) > 0]
    return cuts


def propose(plan: Plan, state: DayState, now: dt.datetime) -> Proposal:
    """How to close by the target close from where the day is at `now`."""
    current = status(plan, state, now)
    upcoming = [t for t in current.items if t.mark is ItemMark.UPCOMING and t.projected_start is not None]
    lengths = [round(t.allotted_seconds / 60) for t in upcoming]
    excess = max(math.ceil(current.drift_seconds / 60 - 1e-9), 0)
    dropped: set[int] = set()
    cuts = [0] * len(upcoming)
    planned = planned_times(plan, state, now)
    # Cutting an item before a gap that still has slack moves nothing after it:
    # only the items after the last such gap can bring the close forward.
    helps_from = 0
    for k, t in enumerate(upcoming):
        if slack_before(plan, planned, t.index) and _projected(t)[0] <= planned[t.index][0]:
            helps_from = k
    if excess:
        # An item already part-run (we went back before it) keeps what it has left.
        minimums = [
            minimum_minutes(plan.agenda[t.index], n)
            if state.untouched(t.index) and helps_from <= k and t.index <= last_for_close(plan)
            else n
            for k, (t, n) in enumerate(zip(upcoming, lengths, strict=True))
        ]
        still = excess
        # Squeeze first; drop optional items (latest first) only if squeezing cannot do it.
        optional = [
            k
            for k in reversed(range(len(upcoming)))
            if plan.agenda[upcoming[k].index].optional
            and state.untouched(upcoming[k].index)
            and helps_from <= k <= len(upcoming) and upcoming[k].index <= last_for_close(plan)
        ]
        while sum(n - m for k, (n, m) in enumerate(zip(lengths, minimums, strict=True)) if k not in dropped) < still and optional:
            k = optional.pop(0)
            dropped.add(k)
            still -= lengths[k]
        if still > 0:
            kept = [k for k in range(len(upcoming)) if k not in dropped]
            kept_cuts = squeeze([lengths[k] for k in kept], [minimums[k] for k in kept], still)
            for k, cut in zip(kept, kept_cuts, strict=True):
                cuts[k] = cut
    rows = _layout(plan, planned, current, upcoming, lengths, cuts, dropped)
    minutes = {plan.agenda[t.index].id: lengths[k] - cuts[k] for k, t in enumerate(upcoming) if cuts[k] and k not in dropped}
    dropped_ids = tuple(plan.agenda[upcoming[k].index].id for k in sorted(dropped))
    # The close is what the status will say once accepted: one rule for the preview and the day
    # (dropping everything left ends the day at once, which a lay-out of the rows cannot see).
    new_close = status(plan, with_replan(plan, state, minutes, dropped_ids), now).projected_close
    return Proposal(
        rows=rows,
        minutes=minutes,
        dropped=dropped_ids,
        target_close=current.target_close,
        old_close=current.projected_close,
        new_close=new_close,
        feasible=new_close <= current.target_close + dt.timedelta(seconds=59),
    )


def _projected(timing: ItemTiming) -> tuple[dt.datetime, dt.datetime]:
    """An upcoming item's projected start and end (`propose` keeps only items that have them)."""
    assert timing.projected_start is not None and timing.projected_end is not None
    return timing.projected_start, timing.projected_end


def _layout(
    plan: Plan,
    planned: Planned,
    current: Status,
    upcoming: list[ItemTiming],
    lengths: list[int],
    cuts: list[int],
    dropped: set[int],
) -> list[ReplanRow]:
    """Rows with old and new times, by the status's own projection rule."""
    if not upcoming:
        return []
    waiting = current.mode in (Mode.BEFORE, Mode.GAP)
    cursor = current.now + dt.timedelta(seconds=0.0 if waiting else max(current.remaining, 0.0))
    order = []
    for k, timing in enumerate(upcoming):
        if k in dropped:
            continue
        old_start, old_end = _projected(timing)
        # Unchanged items keep their projected length to the second (a part-run item has only its rest).
        seconds = (lengths[k] - cuts[k]) * 60.0 if cuts[k] else (old_end - old_start).total_seconds()
        order.append((timing.index, seconds))
    spans = dict(zip([i for i, _ in order], lay_out(plan, planned, order, cursor, pin_first=waiting), strict=True))
    rows = []
    for k, timing in enumerate(upcoming):
        old_start, old_end = _projected(timing)
        new = spans.get(timing.index)
        new_minutes = 0 if k in dropped else lengths[k] - cuts[k]
        item = plan.agenda[timing.index]
        phases = () if k in dropped else tuple(phase_changes(item, plan.item_minutes(timing.index) * 60.0, new_minutes * 60.0))
        rows.append(
            ReplanRow(timing.index, old_start, old_end, lengths[k], new and new[0], new and new[1], new_minutes, k in dropped, phases)
        )
    return rows


def fit_phases(item: Item, minutes: int) -> Item:
    """The item with its exercise phases shortened (if needed) to fit `minutes`, by the one shortening rule.

    Each phase takes the whole minutes its rounds get (at least 1); a phase the
    rule cuts to nothing is left out; if fixed phases still do not fit, the
    last phases go until the rest does.
    """
    planned = planned_step_minutes(item)
    if planned <= minutes:
        return item
    lengths = effective_phase_lengths(item, planned * 60.0, minutes * 60.0)
    per_phase: dict[tuple[int, int], float] = {}
    for step, length in zip(steps_of(item), lengths, strict=True):
        if not step.is_transition:
            key = (step.exercise, step.phase)
            per_phase[key] = min(per_phase.get(key, length), length)  # every round the same, the shortest
    exercises = []
    for e_index, exercise in enumerate(item.exercises):
        phases = []
        for p_index, phase in enumerate(exercise.phases):
            length = per_phase.get((e_index, p_index), 0.0)
            if length < 30:  # under half a minute: the rule cut it
                continue
            whole = max(1, math.floor(length / 60))
            update: dict[str, object] = {"minutes": whole}
            if phase.min_minutes is not None:
                update["min_minutes"] = min(phase.min_minutes, whole)
            phases.append(phase.model_copy(update=update))
        exercises.append(exercise.model_copy(update={"phases": tuple(phases)}))
    fitted = item.model_copy(update={"exercises": tuple(exercises)})
    while planned_step_minutes(fitted) > minutes and any(e.phases for e in fitted.exercises):
        last = max(i for i, e in enumerate(fitted.exercises) if e.phases)
        kept = list(fitted.exercises)
        kept[last] = kept[last].model_copy(update={"phases": kept[last].phases[:-1]})
        fitted = fitted.model_copy(update={"exercises": tuple(kept)})
    return fitted


def replanned_plan(plan: Plan, state: DayState, now: dt.datetime) -> Plan:
    """The day as it now stands (actual starts, accepted re-plan) as a new plan."""
    current = status(plan, state, now)
    kept = []
    for timing in current.items:
        start = timing.actual_start or timing.projected_start
        if timing.mark in (ItemMark.SKIPPED, ItemMark.MISSED) or start is None:
            continue
        end = timing.actual_end or timing.projected_end or start
        kept.append((timing.index, start.hour * 60 + start.minute, max(round((end - start).total_seconds() / 60), 1)))
    if not kept:
        raise ValueError("every item is skipped: there is nothing to save as a plan")
    items = []
    starts: list[int] = []
    for _, minute, _ in kept:
        # Starts must strictly increase even if an item ran for under a minute.
        starts.append(max(minute, starts[-1] + 1) if starts else minute)
    close_dt = max(current.projected_close, current.target_close)
    close = min(max(close_dt.hour * 60 + close_dt.minute + (1 if close_dt.second else 0), starts[-1] + 1), 24 * 60 - 1)
    for k, (index, _, length) in enumerate(kept):
        slot_end = starts[k + 1] if k + 1 < len(kept) else close
        slot = slot_end - starts[k]
        own = min(length, slot)
        item = plan.agenda[index]
        update = {
            "start": format_hhmm(starts[k]),
            "minutes": own if own < slot else None,
            "min_minutes": min(item.min_minutes, own) if item.min_minutes else None,
        }
        items.append(fit_phases(item.model_copy(update=update), own))
    return plan.model_copy(
        update={
            "agenda": tuple(items),
            "start": format_hhmm(min(plan.start_minute, starts[0])),
            "close": format_hhmm(close),
        }
    )


def save_replanned_plan(plan: Plan, state: DayState, now: dt.datetime, path: Path) -> Path:
    """Write the day as it now stands as a plan file at `path`, owner-only, checked as any plan file is.

    Raises ValueError (nothing to save, or the result would not validate) or
    OSError (it could not be written); nothing is written unless it validates.
    """
    text = plan_to_toml(replanned_plan(plan, state, now))
    try:
        parse_plan(text, str(path))
    except PlanError as error:
        raise ValueError(f"the re-planned day would not be a valid plan: {error}") from None
    make_private_dir(path.parent)
    write_atomic(path, text, private=True)
    return path
