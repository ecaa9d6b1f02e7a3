"""Benchmark typing in a long note and the memory of a full day (issue 12's speed table).

Run by hand, not by pytest:

    python bench/notes_bench.py                 # about 1.5 minutes
    python bench/notes_bench.py --quick         # about 25 s: 40 keys, a day of 60 notes; rough numbers
    python bench/notes_bench.py --only keys     # or --only memory; --profile adds a cProfile of the app's keys

1. A keystroke in a notes field holding 5,000 lines: the real app (Pilot,
   `run_test(size=(100, 30))`, a real day of the bundled plan on a FakeClock,
   the running item's note 5,000 lines long, `e` pressed) against a minimal
   Textual app with one `TextArea` of the notes field's size and options
   holding the same lines; each key timed from posting it to the end of the
   first screen refresh that shows it, and its CPU until the app is idle.
2. Memory after a full day with 500 notes and captures, driven with keys,
   against the minimal `Digits` app (baseline_digits_app.py), each in a fresh
   child process.

Each figure is a ratio against the baseline measured in the same run. See
bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIZE = (100, 30)
TYPED = "the board agreed to fund the pilot for 6 months, ana to draft the terms by friday. "
"""What the facilitator types: lower case, digits, spaces and punctuation (all printable keys)."""
KEY_NAMES = {" ": "space", ",": "comma", ".": "full_stop"}
TYPIST_GAP = 0.2
"""Fake seconds between two keys (a typist at 300 keys a minute): the autosave's clock."""
NAMES = ["Priya", "Tomás", "Işıl", "O'Neil", "Ana", "Ben", "Zoë", "Kwame", "Łukasz", "Niamh"]
WORDS = ("budget pilot partner board trust risk shared outcome funding sign-off finance deadline role boundary agreed "
         "concern council charity evidence referral pathway governance data sharing protocol capacity volunteers "
         "steering group timeline worry champion memorandum escalation").split()


def note_lines(count: int, seed: int = 1) -> list[str]:
    """`count` lines of notes as a facilitator writes them: headings, timed bullets, quotes, blank lines."""
    rng = random.Random(seed)
    lines = []
    for i in range(count):
        if i % 40 == 0:
            lines.append(f"## {rng.choice(WORDS).title()} and {rng.choice(WORDS)} ({i // 40 + 1})")
        elif i % 9 == 0:
            lines.append("")
        elif i % 13 == 0:
            lines.append(f'  "{" ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 14)))}" ({rng.choice(NAMES)})')
        else:
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 18)))
            lines.append(f"- {10 + i // 600:02d}:{i % 60:02d} {rng.choice(NAMES)}: {words}")
    return lines


