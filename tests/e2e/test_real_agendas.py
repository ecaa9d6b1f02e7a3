"""The real app in tmux, rehearsing agendas a facilitator would write from the README.

The plans in `tests/e2e/plans/` are workshop days written from the README's
"Plan files" section: an afternoon whose closing circle is followed by
unscheduled time before networking, a morning that opens with registration
and coffee and ends with a networking lunch running past the close, a board
slot with a one-minute item, a long day from 08:15 to 17:00, and a forum
whose 1-2-4-All is shorter than its slot.

Each test validates nothing but its own screen: it starts
`python -m facilitator_tui run PLAN --rehearse --speed N --start HH:MM` in
its own tmux server and data directory, presses the keys a facilitator
would, and asserts what the facilitator would read ("Now: …", "Gap · …",
"Phase done · … spare", "Day: on time"). Every test ends with no traceback
on screen and ctrl+q exiting 0.

On a fast rehearsal clock the app repaints about four times a real second,
so a repaint can lag the rehearsal clock by `speed / 4` rehearsal seconds:
the waits below are on what the screen shows, never on sleeps.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from .tmux_driver import EDGE_POLL, TmuxDriver, app_argv, clean_env, clock_seconds, read_clock

pytestmark = pytest.mark.e2e

PLANS = Path(__file__).parent / "plans"
GAP_PLAN = PLANS / "afternoon-with-networking.toml"
MORNING_PLAN = PLANS / "community-health-morning.toml"
ONE_MINUTE_PLAN = PLANS / "board-minute-of-quiet.toml"
LONG_DAY_PLAN = PLANS / "long-partnership-day.toml"
EXERCISE_PLAN = PLANS / "one-two-four-all.toml"
ALL_PLANS = [GAP_PLAN, MORNING_PLAN, ONE_MINUTE_PLAN, LONG_DAY_PLAN, EXERCISE_PLAN]

AGENDA_WIDTH = 36
"""Columns of the agenda pane at 100x30, its right border included (the day line sits under it)."""


# ----- reading the screen ---------------------------------------------------------


def minutes_of(hhmm: str) -> int:
    """`15:45` -> 945."""
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def top_clock(screen: str) -> int:
    """The top bar's clock (the current minute of the rehearsal clock), as minutes of the day."""
    match = re.search(r"(\d\d:\d\d)\s*$", screen.split("\n")[0])
    assert match, f"no clock in the top bar:\n{screen}"
    return minutes_of(match.group(1))


def day_line(screen: str) -> str:
    """The day's line under the agenda, e.g. `Day: on time`, `Starts 08:15 · in 104 min`."""
    for line in screen.split("\n"):
        head = line[:AGENDA_WIDTH].strip()
        if head.startswith(("Day: ", "Day closed", "Starts ", "Late by ")):
            return head
    raise AssertionError(f"no day line on screen:\n{screen}")


def projected_close(screen: str) -> str:
    """The `Projected close HH:MM` under the agenda."""
    match = re.search(r"Projected close (\d\d:\d\d)", screen)
    assert match, f"no projected close on screen:\n{screen}"
    return match.group(1)


@dataclass(frozen=True)
class AgendaRow:
    mark: str
    """`✓`, `▶`, `✗`, `–` or blank."""
    planned: str
    actual: str | None
    """When it really started, if it has."""
    drift: int | None
    """The drift shown on the row (`+7`, `-2`), if any."""
    text: str
    """The row after the planned start, as shown (the title may be cut with `…`)."""


def agenda(screen: str) -> dict[str, AgendaRow]:
    """The agenda's rows by planned start, e.g. {"16:00": AgendaRow(" ", "16:00", None, None, "Networking")}."""
    rows: dict[str, AgendaRow] = {}
    for line in screen.split("\n"):
        match = re.match(r"[│┃](.) (\d\d:\d\d) (.*)", line[: AGENDA_WIDTH - 1])  # ┃: the agenda has the focus
        if not match:
            continue
        mark, planned, rest = match.groups()
        actual = re.match(r"(\d\d:\d\d) ", rest)
        drift = re.match(r"(?:\d\d:\d\d )?([+-]\d+) ", rest)
        rows.setdefault(
            planned,
            AgendaRow(mark, planned, actual.group(1) if actual else None, int(drift.group(1)) if drift else None, rest.strip()),
        )
    return rows


