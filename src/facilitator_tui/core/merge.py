"""Merging copies of one day carried by hand (a USB stick, an email) into one day folder.

Each input is a day folder holding one log per device (and perhaps a sync
tool's conflict copies). The output holds every event exactly once, one log
per device in the order that device wrote them; the inputs are only read.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .event_log import DIR_MODE, FILE_MODE, LOG_SUFFIX, LogReader, LogWarning
from .events import TIMER_TYPES, DayCreated, Event, event_to_line


class MergeError(Exception):
    """Copies that cannot be merged as asked; the message says why and what to do."""


@dataclass(frozen=True)
class MergeResult:
    """What a merge wrote."""

    events: int
    duplicates: int
    """Events found in more than one copy, written once."""
    devices: dict[str, int]
    """Events per device in the merged day."""
    clock_devices: dict[str, int]
    """Timer acts per device: who ran the clock."""
    warnings: list[LogWarning]


def read_copy(folder: Path) -> tuple[list[Event], list[LogWarning]]:
    """Every readable event of one copy of a day (its warnings: torn or garbled lines skipped)."""
    if not folder.is_dir():
        raise MergeError(f"{folder}: no such folder; give day folders (data dir/days/DAY-ID)")
    if not any(folder.glob(f"*{LOG_SUFFIX}")):
        hint = " (that is a data folder: name the day inside it, e.g. days/DAY-ID)" if (folder / "days").is_dir() else ""
        raise MergeError(f"{folder}: no day logs (*{LOG_SUFFIX}) in it{hint}")
    reader = LogReader(folder)
    return reader.read_new(), [*reader.warnings, *reader.read_tail_warnings()]


def merge_days(inputs: list[Path], output: Path) -> MergeResult:
    """Union the copies in `inputs` into the new day folder `output`; raises MergeError."""
    if any(output.resolve() == folder.resolve() for folder in inputs):
        raise MergeError(f"{output} is one of the inputs: the inputs are never changed; give a new folder")
    if output.exists() and any(output.iterdir()):
        raise MergeError(f"{output} is not empty: give a new folder for the merged day")
    seen: dict[str, Event] = {}
    total = 0
    warnings: list[LogWarning] = []
    days: set[str] = set()
    for folder in inputs:
        events, found = read_copy(folder)
        warnings += found
        for event in events:
            total += 1
            if isinstance(event, DayCreated):
                days.add(event.day_id)
            seen.setdefault(event.id, event)
    if len(days) > 1:
        raise MergeError(f"these folders hold different days ({', '.join(sorted(days))}): merge copies of one day at a time")
    if not days:
        raise MergeError("no copy holds the day's first event (day_created): is one of them the day's own folder?")
    by_device: dict[str, list[Event]] = {}
    for event in sorted(seen.values(), key=lambda event: event.at):
        by_device.setdefault(event.device or "unknown", []).append(event)
    _write(output, by_device)
    clock = Counter(event.device or "unknown" for event in seen.values() if event.type in TIMER_TYPES)
    return MergeResult(
        events=len(seen),
        duplicates=total - len(seen),
        devices={device: len(events) for device, events in by_device.items()},
        clock_devices=dict(clock.most_common()),
        warnings=warnings,
    )


def _write(output: Path, by_device: dict[str, list[Event]]) -> None:
    """One owner-only log per device, written whole before it is named (a crash leaves no half log)."""
    output.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    os.chmod(output, DIR_MODE)
    for device, events in by_device.items():
        path = output / f"events-{device}{LOG_SUFFIX}"
        temporary = path.with_name(f".{path.name}.part")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        try:
            os.write(fd, b"".join(event_to_line(event) for event in events))
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, path)
