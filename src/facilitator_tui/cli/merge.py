"""The `merge` sub-command: copies of one day carried by hand, made one."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import EXIT_BAD_INPUT, EXIT_OK, error


def add_merge_parser(commands: argparse._SubParsersAction) -> None:
    """Register `merge`."""
    merge = commands.add_parser(
        "merge",
        help="merge copies of one day (carried by USB stick or email) into one day folder",
        description=(
            "Union the event logs of copies of one day: every event exactly once, one log per device. "
            "The input folders are only read. Says which device ran the clock."
        ),
    )
    merge.add_argument("folders", nargs="+", type=Path, metavar="FOLDER", help="a copy of the day's folder (data dir/days/DAY-ID)")
    merge.add_argument("-o", "--output", required=True, type=Path, metavar="FOLDER", help="a new folder for the merged day")
    merge.set_defaults(handler=cmd_merge)


def cmd_merge(args: argparse.Namespace) -> int:
    """Merge, then say what came from where and who ran the clock."""
    from ..core.merge import MergeError, merge_days

    try:
        result = merge_days(list(args.folders), args.output)
    except (MergeError, OSError) as exc:
        error(str(exc))
        return EXIT_BAD_INPUT
    for warning in result.warnings:
        print(f"warning: {warning}")
    devices = ", ".join(f"{device} ({count})" for device, count in result.devices.items())
    print(f"Merged {result.events} events into {args.output} from {len(args.folders)} folders ({result.duplicates} found twice, kept once).")
    print(f"Devices: {devices}.")
    if result.clock_devices:
        runner = ", ".join(f"{device} ({count} timer acts)" for device, count in result.clock_devices.items())
        print(f"The clock was run by: {runner}.")
    else:
        print("No device ran the clock: the day never started.")
    return EXIT_OK