def phase_line(screen: str) -> str:
    """The clock panel's phase line (`Phase 2/4 · 01:58 left · Pairs`, `Phase done · 03:00 spare · All`)."""
    for line in screen.split("\n"):
        match = re.search(r"Phase (?:\d+/\d+|done) · [^│┃║]*", line)
        if match:
            return re.sub(r"\s{2,}.*$", "", match.group(0)).strip()
    raise AssertionError(f"no phase line on screen:\n{screen}")


def clock_of(screen: str) -> int:
    """The big countdown on this screen, in signed seconds (negative in overtime)."""
    text = read_clock(screen)
    assert text is not None, f"no countdown readable:\n{screen}"
    return clock_seconds(text)


def clock_or_none(screen: str) -> int | None:
    """Like `clock_of`, but None when no countdown can be read (for wait predicates)."""
    text = read_clock(screen)
    return None if text is None else clock_seconds(text)


def overtime_by(seconds: int) -> Callable[[str], bool]:
    """A wait predicate: the countdown shows overtime (`+MM:SS`) of at least `seconds`."""

    def over(screen: str) -> bool:
        value = clock_or_none(screen)
        return value is not None and (read_clock(screen) or "").startswith("+") and value <= -seconds

    over.__name__ = f"overtime of at least {seconds} s"
    return over


class Findings:
    """Checks whose failures are all reported at the end of a test, each with its screen."""

    def __init__(self) -> None:
        self.failed: list[str] = []

    def expect(self, ok: bool, what: str, screen: str) -> None:
        if not ok:
            self.failed.append(f"{what}:\n{screen}")

    def assert_none(self) -> None:
        if self.failed:
            raise AssertionError(f"{len(self.failed)} check(s) failed:\n\n" + "\n\n".join(self.failed))


# ----- driving the app -------------------------------------------------------------


def rehearse(tmux: TmuxDriver, session: str, data_dir: Path, plan: Path, speed: int, start: str) -> str:
    """Start a rehearsal of `plan` and wait for its first screen; that screen."""
    tmux.start(session, app_argv(data_dir, "run", str(plan), "--rehearse", "--speed", str(speed), "--start", start))
    return tmux.wait_for(session, lambda screen: "REHEARSAL" in screen and "Up first:" in screen)


def press_to(tmux: TmuxDriver, session: str, key: str, title: str) -> str:
    """Press `key` (`n` or `Space`) and wait until `Now: <title>` shows; that screen."""
    if key == "Space":
        tmux.send_keys(session, "Space")
    else:
        tmux.type(session, key)
    return tmux.wait_for(session, f"Now: {title}")


def quit_cleanly(tmux: TmuxDriver, session: str) -> None:
    """No traceback on screen, then ctrl+q exits 0 and leaves none behind."""
    screen = tmux.screen(session)
    assert "Traceback" not in screen, screen
    tmux.send_keys(session, "C-q")
    assert tmux.exit_status(session) == "exit 0", tmux.screen(session)
    assert "Traceback" not in tmux.screen(session), tmux.screen(session)


# ----- the plans validate ----------------------------------------------------------------


