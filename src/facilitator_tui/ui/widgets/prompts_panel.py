"""The current item's prompts and exercise steps, and (on a toggle) guidance."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...core.closing import Closing
from ...core.phases import all_phases
from ...core.plan import Item
from ...core.status import hhmm


def prompts_text(item: Item, phase_index: int | None, show_guidance: bool) -> Text:
    """What the room may see about an item, with the running phase first; guidance (and role briefs) on request.

    Guidance, when shown, comes at the top: it is what the facilitator asked
    for, and at 80x24 the bottom of a long item is far off screen.
    """
    text = Text()
    phases = all_phases(item)
    if show_guidance:
        _guidance(text, item)
    if phase_index is not None and 0 <= phase_index < len(phases):
        # The running phase's instructions lead: at 80x24 they must show without scrolling.
        _, phase = phases[phase_index]
        text.append(f"▶ Now: {phase.name}\n", style="bold reverse")
        if phase.instructions:
            text.append(phase.instructions + "\n", style="bold")
        text.append("\n")
    if item.purpose:
        text.append(item.purpose + "\n", style="italic")
    if item.prompts:
        text.append("\nPrompts\n", style="bold")
        for prompt in item.prompts:
            text.append(f" • {prompt}\n")
    flat = 0
    for exercise in item.exercises:
        text.append(f"\nExercise: {exercise.title} ({exercise.minutes} min)\n", style="bold")
        if exercise.summary:
            text.append(exercise.summary + "\n")
        for phase in exercise.phases:
            now = flat == phase_index
            marker = "▶" if now else " "
            text.append(f" {marker} {phase.minutes:>2} min  {phase.name}\n", style="bold reverse" if now else "")
            if phase.instructions:
                text.append(f"          {phase.instructions}\n", style="" if now else "dim")
            flat += 1
        if exercise.roles:
            # Names only: a brief is handed to one player and may hold what they must not say aloud.
            text.append("   Roles: " + ", ".join(role.name for role in exercise.roles) + "\n")
        if exercise.debrief:
            text.append("   Debrief:\n", style="bold")
            for question in exercise.debrief:
                text.append(f"   • {question}\n")
    if item.materials:
        text.append("\nMaterials: " + ", ".join(item.material_names) + "\n", style="dim")
    return text


def _guidance(text: Text, item: Item) -> None:
    """The facilitator-only part: guidance and the role briefs."""
    briefs = [role for exercise in item.exercises for role in exercise.roles]
    if item.guidance.is_empty and not briefs:
        text.append("Facilitator guidance (private): none for this item.\n\n", style="bold underline")
        return
    text.append("Facilitator guidance (private) · g hides\n", style="bold underline")
    for heading, lines in (("Watch for", item.guidance.watch_for), ("Debrief", item.guidance.debrief), ("Notes", item.guidance.notes)):
        if lines:
            text.append(f" {heading}\n", style="bold")
            for line in lines:
                text.append(f"  – {line}\n")
    if briefs:
        text.append(" Role briefs\n", style="bold")
        for role in briefs:
            text.append(f"  {role.name}: ", style="bold")
            text.append(f"{role.brief}\n")
    text.append("\n")


def closing_text(summary: Closing) -> Text:
    """The closed day in a few lines, with the keys for what comes next."""
    text = Text()
    drift = summary.drift_minutes
    against = "on time" if drift == 0 else f"{abs(drift)} min {'late' if drift > 0 else 'early'}"
    text.append(f"Day closed {hhmm(summary.closed)} · target {hhmm(summary.target)} · {against}\n", style="bold")
    skipped = f", {summary.skipped} skipped or passed over" if summary.skipped else ""
    text.append(f"\nItems run: {summary.items_run} of {summary.items_total}{skipped}\n")
    if summary.overruns:
        text.append("Overran:\n")
        for title, minutes in summary.overruns:
            text.append(f" • {title} ", style="")
            text.append(f"+{minutes} min\n", style="bold")
    else:
        text.append("No item overran.\n")
    text.append(f"\nNotes on {summary.notes} item(s) · {summary.actions} action(s) · {summary.captures} captured in all\n")
    text.append("\nv reviews the notes · x exports the day log · p reopens the last item · ctrl+q quits\n", style="italic")
    return text


class PromptsPanel(VerticalScroll):
    """Scrollable prompts; rebuilt only when the item, phase or guidance toggle changes."""

    can_focus = False

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._key: tuple | None = None
        self._shown_guidance = False

    def compose(self):
        yield Static(id="prompts-body", markup=False)

    def show_closing(self, summary: Closing) -> None:
        """Show the closed day's summary instead of an item."""
        key = ("closing", summary, None)
        if key == self._key:
            return
        self._key = key
        self.query_one("#prompts-body", Static).update(closing_text(summary))
        self.scroll_home(animate=False)

    def show(self, item: Item | None, phase_index: int | None, show_guidance: bool) -> None:
        """Show an item's prompts (or nothing)."""
        key = (item.id if item else None, phase_index, show_guidance)
        if key == self._key:
            return
        moved_item = self._key is None or key[0] != self._key[0]
        self._key = key
        body = self.query_one("#prompts-body", Static)
        body.update(prompts_text(item, phase_index, show_guidance) if item else Text("Nothing is running."))
        if moved_item or show_guidance != (self._shown_guidance):
            self.scroll_home(animate=False)
        self._shown_guidance = show_guidance
