"""Two laptops' logs of one day, for tests of merging, following and who runs the clock.

Laptop A runs the clock; laptop B writes notes and a capture. Their events
interleave in time, as on the day.
"""

from __future__ import annotations

from pathlib import Path

from day_helpers import at, header, small_plan
from facilitator_tui.core import events as ev
from facilitator_tui.core.event_log import LogWriter

PLAN = small_plan()
DAY = "2026-11-26-small"


def stamp(time: str, device: str) -> dict[str, object]:
    return {"at": at(time), "author": f"author-{device}", "device": device}


def day_events() -> dict[str, list[ev.EventBase]]:
    """Each laptop's events, in the order it wrote them."""
    a = [
        header(PLAN),
        ev.Start(**stamp("09:00", "laptop-a")),
        ev.Pause(**stamp("09:10", "laptop-a")),
        ev.Resume(**stamp("09:12", "laptop-a")),
        ev.Next(**stamp("09:31", "laptop-a")),
    ]
    a[0] = a[0].model_copy(update={"device": "laptop-a", "day_id": DAY})
    b = [
        ev.NoteSaved(**stamp("09:05", "laptop-b"), item_id="open", text="B's first note"),
        ev.Captured(**stamp("09:11", "laptop-b"), kind="action", item_id="open", text="B's action", owner="Sam"),
        ev.NoteSaved(**stamp("09:33", "laptop-b"), item_id="tea", text="B's tea note"),
    ]
    return {"laptop-a": a, "laptop-b": b}


def write(folder: Path, device: str, events: list[ev.EventBase]) -> Path:
    writer = LogWriter(folder, device)
    for event in events:
        writer.append(event)
    writer.close()
    return writer.path
