"""Days on disk: finding, naming and opening them, and recording acts.

A day is one run of a plan on a date, in `<data>/days/<day-id>/`. Its id
reads as date + plan (`2026-11-26-partnership-dynamics`), with `-2`, `-3` …
for another cohort the same day and `-rehearsal-N` for rehearsals.
"""

from __future__ import annotations

import datetime as dt
import gc
import getpass
import os
import re
import socket
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from . import events as ev
from .acts import READ_ONLY, Act, Ask, Change, NoChange, Outcome, Refusal, Situation
from .clock import Clock, ScaledClock, SystemClock
from .day_zone import in_zone, local_zone_name, zone_named
from .event_log import FILE_MODE, LogReader, LogWarning, LogWriter, make_private_dir
from .events import CLOCK_TYPES, ROOM_TYPES, DayCreated, Event, event_from_line
from .fold import DayState, fold, fold_timer
from .notes import NOTE_TYPES, apply_note_event
from .people import Person
from .plan import Plan
from .plan_loader import PlanError
from .roster import ROSTER_TYPES, apply_roster_event, person_fields
from .writer_lock import WriterLock

_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")


class DayError(Exception):
    """A day that cannot be opened as asked."""


def days_dir(data: Path) -> Path:
    """The folder holding every day."""
    return data / "days"


def data_problem(data: Path) -> str | None:
    """What stops `data` being used as the data folder (a file where a folder must be), or None."""
    if data.exists() and not data.is_dir():
        return f"{data} is a file, not a folder; give --data-dir a folder (or move the file away)"
    days = days_dir(data)
    if days.exists() and not days.is_dir():
        return f"{days} is a file, but the days are kept in a folder there; move the file away"
    return None


