"""The current item's prompts and exercise steps, and (on a toggle) guidance."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...plan import Item


def prompts_text(item: Item, phase_index: int | None, show_guidance: bool) -> Text:
    """Everything participant-facing about an item, plus guidance when asked for."""
    text = Text()
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
            line = f" {marker} {phase.minutes:>2} min  {phase.name}"
            text.append(line + "\n", style="bold reverse" if now else "")
            if phase.instructions:
                text.append(f"          {phase.instructions}\n", style="" if now else "dim")
            flat += 1
        for role in exercise.roles:
            text.append(f"   Role: {role.name}", style="bold")
            text.append(f" — {role.brief}\n")
        if exercise.debrief:
            text.append("   Debrief:\n", style="bold")
            for question in exercise.debrief:
                text.append(f"   • {question}\n")
    if item.materials:
        text.append("\nMaterials: " + ", ".join(item.materials) + "\n", style="dim")
    if show_guidance and not item.guidance.is_empty:
        text.append("\nFacilitator guidance (private)\n", style="bold underline")
        for heading, lines in (("Watch for", item.guidance.watch_for), ("Debrief", item.guidance.debrief), ("Notes", item.guidance.notes)):
            if lines:
                text.append(f" {heading}\n", style="bold")
                for line in lines:
                    text.append(f"  – {line}\n")
    return text


class PromptsPanel(VerticalScroll):
    """Scrollable prompts; rebuilt only when the item, phase or guidance toggle changes."""

    can_focus = False

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._key: tuple | None = None

    def compose(self):
        yield Static(id="prompts-body", markup=False)

    def show(self, item: Item | None, phase_index: int | None, show_guidance: bool) -> None:
        """Show an item's prompts (or nothing)."""
        key = (item.id if item else None, phase_index, show_guidance)
        if key == self._key:
            return
        moved_item = self._key is None or key[0] != self._key[0]
        self._key = key
        body = self.query_one("#prompts-body", Static)
        body.update(prompts_text(item, phase_index, show_guidance) if item else Text("Nothing is running."))
        if moved_item:
            self.scroll_home(animate=False)
