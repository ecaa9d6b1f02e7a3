"""A real full disk: the data folder on a 2 MiB tmpfs, filled to the last byte while the app runs in tmux.

The injected-writer tests (`tests/unit/test_full_disk.py`, `tests/ui/test_save_problem.py`)
fake ENOSPC inside the process; this one lets the kernel say it. The test
mounts a tmpfs (root only; it skips, naming those tests as the fallback,
where mounting is not permitted), puts the data folder on it, and runs the
real app at 100x30:

1. space starts the real day; a first note is typed and saved (escape);
2. the log's last page is topped up with a note of the right length (a
   tmpfs hands out whole pages, so the log's unused tail could take another
   event or two after every free page is gone): afterwards no event of any
   kind fits in it;
3. a filler file takes every free page (written until ENOSPC);
4. more notes are typed (a word a line), escape, `+` and `n` are pressed:
   one notice says `⚠ NOT SAVED since HH:MM`, its tries count grows instead
   of notices stacking, the clock still counts down, the day neither moves
   nor gets its minute, and no traceback shows;
5. the log on disk is byte for byte what it was before the disk filled:
   every failed append was taken back, nothing saved is lost;
6. the filler goes: the notice clears by itself within seconds ("Saving
   works again"), and the text typed while the disk was full is on disk,
   while the refused `+` and `n` are not; every line is whole JSON and the
   log replays without warnings;
7. the log's last page topped up again, ctrl+q, the disk filled again, and
   the app started again on it: it must show the running day (then a note
   typed fails with the one notice and is saved once the filler goes), or
   exit 2 saying `--read-only`; no traceback either way. `--read-only` then
   opens the day on the full disk.

Figures (how long the notice took to show and to clear, the tries counted,
which way the start on a full disk went) are printed; run with `-s`.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from e2e.test_run_day import FIRST, assert_is_app, only_day
from e2e.tmux_driver import POLL, TmuxDriver, app_argv, wait_until
from facilitator_tui.core.event_log import LogReader

pytestmark = pytest.mark.e2e

SIZE = "2m"
"""The tmpfs: the day's log starts at about 90 KB (the plan is in its first line)."""
FIRST_ID = "deep-end"
"""The bundled plan's first item, where the notes go."""
NOTES_FOCUSED = "┏━ Notes (e)"
NOTES_UNFOCUSED = "╭─ Notes (e)"
NOTICE = re.compile(r"⚠ NOT SAVED since (\d\d:\d\d)(?:, (\d+) tries)?")
FIRST_NOTE = "Opening round named one hope each"
FULL_WORDS = ("fulldiskalpha", "fulldiskbravo", "fulldiskcharlie")
"""Typed while the disk is full, each on a line of its own: a word that makes a soft-wrapped line exactly as
wide as the notes may stay below the notes' view until the next key (a TextArea quirk, not what is tested)."""
LEFT_ROOM = 32
"""Bytes the topped-up log page is aimed to keep free: well under the smallest event (about 128)."""
WAIT = 15.0
"""Seconds to wait for anything on screen or on disk."""
FALLBACK = "tests/unit/test_full_disk.py (and tests/ui/test_save_problem.py) test the full disk with an injected failing writer"


# ----- the small disk ------------------------------------------------------------------


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)


def _unmount(mount_point: Path) -> None:
    """Unmount, retrying while a dying process may still hold a file there; lazily as a last resort."""
    deadline = time.monotonic() + 10
    while os.path.ismount(mount_point):
        result = _run("umount", str(mount_point))
        if result.returncode == 0:
            return
        if time.monotonic() > deadline:
            _run("umount", "-l", str(mount_point))
            return
        time.sleep(0.1)