def device_id(data: Path) -> str:
    """This machine's writer id: host name plus a random suffix, kept in the data dir.

    Kept per host name, so two laptops sharing a synced data dir each get
    their own id, and so their own log file: never one file two machines write.
    """
    host = _SAFE.sub("-", socket.gethostname()).strip("-")[:24] or "device"
    path = data / "devices" / host
    known = _read_device(path)
    if known:
        return known
    ident = f"{host}-{uuid.uuid4().hex[:6]}"
    try:
        make_private_dir(path.parent)
        # Written whole to a file of its own, then linked into place: a process starting at the same
        # instant sees no id or the whole id, never an empty one (which once named a log `events-.jsonl`).
        spare = path.with_name(f".{host}.{uuid.uuid4().hex}")
        fd = os.open(spare, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(ident + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(spare, path)
        except FileExistsError:
            there = _read_device(path)
            if there:
                return there  # another process got there first: its id is this machine's
            os.replace(spare, path)  # an empty id left by an older version: replace it
        finally:
            spare.unlink(missing_ok=True)
    except OSError:
        pass  # an unwritable data dir fails later, with a clearer message
    return ident


def _read_device(path: Path) -> str:
    """The device id kept at `path`, or "" when there is none (or only an empty file from an older version)."""
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def default_author() -> str:
    """The login name, for `--author` when none is given."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "facilitator"


def _latest_zone(data: Path, plan_stem: str) -> str:
    """The zone recorded by the latest real day of this plan (empty if none)."""
    ids = [day for day in existing_day_ids(data) if day.endswith(f"-{plan_stem}") and "-rehearsal-" not in day]
    for day_id in reversed(ids):
        header = peek_day(data, day_id)[0]
        if header is not None and header.timezone:
            return header.timezone
    return ""


def existing_day_ids(data: Path) -> list[str]:
    """Ids of every day that has a folder, sorted."""
    folder = days_dir(data)
    if not folder.is_dir():
        return []
    return sorted(path.name for path in folder.iterdir() if path.is_dir())


def choose_day_id(data: Path, date: dt.date, plan_stem: str, *, new: bool, rehearsal: bool) -> str:
    """Today's day for this plan (resume), or the id for a new one."""
    base = f"{date.isoformat()}-{_SAFE.sub('-', plan_stem)}"
    existing = set(existing_day_ids(data))
    if rehearsal:
        n = 1
        while f"{base}-rehearsal-{n}" in existing:
            n += 1
        return f"{base}-rehearsal-{n}"
    taken = [base] + [f"{base}-{n}" for n in range(2, 1000) if f"{base}-{n}" in existing]
    taken = [day for day in taken if day in existing]
    if not taken:
        return base
    if not new:
        return taken[-1]
    n = 2
    while f"{base}-{n}" in existing:
        n += 1
    return f"{base}-{n}"


NOT_FOR_A_JOINED_LAPTOP = CLOCK_TYPES | ROOM_TYPES
"""What only the laptop running the clock writes: the timer, and what the room display shows."""

@dataclass
class Day:
    """One day: its plan, its events, and (when writing) its log writer and lock."""

    data: Path
    day_id: str
    plan: Plan
    clock: Clock
    header: DayCreated
    author: str
    device: str
    read_only: bool = False
    joined: bool = False
    """A co-facilitator's laptop on a day another device runs: it writes notes and captures, never the clock."""
    keep_date: bool = False
    """Written ahead of the day (a preparation task ticked): the day keeps its own date."""
    people: tuple[Person, ...] | None = None
    """The participant list given for this run (`--people`); recorded in the log with the next event written."""
    events: list[Event] = field(default_factory=list)
    state: DayState = field(init=False)
    """The day folded from `events`, kept up to date as events are recorded or followed."""
    reader: LogReader | None = None
    writer: LogWriter | None = None
    lock: WriterLock | None = None
    _ids: set[str] = field(default_factory=set, repr=False)
    _timer_log: list[Event] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._reindex()

    @property
    def folder(self) -> Path:
        """This day's folder (created at its first event)."""
        return days_dir(self.data) / self.day_id

    @property
    def warnings(self) -> list[LogWarning]:
        """Lines of the log that could not be read."""
        if self.reader is None:
            return []
        return self.reader.warnings + self.reader.read_tail_warnings()

    def do(self, act: Act) -> Outcome:
        """The one way a user changes the day: check the act's rule, write its event if it changes something.

        Returns what happened, or why not, in words to show as they are. Never
        raises for a refused act or a failed write: nothing already saved is lost.
        """
        if act.writes and (self.read_only or self.writer is None):
            return Outcome(False, READ_ONLY)
        now = self.now()
        match act.decide(Situation(self.plan, self.state, now, self.header.rehearsal, self.author)):
            case Refusal(reason=reason):
                return Outcome(False, reason)
            case Change(event=kind) if self.joined and kind.model_fields["type"].default in NOT_FOR_A_JOINED_LAPTOP:
                return Outcome(False, self.clock_is_elsewhere())
            case Ask(question=question, then=then, rehearse_at=rehearse_at):
                return Outcome(False, question, ask=then, rehearse_at=rehearse_at)
            case NoChange(message=message):
                return Outcome(True, message)
            case Change(event=kind, fields=fields, message=message):
                event = cast(Event, kind(at=now, author=self.author, device=self.device, **fields))
                try:
                    self.record(event)
                except OSError as error:
                    reason = error.strerror or str(error)
                    return Outcome(False, f"Not saved: {reason}. Nothing already saved is lost.", failed=True)
                if isinstance(event, ev.Undo):
                    self._discard_if_untouched()
                return Outcome(True, message, event)
        raise AssertionError(f"{act!r} decided nothing")  # pragma: no cover

    def clock_is_elsewhere(self) -> str:
        """What a joined laptop says when a key would move the clock or the room display."""
        running = self.state.clock_device or "the other laptop"
        return f"The clock is run by {running}; this laptop writes notes and captures (run --take-over to run the clock)."

    def record(self, event: Event) -> None:
        """Append an event already decided (by `do`, or a test replaying a log), durably, and fold it in.

        Raises OSError if it was not saved. Screens never call this: they call `do`.
        """
        if self.read_only or self.writer is None:
            raise PermissionError("this day is open read-only")
        if not self.events:
            now = self.clock.now()
            if not self.header.rehearsal and not self.keep_date and now.date() != self.header.date:
                # Opened last night, first used today: the day is today's.
                self.header = self.header.model_copy(update={"date": now.date(), "at": now})
            self.writer.append(self.header)
            self.events.append(self.header)
            self._ids.add(self.header.id)
            self._timer_log.append(self.header)
        if self.people is not None and self.state.roster.listed != self.people:
            listed = ev.PeopleListed(people=tuple(person_fields(person) for person in self.people), **self.stamp())
            self.writer.append(listed)
            self.events.append(listed)
            self._ids.add(listed.id)
            self._fold_in(listed)
        self.writer.append(event)
        self.events.append(event)
        self._ids.add(event.id)
        self._fold_in(event)

    def use_people(self, people: tuple[Person, ...]) -> None:
        """Run the day with this participant list (from `--people`): recorded with the next event written."""
        self.people = people
        self._show_people()

    def _show_people(self) -> None:
        """Until it is recorded, the list given for this run is the one the screens and acts see."""
        if self.people is not None:
            self.state.roster.people = self.people

    def save_replanned(self) -> Path:
        """Save the day as it now stands as a new plan in `<data>/plans/`; raises ValueError or OSError."""
        from .replan import save_replanned_plan

        path = self.data / "plans" / f"{self.day_id}-replanned.toml"
        return save_replanned_plan(self.plan, self.state, self.clock.now(), path)

    def now(self) -> dt.datetime:
        """The time for a new event: the clock's, or, if the clock went back, the log's last time.

        The log's order stands and time does not run backwards in it (see "A clock that goes back").
        """
        now = self.clock.now()
        return self.events[-1].at if self.events and now < self.events[-1].at else now

    def stamp(self) -> dict[str, object]:
        """The common fields for a new event made now."""
        return {"at": self.now(), "author": self.author, "device": self.device}

    def follow(self) -> bool:
        """Read events other processes appended; True if there were any."""
        if self.reader is None:
            return False
        new = [event for event in self.reader.read_new() if event.id not in self._ids]
        if not new:
            return False
        header = next((event for event in new if isinstance(event, DayCreated)), None)
        if header is not None and not self.events:
            self.header = header  # the writer's own, replacing the one this window made up from the plan
        in_order = bool(self.events) and new[0].at >= self.events[-1].at
        self.events.extend(new)
        if in_order:
            for event in new:
                self._ids.add(event.id)
                self._fold_in(event)
        else:
            # Another device's events may land before ours: replay in time order.
            self.events.sort(key=lambda event: event.at)
            self._reindex()
        return True

    def _reindex(self) -> None:
        """Rebuild the caches from `events`: ids seen, timer acts, and the folded state."""
        # A restart folds the whole day at once: many objects and no garbage, so the collector would only walk
        # the growing heap again and again (a third of a 100,000-event restart), as when the log is read.
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._ids = {event.id for event in self.events}
            self._timer_log = [event for event in self.events if event.type not in NOTE_TYPES and event.type not in ROSTER_TYPES]
            self.state = fold(self.plan, self.events)
        finally:
            if collecting:
                gc.enable()
        self._show_people()

    def _fold_in(self, event: Event) -> None:
        """Fold one appended event in: notes incrementally, timer acts by replaying only timer acts."""
        if event.type in NOTE_TYPES or event.type in ROSTER_TYPES:
            apply_note_event(self.state.notes, event)
            apply_roster_event(self.state.roster, event)
            self.state.last_at = event.at
            return
        self._timer_log.append(event)
        notes, roster = self.state.notes, self.state.roster
        self.state = fold_timer(self.plan, self._timer_log)
        self.state.notes, self.state.roster = notes, roster

    def _discard_if_untouched(self) -> None:
        """Remove a day that holds nothing but acts all undone (a start taken back at once).

        Otherwise the empty day would become the default for `export` and
        `review`. Only a day this window alone has written, with no note of
        any kind and no act left in effect, is removed; the next act writes
        it afresh. Anything else is kept, as every log is.
        """
        if self.writer is None or self.state.started or self.state.timer_acts or self.state.notes.items:
            return
        # A participant list alone is not worth a day: it is listed again with the next act.
        kept = NOTE_TYPES | ROOM_TYPES | (ROSTER_TYPES - {"people_listed"})
        if self.state.notes.captures or any(e.type in kept for e in self.events):
            return
        logs = sorted(self.folder.glob("*.jsonl"))
        if logs != [self.writer.path]:
            return  # another device wrote here too
        self.writer.close()
        try:
            self.writer.path.unlink()
            self.folder.rmdir()
        except OSError:
            return  # a stray file in the folder: keep the day
        self.events = []
        self.reader = LogReader(self.folder)
        self._reindex()

    def close(self) -> None:
        """Release the writer and the lock."""
        if self.writer is not None:
            self.writer.close()
        if self.lock is not None:
            self.lock.release()


def open_day(
    data: Path,
    plan: Plan | None,
    plan_path: Path | None,
    *,
    day_id: str | None = None,
    new: bool = False,
    read_only: bool = False,
    rehearse: bool = False,
    speed: float = 1.0,
    rehearse_start: dt.time | None = None,
    author: str | None = None,
    today: dt.date | None = None,
    clock: Clock | None = None,
) -> Day:
    """Open (resume) or prepare a day; raises DayError, PlanError or DayLocked.

    `clock` replaces the day's own clock (tests pass a `FakeClock`).
    """
    author = author or default_author()
    device = device_id(data) if not read_only else "reader"
    real_now = clock.now() if clock is not None else dt.datetime.now().astimezone()
    zone_name = (plan.timezone if plan is not None else None) or local_zone_name(real_now)
    if day_id is None and plan_path is not None and not rehearse:
        # The zone of this plan's latest day: a laptop whose zone changed since still finds today's day.
        zone_name = (plan.timezone if plan is not None else None) or _latest_zone(data, plan_path.stem) or zone_name
    real_now = in_zone(real_now, zone_named(zone_name))
    today = today or real_now.date()
    if day_id is None:
        if plan is None or plan_path is None:
            raise DayError("no plan to start a day from")
        day_id = choose_day_id(data, today, plan_path.stem, new=new, rehearsal=rehearse)
    folder = days_dir(data) / day_id
    reader = LogReader(folder)
    events = reader.read_new()
    header = next((e for e in events if isinstance(e, DayCreated)), None)
    if header is not None:
        try:
            plan = saved_plan(header)
        except PlanError as error:
            raise DayError(f"the plan saved with day {day_id} cannot be read: {error}") from None
        clock = clock or _clock_for(header)
    elif folder.exists() and any(folder.iterdir()) and not events:
        why = "; ".join(str(warning) for warning in reader.warnings[:2]) or "no readable events"
        raise DayError(f"day {day_id} cannot be read ({why}); check {folder} (its owner and permissions)")
    else:
        if plan is None or plan_path is None:
            known = ", ".join(existing_day_ids(data)) or "none yet"
            raise DayError(f"no day {day_id!r}; recorded days: {known}")
        # Read-only with no events yet (a second window opened before the day's
        # first act): the day is shown from its plan, and followed as it starts.
        virtual_anchor = real_now
        if rehearse and rehearse_start is not None:
            virtual_anchor = dt.datetime.combine(today, rehearse_start, tzinfo=real_now.tzinfo)
        header = DayCreated(
            at=virtual_anchor if rehearse else real_now,
            author=author,
            device=device,
            day_id=day_id,
            date=virtual_anchor.date() if rehearse else today,
            plan_name=plan_path.name,
            plan=plan.model_dump(mode="json", exclude_none=True),
            rehearsal=rehearse,
            timezone=zone_name,
            speed=speed if rehearse else 1.0,
            real_anchor=real_now if rehearse else None,
            virtual_anchor=virtual_anchor if rehearse else None,
        )
        clock = clock or _clock_for(header)
    day = Day(
        data=data,
        day_id=day_id,
        plan=plan,
        clock=clock,
        header=header,
        author=author,
        device=device,
        read_only=read_only,
        events=list(events),
        reader=reader,
    )
    if not read_only:
        lock = WriterLock(data / "locks" / f"{day_id}.lock")
        lock.acquire()
        day.lock = lock
        day.writer = LogWriter(folder, device)
    return day


def saved_plan(header: DayCreated) -> Plan:
    """The plan a day was started with, checked as a plan file would be; raises PlanError."""
    from pydantic import ValidationError

    from .plan_checks import semantic_problems
    from .plan_loader import Problem

    name = f"{header.day_id} (plan saved with the day)"
    try:
        plan = Plan.model_validate(header.plan)
    except (ValidationError, ValueError, TypeError) as error:
        raise PlanError([Problem(name, "", f"is not a valid plan ({error})")]) from None
    problems = semantic_problems(plan)
    if problems:
        raise PlanError([Problem(name, where, message) for where, message in problems])
    return plan


def _clock_for(header: DayCreated) -> Clock:
    if header.rehearsal and header.real_anchor and header.virtual_anchor:
        return ScaledClock(header.speed, header.real_anchor, header.virtual_anchor)
    return SystemClock()


@dataclass(frozen=True)
class DaySummary:
    """A recorded day at a glance, for `days` and for choosing a default day."""

    day_id: str
    header: DayCreated | None
    events: int
    last_at: dt.datetime | None
    items_done: int = 0
    items_total: int = 0
    notes: int = 0


def summarise_days(data: Path) -> list[DaySummary]:
    """Every recorded day, oldest first by its last event."""
    found = []
    for day_id in existing_day_ids(data):
        events = LogReader(days_dir(data) / day_id).read_new()
        header = next((e for e in events if isinstance(e, DayCreated)), None)
        done = total = notes = 0
        if header is not None:
            try:
                plan = saved_plan(header)
            except PlanError:
                plan = None
            if plan is not None:
                state = fold(plan, events)
                # Done means finished: an item still running or paused (started, not ended) is not done.
                done = sum(1 for item in state.items if item.actual_end is not None)
                total = len(plan.agenda)
                notes = state.notes.count
        last = events[-1].at if events else None
        found.append(DaySummary(day_id, header, len(events), last, done, total, notes))
    return sorted(found, key=lambda s: (s.last_at is not None, s.last_at or dt.datetime.min.replace(tzinfo=dt.UTC), s.day_id))


def peek_day(data: Path, day_id: str) -> tuple[DayCreated | None, dt.datetime | None]:
    """A day's header and the time of its last event, reading only the ends of its logs."""
    header = None
    last = None
    for path in sorted((days_dir(data) / day_id).glob("*.jsonl")):
        try:
            with path.open("rb") as handle:
                first = handle.readline()
                size = path.stat().st_size
                handle.seek(max(size - 65536, 0))
                tail = handle.read().split(b"\n")
        except OSError:
            continue
        for raw in (first, *reversed(tail)):
            try:
                event = event_from_line(raw)
            except ValueError:
                continue
            if isinstance(event, DayCreated) and header is None:
                header = event
            elif raw is not first:
                last = event.at if last is None else max(last, event.at)
                break
        if header is not None and last is None:
            last = header.at
    return header, last


def latest_day_id(data: Path, *, real_only: bool) -> str | None:
    """The most recently used day with events (optionally not a rehearsal)."""
    found = []
    for day_id in existing_day_ids(data):
        header, last = peek_day(data, day_id)
        if header is None or (real_only and header.rehearsal):
            continue
        found.append((last or header.at, day_id))
    return max(found)[1] if found else None
