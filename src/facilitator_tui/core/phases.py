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


def all_phases(item: Item) -> list[tuple[int, Phase]]:
    """(exercise index, phase) for every phase of every exercise, in running order."""
    return [(e_index, phase) for e_index, exercise in enumerate(item.exercises) for phase in exercise.phases]


def phase_lengths(item: Item) -> list[float]:
    """Each phase's planned length in seconds, in running order."""
    return [phase.minutes * 60.0 for _, phase in all_phases(item)]


def effective_phase_lengths(item: Item, allotted_seconds: float) -> list[float]:
    """Phase lengths for an item given its time now: shrunk in proportion if it was squeezed."""
    lengths = phase_lengths(item)
    planned = sum(lengths)
    if planned > allotted_seconds > 0:
        return [length * allotted_seconds / planned for length in lengths]
    return lengths


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
