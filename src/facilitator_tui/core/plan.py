"""The workshop plan: immutable pydantic models and derived timings.

A plan is read from TOML (see `plan_loader`) and never changes while the day
runs; everything the facilitator does is an event folded on top of it.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

# [0-9], not \d (other scripts' digits), and \Z, not $ (which allows a trailing newline).
TIME_RE = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])\Z")
"""24-hour `HH:MM`; a one-digit hour (`9:30`) is allowed and normalised to `09:30`."""


def parse_hhmm(value: str) -> int:
    """Minutes after midnight for an `HH:MM` (or `H:MM`) string."""
    match = TIME_RE.match(value)
    if match is None:
        raise ValueError(f"{value!r} is not a time; write it as \"HH:MM\" (24-hour), e.g. \"09:30\" or \"13:00\"")
    return int(match.group(1)) * 60 + int(match.group(2))


def format_hhmm(minutes: int) -> str:
    """`HH:MM` for minutes after midnight."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _normalise_time(value: object) -> object:
    """Turn every accepted way of writing a time into "HH:MM"; leave the rest to the checks after."""
    # datetime is a subclass of date, so it is tested first.
    if isinstance(value, dt.datetime):
        raise ValueError(
            f"is a date and time ({value.isoformat()}); give only the time of day, in quotes: \"{value:%H:%M}\""
        )
    if isinstance(value, dt.date):
        raise ValueError(f"is a date ({value.isoformat()}), not a time of day; write the time in quotes, e.g. \"09:30\"")
    if isinstance(value, dt.time):
        # A TOML local time (`start = 09:30:00`) is fine when it is on a whole minute.
        if value.second or value.microsecond:
            raise ValueError(f"{value.isoformat()} is not on a whole minute; give whole minutes, e.g. \"{value:%H:%M}\"")
        if value.tzinfo is not None:
            raise ValueError(f"{value.isoformat()} has a time zone; give the local time, e.g. \"{value:%H:%M}\"")
        return f"{value:%H:%M}"
    if isinstance(value, str) and TIME_RE.match(value):
        return format_hhmm(parse_hhmm(value))
    return value


def _check_time(value: str) -> str:
    parse_hhmm(value)
    return value


def _check_text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


HHMM = Annotated[str, BeforeValidator(_normalise_time), AfterValidator(_check_time)]
"""A wall-clock time, kept as "HH:MM"; read from "HH:MM", "H:MM" or a TOML local time on a whole minute."""

Text = Annotated[str, AfterValidator(_check_text)]
"""A string that must hold something other than spaces."""


class Frozen(BaseModel):
    """Base for plan models: immutable, and unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    @field_validator("*", mode="before")
    @classmethod
    def _from_toml(cls, value: object) -> object:
        # Strict mode takes only tuples; TOML arrays arrive as lists.
        if isinstance(value, list):
            return tuple(value)
        return value


class Kind(str, Enum):
    """What an agenda item is.

    - `arrival`: registration and coffee before the first session. Arrival
      items may only come first, before every other kind; an arrival item
      does not make the day late.
    - `session`: facilitated work; the default.
    - `break`: a short pause (tea, coffee).
    - `lunch`: the meal break, usually `fixed`.
    - `social`: networking or drinks. The only kind that may run past the
      day's close or start at or after it; its overrun does not count
      against the close.
    """

    ARRIVAL = "arrival"
    SESSION = "session"
    BREAK = "break"
    LUNCH = "lunch"
    SOCIAL = "social"


class Phase(Frozen):
    """One timed step of an exercise, e.g. "In trios, 20 min"."""

    name: Text
    minutes: int = Field(gt=0)
    """Planned length in whole minutes (of one round, when the phase repeats)."""
    instructions: str = ""
    """What participants do in this phase, shown to the room."""
    fixed: bool = False
    """Keeps its length when its item is lengthened or shortened (the other phases share the change)."""
    min_minutes: int | None = Field(default=None, gt=0)
    """The shortest a shortened item may squeeze this phase (each round of it) to, before phases are cut harder."""
    cut_first: bool = False
    """When the item is shortened, this phase goes first (after any spare time), before others shrink."""
    repeat: int = Field(default=1, gt=0, le=20)
    """Run as this many rounds, each cued with its own countdown (three rotations of 11 minutes)."""
    lead: str = ""
    """Who leads this phase, if not the item's lead."""
    co: str = ""
    """Who supports."""
    setup: str = ""
    """How the room is set up for this phase (facilitator-only)."""
    script: str = ""
    """Words to read aloud as the phase starts; shown to the facilitator only."""
    link: str = ""
    """An address the room needs (a survey, a shared board); shown with the instructions."""


