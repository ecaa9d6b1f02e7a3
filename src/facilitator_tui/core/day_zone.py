"""The day's time zone: recorded when the day begins, so the laptop's own zone never moves the plan's times.

A plan may name one (`timezone = "Europe/London"`); otherwise the day takes
the laptop's zone when it begins (its IANA name when the system says it, else
its UTC offset). Every projection, export and day id then uses the day's
zone, across a change of the laptop's zone and across a DST change.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LOCALTIME = Path("/etc/localtime")


@lru_cache(maxsize=32)
def zone_named(name: str) -> dt.tzinfo | None:
    """The zone an IANA name (`Europe/London`) or a UTC offset (`+01:00`) names; None when it names none."""
    if not name:
        return None
    if name[0] in "+-":
        try:
            hours, minutes = name[1:].split(":")
            offset = dt.timedelta(hours=int(hours), minutes=int(minutes))
        except ValueError:
            return None
        return dt.timezone(-offset if name[0] == "-" else offset)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def local_zone_name(now: dt.datetime | None = None) -> str:
    """The laptop's zone: `$TZ` or `/etc/localtime`'s IANA name when they give one, else its UTC offset now."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        target = str(LOCALTIME.resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    now = now or dt.datetime.now().astimezone()
    for name in candidates:
        zone = zone_named(name) if name and name[0] not in "+-" else None
        # Only when it agrees with the clock: a clock in another zone (a test's, a remote session's) wins.
        if zone is not None and now.astimezone(zone).utcoffset() == now.utcoffset():
            return name
    offset = now.utcoffset() or dt.timedelta()
    sign = "-" if offset < dt.timedelta() else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def in_zone(when: dt.datetime, zone: dt.tzinfo | None) -> dt.datetime:
    """`when` on the day's clock face (unchanged without a zone)."""
    return when.astimezone(zone) if zone is not None else when
