"""Groups and role casting for exercises: who works with whom, and who plays which role.

Pure: all variety comes from a `random.Random` seeded by the caller, so the
same people (in the same order), rule and seed give the same result, and
another seed is a re-roll.

Groups are found by a search: a seeded, most-constrained-first greedy
placement, then swaps between groups that lower a violation count, restarted
until it reaches a lower bound or its budget. The mix rules are weighed in
a fixed order, closest relationship first (line management, then
organisations, then sectors), so a rule is given up only to keep one before it.
Every rule given up is reported with the numbers that made it so.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from .people import Person
from .plan import Groups, Item, MixRule, Plan, Role

PRIORITY: tuple[MixRule, ...] = ("line_management", "organisations", "sectors")
"""Mix rules, most important first: a later rule gives way to keep an earlier one."""

_CATEGORY = {"sectors": ("sector", "sectors"), "organisations": ("organisation", "organisations")}
_PHRASE = {"line_management": "keeping line managers apart", "organisations": "mixing organisations", "sectors": "mixing sectors"}
"""How a rule is named in the reason another rule gave way to it."""
_TIMES = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}


@dataclass(frozen=True)
class Grouping:
    """Groups made for one exercise from the people present."""

    groups: tuple[tuple[str, ...], ...]
    """People's names, per group (for boards: per board), each in the order of the list given."""
    observers: tuple[str, ...]
    """People asked to observe (remainder = "observers")."""
    broken: tuple[str, ...]
    """Each rule that could not be kept, as a sentence saying why, with the numbers."""
    seed: int


@dataclass(frozen=True)
class Casting:
    """Who plays which role on one board."""

    board: int
    """1-based."""
    parts: tuple[tuple[str, str], ...]
    """(role name, person name), in the plan's role order."""
    observers: tuple[str, ...]
    unplayed: tuple[str, ...]
    """Role names nobody plays on this board."""
    broken: tuple[str, ...]


@dataclass(frozen=True)
class ExerciseGroups:
    """The groups and castings for one exercise of one agenda item."""

    item_id: str
    exercise: int
    """0-based index in the item's exercises."""
    title: str
    grouping: Grouping | None
    """None when the exercise has roles but no `groups` rule: everyone is on one board."""
    castings: tuple[Casting, ...]


def same_text_key(text: str) -> str:
    """How sectors and organisations are compared: case- and space-insensitively."""
    return " ".join(text.split()).casefold()


def covers(role_text: str, own: str) -> bool:
    """True when a role's sector (or organisation) is the person's own, or a wider one that takes it in.

    A role of "Local government" covers "Local government – adult social care"
    and "NHS" covers "NHS ICB": the plan writes a role's sector as widely as
    nobody from it should play the role. A blank role field covers nobody.
    """
    role_key, own_key = same_text_key(role_text), same_text_key(own)
    if not role_key or not own_key:
        return False
    return own_key == role_key or (own_key.startswith(role_key) and not own_key[len(role_key)].isalnum())


# ---------------------------------------------------------------- group sizes


def _bins(n: int, rule: Groups) -> tuple[list[int], int, list[str]]:
    """(size of each group or board, how many observe, notes on sizes the rule could not give)."""
    size = rule.people_per_group
    if n == 0:
        return [], 0, []
    if size is None:
        boards = rule.boards or 1
        count = min(boards, n)
        if count < boards:
            return _even(n, count), 0, [f"boards: {_people(n)} for {boards} boards, so only {_count(count, 'board')} of one"]
        return _even(n, count), 0, []
    full, left = divmod(n, size)
    if full == 0:
        what = "one person is" if n == 1 else f"only {n} people are"
        return [n], 0, [f"groups of {size}: {what} present, so they make one group of {n}"]
    if left == 0:
        return [size] * full, 0, []
    made = f"{_people(n)} make {_count(full, 'group')} of {size} with {left} left over"
    if rule.remainder == "observers":
        return [size] * full, left, []
    if rule.remainder == "smaller" and left > 1:
        return [size] * full + [left], 0, []
    if rule.remainder == "smaller":
        return _even(n, full), 0, [f"smaller group: {made}; a group of one is not a group, so one group has {size + 1}"]
    if left > full:
        # Groups two or more over the size are further from it than one group more, each at most one under.
        sizes = _even(n, full + 1)
        note = f"larger groups: {made}, more than one for each group, so they make {full + 1} groups of {_and(_distinct(sizes))} instead"
        return sizes, 0, [note]
    return _even(n, full), 0, []