class Role(Frozen):
    """A role in a role-play, with the brief handed to whoever plays it."""

    name: Text
    brief: Text
    organisation: str = ""
    """The organisation the role speaks for: nobody plays their own."""
    sector: str = ""
    """The role's sector, as the participant list writes sectors: nobody plays their own. A wider sector
    covers the narrower ones that start with it ("Local government" covers "Local government – public health")."""
    optional: bool = False
    """Left unplayed first when a board has fewer people than roles."""


GROUP_SIZES = {"pairs": 2, "trios": 3, "fours": 4, "fives": 5, "sixes": 6}
"""Sizes a plan may name in words."""

MixRule = Literal["sectors", "organisations", "line_management"]
"""- `sectors`: no two people from one sector in a group, where the numbers allow;
- `organisations`: no two people from one organisation in a group;
- `line_management`: nobody in a group with someone they line-manage."""


class Groups(Frozen):
    """How an exercise splits the people present into groups (or whole-room boards)."""

    size: int | str | None = None
    """People per group: a number (2 to 12) or "pairs", "trios", "fours", "fives", "sixes"."""
    boards: int | None = Field(default=None, gt=0, le=10)
    """Split the room into this many boards of about equal size ("two boards of ten") instead of groups of `size`."""
    mix: tuple[MixRule, ...] = ()
    remainder: Literal["larger", "smaller", "observers"] = "larger"
    """People left over when the size does not divide the room: join other groups (`larger`), make one
    smaller group (`smaller`), or observe (`observers`)."""
    room: Literal["names", "pseudonyms", "hidden"] = "hidden"
    """What the room display shows of the groups: people's names, their pseudonyms, or nothing."""

    @field_validator("size", mode="before")
    @classmethod
    def _size_in_words(cls, value: object) -> object:
        if isinstance(value, str):
            size = GROUP_SIZES.get(value.strip().lower())
            if size is None:
                raise ValueError(f"unknown size {value!r}; use a number or one of: " + ", ".join(GROUP_SIZES))
            return size
        if isinstance(value, int) and not isinstance(value, bool) and not 2 <= value <= 12:
            raise ValueError(f"must be from 2 to 12 people, not {value}")
        return value

    @property
    def people_per_group(self) -> int | None:
        """The group size as a number, or None for boards."""
        return self.size if isinstance(self.size, int) else None


class Handout(Frozen):
    """A handout whose content is in the plan (Markdown) or in a file beside it (read in when the plan loads)."""

    title: Text
    content: str = ""
    """Markdown. A plan may instead give `file = "handouts/x.md"` beside it: the loader reads it in here."""
    per: Literal["person", "group", "board", "room"] = "person"
    """One copy for each of these."""


class Material(Frozen):
    """Something to bring, with how many: `count` for each `per`, plus `spare`."""

    name: Text
    per: Literal["person", "group", "board", "room"] = "room"
    count: int = Field(default=1, gt=0)
    spare: int = Field(default=0, ge=0)


class Contingency(Frozen):
    """What to do when the item goes wrong; facilitator-only."""

    behind: str = ""
    """If the day is running behind."""
    distress: str = ""
    """If someone is distressed."""
    conflict: str = ""
    """If a real conflict erupts."""

    @property
    def is_empty(self) -> bool:
        """True when nothing is written."""
        return not (self.behind or self.distress or self.conflict)


class Task(Frozen):
    """A task before or after the day, due a number of days from it."""

    id: Text
    task: Text
    days: int = Field(default=0, ge=0, le=365)
    """Days before the day (preparation) or after it (follow-up) by which it is due."""
    link: str = ""


class Exercise(Frozen):
    """A participant exercise: its phases run one after another."""

    title: Text
    summary: str = ""
    phases: tuple[Phase, ...] = ()
    roles: tuple[Role, ...] = ()
    """Role-play roles, if the exercise is a role-play."""
    debrief: tuple[str, ...] = ()
    """Questions for the debrief of this exercise."""
    groups: Groups | None = None
    """How the room is grouped for this exercise; with `roles`, `boards` runs parallel boards."""

    @property
    def minutes(self) -> int:
        """Total planned minutes of all phases and their rounds (transitions between them not counted)."""
        return sum(phase.minutes * phase.repeat for phase in self.phases)


class Guidance(Frozen):
    """Facilitator-only notes for an item; never shown to the room."""

    watch_for: tuple[str, ...] = ()
    """What to notice in the room during the item."""
    debrief: tuple[str, ...] = ()
    """How to run the debrief."""
    notes: tuple[str, ...] = ()
    """Anything else the facilitator should keep in mind."""
    contingency: Contingency = Contingency()

    @property
    def is_empty(self) -> bool:
        """True when there is no guidance at all."""
        return not (self.watch_for or self.debrief or self.notes) and self.contingency.is_empty


