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


def all_phases(item: Item) -> list[tuple[int, Phase]]:
    """(exercise index, phase) for every phase of every exercise, in running order."""
    return [(e_index, phase) for e_index, exercise in enumerate(item.exercises) for phase in exercise.phases]


def phase_lengths(item: Item) -> list[float]:
    """Each phase's planned length in seconds, in running order."""
    return [phase.minutes * 60.0 for _, phase in all_phases(item)]


def effective_phase_lengths(item: Item, planned_seconds: float, allotted_seconds: float) -> list[float]:
    """Phase lengths for an item planned to last `planned_seconds` that now has `allotted_seconds`.

    The one rule for phases that follow their item (`+`, `-`, `5`, a re-plan):
    - lengthening the item lengthens its phases that are not `fixed`, in
      proportion to their length (spare time after the last phase stays as planned);
    - shortening it takes first from the spare time after the last phase, then
      from the phases that are not `fixed`, in proportion, down to zero;
    - a `fixed` phase keeps its length (with every phase fixed, the change is
      all spare time).
    """
    lengths = phase_lengths(item)
    flexible = [not phase.fixed for _, phase in all_phases(item)]
    flexible_total = sum(length for length, free in zip(lengths, flexible, strict=True) if free)
    change = allotted_seconds - planned_seconds
    if change < 0:
        spare = max(planned_seconds - sum(lengths), 0.0)
        change = min(change + spare, 0.0)  # the spare time goes first
    if change == 0 or flexible_total <= 0:
        return lengths
    scale = max(1 + change / flexible_total, 0.0)
    return [length * scale if free else length for length, free in zip(lengths, flexible, strict=True)]


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
