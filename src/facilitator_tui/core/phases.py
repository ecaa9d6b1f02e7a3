"""Exercise phases on an item's own running clock."""

from __future__ import annotations

from dataclasses import dataclass

from .plan import Item, Phase


@dataclass(frozen=True)
class PhaseNow:
    """The phase running at a moment of an item."""

    index: int
    count: int
    start: float
    """Running seconds into the item at which this phase started."""
    length: float
    elapsed: float

    @property
    def remaining(self) -> float:
        """Seconds left in the phase; negative once it runs over."""
        return self.length - self.elapsed

    @property
    def done(self) -> bool:
        """True after the last phase has had its time: what is left of the item is spare."""
        return self.index == self.count - 1 and self.remaining <= 0


TRANSITION = "Change over"
"""The name of the step an item's `transition_minutes` puts between two phases."""


@dataclass(frozen=True)
class Step:
    """One cued step of an item: a phase, one round of a repeated phase, or a change-over between them."""

    exercise: int
    phase: int
    """Index of the plan phase in its exercise; -1 for a change-over."""
    round: int
    """1-based round of a repeated phase (1 when it does not repeat)."""
    shown: Phase
    """The phase as the room sees it: a round is named "… · round 2 of 3"."""

    @property
    def is_transition(self) -> bool:
        """True for a change-over between phases."""
        return self.phase < 0


_STEPS: dict[int, tuple[Item, tuple[Step, ...]]] = {}
"""steps_of's results by the item's identity.

Not an `lru_cache`: its key would be the item itself, and hashing and
comparing a frozen model walks every field, prompts and phases included, on
each call (a third of the run screen's second). Items never change once
loaded, so the same object has the same steps; the entry keeps the item, so
its id is not reused while the entry lives.
"""


def steps_of(item: Item) -> tuple[Step, ...]:
    """Every cued step of an item in running order: each round of a repeated phase, with change-overs between."""
    known = _STEPS.get(id(item))
    if known is not None and known[0] is item:
        return known[1]
    if len(_STEPS) >= 256:
        _STEPS.clear()  # plans reloaded many times (tests, re-plans): start afresh
    steps = _steps_of(item)
    _STEPS[id(item)] = (item, steps)
    return steps


def _steps_of(item: Item) -> tuple[Step, ...]:
    steps: list[Step] = []
    for e_index, exercise in enumerate(item.exercises):
        for p_index, phase in enumerate(exercise.phases):
            for round_ in range(1, phase.repeat + 1):
                if steps and item.transition_minutes:
                    change = Phase(
                        name=TRANSITION,
                        minutes=item.transition_minutes,
                        fixed=True,
                        instructions="Move to where you go next and settle in.",
                    )
                    steps.append(Step(e_index, -1, 1, change))
                shown = phase
                if phase.repeat > 1:
                    shown = phase.model_copy(update={"name": f"{phase.name} · round {round_} of {phase.repeat}", "repeat": 1})
                steps.append(Step(e_index, p_index, round_, shown))
    return tuple(steps)


def all_phases(item: Item) -> list[tuple[int, Phase]]:
    """(exercise index, phase as shown) for every step of an item, in running order."""
    return [(step.exercise, step.shown) for step in steps_of(item)]


def phase_lengths(item: Item) -> list[float]:
    """Each step's planned length in seconds, in running order."""
    return [step.shown.minutes * 60.0 for step in steps_of(item)]


def planned_step_minutes(item: Item) -> int:
    """Whole minutes all of an item's steps take as planned, change-overs included."""
    return sum(step.shown.minutes for step in steps_of(item))


