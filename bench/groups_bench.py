"""Benchmark group-making (issue 11): 200 people in trios with every mix rule, against a plain shuffle.

Run by hand, not by pytest:

    python bench/groups_bench.py             # a few seconds
    python bench/groups_bench.py --runs 5    # fewer runs: rough numbers

The people are generated: 8 sectors, 40 organisations (each in one sector)
and a line-management tree inside each organisation (about one person in
three has a manager). Each run draws with its own seed; `make_groups` and the
baseline alternate, so a change in the machine's load hits both. The
baseline is what a facilitator's script would do without rules:
`random.shuffle` the names and cut them into trios (the one or two left over
joining the first groups). The figure that matters is the ratio of medians.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial

from facilitator_tui.core.groups import make_groups
from facilitator_tui.core.people import Person
from facilitator_tui.core.plan import Groups
from run_screen_bench import machine

SECTORS = ("NHS provider", "NHS ICB", "local government", "public health", "voluntary sector", "social care", "housing", "police")
ALL_RULES = Groups(size="trios", mix=("sectors", "organisations", "line_management"), remainder="larger")
NO_RULES = Groups(size="trios", remainder="larger")
BOARDS = Groups(boards=3, mix=("sectors", "organisations", "line_management"))


def people(count: int, organisations: int = 40, sectors: int = 8, seed: int = 11) -> list[Person]:
    """`count` people over `organisations` organisations in `sectors` sectors, with a line-management tree in each organisation."""
    rng = random.Random(seed)
    rows: list[tuple[str, int]] = [(f"Person {index:03d}", rng.randrange(organisations)) for index in range(count)]
    manages: dict[str, list[str]] = {}
    for index, (name, org) in enumerate(rows):
        colleagues = [other for other, other_org in rows[:index] if other_org == org]
        if colleagues and rng.random() < 1 / 3:
            manages.setdefault(rng.choice(colleagues), []).append(name)
    return [Person(name, f"Org {org:02d}", SECTORS[org % sectors], line_manages=tuple(manages.get(name, ()))) for name, org in rows]


def crossing(count: int, seed: int = 3) -> list[Person]:
    """`count` people whose organisation and sector are drawn apart, three in ten managing up to three anyone."""
    rng = random.Random(seed)
    names = [f"Person {index:03d}" for index in range(count)]
    return [
        Person(
            name,
            f"Org {rng.randrange(40):02d}",
            rng.choice(SECTORS),
            line_manages=tuple(dict.fromkeys(other for other in rng.sample(names, 3) if other != name)) if rng.random() < 0.3 else (),
        )
        for name in names
    ]


def shuffle_into_trios(names: list[str], seed: int) -> list[list[str]]:
    """The baseline: shuffle and cut into threes; the one or two left over join the first groups."""
    names = list(names)
    random.Random(seed).shuffle(names)
    full = len(names) // 3
    groups = [names[3 * g : 3 * g + 3] for g in range(full)]
    for index, name in enumerate(names[3 * full :]):
        groups[index].append(name)
    return groups


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def msf(seconds: list[float]) -> str:
    """`median (min–max)` in milliseconds."""
    digits = 2 if statistics.median(seconds) < 0.01 else 1
    return f"{statistics.median(seconds) * 1000:.{digits}f} ms ({min(seconds) * 1000:.{digits}f}–{max(seconds) * 1000:.{digits}f})"


def main(argv: list[str] | None = None) -> int:
    """Time each case against the shuffle baseline on the same people; print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="runs of each case, each with its own seed (default 20)")
    parser.add_argument("--people", type=int, default=200, help="people in the large room (default 200)")
    args = parser.parse_args(argv)
    print("\n".join(line for line in machine() if not line.startswith(("textual", "terminal"))), flush=True)
    cases = [
        (f"{args.people} people, trios, all three mix rules", people(args.people), ALL_RULES),
        (f"{args.people} people, trios, no mix rule (a seeded shuffle)", people(args.people), NO_RULES),
        ("20 people, 5 sectors, 12 organisations, trios, all three mix rules", people(20, organisations=12, sectors=5, seed=3), ALL_RULES),
        # Over half the room in one sector: "sectors" cannot be kept; the search stops at its lower bound.
        (f"{args.people} people, 3 sectors (one of them over half the room), all three mix rules", people(args.people, 4, 3), ALL_RULES),
        # The worst case seen: organisations across sectors at random, managers across organisations, three
        # boards; no lower bound is reached, so the search spends its whole budget.
        (f"{args.people} people, organisations across sectors, 3 boards, all three mix rules", crossing(args.people), BOARDS),
    ]
    print(f"\n| case | `make_groups`, median (min–max) of {args.runs} | baseline: shuffle + cut into trios | ratio | draws keeping every rule |")
    print("| --- | --- | --- | --- | --- |")
    for label, room, rule in cases:
        names = [person.name for person in room]
        make_groups(room, rule, 0)  # warm-up
        made: list[float] = []
        base: list[float] = []
        kept = 0
        for seed in range(1, args.runs + 1):
            made.append(timed(partial(make_groups, room, rule, seed)))
            base.append(timed(partial(shuffle_into_trios, names, seed)))
            kept += not make_groups(room, rule, seed).broken
        ratio = statistics.median(made) / statistics.median(base)
        print(f"| {label} | {msf(made)} | {msf(base)} | **{ratio:.0f}x** | {kept} of {args.runs} draws |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
