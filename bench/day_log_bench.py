"""Benchmark the day log: export of 10,000 notes and restart of 100,000 events (issue 4).

Run by hand, not by pytest:

    python bench/day_log_bench.py             # about 1.5 minutes
    python bench/day_log_bench.py --quick     # a fast smoke run (smaller days, fewer runs; rough numbers)

Each figure is a ratio against a plain-Python baseline measured in the same
run, on the same file. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from facilitator_tui.core import events as ev
from facilitator_tui.core.acts import Toggle
from facilitator_tui.core.clock import FakeClock
from facilitator_tui.core.days import days_dir, open_day
from facilitator_tui.core.event_log import LogReader
from facilitator_tui.core.fold import fold
from facilitator_tui.core.locations import bundled_plans
from facilitator_tui.core.plan_loader import load_plan
from facilitator_tui.export import FORMATS as EXPORT_FORMATS
from facilitator_tui.export import WHATS as EXPORT_WHATS
from facilitator_tui.export import render
from facilitator_tui.export.record import day_record, share
from run_screen_bench import COLS, ROWS, PtyRun, machine

TZ = dt.UTC
DAY_START = dt.datetime(2026, 11, 26, 9, 30, tzinfo=TZ)
DAY_SECONDS = 7.25 * 3600  # 09:30-16:45
DAY_END = DAY_START + dt.timedelta(seconds=DAY_SECONDS + 60)
NAMES = ["Ann Smith", "O'Neil", "Zoë Brown", "José Ruiz", "Siobhán Kelly", "Priya Shah", "Tom Hughes", "Işıl Demir", "Kwame Mensah",
         "Mary-Jane Cole", "Ravi Patel", "Łukasz Nowak", "Fatima Khan", "Dr Evans", "Chloé Martin", "Ahmed Ali", "Bea Lund", "Niamh Roe",
         "Gareth Jones", "Wei Chen"]
PSEUDONYMS = {name: f"Participant {i + 1}" for i, name in enumerate(NAMES)}
KINDS = ("action", "decision", "parking", "quote")
TIMER_CYCLE = (ev.Pause, ev.Resume, ev.Extend, ev.NextPhase)
# Every format and every table it offers (issue 9 added Word, Excel and calendars).
FORMATS = [(fmt, what) for fmt in EXPORT_FORMATS for what in EXPORT_WHATS.get(fmt, (None,))]
LOG_READER = "import json,sys\nwith open(sys.argv[1],'rb') as f: events=[json.loads(l) for l in f]"


def build_day(data: Path, captures: int, saves: int, timers: int, note_cap: int = 400) -> Path:
    """Record a day of the bundled plan; returns its log file.

    The header and the first Start go through `Day.record` (the app's path);
    the rest is written with `event_to_line` in one go, skipping the fsync per
    event. Captures, autosaves and timer acts are spread evenly over the day,
    a `Next` at each item change; every item ends with free-text notes.
    """
    plan_path = bundled_plans()["partnership-dynamics"]
    clock = FakeClock(DAY_START)
    day = open_day(data, load_plan(plan_path), plan_path, clock=clock, today=DAY_START.date(), author="Ann Smith")
    day.record(ev.Start(**day.stamp()))
    items = [item.id for item in day.plan.agenda]
    slots = sorted([((k + 0.5) / n, kind) for kind, n in (("c", captures), ("s", saves), ("t", timers)) for k in range(n)])
    step, current, counts = DAY_SECONDS / max(len(slots), 1), 0, {"c": 0, "s": 0, "t": 0}
    saved_len: dict[str, int] = {}
    lines = []
    for pos, kind in slots:
        clock.advance(seconds=step)
        stamp = {"at": clock.now(), "author": NAMES[counts[kind] % 2], "device": day.device}
        k, counts[kind] = counts[kind], counts[kind] + 1
        if int(pos * len(items)) > current:
            current = int(pos * len(items))
            lines.append(ev.event_to_line(ev.Next(**stamp)))
        item = items[current]
        if kind == "c":
            action = KINDS[k % 4] == "action"
            lines.append(ev.event_to_line(ev.Captured(
                **stamp, kind=KINDS[k % 4], item_id=item, private=k % 10 == 9,
                text=f"{NAMES[k % 20]} asked whether the budget holds for {NAMES[(k + 7) % 20]}'s team (#{k})",
                owner=NAMES[(k + 3) % 20] if action else None, due=f"2026-12-{k % 28 + 1:02d}" if action else None)))
        elif kind == "s":
            length = saved_len[item] = min(saved_len.get(item, 0) + 20, note_cap)
            text = (f"{NAMES[k % 20]} and {NAMES[(k + 5) % 20]} disagreed about the shared budget. " * 40)[:length]
            lines.append(ev.event_to_line(ev.NoteSaved(**stamp, item_id=item, text=text)))
            if length == 20 and items.index(item) % 2 == 0:
                lines.append(ev.event_to_line(ev.NoteSharing(**stamp, item_id=item, shareable=True)))
        else:
            cls = TIMER_CYCLE[k % 4]
            extra = {"item_id": item, "minutes": 1} if cls is ev.Extend else {}
            lines.append(ev.event_to_line(cls(**stamp, **extra)))
    log = day.writer.path
    day.close()
    with open(log, "ab") as handle:
        handle.writelines(lines)
    return log


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call of `fn` takes."""
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def open_it(data: Path, day_id: str):
    """Open a day as the app does (writable, with its lock), on a fake clock just after the day's last event."""
    return open_day(data, None, None, day_id=day_id, clock=FakeClock(DAY_END), author="bench")


def run_proc(argv: list[str]) -> tuple[float, str]:
    """(wall seconds, stderr) of one child process; raises if it fails."""
    t0 = time.perf_counter()
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode:
        raise RuntimeError(f"{argv[:4]}… failed ({proc.returncode}): {proc.stderr[-500:]}")
    return wall, proc.stderr


def msf(seconds: list[float]) -> str:
    """`median (min–max)` in milliseconds, with decimals below 10 ms."""
    median = statistics.median(seconds)
    digits = 2 if median < 0.001 else 1 if median < 0.01 else 0
    return f"{statistics.median(seconds) * 1000:.{digits}f} ms ({min(seconds) * 1000:.{digits}f}–{max(seconds) * 1000:.{digits}f})"


def table(head: str, rows: list[tuple[str, list[float]]], base: list[float]) -> None:
    """Markdown rows of `median (min–max)` and the ratio of medians against `base`."""
    print(f"\n| {head} | time, median (min–max) | ratio |\n| --- | --- | --- |")
    b = statistics.median(base)
    for name, values in rows:
        print(f"| {name} | {msf(values)} | **{statistics.median(values) / b:.1f}x** |")


def export_bench(data: Path, runs: int, cli_runs: int, names_file: Path) -> None:
    """Export in every format, full and shared: in-process and through the CLI."""
    day = open_day(data, None, None, day_id=only_day(data), read_only=True)
    plan, events, log = day.plan, day.events, next((days_dir(data) / day.day_id).glob("*.jsonl"))
    record = day_record(plan, events, DAY_END)
    notes = [{"item": i.id, "kind": n.kind, "text": n.text, "at": n.at.isoformat(), "author": n.author, "private": n.private,
              "owner": n.owner, "due": n.due} for i in record.items for n in i.notes]
    shared = share(record, PSEUDONYMS)
    print(f"\nexport day: {len(events)} events, {log.stat().st_size / 1e6:.1f} MB log; full export {len(notes)} notes, "
          f"shared {sum(len(i.notes) for i in shared.items)} notes; {len(PSEUDONYMS)} pseudonyms", flush=True)
    base: list[float] = []
    got: dict[str, list[float]] = {}
    for _ in range(runs):
        base.append(timed(lambda: json.dumps(notes, ensure_ascii=False)))
        indented = timed(lambda: json.dumps(notes, ensure_ascii=False, indent=2))
        got.setdefault("(`json.dumps` of the same with `indent=2`, as `to_json`)", []).append(indented)
        got.setdefault("`day_record` alone (fold + status)", []).append(timed(lambda: day_record(plan, events, DAY_END)))
        got.setdefault("`share` alone (pseudonyms, filter)", []).append(timed(lambda: share(record, PSEUDONYMS)))
        for fmt, what in FORMATS:
            for shr in (False, True):
                name = f"{fmt}{' ' + what if what else ''}{' --share' if shr else ''}"
                got.setdefault(name, []).append(timed(lambda shr=shr, fmt=fmt, what=what: render(
                    share(day_record(plan, events, DAY_END), PSEUDONYMS) if shr else day_record(plan, events, DAY_END), fmt, what)))
    print(f"\n## Export in-process: `day_record` (+ `share`) + `render` ({runs} runs each)\n\nbaseline: `json.dumps` of the "
          f"{len(notes)} notes as plain dicts: {msf(base)}")
    table("export", list(got.items()), base)

    out = Path(tempfile.mkdtemp(prefix="ftui-bench-out-"))
    cli = [sys.executable, "-m", "facilitator_tui", "export", "--data-dir", str(data), "--day", day.day_id]
    base, got = [], {}
    run_proc([sys.executable, "-c", LOG_READER, str(log)])  # warm-up
    for _ in range(cli_runs):
        base.append(run_proc([sys.executable, "-c", LOG_READER, str(log)])[0])
        for fmt, what in FORMATS:
            for shr in (False, True):
                name = f"{fmt}{' ' + what if what else ''}{' --share' if shr else ''}"
                extra = ["--share", "--pseudonyms", str(names_file)] if shr else []
                argv = [*cli, "--format", fmt, *(["--what", what] if what else []), *extra, "-o", str(out / f"x.{fmt}")]
                got.setdefault(name, []).append(run_proc(argv)[0])
    shutil.rmtree(out, ignore_errors=True)
    print(f"\n## Export through the CLI, process start to exit ({cli_runs} runs each)\n\nbaseline: a bare `python -c` reading and "
          f"`json.loads`-ing every line of the log: {msf(base)}")
    table("`facilitator-tui export --format`", list(got.items()), base)


MEM_PROBES = {
    "plain json: read + `json.loads` every line, kept": ("import json", "events = [json.loads(line) for line in open(sys.argv[1], 'rb')]"),
    "`open_day` (read + parse + fold), kept": (
        "from facilitator_tui.core.days import open_day\nfrom facilitator_tui.core.clock import FakeClock",
        "day = open_day(Path(sys.argv[2]), None, None, day_id=sys.argv[3], clock=FakeClock(dt.datetime.now(dt.timezone.utc)))\nday.close()",
    ),
    "imports of `open_day` only, no day": ("from facilitator_tui.core.days import open_day\nfrom facilitator_tui.core.clock import FakeClock", ""),
}


def memory(log: Path, data: Path, day_id: str) -> dict[str, tuple[float, float, float]]:
    """(peak RSS, Python heap kept and peak after the imports) in MB, per probe, each from its own child process.

    Peak RSS is the child's `VmHWM`, not `ru_maxrss` (which keeps the forking parent's size across exec).
    tracemalloc runs in a second child, as it adds memory of its own.
    """
    found = {}
    for name, (setup, work) in MEM_PROBES.items():
        head = f"import sys, tracemalloc, datetime as dt\nfrom pathlib import Path\n{setup}\n"
        hwm = "\nprint(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1], file=sys.stderr)"
        rss = int(run_proc([sys.executable, "-c", head + work + hwm, str(log), str(data), day_id])[1].split()[-1]) / 1024
        traced = f"{head}tracemalloc.start()\n{work}\nprint(*tracemalloc.get_traced_memory(), file=sys.stderr)"
        kept, peak = run_proc([sys.executable, "-c", traced, str(log), str(data), day_id])[1].split()[-2:]
        found[name] = (rss, int(kept) / 2**20, int(peak) / 2**20)
    return found


def restart_bench(data: Path, tiny: Path, runs: int, app_runs: int) -> None:
    """Reopen the big day: in-process, one timer key, peak memory, and the app's first frame in a pty."""
    day_id, tiny_id = only_day(data), only_day(tiny)
    folder = days_dir(data) / day_id
    log = next(folder.glob("*.jsonl"))
    base: list[float] = []
    got: dict[str, list[float]] = {}
    for _ in range(runs):
        base.append(timed(lambda: [json.loads(line) for line in log.read_bytes().splitlines()]))
        t0 = time.perf_counter()
        day = open_it(data, day_id)
        got.setdefault("`open_day` (read + parse + fold), as the app", []).append(time.perf_counter() - t0)
        day.close()
        got.setdefault("— of which `LogReader.read_new` (read + pydantic parse)", []).append(timed(lambda: LogReader(folder).read_new()))
        got.setdefault("— of which `fold(plan, events)`", []).append(timed(lambda day=day: fold(day.plan, day.events)))
        gc.disable()  # a diagnostic: how much of the restart is the cyclic garbage collector
        try:
            got.setdefault("`open_day` again, with `gc.disable()` (diagnostic)", []).append(timed(lambda: open_it(data, day_id).close()))
        finally:
            gc.enable()
    print(f"\nrestart day: {len(day.events)} events ({dict(Counter(e.type for e in day.events).most_common(4))}…), "
          f"{log.stat().st_size / 1e6:.1f} MB log", flush=True)
    print(f"\n## Restart in-process ({runs} runs each)\n\nbaseline: read the file, `json.loads` every line: {msf(base)}")
    table("restart", list(got.items()), base)

    mem = memory(log, data, day_id)
    print("\n## Memory of the restart (child processes; Python heap by tracemalloc, after the imports)\n")
    print("| process | peak RSS | Python heap kept | Python heap peak |\n| --- | --- | --- | --- |")
    for name, (rss, kept, peak) in mem.items():
        print(f"| {name} | {rss:.0f} MB | {kept:.0f} MB | {peak:.0f} MB |")
    (json_rss, json_kept, json_peak), (day_rss, day_kept, day_peak), _ = mem.values()
    print(f"\nratio `open_day` / plain json: **{day_rss / json_rss:.1f}x** peak RSS, "
          f"**{day_kept / json_kept:.1f}x** heap kept, **{day_peak / json_peak:.1f}x** heap peak")

    frames: dict[str, list[float]] = {"big day": [], "2-event day (baseline)": []}
    subjects = [("big day", data, day_id), ("2-event day (baseline)", tiny, tiny_id)]
    for rnd in range(app_runs + 1):  # round 0 is a warm-up
        for name, where, which in subjects if rnd % 2 else subjects[::-1]:
            run = PtyRun([sys.executable, "-m", "facilitator_tui", "--data-dir", str(where), "--day", which])
            try:
                seconds = run.wait_for("Now:", timeout=180)
            finally:
                run.close()
            if rnd:
                frames[name].append(seconds)
    print(f"\n## App restart: spawn to the first frame showing `Now:` (pty {COLS}x{ROWS}, {app_runs} start-ups each, alternating)")
    table("`facilitator-tui --day ID`", list(frames.items()), frames["2-event day (baseline)"])

    n = 2 * max(runs // 2, 2)
    acts: dict[str, list[float]] = {}
    for name, where, which in (("big day", data, day_id), ("2-event day", tiny, tiny_id)):
        day = open_it(where, which)  # pause, resume, …: a timer act refolds the timer events
        acts[f"timer key, {name}"] = [timed(lambda day=day: day.do(Toggle())) for _ in range(n)]
        acts[f"`Day.record` alone, {name}"] = [
            timed(lambda k=k, day=day: day.record((ev.Resume if k % 2 else ev.Pause)(**day.stamp()))) for k in range(n)
        ]
        day.close()
        day = open_day(where, None, None, day_id=which, read_only=True, clock=FakeClock(DAY_END))
        acts[f"`follow()`, {name}"] = [timed(day.follow) for _ in range(n)]
    print(f"\n## Per act on the opened day ({n} each; ratio against the same act on the 2-event day)\n\n"
          "timer key: `Day.do(Toggle())` as the space key does it (the act's rule, then the write, fsync "
          "included); `Day.record` alone: the same write with no rule checked. `follow()`: what a read-only window (review, "
          "display) runs every tick, here with nothing new in the log.")
    print("\n| act | time, median (min–max) | ratio |\n| --- | --- | --- |")
    for name, values in sorted(acts.items(), key=lambda pair: pair[0].split(",")[0], reverse=True):
        small = acts[name.replace("big day", "2-event day")]
        print(f"| {name} | {msf(values)} | **{statistics.median(values) / statistics.median(small):.1f}x** |")


def only_day(data: Path) -> str:
    """The id of the one day in a data dir."""
    (day_id,) = os.listdir(days_dir(data))
    return day_id


def main(argv: list[str] | None = None) -> int:
    """Build the days in a temp folder, run both benchmarks, print Markdown tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000, help="notes in the export day (default 10000)")
    parser.add_argument("--events", type=int, default=100_000, help="events in the restart day (default 100000)")
    parser.add_argument("--runs", type=int, default=5, help="in-process runs of each measurement (default 5)")
    parser.add_argument("--cli-runs", type=int, default=3, help="CLI runs of each export (default 3)")
    parser.add_argument("--app-runs", type=int, default=5, help="app start-ups of each day (default 5)")
    parser.add_argument("--only", choices=("export", "restart"), help="run one benchmark only")
    parser.add_argument("--quick", action="store_true", help="1,000 notes, 10,000 events, 2 runs of each: a smoke run")
    args = parser.parse_args(argv)
    if args.quick:
        args.notes, args.events, args.runs, args.cli_runs, args.app_runs = 1_000, 10_000, 2, 1, 2
    print("\n".join(machine()), flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="ftui-daylog-bench-"))
    try:
        items = len(load_plan(bundled_plans()["partnership-dynamics"]).agenda)
        if args.only != "restart":
            # Every item ends with free-text notes: captures + one note per item = --notes notes in a full export.
            build_day(tmp / "export", captures=args.notes - items, saves=20 * items, timers=4 * items)
            (tmp / "names.toml").write_text("".join(f'"{k}" = "{v}"\n' for k, v in PSEUDONYMS.items()), encoding="utf-8")
            export_bench(tmp / "export", args.runs, args.cli_runs, tmp / "names.toml")
        if args.only != "export":
            t0 = time.perf_counter()
            # 60 % captures, 1 % timer acts, the rest autosaves; less the header, Start, Next and NoteSharing events.
            captures, timers = args.events * 3 // 5, args.events // 100
            saves = args.events - captures - timers - 2 - (items - 1) - (items + 1) // 2
            build_day(tmp / "restart", captures=captures, saves=saves, timers=timers)
            build_day(tmp / "tiny", captures=0, saves=0, timers=0)
            print(f"\n(built the restart day in {time.perf_counter() - t0:.0f} s)", flush=True)
            restart_bench(tmp / "restart", tmp / "tiny", args.runs, args.app_runs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