def effective_phase_lengths(item: Item, planned_seconds: float, allotted_seconds: float) -> list[float]:
    """Step lengths for an item planned to last `planned_seconds` that now has `allotted_seconds`.

    The one rule for phases that follow their item (`+`, `-`, `5`, a re-plan):
    - lengthening the item lengthens its steps that are not `fixed`, in
      proportion to their length (spare time after the last phase stays as planned);
    - shortening it takes, in this order: the spare time after the last phase;
      phases marked `cut_first`, the last first, down to nothing; the other
      phases that are not `fixed`, in proportion, down to their `min_minutes`;
      then those phases again, in proportion, down to nothing;
    - a `fixed` phase and a change-over keep their length (with every phase
      fixed, the change is all spare time).
    """
    steps = steps_of(item)
    lengths = [step.shown.minutes * 60.0 for step in steps]
    change = allotted_seconds - planned_seconds
    free = [not step.shown.fixed for step in steps]
    if change > 0:
        free_total = sum(length for length, is_free in zip(lengths, free, strict=True) if is_free)
        if free_total <= 0:
            return lengths
        scale = 1 + change / free_total
        return [length * scale if is_free else length for length, is_free in zip(lengths, free, strict=True)]
    need = -change - max(planned_seconds - sum(lengths), 0.0)  # the spare time goes first
    if need <= 0:
        return lengths
    out = list(lengths)
    for index in reversed(range(len(steps))):
        if need <= 0:
            break
        if free[index] and steps[index].shown.cut_first:
            take = min(out[index], need)
            out[index] -= take
            need -= take
    floors = [(step.shown.min_minutes or 0) * 60.0 for step in steps]
    for floor in (floors, [0.0] * len(steps)):  # first down to each phase's minimum, then below it
        if need <= 0:
            break
        room = [max(out[i] - floor[i], 0.0) if free[i] and not steps[i].shown.cut_first else 0.0 for i in range(len(steps))]
        total = sum(room)
        if total <= 0:
            continue
        take = min(need, total)
        out = [length - spare * take / total for length, spare in zip(out, room, strict=True)]
        need -= take
    return out


def phase_starts(lengths: list[float], jumps: list[tuple[float, int]], elapsed: float) -> list[float]:
    """When each phase starts, after the "next phase" jumps made up to `elapsed`."""
    starts = []
    total = 0.0
    for length in lengths:
        starts.append(total)
        total += length
    for at, index in jumps:
        if at > elapsed or not 0 <= index < len(starts):
            continue
        starts[index] = at
        for later in range(index + 1, len(starts)):
            starts[later] = starts[later - 1] + lengths[later - 1]
    return starts


def phase_at(lengths: list[float], jumps: list[tuple[float, int]], elapsed: float) -> PhaseNow | None:
    """The phase running `elapsed` seconds into the item, or None if the item has no phases."""
    if not lengths:
        return None
    starts = phase_starts(lengths, jumps, elapsed)
    current = 0
    for index, start in enumerate(starts):
        if start <= elapsed:
            current = index
    return PhaseNow(
        index=current,
        count=len(lengths),
        start=starts[current],
        length=lengths[current],
        elapsed=elapsed - starts[current],
    )


def protected_minutes(item: Item) -> int:
    """The least an item's steps can take under the shortening rule without squeezing any phase below its minimum.

    Fixed phases and change-overs keep their length, phases with `min_minutes`
    keep that, phases marked `cut_first` and the rest may go.
    """
    total = 0
    for step in steps_of(item):
        phase = step.shown
        if phase.fixed:
            total += phase.minutes
        elif phase.min_minutes and not phase.cut_first:
            total += phase.min_minutes
    return total


def phase_changes(item: Item, planned_seconds: float, allotted_seconds: float) -> list[str]:
    """What the shortening (or lengthening) rule does to each phase, in words for the re-plan preview."""
    steps = steps_of(item)
    after = effective_phase_lengths(item, planned_seconds, allotted_seconds)
    words = []
    for step, new in zip(steps, after, strict=True):
        if step.is_transition:
            continue
        old = step.shown.minutes
        minutes = round(new / 60)
        if minutes == old:
            continue
        if minutes <= 0:
            words.append(f"cut {step.shown.name!r}")
        else:
            words.append(f"{step.shown.name!r} {old}→{minutes} min")
    return words
