"""The day's event log on disk: one JSON-lines file per writing device.

Appends are flushed and fsynced before they count. The reader skips torn or
garbled lines with a warning and never rewrites a file. Logs from several
devices are merged by time, each file keeping its own order.
"""

from __future__ import annotations

import datetime as dt
import gc
import heapq
import os
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .events import Event, EventBase, event_from_line, event_to_line

DIR_MODE = 0o700
FILE_MODE = 0o600
LOG_SUFFIX = ".jsonl"


def make_private_dir(path: Path) -> None:
    """Create `path` readable by the owner only, and any missing parents the same way.

    Folders that already exist are left as they are (a shared folder named as
    the data dir is not ours to change).
    """
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
        os.chmod(folder, DIR_MODE)


@dataclass
class LogWarning:
    """A line of a log that could not be read."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        if self.line == 0:  # the file as a whole
            return f"{self.file}: not read ({self.reason})"
        return f"{self.file} line {self.line}: skipped ({self.reason})"


@dataclass
class _FileCursor:
    offset: int = 0
    line_no: int = 0
    last_at: dt.datetime | None = None
    """The time of the file's last event read: a later line never goes back before it."""
    unreadable: bool = False
    """The file could not be read the last time it was tried (its own warning says why)."""


@dataclass
class LogReader:
    """Reads every device's log in a day folder, and new lines as they come."""

    folder: Path
    warnings: list[LogWarning] = field(default_factory=list)
    _cursors: dict[Path, _FileCursor] = field(default_factory=dict)
    _seen: set[str] = field(default_factory=set)
    """Event ids already returned: a synced "conflict copy" of a log must not apply acts twice."""
    _last_sizes: dict[str, tuple[int, int]] | None = None
    """Each log's (size, modified time) when last read: unchanged, there is nothing new to read."""

    def _sizes(self) -> dict[str, tuple[int, int]] | None:
        """Each log file's (size, modified time in ns), or None when the folder is not there."""
        try:
            with os.scandir(self.folder) as entries:
                return {
                    entry.name: (stat.st_size, stat.st_mtime_ns)
                    for entry in entries
                    if entry.name.endswith(LOG_SUFFIX) and (stat := entry.stat())
                }
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError:
            return {}  # unreadable: read_new's own reading says why

    def read_new(self) -> list[Event]:
        """Events appended since the last call (all of them the first time), merged by time."""
        per_file: list[list[Event]] = []
        # Followed twice a second by a room display all day: one directory scan says whether any log grew,
        # before any file is opened.
        sizes = self._sizes()
        if sizes is None:
            return []
        if sizes == self._last_sizes:
            return []
        self._last_sizes = sizes
        # Parsing creates many objects and no garbage: the collector would only
        # walk the growing heap again and again (half the time on a long day).
        collecting = gc.isenabled()
        gc.disable()
        try:
            for path in sorted(self.folder.glob(f"*{LOG_SUFFIX}")):
                cursor = self._cursors.setdefault(path, _FileCursor())
                events = self._read_file(path, cursor)
                if events:
                    per_file.append(events)
        finally:
            if collecting:
                gc.enable()
        if len(per_file) == 1:
            return per_file[0]
        return list(heapq.merge(*per_file, key=lambda event: event.at))

    def _read_file(self, path: Path, cursor: _FileCursor) -> list[Event]:
        try:
            with path.open("rb") as handle:
                handle.seek(cursor.offset)
                data = handle.read()
        except OSError as error:
            self.warnings.append(LogWarning(path.name, 0, (error.strerror or str(error)).lower()))
            cursor.unreadable = True
            return []
        cursor.unreadable = False
        events: list[Event] = []
        lines = data.split(b"\n")
        # A last line with no newline may still be being written: leave it for next time.
        tail = lines.pop()
        consumed = len(data) - len(tail)
        del data  # the lines are all we need; do not hold the file twice
        for raw in lines:
            cursor.line_no += 1
            if not raw.strip():
                continue
            try:
                event = event_from_line(raw)
                if event.id not in self._seen:
                    self._seen.add(event.id)
                    # A clock set back: events are in the order the log has them, and a time earlier
                    # than the line before it counts as that time (docs: "A clock that goes back").
                    if cursor.last_at is not None and event.at < cursor.last_at:
                        event = event.model_copy(update={"at": cursor.last_at})
                    cursor.last_at = event.at
                    events.append(event)
            except (ValidationError, ValueError) as error:
                reason = "torn or garbled line" if isinstance(error, ValidationError) else str(error)
                self.warnings.append(LogWarning(path.name, cursor.line_no, reason))
        cursor.offset += consumed
        return events

    def read_tail_warnings(self) -> list[LogWarning]:
        """Warnings for files whose last line is incomplete (a crash mid-write)."""
        found = []
        for path, cursor in self._cursors.items():
            if cursor.unreadable:
                continue  # its own warning says why; its size is not a torn line
            try:
                size = path.stat().st_size
            except OSError:
                continue
            if size > cursor.offset:
                found.append(LogWarning(path.name, cursor.line_no + 1, "incomplete last line, from a crash mid-write"))
        return found


class LogWriter:
    """Appends events to this device's log file, durably."""

    def __init__(self, folder: Path, device: str) -> None:
        self.folder = folder
        self.path = folder / f"events-{device}{LOG_SUFFIX}"
        self._fd: int | None = None

    def append(self, event: EventBase) -> None:
        """Write one event and fsync it; raises OSError if it could not be saved."""
        fd = self._open()
        data = event_to_line(event)
        # A torn last line (crash mid-write) must not swallow this event.
        size = os.fstat(fd).st_size
        if size and _last_byte(fd, size) != b"\n":
            data = b"\n" + data
        written = 0
        try:
            while written < len(data):
                written += os.write(fd, data[written:])
            os.fsync(fd)
        except OSError:
            # A full disk (ENOSPC) may take part of the line: take it back, so the log ends on a
            # whole line and the next open warns of no damage. Nothing already saved is touched.
            if written:
                try:
                    os.ftruncate(fd, size)
                except OSError:
                    pass  # the torn tail is then skipped on reading, as after a crash
            raise

    def _open(self) -> int:
        if self._fd is None:
            make_private_dir(self.folder)
            os.chmod(self.folder, DIR_MODE)  # a day folder is always owner-only
            self._fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, FILE_MODE)
            os.chmod(self.path, FILE_MODE)
        return self._fd

    def close(self) -> None:
        """Close the file (appends reopen it)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _last_byte(fd: int, size: int) -> bytes:
    return os.pread(fd, 1, size - 1)