def _distinct(sizes: list[int]) -> list[str]:
    return [str(size) for size in sorted(set(sizes), reverse=True)]


def _even(n: int, count: int) -> list[int]:
    """`count` sizes adding up to `n`, differing by at most one, larger first."""
    base, extra = divmod(n, count)
    return [base + 1 if index < extra else base for index in range(count)]


# ---------------------------------------------------------------- the search

SEARCH_BUDGET = 1_000_000
"""Swaps priced before the search settles for the best found: half a second for 200 people here, in the
worst case seen (3 boards, organisations across sectors, managers across organisations). A room whose
rules can all be kept usually stops far sooner, at the lower bound."""
MAX_RESTARTS = 200


@dataclass
class _Problem:
    """People as numbers: category ids, line-management links, bins and the weights of the rules."""

    sector: list[int]
    organisation: list[int]
    links: list[list[int]]
    """Each person's line-management relations (both ways), by index among the people present."""
    caps: list[int]
    """Capacity of each bin; the observers' bin, if any, is last."""
    free: int
    """The observers' bin (no mix rules there), or -1."""
    weights: dict[MixRule, int]
    """The weight of one broken pair of each rule; 0 for a rule not asked for."""

    @property
    def n(self) -> int:
        return len(self.sector)


def _category_ids(values: Sequence[str]) -> list[int]:
    """An id per distinct text (compared by `same_text_key`); a blank one matches nobody."""
    ids: dict[str, int] = {}
    out = []
    for index, value in enumerate(values):
        key = same_text_key(value)
        out.append(ids.setdefault(key, len(ids)) if key else -1 - index)
    # Blanks got negative ids, unique each; shift everything to 0.. for list indexing.
    low = min(out, default=0)
    return [value - low for value in out]


def _links(people: Sequence[Person]) -> list[list[int]]:
    index: dict[str, int] = {}
    for number, person in enumerate(people):
        index.setdefault(person.name.casefold(), number)
    links: list[list[int]] = [[] for _ in people]
    for number, person in enumerate(people):
        for managed in person.line_manages:
            other = index.get(managed.casefold())
            if other is not None and other != number and other not in links[number]:
                links[number].append(other)
                links[other].append(number)
    return links


def _problem(people: Sequence[Person], caps: list[int], observers: int, mix: Sequence[MixRule]) -> _Problem:
    n = len(people)
    pairs = n * (n - 1) // 2 + 1
    # Weights make the cost lexicographic: one broken pair of a rule outweighs every pair of the rules after it.
    weights: dict[MixRule, int] = {}
    step = 1
    for rule in reversed(PRIORITY):
        weights[rule] = step if rule in mix else 0
        step *= pairs
    bins = [*caps, observers] if observers else list(caps)
    return _Problem(
        _category_ids([p.sector for p in people]),
        _category_ids([p.organisation for p in people]),
        _links(people) if "line_management" in mix else [[] for _ in people],
        bins,
        len(caps) if observers else -1,
        weights,
    )


