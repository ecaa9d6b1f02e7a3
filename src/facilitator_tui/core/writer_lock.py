"""One process writes a day: an OS file lock that a killed process cannot leave stuck."""

from __future__ import annotations

import datetime as dt
import os
import socket
from pathlib import Path

from .event_log import FILE_MODE, make_private_dir

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


class DayLocked(Exception):
    """Another process is writing this day."""


class WriterLock:
    """An exclusive, non-blocking lock on `<data>/locks/<day-id>.lock`.

    The kernel releases it when the holder dies, so a stale file left by a
    kill -9 never blocks. The file lives outside the day folder so that
    opening a day that has no events yet leaves no day behind.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, or raise DayLocked saying who holds it."""
        make_private_dir(self.path.parent)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE)
            if fcntl is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
                    os.close(fd)
                    raise DayLocked(holder) from None
            # The holder we waited on may have removed the file as it let go: a lock
            # on that old file guards nothing, so take the lock on the file now there.
            if _same_file(fd, self.path):
                break
            os.close(fd)
        stamp = dt.datetime.now().astimezone().strftime("%H:%M")
        note = f"process {os.getpid()} on {socket.gethostname()}, since {stamp}".encode()
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, note, 0)
        except OSError:
            pass  # a full disk: the lock holds without its note (a second window says "another process")
        self._fd = fd

    def release(self) -> None:
        """Let go of the lock and remove the file."""
        if self._fd is None:
            return
        # Remove the file while still holding the lock; `acquire` checks it
        # locked the file that is there, so no one can hold a removed one.
        try:
            self.path.unlink(missing_ok=True)
        finally:
            os.close(self._fd)
            self._fd = None


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.fstat(fd).st_ino == os.stat(path).st_ino
    except FileNotFoundError:
        return False
