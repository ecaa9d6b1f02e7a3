"""The big countdown of the current item, its phase and what is next."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Label

from ...core.phases import all_phases
from ...core.plan import Plan
from ...core.status import ItemMark, Mode, Status, format_clock, minutes_between, warning_level
from ..labels import bar_text, set_text
from ..texts import hhmm

LEVEL_LABELS = {
    "ok": "",
    "warn": "⚠ {minutes} MIN WARNING",
    "over": "■ OVERTIME",
}


class ClockPanel(Vertical):
    """Countdown (Textual `Digits`), item title, warning label, phase and next up."""

    def compose(self) -> ComposeResult:
        yield Label(id="clock-title", markup=False)
        with Horizontal(id="clock-row"):
            yield Digits("--:--", id="countdown")
            with Vertical(id="clock-side"):
                yield Label(id="clock-state", markup=False)
                yield Label(id="clock-ends", markup=False)
        with Horizontal(id="phase-row"):
            yield Label(id="phase-label", markup=False)
            # A text bar: Textual's ProgressBar runs a timer of its own every second.
            yield Label(id="phase-bar", markup=False)
        yield Label(id="next-up", markup=False)

    def show(self, plan: Plan, status: Status) -> None:
        """Repaint from the live status."""
        title, digits, state, ends, level = _clock_texts(plan, status)
        set_text(self.query_one("#clock-title", Label), title)
        digits_widget = self.query_one("#countdown", Digits)
        if digits_widget.value != digits:
            digits_widget.update(digits)
        set_text(self.query_one("#clock-state", Label), state)
        set_text(self.query_one("#clock-ends", Label), ends)
        for name in ("ok", "warn", "critical", "over", "paused", "before", "gap", "ended"):
            self.set_class(name == level, f"-{name}")
        self._show_phase(plan, status)
        self._show_next(plan, status)

    def _show_phase(self, plan: Plan, status: Status) -> None:
        label = self.query_one("#phase-label", Label)
        bar = self.query_one("#phase-bar", Label)
        phase = status.phase
        if status.current is None or phase is None:
            set_text(label, "")
            set_text(bar, "")
            return
        _, step = all_phases(plan.agenda[status.current])[phase.index]
        if phase.done:
            # After the last phase: what is left of the item is spare time, not overtime.
            spare = f"{format_clock(status.remaining)} spare" if status.remaining > 0 else "item over"
            set_text(label, f"Phase done · {spare} · {step.name}")
            set_text(bar, bar_text(1.0, 14))
            return
        left = format_clock(phase.remaining)
        set_text(label, f"Phase {phase.index + 1}/{phase.count} · {left} left · {step.name}")
        set_text(bar, bar_text(phase.elapsed / phase.length if phase.length else 1.0, 14))

    def _show_next(self, plan: Plan, status: Status) -> None:
        label = self.query_one("#next-up", Label)
        following = status.next_index
        if status.mode in (Mode.BEFORE, Mode.GAP) and following is not None:
            # The title above already names the item up first: "next" is the one after it.
            later = [t.index for t in status.items if t.index > following and t.projected_start is not None and t.mark is ItemMark.UPCOMING]
            following = later[0] if later else None
        if following is None:
            set_text(label, "Next: close of the day" if status.mode is not Mode.ENDED else "")
            return
        item = plan.agenda[following]
        timing = status.items[following]
        text = f"Next {hhmm(timing.projected_start or timing.planned_start)}: {item.title}"
        if item.materials:
            text += " · needs: " + ", ".join(item.material_names)
        set_text(label, text)


def _clock_texts(plan: Plan, status: Status) -> tuple[str, str, str, str, str]:
    """(title, digits, state label, ends line, style level) for the status."""
    if status.mode is Mode.ENDED:
        return ("Day over", hhmm(status.now), "CLOSED", f"closed {hhmm(status.projected_close)}", "ended")
    if status.mode is Mode.BEFORE:
        first = plan.agenda[status.next_index] if status.next_index is not None else plan.agenda[0]
        until = status.until_start
        state = "until start" if until > 0 else "LATE · press space"
        return (f"Up first: {first.title}", format_clock(until), state, f"planned {hhmm(status.planned_start)}", "before")
    if status.mode is Mode.GAP and status.next_index is not None:
        waiting = plan.agenda[status.next_index]
        until = status.until_next or 0.0
        starts = status.items[status.next_index].planned_start
        state = "until it starts" if until > 0 else "DUE · n or space starts it"
        title = f"Gap · {waiting.title} at {hhmm(starts)}" + (f", in {format_clock(until)}" if until > 0 else "")
        return (title, format_clock(until), state, "n or space starts it now", "gap")
    assert status.current is not None
    item = plan.agenda[status.current]
    remaining = status.remaining
    timing = status.items[status.current]
    level = warning_level(remaining, plan.warnings.minutes)
    end = timing.projected_end
    late = minutes_between(end, timing.planned_end) if end else 0
    ends = f"ends {hhmm(end)}" + (f" ({late:+d})" if late else "")
    if status.mode is Mode.PAUSED:
        state, level = "⏸ PAUSED", "paused"
    elif level == "over":
        state = LEVEL_LABELS["over"]
    elif level in ("warn", "critical"):
        threshold = min(m for m in plan.warnings.minutes if remaining <= m * 60)
        # Name the stage reached, not the exact time left (the digits show that).
        state = LEVEL_LABELS["warn"].format(minutes=threshold)
    else:
        state = "left"
    return (f"Now: {item.title}", format_clock(remaining), state, ends, level)
