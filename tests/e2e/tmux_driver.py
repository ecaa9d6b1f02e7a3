"""Drive the real app in a private tmux server, and read Textual's big `Digits`.

`TmuxDriver` starts commands in sessions of its own tmux server
(`tmux -L <socket>`, a fixed 100x30 pane, no status line, no user config),
sends keys, captures the screen and waits for text. Panes stay on screen
after their process dies (`remain-on-exit`), so a crash leaves its
traceback to read in the failure message.

`read_clock` finds the countdown drawn by Textual's `Digits` widget in a
captured screen. The glyph table is built at import time by rendering each
character with Textual's own `Digits` renderable, so it follows the
installed Textual rather than a copy of its font.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

WIDTH = 100
HEIGHT = 30
POLL = 0.05
"""Seconds between screen captures while waiting for text."""
EDGE_POLL = 0.01
"""Seconds between captures while waiting for the countdown to change."""

TMUX_CONF = """\
set -g status off
set -g remain-on-exit on
set -g default-size {width}x{height}
set -g history-limit 100
"""

Expect = str | re.Pattern[str] | Callable[[str], bool]


def app_argv(data_dir: Path, *args: str) -> list[str]:
    """The command line that starts the app under test, with the Python running pytest.

    `env -u` makes sure FACILITATOR_TUI_HOME cannot leak in; `env` execs the
    app, so the pid tmux reports for the pane is the app's. `args` come
    first, so they may start with a sub-command (`run --day ID`).
    """
    return ["env", "-u", "FACILITATOR_TUI_HOME", sys.executable, "-m", "facilitator_tui", *args, "--data-dir", str(data_dir)]


T = TypeVar("T")


def wait_until(what: str, check: Callable[[], T | None], timeout: float = 10.0, every: float = POLL) -> T:
    """Poll `check` every `every` seconds until it returns something truthy; that value (after `timeout`, a failure naming `what`)."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not after {timeout:g} s")
        time.sleep(every)