class _State:
    """An assignment of people to bins, with the counts that price a move in constant time."""

    def __init__(self, pb: _Problem) -> None:
        self.pb = pb
        self.where = [-1] * pb.n
        bins = len(pb.caps)
        self.sectors = [[0] * (max(pb.sector, default=0) + 1) for _ in range(bins)]
        self.orgs = [[0] * (max(pb.organisation, default=0) + 1) for _ in range(bins)]
        self.room = list(pb.caps)
        self.ws = pb.weights["sectors"]
        self.wo = pb.weights["organisations"]
        self.wl = pb.weights["line_management"]
        self.linked = [frozenset(links) for links in pb.links]

    def put(self, person: int, b: int) -> None:
        self.where[person] = b
        self.sectors[b][self.pb.sector[person]] += 1
        self.orgs[b][self.pb.organisation[person]] += 1
        self.room[b] -= 1

    def take(self, person: int) -> None:
        b = self.where[person]
        self.sectors[b][self.pb.sector[person]] -= 1
        self.orgs[b][self.pb.organisation[person]] -= 1
        self.room[b] += 1
        self.where[person] = -1

    def cost_in(self, person: int, b: int) -> int:
        """What `person` would add to bin `b`, not being in it."""
        if b == self.pb.free:
            return 0
        cost = self.ws * self.sectors[b][self.pb.sector[person]] + self.wo * self.orgs[b][self.pb.organisation[person]]
        if self.wl:
            where = self.where
            cost += self.wl * sum(1 for other in self.pb.links[person] if where[other] == b)
        return cost

    def own(self, person: int) -> int:
        """What `person` costs where they are."""
        b = self.where[person]
        if b == self.pb.free:
            return 0
        cost = self.ws * (self.sectors[b][self.pb.sector[person]] - 1) + self.wo * (self.orgs[b][self.pb.organisation[person]] - 1)
        if self.wl:
            where = self.where
            cost += self.wl * sum(1 for other in self.pb.links[person] if where[other] == b)
        return cost

    def pair(self, a: int, b: int) -> int:
        """What `a` and `b` cost each other when together."""
        pb = self.pb
        return (
            self.ws * (pb.sector[a] == pb.sector[b])
            + self.wo * (pb.organisation[a] == pb.organisation[b])
            + self.wl * (b in self.linked[a])
        )

    def total(self) -> int:
        return sum(self.own(person) for person in range(self.pb.n)) // 2


def _greedy(pb: _Problem, rng: random.Random, strict: bool) -> _State:
    """Place people one by one, most constrained first, each where they cost least.

    `strict`: in order of constraint, ties to the emptiest group. Otherwise the
    order is jittered and ties are drawn by lot, so a restart explores elsewhere.
    """
    state = _State(pb)
    sector_size = [0] * (max(pb.sector, default=0) + 1)
    org_size = [0] * (max(pb.organisation, default=0) + 1)
    for person in range(pb.n):
        sector_size[pb.sector[person]] += 1
        org_size[pb.organisation[person]] += 1
    uses_org, uses_sector = pb.weights["organisations"] > 0, pb.weights["sectors"] > 0
    # Line-management links first (the heaviest rule), then the size of one's organisation and sector.
    tightness = [
        len(pb.links[p]) * pb.n + org_size[pb.organisation[p]] * uses_org + sector_size[pb.sector[p]] * uses_sector
        for p in range(pb.n)
    ]
    order = list(range(pb.n))
    rng.shuffle(order)
    if strict:
        order.sort(key=lambda p: -tightness[p])
    else:
        order.sort(key=lambda p: -tightness[p] * rng.uniform(0.5, 1.5))
    bins = range(len(pb.caps))
    for person in order:
        best: list[int] = []
        best_key: tuple[int, bool, int] | None = None
        for b in bins:
            if state.room[b] == 0:
                continue
            # Observers only when it saves a broken pair: the room came to take part.
            key = (state.cost_in(person, b), b == pb.free, -state.room[b] if strict else 0)
            if best_key is None or key < best_key:
                best, best_key = [b], key
            elif key == best_key:
                best.append(b)
        state.put(person, best[0] if len(best) == 1 else rng.choice(best))
    return state