@pytest.fixture
def small_disk(tmux: TmuxDriver, tmp_path: Path) -> Iterator[Path]:
    """A fresh 2 MiB tmpfs, unmounted afterwards whatever happened (the tmux server, and so the app, killed first)."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip(f"mounting a tmpfs needs root and mount(8); {FALLBACK}")
    result = _run("mount", "-t", "tmpfs", "-o", f"size={SIZE},mode=0700", "tmpfs", str(mount_point))
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({' '.join(result.stderr.split()) or result.returncode}); {FALLBACK}")
    try:
        yield mount_point
    finally:
        pids = list(tmux.pids.values())
        tmux.kill_server()
        deadline = time.monotonic() + 5
        while any(Path(f"/proc/{pid}").exists() for pid in pids) and time.monotonic() < deadline:
            time.sleep(POLL)
        _unmount(mount_point)


def fill(path: Path) -> int:
    """Write `path` until the disk says ENOSPC; the bytes written. Every free page is then taken."""
    chunk = b"\0" * 65536
    written = 0
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        while True:
            try:
                written += os.write(fd, chunk)
            except OSError as error:
                if error.errno != errno.ENOSPC:
                    raise
                break
    finally:
        os.close(fd)
    free = os.statvfs(path.parent).f_bfree
    assert free == 0, f"after {written} bytes of filler the disk still has {free} free blocks"
    return written


def room_in_last_page(path: Path) -> int:
    """Bytes `path` could still grow by without a new page (tmpfs allocates whole pages)."""
    info = path.stat()
    return info.st_blocks * 512 - info.st_size


# ----- the log -------------------------------------------------------------------------


def log_events(log: Path) -> list[dict]:
    """Every line of the log as JSON; fails on a torn or garbled line (a full disk must leave none)."""
    data = log.read_bytes()
    assert data.endswith(b"\n"), f"the log ends in a torn line: {data[-200:]!r}"
    events = []
    for number, line in enumerate(data.split(b"\n")[:-1], 1):
        try:
            events.append(json.loads(line))
        except ValueError as error:
            raise AssertionError(f"log line {number} is not whole JSON ({error}): {line[:200]!r}") from error
    return events


def last_note(log: Path) -> str:
    """The last saved notes of the first item, as on disk."""
    notes = [event["text"] for event in log_events(log) if event["type"] == "note_saved" and event["item_id"] == FIRST_ID]
    return notes[-1] if notes else ""


def settled_log(log: Path, expected: bytes) -> bytes:
    """The log's bytes once equal to `expected`, or as last read.

    The app keeps retrying the notes while the disk is full, and a retry can
    write part of a line for an instant before it is taken back: a read that
    lands in that instant is read again (a torn line that stays is not).
    """
    data = log.read_bytes()
    for _ in range(20):
        if data == expected:
            break
        time.sleep(POLL)
        data = log.read_bytes()
    return data


# ----- the screen ----------------------------------------------------------------------


def notice(screen: str) -> tuple[int, int]:
    """(how many `NOT SAVED` notices are on screen, the tries count of the first, 1 if it shows none)."""
    found = NOTICE.findall(screen)
    tries = int(found[0][1] or 1) if found else 0
    return screen.count("NOT SAVED"), tries


def assert_sane(screen: str, where: str) -> None:
    """No traceback, and at most one save notice."""
    assert "Traceback" not in screen, f"{where}: a traceback is on screen:\n{screen}"
    count, _ = notice(screen)
    assert count <= 1, f"{where}: {count} 'NOT SAVED' notices are stacked on screen:\n{screen}"


def focus_notes(tmux: TmuxDriver, session: str) -> None:
    tmux.type(session, "e")
    tmux.wait_for(session, NOTES_FOCUSED)


def leave_notes(tmux: TmuxDriver, session: str) -> None:
    tmux.send_keys(session, "Escape")
    tmux.wait_for(session, NOTES_UNFOCUSED)


def type_line(tmux: TmuxDriver, session: str, word: str) -> None:
    """Enter, then `word`, in the focused notes."""
    tmux.send_keys(session, "Enter")
    tmux.type(session, word)


def paste(tmux: TmuxDriver, session: str, text: str) -> None:
    """Paste `text` into the focused field at once (a bracketed paste, as a terminal does)."""
    tmux.tmux("set-buffer", "-b", "filler", "--", text)
    tmux.tmux("paste-buffer", "-p", "-d", "-b", "filler", "-t", session)


def words(length: int) -> str:
    """`length` characters of plain words, ending in a letter."""
    text = ("padding " * (length // 8 + 2))[:length]
    return text[:-1] + "x" if text.endswith(" ") else text


def top_up_last_page(tmux: TmuxDriver, session: str, log: Path, text: str) -> str:
    """Save the notes padded so the log ends LEFT_ROOM bytes before a page's end; the notes saved.

    Each save writes the whole notes in one line, so the next line is the
    last one plus the padding (plain ASCII, a byte a character): the padding
    makes it end just short of a page boundary, and no event of any kind
    fits in what is left.
    """
    page = os.statvfs(log.parent).f_bsize  # a tmpfs hands out whole pages
    for attempt in range(4):
        room = room_in_last_page(log)
        if room < LEFT_ROOM * 2:
            return text
        if attempt == 3:
            break
        last = log.read_bytes().split(b"\n")[-2]
        assert json.loads(last)["text"] == text, "the last line of the log is not the notes' last save"
        line = len(last) + 1
        target = room - LEFT_ROOM  # the next line's length: it ends LEFT_ROOM bytes before a page boundary
        while target < line + 2:  # it holds at least a space and a letter more
            target += page
        added = " " + words(target - line - 1)
        text += added
        focus_notes(tmux, session)
        paste(tmux, session, added)
        leave_notes(tmux, session)  # escape saves at once (after the paste: keys are handled in order)
        wait_until("the padded notes on disk", lambda want=text: last_note(log) == want, timeout=WAIT)
    raise AssertionError(f"the log's last page still has {room_in_last_page(log)} bytes free after 3 paddings")


# ----- the test ------------------------------------------------------------------------


def test_full_tmpfs_one_notice_nothing_torn_and_it_recovers(tmux: TmuxDriver, small_disk: Path) -> None:
    began = time.monotonic()
    data_dir = small_disk / "data"
    filler = small_disk / "filler"
    session = "day"

    # 1. The day starts and a first note is saved.
    pid = tmux.start(session, app_argv(data_dir))
    tmux.wait_for(session, "Up first:")
    assert_is_app(pid)
    tmux.start_real_day(session, f"Now: {FIRST}")
    day_id = only_day(data_dir)
    logs = list((data_dir / "days" / day_id).glob("events-*.jsonl"))
    assert len(logs) == 1, f"expected one log file, found {logs}"
    log = logs[0]
    focus_notes(tmux, session)
    tmux.type(session, FIRST_NOTE)
    tmux.wait_for(session, FIRST_NOTE)
    leave_notes(tmux, session)  # escape saves at once
    wait_until("the first note on disk", lambda: last_note(log) == FIRST_NOTE, timeout=WAIT)

    # 2, 3. The log's last page topped up, then every free page taken.
    saved_text = top_up_last_page(tmux, session, log, FIRST_NOTE)
    smallest = min(len(line) + 1 for line in log.read_bytes().split(b"\n")[:-1]) - 1
    before = log.read_bytes()
    filled = fill(filler)
    room = room_in_last_page(log)
    assert room < smallest, f"the log's last page has {room} bytes free: an event of {smallest} bytes would still fit"

    # 4. Typing, escape, + and n on the full disk: one notice that counts its tries.
    focus_notes(tmux, session)
    typed_at = time.monotonic()
    type_line(tmux, session, FULL_WORDS[0])
    screen = tmux.wait_for(session, NOTICE)
    to_notice = time.monotonic() - typed_at
    assert_sane(screen, "the first failed save")
    first_tries = notice(screen)[1]
    for word in FULL_WORDS[1:]:
        type_line(tmux, session, word)
        tmux.wait_for(session, word)
    leave_notes(tmux, session)
    screen = tmux.wait_for(session, NOTICE)
    ends = re.search(r"ends (\d\d:\d\d)", screen)
    tmux.type(session, "+")
    tmux.type(session, "n")
    seen_tries = [first_tries]
    screens = 0
    deadline = time.monotonic() + WAIT
    while seen_tries[-1] < first_tries + 4:  # escape, +, n and the notes' own retries each count one
        screen = tmux.screen(session)
        screens += 1
        count, tries = notice(screen)
        assert count == 1, f"{count} 'NOT SAVED' notices on screen, not one:\n{screen}"
        assert_sane(screen, "while the disk is full")
        assert tries >= seen_tries[-1], f"the tries count went back from {seen_tries[-1]} to {tries}:\n{screen}"
        if tries != seen_tries[-1]:
            seen_tries.append(tries)
        assert time.monotonic() < deadline, f"the tries count went {seen_tries} in {WAIT:g} s:\n{screen}"
        time.sleep(POLL)
    assert f"Now: {FIRST}" in screen, f"`n` on a full disk moved the day on, though nothing could be saved:\n{screen}"
    if ends is not None:
        assert f"ends {ends.group(1)}" in screen, f"`+` on a full disk changed the end time, though not saved:\n{screen}"
    first_edge = tmux.wait_clock_edge(session)
    second_edge = tmux.wait_clock_edge(session)
    assert second_edge.seconds < first_edge.seconds, f"the clock is not counting down: {first_edge.text}, {second_edge.text}"
    assert_sane(second_edge.screen, "the clock counting on a full disk")
    assert notice(second_edge.screen)[0] == 1, f"the notice is gone while the disk is still full:\n{second_edge.screen}"

    # 5. On disk: exactly what was there before the disk filled (every failed append taken back).
    on_disk = settled_log(log, before)
    assert on_disk == before, (
        f"the log changed while the disk was full: {len(before)} bytes before, {len(on_disk)} now; "
        f"its tail: {on_disk[len(before) - 100 :]!r}"
    )
    assert last_note(log) == saved_text

    # 6. Space again: the notice clears by itself and the text typed meanwhile is on disk.
    filler.unlink()
    freed_at = time.monotonic()
    screen = tmux.wait_gone(session, "NOT SAVED")
    to_clear = time.monotonic() - freed_at
    assert_sane(screen, "after the disk was freed")
    tmux.wait_for(session, "Saving works again")
    expected = saved_text + "".join("\n" + word for word in FULL_WORDS)
    wait_until("the text typed on the full disk, on disk", lambda: last_note(log) == expected, timeout=WAIT)
    events = log_events(log)
    assert log.read_bytes().startswith(before), "what was saved before the disk filled changed"
    late = [event["type"] for event in events[len(before.split(b"\n")) - 1 :]]
    assert "extend" not in late and "next" not in late, f"an act refused on the full disk was saved later: {late}"
    reader = LogReader(log.parent)
    reader.read_new()
    assert reader.warnings == [] and reader.read_tail_warnings() == [], reader.warnings + reader.read_tail_warnings()

    # 7. The log's last page topped up again, quit, the disk filled again: the app started on it.
    expected = top_up_last_page(tmux, session, log, expected)
    tmux.send_keys(session, "C-q")
    assert tmux.exit_status(session) == "exit 0", tmux.screen(session)
    refilled = fill(filler)
    assert room_in_last_page(log) < smallest, "the log's last page has room for an event again"
    tmux.start("again", app_argv(data_dir, "run", "--day", day_id))
    refused = "--read-only"
    screen = tmux.wait_for("again", lambda s: f"Now: {FIRST}" in s or refused in s or "Traceback" in s or tmux.is_dead("again"))
    if f"Now: {FIRST}" in screen:
        outcome = "started"
        screen = tmux.wait_for("again", FIRST_NOTE)  # the notes as saved
        assert_sane(screen, "the app started on a full disk")
        tmux.wait_clock_edge("again")
        # Its first save fails with the one notice, and is made once there is space.
        focus_notes(tmux, "again")
        type_line(tmux, "again", "restartedonfull")
        screen = tmux.wait_for("again", NOTICE)
        assert_sane(screen, "a failed save after starting on a full disk")
        leave_notes(tmux, "again")
        filler.unlink()
        tmux.wait_gone("again", "NOT SAVED")
        expected += "\nrestartedonfull"
        wait_until("the note typed after starting on a full disk, on disk", lambda: last_note(log) == expected, timeout=WAIT)
        tmux.send_keys("again", "C-q")
        status = tmux.exit_status("again")
        screen = tmux.screen("again")
        assert status == "exit 0" and "Traceback" not in screen, f"quitting the app started on a full disk: {status}\n{screen}"
        fill(filler)
    else:
        outcome = "refused"
        status = tmux.exit_status("again")
        screen = tmux.screen("again")
        assert "Traceback" not in screen, f"starting on a full disk ended in a traceback:\n{screen}"
        assert refused in screen and status == "exit 2", f"on a full disk the app {status}, without a --read-only hint:\n{screen}"

    # --read-only opens the day on the full disk.
    tmux.start("watch", app_argv(data_dir, "run", "--day", day_id, "--read-only"))
    screen = tmux.wait_for("watch", lambda s: FIRST_NOTE in s and f"Now: {FIRST}" in s)
    assert_sane(screen, "--read-only on a full disk")
    tmux.send_keys("watch", "C-q")
    assert tmux.exit_status("watch") == "exit 0", tmux.screen("watch")
    assert log.read_bytes().startswith(before) and last_note(log) == expected
    reader = LogReader(log.parent)
    reader.read_new()
    assert reader.warnings == [] and reader.read_tail_warnings() == [], reader.warnings + reader.read_tail_warnings()

    print(
        f"\nfull tmpfs ({SIZE}): filler {filled} bytes, log {len(before)} bytes with {room} free in its last page; "
        f"notice {to_notice:.2f} s after the first key; tries seen {seen_tries} over {screens} screens; "
        f"cleared {to_clear:.2f} s after the filler went; refilled {refilled} bytes, start on the full disk: {outcome}; "
        f"{time.monotonic() - began:.1f} s in all"
    )