def status_kb() -> dict[str, int]:
    """VmRSS and VmHWM (kB) from /proc/self/status."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0])
    return fields


def memory_now() -> dict[str, int]:
    """Peak RSS as `ru_maxrss` (kB on Linux) and /proc's VmHWM, and the current VmRSS."""
    return {"ru_maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, **status_kb()}


def use_test_helpers() -> None:
    """Make the tests' helpers (`app_at`, `at`) importable, as bench/hop_count.py does."""
    for folder in (ROOT / "tests" / "ui", ROOT / "tests"):
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


# ----- 1. keystrokes --------------------------------------------------------


@dataclass
class KeyRun:
    """What one subject's keys measured."""

    frame: list[float] = field(default_factory=list)
    """Seconds from posting the key to the end of the first screen refresh showing it."""
    cpu: list[float] = field(default_factory=list)
    """Process CPU seconds in the same window."""
    cpu_idle: list[float] = field(default_factory=list)
    """Process CPU seconds from posting the key until the app is idle again (every handler run)."""
    pilot: list[float] = field(default_factory=list)
    """Seconds around `await pilot.press(k)` + `await pilot.pause()` (diagnostic)."""
    saves: list[float] = field(default_factory=list)
    """Seconds of each autosave (the panel's check + the screen's Save handler), app only."""
    startup: list[float] = field(default_factory=list)
    """Seconds from `run_test` to the note loaded and focused."""
    collections: list[tuple[int, float]] = field(default_factory=list)
    """(generation, seconds) of each cyclic garbage collection between a key and idle."""
    log_growth: list[int] = field(default_factory=list)
    """Bytes the day's log grew by while the keys were typed (app only)."""


class GcLog:
    """Records the garbage collector's runs into the `KeyRun` being measured (`gc.callbacks`)."""

    def __init__(self) -> None:
        self.run: KeyRun | None = None
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        elif self.run is not None:
            self.run.collections.append((info["generation"], time.perf_counter() - self._started))


GC_LOG = GcLog()


class FrameWatch:
    """Hooks `Screen._compositor_refresh`: sets `shown` at the first refresh after the watched cursor moved."""

    def __init__(self) -> None:
        from textual.screen import Screen

        self.area: Any = None
        self.before: Any = None
        self.shown = asyncio.Event()
        self.at = 0.0
        self.cpu = 0.0
        original = Screen._compositor_refresh
        watch = self

        def refresh(screen: Any) -> None:
            original(screen)
            if watch.area is not None and not watch.shown.is_set() and watch.area.cursor_location != watch.before:
                watch.at, watch.cpu = time.perf_counter(), time.process_time()
                watch.shown.set()

        self._original = original
        Screen._compositor_refresh = refresh  # type: ignore[method-assign]

    def close(self) -> None:
        from textual.screen import Screen

        Screen._compositor_refresh = self._original  # type: ignore[method-assign]


async def type_keys(pilot: Any, area: Any, watch: FrameWatch, keys: str, run: KeyRun,
                    advance: Callable[[], None] | None = None, profile: Any = None, settle: bool = True) -> None:
    """Post each key as the terminal driver does; time it to the refresh that shows it; settle before the next."""
    app = pilot.app
    for char in keys:
        if advance is not None:
            advance()
        watch.area, watch.before = area, area.cursor_location
        watch.shown.clear()
        if profile is not None:
            profile.enable()
        GC_LOG.run = run
        t0, c0 = time.perf_counter(), time.process_time()
        send_key(app, KEY_NAMES.get(char, char), char)
        await asyncio.wait_for(watch.shown.wait(), 10)
        run.frame.append(watch.at - t0)
        run.cpu.append(watch.cpu - c0)
        watch.area = None
        if settle:
            await pilot.pause()  # settle: Textual's own wait until the process is idle (at least 20 ms)
            run.cpu_idle.append(time.process_time() - c0)
        GC_LOG.run = None
        if profile is not None:
            profile.disable()


async def pilot_keys(pilot: Any, keys: str, run: KeyRun) -> None:
    """The Pilot way: `press` then `pause`, timed around both (includes Pilot's idle waits of 20 ms and more)."""
    for char in keys:
        t0 = time.perf_counter()
        await pilot.press(KEY_NAMES.get(char, char))
        await pilot.pause()
        run.pilot.append(time.perf_counter() - t0)


async def app_round(lines: list[str], keys: str, pilot_count: int, run: KeyRun, watch: FrameWatch,
                    profile: Any = None) -> tuple[int, tuple[int, int]]:
    """The real app: a running day, the note loaded, `e` pressed, then the keys. Returns the lines and the field's size."""
    use_test_helpers()
    from textual.widgets import TextArea

    from facilitator_tui.core import acts
    from facilitator_tui.core import events as ev
    from facilitator_tui.ui.notes_actions import NotesActions
    from facilitator_tui.ui.widgets.notes_panel import NotesPanel
    from ui_helpers import app_at

    check, on_save = NotesPanel.check, NotesActions.on_notes_panel_save
    pending: list[float] = []

    def timed_check(panel: Any) -> None:
        t0 = time.perf_counter()
        was_dirty = panel.dirty
        check(panel)
        if was_dirty and not panel.dirty:  # it took the text and posted a Save
            pending.append(time.perf_counter() - t0)

    def timed_save(screen: Any, message: Any) -> None:
        t0 = time.perf_counter()
        on_save(screen, message)
        run.saves.append((pending.pop() if pending else 0.0) + time.perf_counter() - t0)

    NotesPanel.check = timed_check  # type: ignore[method-assign]
    NotesActions.on_notes_panel_save = timed_save  # type: ignore[method-assign]
    try:
        with tempfile.TemporaryDirectory(prefix="ftui-notes-bench-") as tmp:
            app, day, clock = app_at(Path(tmp), "09:40", [("09:30", ev.Start, {})])
            item = day.plan.agenda[day.state.notes_index()].id
            outcome = day.do(acts.SaveNote(item, "\n".join(lines)))
            assert outcome.done, outcome.message
            t0 = time.perf_counter()
            async with app.run_test(size=SIZE) as pilot:
                await pilot.press("e")
                await pilot.pause()
                area = app.run_screen.query_one("#notes-text", TextArea)
                assert app.focused is area and area.cursor_location == area.document.end, "the notes are not focused at the end"
                run.startup.append(time.perf_counter() - t0)
                shown, size = area.document.line_count, (area.outer_size.width, area.outer_size.height)
                log = next(Path(tmp).rglob("*.jsonl"))
                before = log.stat().st_size
                await type_keys(pilot, area, watch, keys, run, advance=lambda: clock.advance(seconds=TYPIST_GAP), profile=profile)
                run.log_growth.append(log.stat().st_size - before)
                await pilot_keys(pilot, keys[:pilot_count], run)
                typed = area.document.get_line(area.document.line_count - 1)
                assert typed.endswith((keys + keys[:pilot_count])[-30:]), f"the keys did not type: {typed[-40:]!r}"
                app.exit()
            return shown, size
    finally:
        NotesPanel.check = check  # type: ignore[method-assign]
        NotesActions.on_notes_panel_save = on_save  # type: ignore[method-assign]


async def baseline_round(lines: list[str], keys: str, pilot_count: int, run: KeyRun, watch: FrameWatch,
                         size: tuple[int, int] | None) -> int:
    """A minimal app: one TextArea (as the notes field: soft wrap, no line numbers) holding the same lines.

    `size`: the TextArea's width and height (the app's notes field's); None fills the screen.
    """
    from textual.app import App, ComposeResult
    from textual.widgets import TextArea

    class TextAreaBaseline(App[None]):
        CSS = f"TextArea {{ width: {size[0]}; height: {size[1]}; }}" if size else ""

        def compose(self) -> ComposeResult:
            area = TextArea("\n".join(lines), id="text", soft_wrap=True, show_line_numbers=False)
            area.cursor_blink = False
            yield area

    app = TextAreaBaseline()
    t0 = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        area = app.query_one("#text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.pause()
        assert app.focused is area
        run.startup.append(time.perf_counter() - t0)
        await type_keys(pilot, area, watch, keys, run)
        await pilot_keys(pilot, keys[:pilot_count], run)
        assert area.document.get_line(area.document.line_count - 1).endswith((keys + keys[:pilot_count])[-30:])
        app.exit()
    return area.document.line_count


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


async def keystrokes(line_count: int, keys_each: int, rounds: int, pilot_count: int, profile: bool) -> None:
    """The app and the two TextArea apps, in turn round by round (ABC, CBA, ...); prints the tables."""
    lines = note_lines(line_count)
    text_kb = len("\n".join(lines).encode()) / 1024
    per_round = max(keys_each // rounds, 1)
    keys = (TYPED * (per_round // len(TYPED) + 1))[:per_round]
    runs = {"app": KeyRun(), "base": KeyRun(), "full": KeyRun()}
    field_size: tuple[int, int] | None = None
    watch = FrameWatch()
    gc.callbacks.append(GC_LOG)
    try:
        for i in range(rounds):
            order = ("app", "base", "full") if i % 2 == 0 else ("full", "base", "app")
            if field_size is None:
                order = ("app", "base", "full")  # the first round measures the notes field's size for the baseline
            for who in order:
                extra = pilot_count if i == 0 else 0
                if who == "app":
                    shown, field_size = await app_round(lines, keys, extra, runs["app"], watch)
                else:
                    await baseline_round(lines, keys, extra, runs[who], watch, field_size if who == "base" else None)
        profiled = None
        if profile:
            import cProfile

            profiled = cProfile.Profile()
            await app_round(lines, keys, 0, KeyRun(), watch, profile=profiled)
    finally:
        watch.close()
        gc.callbacks.remove(GC_LOG)

    app_run, base_run, full_run = runs["app"], runs["base"], runs["full"]
    assert field_size is not None
    count = len(app_run.frame)
    print(f"\n## Keystroke in a notes field holding {line_count:,} lines ({text_kb:.0f} KB), {count} keys each\n")
    print(f"{rounds} rounds of {per_round} keys, in turn (ABC, CBA, …), a fresh app each round. The app: a running day, "
          f"the note loaded ({shown:,} lines), `e` pressed, cursor at the end; its notes field is {field_size[0]}x{field_size[1]} "
          "cells. Baseline: a minimal app with one TextArea of the same size and options (soft wrap, no line numbers) "
          "holding the same text; a full-screen one is shown for comparison. **Key → frame**: from posting the key "
          "(as the terminal driver does) to the end of the first screen refresh after the cursor moved; it includes "
          "Textual's wait for its next frame (at most 1/60 s), and in `run_test` the frame is composed but not written "
          "to a terminal. CPU: the process's CPU time in the same window, and from the key until `pilot.pause()` "
          "returns (idle again: every handler the key set off, in the app an autosave when one fell due). Between keys: `pilot.pause()` (idle); the "
          f"app's fake clock moves {TYPIST_GAP} s a key, so its autosave runs as while typing.\n")
    print("| measure | app | baseline: TextArea, same size | ratio | full-screen TextArea (100x30) |\n| --- | --- | --- | --- | --- |")
    rows = [("key → frame, median", "frame", statistics.median),
            ("key → frame, p95", "frame", lambda v: pct(v, 95)),
            ("key → frame, max", "frame", max),
            ("CPU in that window, median", "cpu", statistics.median),
            ("CPU in that window, p95", "cpu", lambda v: pct(v, 95)),
            ("CPU from the key to idle (every handler, autosaves included), median", "cpu_idle", statistics.median),
            ("CPU from the key to idle, p95", "cpu_idle", lambda v: pct(v, 95)),
            ("CPU from the key to idle, max", "cpu_idle", max)]
    for name, what, f in rows:
        a, b, c = (f(getattr(r, what)) for r in (app_run, base_run, full_run))
        print(f"| {name} | {ms(a)} | {ms(b)} | **{a / b:.2f}x** | {ms(c)} |")
    if app_run.pilot:
        a, b, c = (statistics.median(r.pilot) for r in (app_run, base_run, full_run))
        print(f"| `pilot.press` + `pilot.pause`, median of {len(app_run.pilot)} (diagnostic: Pilot's idle waits sleep "
              f"20 ms and more each) | {ms(a)} | {ms(b)} | {a / b:.2f}x | {ms(c)} |")
    a, b, c = (statistics.median(r.startup) for r in (app_run, base_run, full_run))
    print(f"| start-up to the note focused, median | {ms(a)} | {ms(b)} | {a / b:.2f}x | {ms(c)} |")
    if app_run.saves:
        print(f"\nautosaves during the app's keys: {len(app_run.saves)}; each (the panel's check + `Day.do(SaveNote)` of the "
              f"whole note + repaint) took median {ms(statistics.median(app_run.saves))}, max {ms(max(app_run.saves))}: "
              "a key that lands during one waits for it. Each writes the whole note: the log grew by "
              f"{sum(app_run.log_growth) / 2**20:.1f} MB over the app's {count} keys "
              f"({count * TYPIST_GAP:.0f} s of typing on its clock).")
    over = {k: sum(1 for v in r.frame if v >= 0.016) for k, r in runs.items()}
    print(f"keys at or over 16 ms: app {over['app']} of {count}, baseline {over['base']}, full-screen {over['full']}")
    for name, r in (("app", app_run), ("baseline", base_run), ("full-screen", full_run)):
        full = [d for g, d in r.collections if g == 2]
        young = [d for g, d in r.collections if g < 2]
        print(f"garbage collections between a key and idle, {name}: {len(young)} young ({ms(sum(young))} in all), "
              f"{len(full)} full" + (f" ({', '.join(ms(d) for d in full)})" if full else ""))
    for name, r in (("app", app_run), ("baseline", base_run)):
        print(f"raw key → frame (ms), {name}: " + ", ".join(f"{v * 1000:.1f}" for v in r.frame))
    sys.stdout.flush()
    if profiled is not None:
        import io
        import pstats

        out = io.StringIO()
        stats = pstats.Stats(profiled, stream=out)
        stats.sort_stats("cumulative").print_stats(r"^(?!.*(asyncio|selectors|_contextvars|_callback\.py))", 40)
        stats.print_stats(r"src/facilitator_tui", 15)  # the app's own code in those windows
        # Who joins the whole document (`.text`) and who sums the wrapped height, per key.
        stats.print_callers(r"_document.py:\d+\(text\)|_wrapped_document.py:\d+\(height\)|_text_area.py:\d+\(text\)")
        print(f"\n## cProfile of the app's keys ({per_round} keys, from the key until idle again), by cumulative time\n")
        print("```\n" + out.getvalue().strip() + "\n```", flush=True)


# ----- 2. memory --------------------------------------------------------------


async def until(condition: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    """Let the app run until `condition()` holds (polled every 2 ms): a key's work done without Pilot's idle sleeps."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"never happened: {what}")
        await asyncio.sleep(0.002)


def send_key(app: Any, key: str, char: str | None = None) -> None:
    """Post a key as the terminal driver does."""
    from textual import events

    event = events.Key(key, char)
    event.set_sender(app)
    app._driver.send_message(event)


def prune_footer_watchers() -> None:
    """Diagnostic only, in a child process: drop the watchers of removed `FooterKey`s after each footer recompose.

    Textual 8.2.8 keeps `(FooterKey, setter)` in the Footer's watchers of
    `compact` until `compact` changes, which it never does here (Textual issue
    #6666), so every footer recompose keeps the old keys alive. This shows what
    the day would cost without that; the app's code is not changed.
    """
    from textual.widgets import Footer

    recompose = Footer.recompose

    async def pruned(self: Any) -> None:
        await recompose(self)
        watchers = getattr(self, "__watchers", {}).get("compact")
        if watchers:
            watchers[:] = [(node, callback) for node, callback in watchers if not (node._closing or node._closed)]

    Footer.recompose = pruned  # type: ignore[method-assign]


async def full_day(notes: int) -> dict[str, Any]:
    """Drive the real app through every item of the bundled day with keys; `notes` notes and captures on the way.

    Per item, 2 in 5 of its share are captures, each through its form (`a`,
    `d`, `l`, `q`: the form opens, its fields are filled, `enter` saves it);
    the rest are note lines in the notes field (`e`): the item's first line
    typed key by key, the others put in as a paste (`TextArea.insert`, the same
    Changed message), each followed by the autosave (the fake clock moves on,
    the panel's check posts its Save, the screen saves through `Day.do`).
    `escape` leaves the notes; `n` moves on at the next item's planned start,
    and the last `n` closes the day (`y`). Keys are posted as the terminal
    driver posts them; the script waits for each key's effect (polling every
    2 ms), not for Pilot's idle sleeps, so the day takes seconds, not minutes.
    """
    use_test_helpers()
    from textual.widgets import Input, TextArea
    from textual.widgets._footer import FooterKey

    from day_helpers import at
    from facilitator_tui.core.status import Mode
    from facilitator_tui.ui.capture_screens import CaptureScreen
    from facilitator_tui.ui.dialogs import ConfirmScreen
    from facilitator_tui.ui.widgets.notes_panel import NotesPanel
    from ui_helpers import app_at

    result: dict[str, Any] = {"imported": memory_now()}
    rng = random.Random(2)
    with tempfile.TemporaryDirectory(prefix="ftui-notes-bench-") as tmp:
        app, day, clock = app_at(Path(tmp), "09:29")
        items = day.plan.agenda
        per_item = [notes // len(items) + (1 if i < notes % len(items) else 0) for i in range(len(items))]
        counts = {"note lines typed key by key": 0, "note lines pasted": 0, "captures via forms": 0, "autosaves": 0, "keys": 0}
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            result["started"] = memory_now()
            screen = app.run_screen
            area = screen.query_one("#notes-text", TextArea)
            panel = screen.query_one("#notes", NotesPanel)

            async def press(key: str, done: Callable[[], bool], char: str | None = None) -> None:
                send_key(app, key, char)
                counts["keys"] += 1
                await until(done, f"{key} did its work")

            clock.advance(seconds=60)
            await press("space", lambda: day.state.current == 0, " ")  # the day starts at its planned 09:30: no question
            watch = FrameWatch()
            try:
                for index in range(len(items)):
                    assert day.state.current == index, f"item {index} is not running"
                    share = per_item[index]
                    captures = share * 2 // 5
                    lines = note_lines(share - captures, seed=index)
                    await press("e", lambda: area.has_focus, "e")
                    for n, line in enumerate(lines):
                        saved = len(day.events)
                        if n == 0:
                            typed = line.lower()[:60] + " "
                            await type_keys(pilot, area, watch, typed, KeyRun(), settle=False)
                            counts["note lines typed key by key"] += 1
                            counts["keys"] += len(typed)
                        else:
                            area.insert(line + "\n")
                            counts["note lines pasted"] += 1
                        await until(lambda: panel.dirty, "the notes are dirty")
                        clock.advance(seconds=1.2)
                        panel.check()  # what its 0.1 s interval runs: the autosave is due, a Save is posted
                        await until(lambda saved=saved: len(day.events) > saved, "the autosave")
                        counts["autosaves"] += 1
                    await press("escape", lambda: not area.has_focus)  # leave the notes
                    for c in range(captures):
                        kind = "adlq"[c % 4]
                        await press(kind, lambda: isinstance(app.screen, CaptureScreen) and bool(app.screen.query("#capture-text")), kind)
                        form = app.screen
                        await until(lambda form=form: form.query_one("#capture-text", Input).has_focus, "the form has focus")
                        form.query_one("#capture-text", Input).value = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 14)))
                        if kind == "a":
                            form.query_one("#capture-owner", Input).value = rng.choice(NAMES)
                            form.query_one("#capture-due", Input).value = rng.choice(["Fri", "in 2 weeks", "9/12", ""])
                        await press("enter", lambda: app.screen is screen)
                        counts["captures via forms"] += 1
                        clock.advance(seconds=30)
                    # On to the next item at its planned start (or the close), as the day would go.
                    until_time = at(items[index + 1].start if index + 1 < len(items) else day.plan.close)
                    clock.set(max(clock.now() + dt.timedelta(minutes=1), until_time))
                    moved = day.state.current
                    await press("n", lambda moved=moved: day.state.current != moved or isinstance(app.screen, ConfirmScreen), "n")
                    if isinstance(app.screen, ConfirmScreen):  # the last item: "close the day?" — yes
                        await press("y", lambda: app.screen is screen, "y")
                await pilot.pause()
            finally:
                watch.close()
            assert screen.status is not None and screen.status.mode is Mode.ENDED, "the day did not end"
            result["counts"] = counts
            result["items"] = len(items)
            result["captures_kept"] = len(day.state.notes.captures)
            log = next(Path(tmp).rglob("*.jsonl"), None)
            result["log_kb"] = round(log.stat().st_size / 1024) if log else None
            result["end"] = memory_now()
            gc.collect()
            keys = [o for o in gc.get_objects() if isinstance(o, FooterKey)]
            result["footer_keys"] = {"alive": len(keys), "on screen": sum(1 for k in keys if k.is_attached)}
            app.exit()
    return result


async def digits_moment() -> dict[str, Any]:
    """The baseline: bench/baseline_digits_app.py's app, headless, for a moment (1.5 s: a tick or two)."""
    sys.path.insert(0, str(HERE))
    from baseline_digits_app import DigitsBaseline

    result: dict[str, Any] = {"imported": memory_now()}
    app = DigitsBaseline()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        result["started"] = memory_now()
        await pilot.pause(1.5)
        result["end"] = memory_now()
        app.exit()
    return result


def child(what: str, notes: int) -> dict[str, Any]:
    """Run one memory probe in a fresh interpreter; returns what it printed (JSON)."""
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", what, "--notes", str(notes)]
    t0 = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode:
        raise RuntimeError(f"{what} failed:\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["seconds"] = time.perf_counter() - t0
    return result


def memory(notes: int) -> None:
    """The probes, each in its own child process; prints the table."""
    parent = memory_now()
    base = child("digits", notes)
    app = child("day", notes)
    pruned = child("day-pruned", notes)
    mb = lambda kb: kb / 1024  # noqa: E731
    print(f"\n## Memory after a full day with {notes} notes and captures (each in a fresh child process)\n")
    counts = app["counts"]
    print(f"The real app on a real day of the bundled plan (FakeClock, `run_test` 100x30), driven with keys through all "
          f"{app['items']} items to the close: {', '.join(f'{v} {k}' for k, v in counts.items())}; {app['captures_kept']} captures "
          f"kept; the log {app['log_kb']} KB; driven in {app['seconds']:.0f} s. Baseline: the `Digits` app "
          "(bench/baseline_digits_app.py) headless for 1.5 s. The last column: the same day with Textual's footer "
          "watchers pruned after each footer recompose (a patch in that child only, not in the app; see bench/README.md).\n")
    print("| measure | app, full day | baseline (`Digits`) | ratio | app, footer watchers pruned (diagnostic) |\n"
          "| --- | --- | --- | --- | --- |")
    rows = [("peak RSS (VmHWM), at the end", "end", "VmHWM"),
            ("peak RSS (`ru_maxrss`), at the end", "end", "ru_maxrss"),
            ("current RSS (VmRSS), at the end", "end", "VmRSS"),
            ("current RSS after start-up, before any key", "started", "VmRSS"),
            ("current RSS after the imports", "imported", "VmRSS")]
    for name, when, key in rows:
        a, b, c = app[when][key], base[when][key], pruned[when][key]
        print(f"| {name} | {mb(a):.1f} MB | {mb(b):.1f} MB | **{a / b:.2f}x** | {mb(c):.1f} MB ({c / b:.2f}x) |")
    keys, keys_pruned = app["footer_keys"], pruned["footer_keys"]
    print(f"| `FooterKey` widgets alive at the end (on screen) | {keys['alive']} ({keys['on screen']}) | | "
          f"| {keys_pruned['alive']} ({keys_pruned['on screen']}) |")
    print(f"\n`ru_maxrss` keeps the spawning process's size across exec (Linux): this bench's own RSS when it spawned "
          f"them was {mb(parent['VmRSS']):.1f} MB, below every child's, so here it reads each child's own peak.", flush=True)


# ----- main -------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run both benchmarks and print the results as Markdown tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=5000, help="lines in the notes field (default 5000)")
    parser.add_argument("--keys", type=int, default=200, help="keys typed into each app (default 200)")
    parser.add_argument("--rounds", type=int, default=4, help="rounds the keys are split into, alternating the apps (default 4)")
    parser.add_argument("--pilot-keys", type=int, default=20, help="extra keys timed the Pilot way, diagnostic (default 20)")
    parser.add_argument("--notes", type=int, default=500, help="notes and captures in the full day (default 500)")
    parser.add_argument("--only", choices=("keys", "memory"), help="run one of the two")
    parser.add_argument("--profile", action="store_true", help="also profile the app's key windows (cProfile)")
    parser.add_argument("--quick", action="store_true", help="40 keys in 2 rounds and a day of 60 notes: a smoke run")
    parser.add_argument("--child", choices=("day", "day-pruned", "digits"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        if args.child == "day-pruned":
            prune_footer_watchers()
        probe = digits_moment() if args.child == "digits" else full_day(args.notes)
        print(json.dumps(asyncio.run(probe)))
        return 0
    if args.quick:
        args.keys, args.rounds, args.pilot_keys, args.notes = 40, 2, 5, 60

    from run_screen_bench import machine

    lines = [line for line in machine() if not line.startswith("terminal:")]
    print("\n".join([*lines, f"size:     run_test {SIZE[0]}x{SIZE[1]}, headless (Pilot)"]), flush=True)
    # Memory first: the children are spawned while this process is still small (see `memory`).
    if args.only in (None, "memory"):
        memory(args.notes)
    if args.only in (None, "keys"):
        asyncio.run(keystrokes(args.lines, args.keys, args.rounds, args.pilot_keys, args.profile))
    return 0


if __name__ == "__main__":
    sys.exit(main())