def clean_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for tmux and the app: no FACILITATOR_TUI_HOME, not nested in tmux, UTF-8, the pane's own size.

    COLUMNS and LINES go too: pytest-xdist's workers set them (80x24), and
    Textual would then lay the app out at that size inside a 100x30 pane.
    """
    env = dict(os.environ if base is None else base)
    for name in ("FACILITATOR_TUI_HOME", "TMUX", "TMUX_PANE", "COLUMNS", "LINES"):
        env.pop(name, None)
    env.setdefault("TERM", "xterm-256color")
    locale = env.get("LC_ALL") or env.get("LC_CTYPE") or env.get("LANG") or ""
    if "utf-8" not in locale.lower() and "utf8" not in locale.lower():
        env["LC_ALL"] = "C.UTF-8"
    return env


def _describe(expect: Expect) -> str:
    if isinstance(expect, re.Pattern):
        return f"/{expect.pattern}/"
    if callable(expect):
        return getattr(expect, "__name__", "a condition")
    return repr(expect)


def _matches(expect: Expect, screen: str) -> bool:
    if isinstance(expect, re.Pattern):
        return expect.search(screen) is not None
    if callable(expect):
        return bool(expect(screen))
    return expect in screen


@dataclass(frozen=True)
class ClockReading:
    """The countdown as shown, and when it was seen."""

    text: str
    """As drawn, e.g. `14:59` or `+01:02`."""
    seconds: int
    """Signed remaining seconds: negative in overtime (`+MM:SS`)."""
    monotonic: float
    wall: dt.datetime
    screen: str


class TmuxDriver:
    """One private tmux server; each app runs in a session of it."""

    def __init__(self, socket_name: str, workdir: Path, env: dict[str, str]) -> None:
        self.socket_name = socket_name
        self.workdir = workdir
        self.env = env
        self.config = workdir / "tmux.conf"
        self.config.write_text(TMUX_CONF.format(width=WIDTH, height=HEIGHT), encoding="utf-8")
        self.socket_path: Path | None = None
        self.pids: dict[str, int] = {}
        """The pid of the process started in each session."""

    # ----- tmux --------------------------------------------------------------

    def tmux(self, *args: str, check: bool = True) -> str:
        """Run a tmux command on this server; its stdout."""
        result = subprocess.run(
            ["tmux", "-u", "-L", self.socket_name, "-f", str(self.config), *args],
            env=self.env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=20,
            stdin=subprocess.DEVNULL,
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}")
        return result.stdout

    def start(self, session: str, argv: list[str]) -> int:
        """Run `argv` (exec'd directly, no shell) in a new 100x30 session; the pid of its process."""
        self.tmux(
            "new-session", "-d", "-s", session, "-x", str(WIDTH), "-y", str(HEIGHT),
            "-c", str(self.workdir), "--", *argv,
        )
        if self.socket_path is None:
            self.socket_path = Path(self.display(session, "#{socket_path}"))
        size = self.display(session, "#{pane_width}x#{pane_height}")
        assert size == f"{WIDTH}x{HEIGHT}", f"tmux pane is {size}, not {WIDTH}x{HEIGHT}"
        pid = int(self.display(session, "#{pane_pid}"))
        self.pids[session] = pid
        return pid

    def display(self, session: str, fmt: str) -> str:
        """A tmux format, evaluated for the session's pane."""
        return self.tmux("display-message", "-p", "-t", session, fmt).strip()

    def display_quiet(self, session: str, fmt: str) -> str | None:
        """Like `display`, but None when tmux cannot answer (no server, no session)."""
        try:
            return self.display(session, fmt)
        except (RuntimeError, subprocess.SubprocessError):
            return None

    def is_dead(self, session: str) -> bool:
        """True once the session's process has exited (its pane stays, dead)."""
        return self.display(session, "#{pane_dead}") == "1"

    def screen(self, session: str) -> str:
        """The session's visible screen as text, one line per row, right-padded to the width."""
        text = self.tmux("capture-pane", "-p", "-t", session)
        rows = text.split("\n")[:HEIGHT]
        return "\n".join(row.ljust(WIDTH) for row in rows)

    def cursor(self, session: str) -> tuple[int, int]:
        """Where the terminal cursor is, as (column, row) from the top left.

        Textual moves the (hidden) terminal cursor to the focused text
        field's cursor, so this tells which field has focus.
        """
        column, row = self.display(session, "#{cursor_x},#{cursor_y}").split(",")
        return int(column), int(row)

    def wait_cursor(self, session: str, expect: Callable[[int, int], bool], timeout: float = 15.0) -> tuple[int, int]:
        """Poll until `expect(column, row)` holds for the terminal cursor; its position."""
        deadline = time.monotonic() + timeout
        while True:
            column, row = self.cursor(session)
            if expect(column, row):
                return column, row
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"terminal cursor at ({column}, {row}), not where {_describe(expect)} wants it, "
                    f"after {timeout:g} s:\n{self.screen(session)}"
                )
            time.sleep(POLL)

    def send_keys(self, session: str, *keys: str) -> None:
        """Send tmux key names (`Space`, `NPage`, `PPage`, `C-q` …) one after another."""
        self.tmux("send-keys", "-t", session, *keys)

    def type(self, session: str, text: str) -> None:
        """Send characters literally (`n`, `+`, `-` …)."""
        self.tmux("send-keys", "-t", session, "-l", "--", text)

    def kill_server(self) -> None:
        """Kill any app still running in a live pane, stop the server, and remove its socket file."""
        for session, pid in self.pids.items():
            # A pane that is not dead still owns its child, so this pid is ours.
            if self.display_quiet(session, "#{pane_dead}") == "0":
                try:
                    os.kill(pid, 9)
                except ProcessLookupError:
                    pass
        self.tmux("kill-server", check=False)
        if self.socket_path is not None:
            self.socket_path.unlink(missing_ok=True)

    # ----- waiting -----------------------------------------------------------

    def wait_for(self, session: str, expect: Expect, timeout: float = 15.0) -> str:
        """Poll the screen every 50 ms until `expect` (text, regex or test) is on it; the screen."""
        deadline = time.monotonic() + timeout
        screen = ""
        while True:
            screen = self.screen(session)
            if _matches(expect, screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{_describe(expect)} not on screen after {timeout:g} s:\n{screen}")
            time.sleep(POLL)

    def wait_gone(self, session: str, expect: Expect, timeout: float = 15.0) -> str:
        """Poll until `expect` is no longer on the screen; the screen."""
        return self.wait_for(session, lambda screen: not _matches(expect, screen), timeout)

    def wait_dead(self, session: str, timeout: float = 10.0) -> None:
        """Wait until the session's process has exited."""
        deadline = time.monotonic() + timeout
        while not self.is_dead(session):
            if time.monotonic() > deadline:
                raise AssertionError(f"process in {session} still alive after {timeout:g} s:\n{self.screen(session)}")
            time.sleep(POLL)

    def exit_status(self, session: str, timeout: float = 10.0) -> str:
        """Wait for the session's process to end; `exit N` or `signal N`.

        tmux marks a pane dead when its terminal closes and learns the exit
        status when it reaps the child. tmux 3.3a can miss that SIGCHLD and
        leave the child a zombie for good (it resets SIGCHLD to default while
        it forks a job), so the status is also read from the zombie's
        `/proc/<pid>/stat` (its exit_code field, Linux 3.5+).
        """
        deadline = time.monotonic() + timeout
        while True:
            dead, code, signal = self.display(session, "#{pane_dead}|#{pane_dead_status}|#{pane_dead_signal}").split("|")
            if dead == "1":
                if code or signal:
                    return f"exit {code}" if code else f"signal {signal}"
                status = _zombie_wait_status(self.pids[session])
                if status is not None:
                    return f"exit {os.WEXITSTATUS(status)}" if os.WIFEXITED(status) else f"signal {os.WTERMSIG(status)}"
            if time.monotonic() > deadline:
                raise AssertionError(f"process in {session} has not ended after {timeout:g} s:\n{self.screen(session)}")
            time.sleep(POLL)

    def start_real_day(self, session: str, now_text: str) -> str:
        """Press space to start a real day and say yes if asked (the tests run at any hour, far from 09:30).

        Waits until `now_text` shows; returns that screen.
        """
        self.send_keys(session, "Space")
        question = "Start the real day now"
        screen = self.wait_for(session, lambda s: now_text in s or question in s)
        if question in screen and now_text not in screen:
            self.type(session, "y")
            screen = self.wait_for(session, now_text)
        return screen

    def read_clock(self, session: str) -> ClockReading | None:
        """The countdown on screen now, or None if none can be read."""
        wall = dt.datetime.now().astimezone()
        seen = time.monotonic()
        screen = self.screen(session)
        text = read_clock(screen)
        if text is None:
            return None
        return ClockReading(text, clock_seconds(text), seen, wall, screen)

    def wait_clock(self, session: str, timeout: float = 15.0) -> ClockReading:
        """Wait until a countdown can be read; that reading."""
        deadline = time.monotonic() + timeout
        while True:
            reading = self.read_clock(session)
            if reading is not None:
                return reading
            if time.monotonic() > deadline:
                raise AssertionError(f"no countdown readable after {timeout:g} s:\n{self.screen(session)}")
            time.sleep(POLL)

    def wait_clock_edge(self, session: str, timeout: float = 5.0) -> ClockReading:
        """Wait for the running countdown to step down one second; the first sight of the new value.

        The app repaints just after the shown (rounded-up) second changes, so
        at that moment the true remaining time equals the shown value. Two
        such readings, before and after something, differ by the wall time
        between them, with display rounding cancelled out. A value must be
        seen twice in a row to count (a capture can catch a half-drawn frame),
        and only a step of exactly one second is an edge.
        """
        deadline = time.monotonic() + timeout
        previous: int | None = None
        last_screen = ""
        while time.monotonic() < deadline:
            reading = self.read_clock(session)
            if reading is None:
                time.sleep(EDGE_POLL)
                continue
            last_screen = reading.screen
            if previous is not None and reading.seconds == previous - 1:
                again = self.read_clock(session)
                if again is not None and again.seconds == reading.seconds:
                    return reading
            previous = reading.seconds
            time.sleep(EDGE_POLL)
        raise AssertionError(f"countdown did not step within {timeout:g} s:\n{last_screen}")


def _zombie_wait_status(pid: int) -> int | None:
    """The wait status of `pid` if it is a zombie (exited, not yet reaped), else None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    # fields[0] is field 3 (state); exit_code is field 52.
    if fields[0] != "Z" or len(fields) < 50:
        return None
    return int(fields[49])


# ----- Textual's Digits --------------------------------------------------------

CLOCK_RE = re.compile(r"\+?(?:\d+:\d{2}:\d{2}|\d{2}:\d{2})")
CLOCK_CHARS = "0123456789+:"


def _glyph_table() -> dict[tuple[str, str, str], str]:
    """Each 3x3 glyph Textual's `Digits` draws (plain and bold) -> its character."""
    from rich.style import Style
    from textual.renderables.digits import Digits

    table: dict[tuple[str, str, str], str] = {}
    for bold in (False, True):
        for char in CLOCK_CHARS:
            drawn = "".join(segment.text for segment in Digits(char).render(Style(bold=bold)))
            rows = drawn.split("\n")[:3]
            glyph = tuple(row.ljust(3) for row in rows)
            assert len(glyph) == 3 and all(len(row) == 3 for row in glyph), f"unexpected Digits glyph for {char!r}: {rows}"
            assert table.get(glyph, char) == char, f"glyph for {char!r} is also {table[glyph]!r}"
            table[glyph] = char  # type: ignore[index]
    return table


GLYPHS = _glyph_table()


def read_digits_rows(top: str, middle: str, bottom: str) -> list[tuple[int, str]]:
    """Every run of Digits glyphs in three screen rows, as (column, text)."""
    width = max(len(top), len(middle), len(bottom))
    top, middle, bottom = top.ljust(width), middle.ljust(width), bottom.ljust(width)
    runs = []
    for start in range(width - 2):
        text = []
        column = start
        while column + 3 <= width:
            char = GLYPHS.get((top[column : column + 3], middle[column : column + 3], bottom[column : column + 3]))
            if char is None:
                break
            text.append(char)
            column += 3
        if text:
            runs.append((start, "".join(text)))
    return runs


def read_clock(screen: str) -> str | None:
    """The big countdown (`MM:SS`, `+MM:SS`, from an hour on `H:MM:SS`) on a captured screen, or None."""
    rows = screen.split("\n")
    best: str | None = None
    for index in range(len(rows) - 2):
        if ":" not in rows[index + 1]:
            continue  # a clock's middle row holds the colon glyph
        for _, text in read_digits_rows(rows[index], rows[index + 1], rows[index + 2]):
            for match in CLOCK_RE.finditer(text):
                if best is None or len(match.group()) > len(best):
                    best = match.group()
    return best


def clock_seconds(text: str) -> int:
    """Signed remaining seconds for a shown countdown: `14:59` -> 899, `+01:02` -> -62, `2:29:31` -> 8971."""
    overtime = text.startswith("+")
    value = 0
    for part in text.lstrip("+").split(":"):
        value = value * 60 + int(part)
    return -value if overtime else value
