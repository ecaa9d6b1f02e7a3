"""The one export path: record, share filter, format, file. Used by `export` and the export dialog alike.

An export is a pure function of the day's log and the instant it reports
"now" at: the same log and the same instant give byte-identical files,
whichever of the two asked for it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..core.days import Day
from ..core.event_log import make_private_dir
from ..core.files import write_atomic
from ..core.people import PeopleError, load_people, pseudonyms_of
from . import check_what, render
from .errors import ExportError
from .pseudonyms import load_pseudonyms
from .record import day_record, share

NO_PSEUDONYMS = (
    "a shared export replaces names with pseudonyms, and there is no table of them: give the participant list "
    '(--people FILE), --pseudonyms FILE (lines of "Ann Smith" = "Participant A") or a [pseudonyms] table in the plan, '
    "or pass --no-pseudonyms to share with the names as written"
)


@dataclass(frozen=True)
class ExportRequest:
    """What to export: the command's options (and the dialog's choices), as values."""

    fmt: str = "md"
    what: str | None = None
    """Which table, for the formats that have a choice (`WHATS`); None: the format's default."""
    shared: bool = False
    """A version to send: no private items, no raw notes unless marked shareable, names pseudonymised."""
    pseudonyms: Path | None = None
    """A pseudonym file for a shared export; None: the participant list's, then the plan's own [pseudonyms] table."""
    people: Path | None = None
    """A participant list: its pseudonyms (or `Participant N`) replace its names in a shared export."""
    no_pseudonyms: bool = False
    """Share with the names as written, knowingly (a shared export without a pseudonym table is refused otherwise)."""
    with_guidance: bool = False
    """Put the plan's facilitator guidance in a full export (left out unless asked, so the notes are not buried)."""

    def check(self) -> None:
        """Raise ExportError for options that do not go together."""
        check_what(self.fmt, self.what)
        if self.pseudonyms is not None and not self.shared:
            raise ExportError("--pseudonyms only applies with --share")
        if self.people is not None and not self.shared:
            raise ExportError("--people only applies with --share (a full export names everyone as written)")
        if self.no_pseudonyms and (not self.shared or self.pseudonyms is not None or self.people is not None):
            raise ExportError("--no-pseudonyms only applies with --share and without --pseudonyms or --people")
        if self.with_guidance and self.shared:
            raise ExportError("--with-guidance only applies to a full export: guidance is never shared")

    @property
    def table(self) -> str | None:
        """The table exported: `what`, or the format's default."""
        return check_what(self.fmt, self.what)


def pseudonyms_for(day: Day, request: ExportRequest) -> dict[str, str]:
    """The names a shared export replaces: the pseudonym file, else the participant list's and the plan's table."""
    if request.pseudonyms is not None:
        return load_pseudonyms(request.pseudonyms)
    table = dict(day.plan.pseudonyms)
    # A day run with a participant list keeps it in its log: its pseudonyms need no separate table.
    table |= pseudonyms_of(day.state.roster.people)
    if request.people is not None:
        try:
            table |= pseudonyms_of(load_people(request.people))
        except PeopleError as error:
            raise ExportError(str(error)) from None
    return table


def export_text(day: Day, request: ExportRequest, now: dt.datetime) -> str | bytes:
    """The day log as `request` asks, reporting the day as it stood at `now`; raises ExportError."""
    request.check()
    if not day.events:
        raise ExportError("Nothing recorded yet: start the day first.")
    record = day_record(day.plan, day.events, now, with_guidance=request.with_guidance)
    if request.shared:
        names = pseudonyms_for(day, request)
        if not names and not request.no_pseudonyms:
            raise ExportError(NO_PSEUDONYMS)
        record = share(record, names)
    return render(record, request.fmt, request.what)


def default_path(day: Day, request: ExportRequest) -> Path:
    """Where the app writes an export: `<data>/exports/<day>[-shared][-guidance][-<table>].<fmt>`.

    A format's default table takes no suffix; with guidance the name differs, so
    the log without it is not replaced by one with it.
    """
    table = request.table
    default = table is None or table == check_what(request.fmt, None)
    suffix = ("-shared" if request.shared else "") + ("-guidance" if request.with_guidance else "") + ("" if default else f"-{table}")
    return day.data / "exports" / f"{day.day_id}{suffix}.{request.fmt}"


def write_export(day: Day, request: ExportRequest, now: dt.datetime, path: Path | None = None) -> Path:
    """Write the export atomically (full: owner-only; shared: readable) and return where; raises ExportError.

    Without `path`, it goes to `default_path`, in a folder created owner-only.
    """
    text = export_text(day, request, now)
    if path is None:
        path = default_path(day, request)
        make_private_dir(path.parent)
    try:
        write_atomic(path, text, private=not request.shared)
    except OSError as error:
        raise ExportError(str(error)) from None
    return path