@pytest.mark.parametrize("plan", ALL_PLANS, ids=[plan.stem for plan in ALL_PLANS])
def test_plan_validates_without_warnings(plan: Path) -> None:
    """`validate` accepts each plan (exit 0, `ok`) with no warning on standard error."""
    result = subprocess.run(
        [sys.executable, "-m", "facilitator_tui", "validate", str(plan)],
        env=clean_env(), capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, f"exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    assert ": ok (" in result.stdout, result.stdout
    assert result.stderr == "", f"validate warned:\n{result.stderr}"


# ----- 1. a gap before networking --------------------------------------------------------


def to_closing_circle(tmux: TmuxDriver, session: str, data_dir: Path, start: str) -> str:
    """Rehearse the afternoon from `start` and press on to the closing circle at once; that screen."""
    screen = rehearse(tmux, session, data_dir, GAP_PLAN, speed=120, start=start)
    assert "Up first: Back from lunch" in screen, screen
    press_to(tmux, session, "Space", "Back from lunch")
    for title in ("Commitments in neighbourhood trios", "Tea", "Gallery walk", "Closing circle"):
        screen = press_to(tmux, session, "n", title)
    rows = agenda(screen)
    assert rows["15:30"].mark == "▶", screen
    assert "Next 16:00: Networking" in screen, screen
    return screen


def test_starting_early_before_a_gap_is_not_carried_to_the_close(tmux: TmuxDriver, data_dir: Path) -> None:
    """The closing circle started a few minutes early: the gap before networking keeps the day on time.

    README, "Gaps are slack": "Being early is not carried past a gap." Networking
    still starts at 16:00 and runs to the 16:45 close, so the day line reads
    `Day: on time` and the projected close 16:45.
    """
    findings = Findings()
    screen = to_closing_circle(tmux, "early", data_dir, start="15:26")
    started = agenda(screen)["15:30"].actual or "99:99"
    assert minutes_of(started) < minutes_of("15:30"), f"the closing circle did not start early:\n{screen}"
    early = "closing circle started early"
    findings.expect(agenda(screen)["16:00"].drift is None, f"{early}: networking (after the gap) shows a drift", screen)
    findings.expect(day_line(screen) == "Day: on time", f"{early}: the day line is not `Day: on time`", screen)
    findings.expect(projected_close(screen) == "16:45", f"{early}: the projected close is not 16:45", screen)
    quit_cleanly(tmux, "early")
    findings.assert_none()


def test_gap_absorbs_an_overrun_and_waits_for_the_next_item(tmux: TmuxDriver, data_dir: Path) -> None:
    """The closing circle (15:30, 15 min) overruns into the gap before networking (16:00).

    The rehearsal starts at 15:29 and `n` brings the afternoon to the closing
    circle at about 15:30. README, "Gaps are slack": an overrun inside the gap
    is absorbed, so the day line stays `Day: on time` and the projected close
    16:45. `n` before 16:00 shows `Gap · Networking at 16:00, in MM:SS`
    counting down, and nothing starts by itself; space then starts
    networking early.

    The day-line checks are collected and reported together at the end, so
    one run shows every screen where the gap did not absorb the time.
    """
    findings = Findings()
    screen = to_closing_circle(tmux, "gap", data_dir, start="15:29")
    findings.expect(day_line(screen) == "Day: on time", "closing circle started: the day line is not `Day: on time`", screen)
    findings.expect(projected_close(screen) == "16:45", "closing circle started: the projected close is not 16:45", screen)

    # The closing circle runs on: two minutes into overtime, still inside the gap.
    screen = tmux.wait_for("gap", overtime_by(120), timeout=20)
    assert top_clock(screen) < minutes_of("16:00"), f"the overrun went past the gap; the test was too slow:\n{screen}"
    assert "Now: Closing circle" in screen and "OVERTIME" in screen, screen
    assert "Next 16:00: Networking" in screen, screen
    overrun = "closing circle overrunning inside the gap"
    findings.expect(day_line(screen) == "Day: on time", f"{overrun}: the day line moved", screen)
    findings.expect(projected_close(screen) == "16:45", f"{overrun}: the projected close moved", screen)
    findings.expect(agenda(screen)["16:00"].drift is None, f"{overrun}: networking shows a drift", screen)

    # n before 16:00: the day waits in the gap, counting down to networking.
    tmux.type("gap", "n")
    screen = tmux.wait_for("gap", "Gap · ")
    match = re.search(r"Gap · Networking at 16:00, in (\d\d:\d\d)", screen)
    assert match, f"the gap line is not `Gap · Networking at 16:00, in MM:SS`:\n{screen}"
    waiting = clock_seconds(match.group(1))
    until = (minutes_of("16:00") - top_clock(screen)) * 60
    assert until - 60 < waiting <= until + 5, f"the gap counts {match.group(1)} to 16:00 at {top_clock(screen)} min:\n{screen}"
    assert abs(clock_of(screen) - waiting) <= 1, f"the big countdown is not the gap's countdown:\n{screen}"
    assert "until it starts" in screen and "Now: " not in screen, screen
    rows = agenda(screen)
    assert rows["15:30"].mark == "✓" and rows["16:00"].mark == " ", screen
    findings.expect(day_line(screen) == "Day: on time", "waiting in the gap: the day line is not `Day: on time`", screen)
    findings.expect(projected_close(screen) == "16:45", "waiting in the gap: the projected close is not 16:45", screen)

    # Nothing starts by itself: three rehearsal minutes later it is still the gap, counting down.
    screen = tmux.wait_for("gap", lambda s: "Gap · " in s and 0 < (clock_or_none(s) or 0) <= waiting - 180, timeout=10)
    assert "Now: Networking" not in screen and agenda(screen)["16:00"].mark == " ", screen
    assert top_clock(screen) < minutes_of("16:00"), f"the gap ran out before the test pressed space:\n{screen}"

    # Space starts networking now, before its planned start.
    screen = press_to(tmux, "gap", "Space", "Networking")
    networking = agenda(screen)["16:00"]
    assert networking.mark == "▶", screen
    assert networking.actual is not None and minutes_of(networking.actual) < minutes_of("16:00"), (
        f"networking did not start early:\n{screen}"
    )
    assert "Gap · " not in screen, screen
    quit_cleanly(tmux, "gap")
    findings.assert_none()


# ----- 2. arrival first, social last -----------------------------------------------------


def test_registration_runs_first_and_late_doors_do_not_make_the_day_late(tmux: TmuxDriver, data_dir: Path) -> None:
    """Registration and coffee (arrival, 08:45) is up first; opened late at 08:5x it still ends 09:15 and the day is on time.

    `n` then starts the first session, the welcome.
    """
    screen = rehearse(tmux, "arrival", data_dir, MORNING_PLAN, speed=60, start="08:50")
    assert "Up first: Registration and coffee" in screen, screen
    rows = agenda(screen)
    assert next(iter(rows)) == "08:45" and "Registration and coffee" in rows["08:45"].text, screen
    assert "LATE · press space" in screen, screen

    screen = press_to(tmux, "arrival", "Space", "Registration and coffee")
    rows = agenda(screen)
    assert rows["08:45"].mark == "▶", screen
    assert rows["08:45"].actual is not None and minutes_of(rows["08:45"].actual) > minutes_of("08:45"), screen
    # README: registration runs "to its planned end whenever the doors opened, and the
    # first session is projected at its planned start": arriving late does not make the day late.
    assert "ends 09:15" in screen, f"registration opened late does not run to its planned end, 09:15:\n{screen}"
    assert day_line(screen) == "Day: on time", f"registration opened late made the day late:\n{screen}"
    assert projected_close(screen) == "12:30", screen
    assert "Next 09:15: Welcome and why we are here" in screen, screen
    assert rows["09:15"].drift is None, f"the welcome is projected late after a late registration:\n{screen}"

    screen = press_to(tmux, "arrival", "n", "Welcome and why we are here")
    rows = agenda(screen)
    assert (rows["08:45"].mark, rows["09:15"].mark) == ("✓", "▶"), screen
    quit_cleanly(tmux, "arrival")


def test_networking_lunch_runs_last_and_past_the_close(tmux: TmuxDriver, data_dir: Path) -> None:
    """The networking lunch (social, 12:15 for 30 min) runs last, on past the 12:30 close and past its own end.

    The rehearsal starts at 12:11 and `n` brings the morning to its last
    session; `n` at 12:15 starts the lunch. README: a social item "may run
    past the day's close" and "its overrun does not count against the
    close": the day line and the projected close (about 12:30, never the
    lunch's 12:45 end) stay put while the lunch runs past 12:30 and then
    past its own end.
    """
    screen = rehearse(tmux, "social", data_dir, MORNING_PLAN, speed=180, start="12:11")
    assert "Up first: Registration and coffee" in screen, screen
    press_to(tmux, "social", "Space", "Registration and coffee")
    for title in ("Welcome", "What the data tells us", "Coffee", "Hearing from residents", "Next steps and commitments"):
        press_to(tmux, "social", "n", title)
    tmux.wait_for("social", lambda s: top_clock(s) >= minutes_of("12:15"), timeout=10)
    screen = press_to(tmux, "social", "n", "Networking lunch")

    rows = agenda(screen)
    assert rows["11:45"].mark == "✓", screen
    assert "Next: close of the day" in screen, screen
    day_before, close_before = day_line(screen), projected_close(screen)
    # The lunch started at 12:15 or up to a minute after (a repaint lags up to 45
    # rehearsal seconds). README: "lateness before them carries through them to the
    # close, but their own running on does not count": the close is 12:30 plus that
    # lateness as the agenda shows it, never the lunch's 12:45 end.
    late = agenda(screen)["12:15"].drift or 0
    assert 0 <= late <= 1, screen
    assert minutes_of(close_before) == minutes_of("12:30") + late, f"the lunch's run past the close counts:\n{screen}"
    assert day_before == ("Day: on time" if late == 0 else f"Day: {late} min behind"), screen

    # Past the close: the lunch is still running, nothing about the day moves.
    screen = tmux.wait_for("social", lambda s: minutes_of("12:32") <= top_clock(s) < minutes_of("12:44"), timeout=15)
    assert "Now: Networking lunch" in screen and "Day over" not in screen, screen
    assert (day_line(screen), projected_close(screen)) == (day_before, close_before), (
        f"the lunch running past the close moved the day line (was {day_before!r}, close {close_before}):\n{screen}"
    )

    # Past its own end: overtime for the lunch, still not against the close.
    screen = tmux.wait_for("social", overtime_by(120), timeout=15)
    assert "Now: Networking lunch" in screen and "OVERTIME" in screen, screen
    assert (day_line(screen), projected_close(screen)) == (day_before, close_before), (
        f"the lunch's overrun counted against the close (was {day_before!r}, close {close_before}):\n{screen}"
    )
    quit_cleanly(tmux, "social")


# ----- 3. a one-minute item --------------------------------------------------------------


def test_one_minute_item_counts_down_then_over(tmux: TmuxDriver, data_dir: Path) -> None:
    """A 1-minute item counts 00:5x … 00:0x in MM:SS, then overtime +00:0x with the OVERTIME label.

    Speed 6 (ten real seconds for the minute). A fast rehearsal is repainted
    about four times a real second, so not every second is drawn: the test
    reads every value that is, and checks their form and order.
    """
    rehearse(tmux, "minute", data_dir, ONE_MINUTE_PLAN, speed=6, start="10:03")
    press_to(tmux, "minute", "Space", "Settling in")
    screen = press_to(tmux, "minute", "n", "A minute of quiet with the options paper")
    assert agenda(screen)["10:04"].mark == "▶", screen

    seen: list[str] = []
    last = screen
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        last = tmux.screen("minute")
        text = read_clock(last) if "Now: A minute of quiet" in last else None
        if text is not None and (not seen or seen[-1] != text):
            seen.append(text)
        if text is not None and text.startswith("+") and clock_seconds(text) <= -3:
            break
        time.sleep(EDGE_POLL)
    else:
        raise AssertionError(f"the one-minute item did not reach +00:03 in 20 s; saw {seen}:\n{last}")

    counting = [text for text in seen if not text.startswith("+")]
    under = [text for text in counting if text != "01:00"]
    over = [text for text in seen if text.startswith("+")]
    assert counting and clock_seconds(counting[0]) <= 60, f"the item began at {seen[:1]}, more than a minute"
    assert under and re.fullmatch(r"00:5\d", under[0]), f"the count under a minute did not start at 00:5x: {seen}"
    assert all(re.fullmatch(r"00:\d\d", text) for text in under), f"not MM:SS under a minute: {seen}"
    assert any(clock_seconds(text) <= 5 for text in under), f"the count never came near zero: {seen}"
    values = [clock_seconds(text) for text in seen]
    assert values == sorted(values, reverse=True), f"the countdown did not run one way: {seen}"
    assert over and all(re.fullmatch(r"\+00:\d\d", text) for text in over), f"overtime is not +00:SS: {seen}"
    assert "OVERTIME" in last, last
    quit_cleanly(tmux, "minute")


# ----- 4. a day from 08:15 to 17:00 ------------------------------------------------------


def test_long_day_counts_hours_before_an_08_15_start(tmux: TmuxDriver, data_dir: Path) -> None:
    """From 06:30 the countdown to 08:15 shows H:MM:SS, then MM:SS under the hour; the agenda lists 08:15; space starts it."""
    screen = rehearse(tmux, "long", data_dir, LONG_DAY_PLAN, speed=300, start="06:30")
    rows = agenda(screen)
    assert next(iter(rows)) == "08:15" and "Opening and introductions" in rows["08:15"].text, screen
    assert "Up first: Opening and introductions" in screen and "planned 08:15" in screen, screen
    assert "until start" in screen, screen
    assert projected_close(screen) == "17:00", screen

    screen = tmux.wait_for("long", lambda s: re.fullmatch(r"\d:\d\d:\d\d", read_clock(s) or "") is not None, timeout=5)
    shown = read_clock(screen)
    until = (minutes_of("08:15") - top_clock(screen)) * 60
    # The top bar shows the current minute, so 08:15 is between `until - 60` and `until` seconds away;
    # two minutes of slack cover a repaint lagging the fast clock.
    assert until - 60 - 120 < clock_of(screen) <= until + 120, f"shows {shown}; 08:15 is {until} s from the top bar's minute"
    assert clock_of(screen) > 3600, f"more than an hour before 08:15 the countdown shows {shown}"
    match = re.match(r"Starts 08:15 · in (\d+) min", day_line(screen))
    assert match and int(match.group(1)) > 60, screen

    # Under the hour the countdown drops to MM:SS.
    screen = tmux.wait_for("long", lambda s: 0 < (clock_or_none(s) or 0) < 3600, timeout=20)
    shown = read_clock(screen)
    assert re.fullmatch(r"\d\d:\d\d", shown or ""), f"under an hour the countdown shows {shown}:\n{screen}"
    assert "until start" in screen and "Up first: Opening and introductions" in screen, screen

    screen = press_to(tmux, "long", "Space", "Opening and introductions")
    assert agenda(screen)["08:15"].mark == "▶", screen
    quit_cleanly(tmux, "long")


# ----- 5. an exercise shorter than its item ---------------------------------------------------


def test_exercise_shorter_than_its_item_ends_in_spare_time(tmux: TmuxDriver, data_dir: Path) -> None:
    """A 12-minute 1-2-4-All in a 15-minute item: `f` moves Alone on to Pairs, the rest move on by themselves, then spare time.

    After the last phase the phase line reads `Phase done · MM:SS spare · All`
    (the three planned spare minutes plus what `f` saved), not overtime.
    """
    rehearse(tmux, "phases", data_dir, EXERCISE_PLAN, speed=60, start="10:09")
    press_to(tmux, "phases", "Space", "Welcome and purpose")
    screen = press_to(tmux, "phases", "n", "What would make the biggest difference?")
    assert re.fullmatch(r"Phase 1/4 · \d\d:\d\d left · Alone", phase_line(screen)), phase_line(screen)

    tmux.type("phases", "f")
    screen = tmux.wait_for("phases", lambda s: "Phase 2/4" in s)
    assert re.fullmatch(r"Phase 2/4 · \d\d:\d\d left · Pairs", phase_line(screen)), phase_line(screen)
    # Alone is a minute: had it ended by itself, the 15-minute item would show 14:00 or less.
    assert clock_of(screen) > 14 * 60 + 30, f"Pairs began at {read_clock(screen)} left, not at once on f:\n{screen}"

    screen = tmux.wait_for("phases", lambda s: "Phase 3/4" in s, timeout=10)
    assert phase_line(screen).endswith("· Foursomes"), phase_line(screen)
    screen = tmux.wait_for("phases", lambda s: "Phase 4/4" in s, timeout=10)
    assert phase_line(screen).endswith("· All"), phase_line(screen)

    screen = tmux.wait_for("phases", "Phase done", timeout=15)
    line = phase_line(screen)
    match = re.fullmatch(r"Phase done · (\d\d:\d\d) spare · All", line)
    assert match, f"after the last phase the phase line reads {line!r}:\n{screen}"
    spare = clock_seconds(match.group(1))
    assert 3 * 60 - 5 <= spare <= 4 * 60, f"{match.group(1)} spare: expected the 3 planned minutes plus what f saved"
    assert abs(clock_of(screen) - spare) <= 1, f"the spare time is not the item's time left:\n{screen}"
    assert "over" not in line.lower() and "OVERTIME" not in screen, screen
    assert "Now: What would make the biggest difference?" in screen, screen
    quit_cleanly(tmux, "phases")