class Item(Frozen):
    """One agenda item: arrival, a working session, a break, lunch or a social."""

    id: Text
    title: Text
    kind: Kind = Kind.SESSION
    start: HHMM
    """Planned start. The item runs to the next item's start (or the close)."""
    minutes: int | None = Field(default=None, gt=0)
    """Planned length; only needed when a gap follows the item (or a social item starts at or after the close)."""
    purpose: str = ""
    prompts: tuple[str, ...] = ()
    """Participant-facing questions and prompts."""
    exercises: tuple[Exercise, ...] = ()
    guidance: Guidance = Guidance()
    materials: tuple[str | Material, ...] = ()
    """What to bring: plain text, or a table with a quantity per person, group or board."""
    handouts: tuple[Handout, ...] = ()
    lead: str = ""
    """Who leads the item."""
    co: str = ""
    """Who supports it."""
    setup: str = ""
    """How the room is set up; shown on the run screen in the break before the item."""
    script: str = ""
    """Words to read aloud as the item starts; shown to the facilitator only."""
    transition_minutes: int = Field(default=0, ge=0, le=30)
    """Minutes to change over between consecutive phases (and rounds), counted in the item."""
    fixed: bool = False
    """Its length may not be squeezed by a re-plan (e.g. lunch)."""
    optional: bool = False
    """A re-plan may drop it."""
    min_minutes: int | None = Field(default=None, gt=0)
    """The shortest a re-plan may squeeze it to."""

    @field_validator("kind", mode="before")
    @classmethod
    def _kind_from_str(cls, value: object) -> object:
        # Strict mode would otherwise refuse the plain string TOML gives us.
        if isinstance(value, str):
            try:
                return Kind(value)
            except ValueError:
                raise ValueError(
                    f"unknown kind {value!r}; use one of: "
                    + ", ".join(k.value for k in Kind)
                ) from None
        if not isinstance(value, Kind):
            raise ValueError("should be text, one of: " + ", ".join(f'"{k.value}"' for k in Kind))
        return value

    @property
    def start_minute(self) -> int:
        """Planned start in minutes after midnight."""
        return parse_hhmm(self.start)

    @property
    def material_names(self) -> tuple[str, ...]:
        """What to bring, as words (quantities are worked out by `materials.quantities`)."""
        return tuple(m if isinstance(m, str) else m.name for m in self.materials)


class Warnings(Frozen):
    """When the timer warns that an item is nearly over."""

    minutes: tuple[int, ...] = (5, 1)
    """Minutes-left thresholds, largest first. Zero is always a warning."""

    @field_validator("minutes")
    @classmethod
    def _positive_descending(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if any(m <= 0 for m in value):
            raise ValueError("thresholds must be whole minutes above 0")
        return tuple(sorted(set(value), reverse=True))


class Plan(Frozen):
    """A workshop day's plan, as written in a `sessions/*.toml` file."""

    title: Text
    subtitle: str = ""
    venue: str = ""
    start: HHMM
    """When the day starts."""
    close: HHMM
    """When the day ends; not a timed item."""
    warnings: Warnings = Warnings()
    pseudonyms: dict[str, str] = Field(default_factory=dict)
    """Name -> pseudonym, used when a day log is shared."""
    timezone: str | None = None
    """The zone the plan's times are in (an IANA name such as "Europe/London"); default: the laptop's when the day begins."""
    participants: int | None = Field(default=None, gt=0, le=1000)
    """How many people are expected, for material quantities when no participant list is given."""
    prepare: tuple[Task, ...] = ()
    """Before the day: each task due `days` before it."""
    follow_up: tuple[Task, ...] = ()
    """After the day: each task due `days` after it."""
    agenda: tuple[Item, ...] = ()
    """The items in order; checked non-empty by `plan_checks`."""

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        if value is None:
            return value
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a time zone; use a name such as \"Europe/London\"") from None
        return value

    @property
    def start_minute(self) -> int:
        """Day start in minutes after midnight."""
        return parse_hhmm(self.start)

    @property
    def close_minute(self) -> int:
        """Day close in minutes after midnight."""
        return parse_hhmm(self.close)

    def item_end_minute(self, index: int) -> int:
        """Planned end of agenda item `index`, in minutes after midnight."""
        item = self.agenda[index]
        if item.minutes is not None:
            return item.start_minute + item.minutes
        if index + 1 < len(self.agenda):
            return self.agenda[index + 1].start_minute
        return self.close_minute

    def item_minutes(self, index: int) -> int:
        """Planned length of agenda item `index`."""
        return self.item_end_minute(index) - self.agenda[index].start_minute

    def index_of(self, item_id: str) -> int:
        """Position of the item with this id."""
        for index, item in enumerate(self.agenda):
            if item.id == item_id:
                return index
        raise KeyError(item_id)