def _kick(pb: _Problem, where: list[int], rng: random.Random) -> _State:
    """The assignment `where` shaken by a few random swaps, to leave a local optimum."""
    state = _State(pb)
    for person, b in enumerate(where):
        state.put(person, b)
    for _ in range(max(2, pb.n // 10)):
        p, q = rng.randrange(pb.n), rng.randrange(pb.n)
        a, b = state.where[p], state.where[q]
        if a != b:
            state.take(p)
            state.take(q)
            state.put(p, b)
            state.put(q, a)
    return state


def _improve(state: _State, rng: random.Random, floor: int, budget: int) -> tuple[int, int]:
    """Swap pairs of people while a swap lowers the cost (for each costly person, their best swap).

    Returns (cost, pricings used); stops at `floor`, at a local optimum, or
    when `budget` swaps have been priced. The loop is written out by hand: it
    is the hot path (200 people in trios: up to 40,000 pricings a pass).
    """
    pb = state.pb
    n, free, bins = pb.n, pb.free, len(pb.caps)
    sector, organisation, links, linked = pb.sector, pb.organisation, pb.links, state.linked
    sectors, orgs, where = state.sectors, state.orgs, state.where
    ws, wo, wl = state.ws, state.wo, state.wl
    members: list[list[int]] = [[] for _ in range(bins)]
    for person in range(n):
        members[where[person]].append(person)
    own = [state.own(person) for person in range(n)]
    cost = sum(own) // 2
    order = list(range(n))
    rng.shuffle(order)
    used = 0
    moved = True
    while moved and cost > floor and used < budget:
        moved = False
        for p in _movers(state, order):
            mine = own[p]
            if mine == 0:
                continue
            a = where[p]
            sp, op, lp = sector[p], organisation[p], linked[p]
            sa, oa = sectors[a], orgs[a]
            best, best_q = 0, -1
            for b in range(bins):
                if b == a or not members[b]:
                    continue
                into = 0 if b == free else state.cost_in(p, b)
                for q in members[b]:
                    sq, oq = sector[q], organisation[q]
                    w = ws * (sq == sp) + wo * (oq == op) + (wl if q in lp else 0)
                    delta = -mine - own[q]
                    if b != free:
                        delta += into - w
                    if a != free:
                        delta += ws * sa[sq] + wo * oa[oq] - w
                        if links[q]:
                            delta += wl * sum(1 for other in links[q] if where[other] == a)
                    if delta < best:
                        best, best_q = delta, q
                used += len(members[b])
            if best_q < 0:
                continue
            b = where[best_q]
            for person, into_bin in ((p, b), (best_q, a)):
                state.take(person)
                state.put(person, into_bin)
            members[a].remove(p)
            members[b].remove(best_q)
            members[a].append(best_q)
            members[b].append(p)
            for person in (*members[a], *members[b]):
                own[person] = state.own(person)
            cost += best
            moved = True
            if cost <= floor or used >= budget:
                break
    return cost, used


def _movers(state: _State, order: list[int]) -> list[int]:
    """The people, in `order`, at one end of every swap that could lower the cost.

    A swap lowers the cost only if, in the first rule it changes, one of the
    two leaves a group with a line-management link in it, or a group holding
    two more of their kind than some other group (or, with observers, any two
    of their kind: observing costs nothing). Everyone else would only ever be
    the other end, and each mover's scan tries everyone as that.
    """
    pb = state.pb
    constrained = [b for b in range(len(pb.caps)) if b != pb.free]
    if not constrained:
        return []
    if pb.free >= 0:
        # Observing costs nothing: anyone beside one of their kind could move there.
        least_sector = [0] * len(state.sectors[0])
        least_org = [0] * len(state.orgs[0])
    else:
        least_sector = [min(column) for column in zip(*(state.sectors[b] for b in constrained), strict=True)]
        least_org = [min(column) for column in zip(*(state.orgs[b] for b in constrained), strict=True)]
    where, movers = state.where, []
    for p in order:
        a = where[p]
        if a == pb.free:
            continue
        sp, op = pb.sector[p], pb.organisation[p]
        if (
            (state.ws and state.sectors[a][sp] >= least_sector[sp] + 2)
            or (state.wo and state.orgs[a][op] >= least_org[op] + 2)
            or (state.wl and any(where[other] == a for other in pb.links[p]))
        ):
            movers.append(p)
    return movers


def _even_pairs(count: int, bins: int) -> int:
    """The fewest pairs `count` people of one kind make when spread over `bins`."""
    if bins <= 0:
        return count * (count - 1) // 2
    base, extra = divmod(count, bins)
    return extra * (base + 1) * base // 2 + (bins - extra) * base * (base - 1) // 2


def _floor(pb: _Problem) -> int:
    """A lower bound of the cost, to stop searching once it is reached: each kind spread evenly, alone."""
    groups = len(pb.caps) - (1 if pb.free >= 0 else 0)
    observers = pb.caps[pb.free] if pb.free >= 0 else 0
    floor = 0
    for ids, weight in ((pb.sector, pb.weights["sectors"]), (pb.organisation, pb.weights["organisations"])):
        if weight:
            floor += weight * _kind_floor(ids, groups, observers)
    return floor


def _kind_floor(ids: Sequence[int], groups: int, observers: int) -> int:
    """The fewest same-kind pairs over `groups` if group sizes did not matter, with `observers` people taken out."""
    sizes: dict[int, int] = {}
    for value in ids:
        sizes[value] = sizes.get(value, 0) + 1
    counts = list(sizes.values())
    for _ in range(observers):
        # Pairs are convex in a kind's count, so taking the observer from the kind that saves most is best.
        saves = [_even_pairs(c, groups) - _even_pairs(c - 1, groups) if c else 0 for c in counts]
        if max(saves, default=0) <= 0:
            break
        counts[saves.index(max(saves))] -= 1
    return sum(_even_pairs(c, groups) for c in counts)


def _search(pb: _Problem, rng: random.Random) -> list[int]:
    """The best assignment found: greedy + swaps, restarted (a fixed budget, so the result is deterministic)."""
    floor = _floor(pb)
    # A budget of swaps priced, not of time, so that the result is the same on any machine.
    budget = SEARCH_BUDGET
    best: list[int] = []
    best_cost = -1
    for attempt in range(MAX_RESTARTS):
        # Fresh starts and kicks of the best so far, in turn.
        state = _kick(pb, best, rng) if attempt % 2 and len(pb.caps) > 1 else _greedy(pb, rng, strict=attempt == 0)
        cost, used = _improve(state, rng, floor, budget)
        budget -= used + pb.n * len(pb.caps)  # the greedy prices every bin for every person
        if best_cost < 0 or cost < best_cost:
            best, best_cost = list(state.where), cost
        if best_cost <= floor or budget <= 0:
            break
    return best


# ---------------------------------------------------------------- making groups


def make_groups(people: Sequence[Person], rule: Groups, seed: int) -> Grouping:
    """Split `people` as `rule` asks, keeping its mix rules where the numbers allow, and saying why where not."""
    caps, observers, notes = _bins(len(people), rule)
    if not caps:
        return Grouping((), (), tuple(notes), seed)
    mix = tuple(dict.fromkeys(rule.mix))
    pb = _problem(people, caps, observers, mix)
    where = _search(pb, random.Random(seed)) if mix else _shuffled(len(people), pb.caps, random.Random(seed))
    bins: list[list[int]] = [[] for _ in pb.caps]
    for person, b in enumerate(where):
        bins[b].append(person)
    groups = bins[: len(caps)]
    watching = bins[len(caps)] if observers else []
    boards = rule.people_per_group is None
    broken = list(notes)
    for name in PRIORITY:
        if name in mix:
            earlier = [_PHRASE[r] for r in PRIORITY[: PRIORITY.index(name)] if r in mix]
            if name == "line_management":
                message = _line_message(people, pb, groups, boards)
            else:
                message = _mix_message(name, people, pb, groups, len(watching), boards, earlier)
            if message:
                broken.append(message)
    names = tuple(tuple(people[p].name for p in group) for group in groups)
    return Grouping(names, tuple(people[p].name for p in watching), tuple(broken), seed)


def _shuffled(n: int, caps: list[int], rng: random.Random) -> list[int]:
    """No mix rule: a shuffle cut into the sizes."""
    order = list(range(n))
    rng.shuffle(order)
    where = [0] * n
    start = 0
    for b, cap in enumerate(caps):
        for person in order[start : start + cap]:
            where[person] = b
        start += cap
    return where


def _min_excess(sizes: Sequence[int], caps: Sequence[int], observers: int) -> int:
    """The fewest people who must share a group with someone of their own kind (Gale–Ryser, with observers free).

    With `b` of the largest groups (and maybe the observers' places), at most
    min(size, places) of each kind can be there alone, so the rest must double up.
    """
    top = sorted(caps, reverse=True)
    worst = 0
    held = 0
    for b in range(len(top) + 1):
        if b:
            held += top[b - 1]
        for extra in ((0, observers) if observers else (0,)):
            worst = max(worst, held + extra - sum(min(size, b + extra) for size in sizes))
    return worst


def _mix_message(
    rule: MixRule, people: Sequence[Person], pb: _Problem, groups: list[list[int]], observers: int, boards: bool, earlier: list[str]
) -> str | None:
    """The sentence for a broken `sectors` or `organisations` rule, or None when it is kept."""
    noun, plural = _CATEGORY[rule]
    ids = pb.sector if rule == "sectors" else pb.organisation
    label: dict[int, str] = {}
    size: dict[int, int] = {}
    for person, value in enumerate(ids):
        label.setdefault(value, " ".join(getattr(people[person], noun).split()))
        size[value] = size.get(value, 0) + 1
    counts = [{value: sum(1 for p in group if ids[p] == value) for value in size} for group in groups]
    also = f" while {_and(earlier)}" if earlier else ""
    if boards:
        uneven = [value for value in size if max(c[value] for c in counts) - min(c[value] for c in counts) > 1]
        if not uneven:
            return None
        spread = "; ".join(
            f"{label[v]} has " + _and([f"{c[v]} on board {number}" for number, c in enumerate(counts, start=1)]) for v in uneven
        )
        return f"mixed {plural}: {spread}; no even spread was found{also}"
    doubled = {v: [(number, c[v]) for number, c in enumerate(counts, start=1) if c[v] > 1] for v in size}
    doubled = {v: found for v, found in doubled.items() if found}
    if not doubled:
        return None
    n = len(people)
    count = len(groups)
    least = _min_excess(list(size.values()), [len(g) for g in groups], observers)
    over = [v for v in size if size[v] > count]
    why = ""
    if over and sum(size[v] - count for v in over) > observers:
        parts = [f"{size[v]} {f'of {n} people are ' if i == 0 else ''}from {label[v]}" for i, v in enumerate(over)]
        watching = f" (with {observers} observing)" if observers else ""
        why = f"{_and(parts)}, more than the {_count(count, 'group')} can take one each{watching}"
    elif max(len(g) for g in groups) > len(size):
        largest = max(len(g) for g in groups)
        why = f"a group of {largest} needs {largest} different {plural} and the {n} people come from only {len(size)}"
    elif least > 0:
        why = f"with groups of these sizes, at most {n - least} of the {n} people can be the only one from their {noun} in a group"
    described = "; ".join(_doubled(label[v], found) for v, found in doubled.items())
    if not why:
        return f"mixed {plural}: {described}; no arrangement was found that keeps them apart{also}"
    pairs = sum(c * (c - 1) // 2 for found in doubled.values() for _, c in found)
    # A rule earlier in the order can cost this one more pairs than its own numbers force.
    tail = f" (the fewest found{also})" if earlier and pairs > _kind_floor(ids, count, observers) else ""
    return f"mixed {plural}: {why}, so {described}{tail}"


def _doubled(label: str, found: list[tuple[int, int]]) -> str:
    """`3 groups have two from X (groups 1, 2 and 5)`, by how many they have."""
    by_count: dict[int, list[int]] = {}
    for number, count in found:
        by_count.setdefault(count, []).append(number)
    parts = []
    for count in sorted(by_count):
        numbers = by_count[count]
        times = _TIMES.get(count, str(count))
        if len(numbers) == 1:
            parts.append(f"group {numbers[0]} has {times} from {label}")
        else:
            parts.append(f"{len(numbers)} groups have {times} from {label} (groups {_and([str(x) for x in numbers])})")
    return _and(parts)


def _line_message(people: Sequence[Person], pb: _Problem, groups: list[list[int]], boards: bool) -> str | None:
    """The sentence for a broken `line_management` rule, or None when it is kept."""
    unit = "board" if boards else "group"
    index: dict[int, int] = {}
    for number, group in enumerate(groups, start=1):
        for member in group:
            index[member] = number
    found = []
    by_name = {person.name.casefold(): i for i, person in reversed(list(enumerate(people)))}
    for manager, person in enumerate(people):
        for managed in dict.fromkeys(m.casefold() for m in person.line_manages):
            other = by_name.get(managed)
            if other is not None and other != manager and manager in index and index.get(other) == index[manager]:
                where = f"{'on' if boards else 'in'} {unit} {index[manager]}"
                found.append(f"{person.name} line-manages {people[other].name} and both are {where}")
    if not found:
        return None
    smallest = min(len(g) for g in groups)
    n = len(people)
    # Observers are outside every group, so only without them can one person's links outnumber the places elsewhere.
    crowded = [i for i in range(n) if len(pb.links[i]) > n - smallest] if pb.free < 0 else []
    ring = _odd_ring(pb.links) if len(groups) == 2 and pb.free < 0 else None
    if crowded:
        who, links = people[crowded[0]].name, len(pb.links[crowded[0]])
        why = (
            f"{who} line-manages or is line-managed by {links} of the {n} people, "
            f"more than the {n - smallest} outside the smallest {unit}"
        )
    elif ring:
        names = _and([people[i].name for i in ring])
        why = f"{names} are linked by line management in a ring of {len(ring)}, which 2 {unit}s cannot split"
    else:
        why = f"no arrangement was found that keeps every line-management pair apart in {_count(len(groups), unit)}"
    return f"line management: {'; '.join(found)}; {why}"


def _odd_ring(links: list[list[int]]) -> list[int] | None:
    """People linked in a ring of odd length (so no two groups can keep each link apart), or None."""
    side = [-1] * len(links)
    parent = [-1] * len(links)
    for start in range(len(links)):
        if side[start] >= 0:
            continue
        side[start] = 0
        queue = [start]
        for person in queue:
            for other in links[person]:
                if side[other] < 0:
                    side[other], parent[other] = 1 - side[person], person
                    queue.append(other)
                elif side[other] == side[person]:
                    # Both paths back to `start` meet; the ring is the two paths joined by this link.
                    up, down = _path(person, parent), _path(other, parent)
                    while len(up) > 1 and len(down) > 1 and up[-2] == down[-2]:
                        up.pop()
                        down.pop()
                    return up + down[-2::-1]
    return None


def _path(person: int, parent: list[int]) -> list[int]:
    path = [person]
    while parent[path[-1]] >= 0:
        path.append(parent[path[-1]])
    return path


# ---------------------------------------------------------------- casting


def cast_roles(boards: Grouping | None, roles: Sequence[Role], people: Sequence[Person], seed: int) -> tuple[Casting, ...]:
    """Cast `roles` on each board (each group of `boards`; None: everyone on one board).

    Each person gets a role from another organisation and sector where a
    maximum matching allows; extra people observe; with too few people the
    optional roles go unplayed first, then the last ones.
    """
    by_name: dict[str, Person] = {}
    for person in people:
        by_name.setdefault(person.name.casefold(), person)
    groups = boards.groups if boards is not None else (tuple(person.name for person in people),)
    castings = []
    for number, group in enumerate(groups, start=1):
        members = [by_name.get(name.casefold(), Person(name, "", "")) for name in group]
        castings.append(_cast_board(number, members, roles, random.Random(seed * 1_000_003 + number)))
    return tuple(castings)


def _played(roles: Sequence[Role], seats: int) -> list[int]:
    """Indices of the roles played by `seats` people: optional ones dropped first (last first), then the last ones."""
    keep = list(range(len(roles)))
    for index in reversed(range(len(roles))):
        if len(keep) <= seats:
            break
        if roles[index].optional:
            keep.remove(index)
    return keep[:seats]


def _cast_board(number: int, members: list[Person], roles: Sequence[Role], rng: random.Random) -> Casting:
    played = _played(roles, len(members))
    order = list(range(len(members)))
    rng.shuffle(order)

    def clash(role: Role, person: Person) -> tuple[bool, bool]:
        return covers(role.organisation, person.organisation), covers(role.sector, person.sector)

    fits = [[p for p in order if clash(roles[r], members[p]) == (False, False)] for r in played]
    matched = _matching(fits, len(members))
    clean = len(matched)
    # Roles left over go first to someone who clashes on one count only, then to anyone: the smaller harm first.
    for allowed in (_one_clash, _any):
        rest = [i for i in range(len(played)) if i not in matched]
        if not rest:
            break
        taken = set(matched.values())
        more = [
            [p for p in order if p not in taken and allowed(*clash(roles[played[i]], members[p]))] if i in rest else []
            for i in range(len(played))
        ]
        matched.update(_matching(more, len(members)))
    parts = tuple((roles[r].name, members[matched[i]].name) for i, r in enumerate(played) if i in matched)
    cast = set(matched.values())
    observers = tuple(members[p].name for p in range(len(members)) if p not in cast)
    unplayed = tuple(role.name for index, role in enumerate(roles) if index not in played)
    broken = []
    company = "alone" if len(members) == 1 else f"with these {len(members)} people"
    for i, r in enumerate(played):
        if i not in matched:
            continue
        role, person = roles[r], members[matched[i]]
        org, sector = clash(role, person)
        if org or sector:
            named = ((f"organisation ({' '.join(person.organisation.split())})", org), (f"sector ({' '.join(person.sector.split())})", sector))
            own = _and([words for words, hit in named if hit])
            broken.append(
                f"{person.name} plays {role.name}, a role from their own {own}: {company}, "
                f"at most {clean} of the {len(played)} roles played can go to someone from another organisation and sector"
            )
    return Casting(number, parts, observers, unplayed, tuple(broken))


def _one_clash(org: bool, sector: bool) -> bool:
    return not (org and sector)


def _any(org: bool, sector: bool) -> bool:
    return True


def _matching(fits: list[list[int]], people: int) -> dict[int, int]:
    """A maximum matching of roles to people (augmenting paths); `fits[role]` lists who may play it, in preference order."""
    owner = [-1] * people
    for role in range(len(fits)):
        _augment(role, fits, owner, [False] * people)
    return {role: person for person, role in enumerate(owner) if role >= 0}


def _augment(role: int, fits: list[list[int]], owner: list[int], seen: list[bool]) -> bool:
    for person in fits[role]:
        if seen[person]:
            continue
        seen[person] = True
        if owner[person] < 0 or _augment(owner[person], fits, owner, seen):
            owner[person] = role
            return True
    return False


# ---------------------------------------------------------------- a whole plan


def groups_for_plan(plan: Plan, people: Sequence[Person], seed: int, item_id: str | None = None) -> tuple[ExerciseGroups, ...]:
    """Every exercise that asks for groups (has `groups`) or roles, in agenda order (or only item_id's).

    Each exercise gets its own seed, made from `seed`, the item's id and the
    exercise's place, so two exercises with the same rule get different groups;
    `grouping.seed` is that seed (give it to `make_groups` to make them again).
    """
    found = []
    for item in plan.agenda:
        if item_id is not None and item.id != item_id:
            continue
        for index, exercise in enumerate(item.exercises):
            if exercise.groups is None and not exercise.roles:
                continue
            found.append(groups_for_exercise(item, index, people, seed))
    return tuple(found)


def groups_for_exercise(item: Item, index: int, people: Sequence[Person], seed: int) -> ExerciseGroups:
    """The groups and castings of one exercise: the one way they are made, so the `groups` command, the
    pack and the run screen's first draw (seed 1, everyone present) give the same boards and envelopes."""
    exercise = item.exercises[index]
    own_seed = exercise_seed(seed, item.id, index)
    grouping = make_groups(people, exercise.groups, own_seed) if exercise.groups is not None else None
    castings = cast_roles(grouping, exercise.roles, people, own_seed) if exercise.roles else ()
    return ExerciseGroups(item.id, index, exercise.title, grouping, castings)


def exercise_seed(seed: int, item_id: str, exercise: int) -> int:
    """The seed of one exercise: stable across runs (crc32, not `hash`, which changes per process)."""
    return seed + zlib.crc32(f"{item_id}\n{exercise}".encode("utf-8", "surrogatepass"))


# ---------------------------------------------------------------- words


def _and(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _people(n: int) -> str:
    return "1 person" if n == 1 else f"{n} people"
