"""The current item's prompts and exercise steps, and (on a toggle) guidance."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...core.closing import Closing
from ...core.events import GroupsMade
from ...core.phases import Step, steps_of
from ...core.plan import Exercise, Item
from ...core.status import hhmm


def prompts_text(
    item: Item,
    phase_index: int | None,
    show_guidance: bool,
    *,
    private: bool = False,
    groups: Mapping[int, GroupsMade] | None = None,
    set_up_next: Item | None = None,
    notice: str = "",
) -> Text:
    """The facilitator's view of an item, with the running phase first; guidance (and role briefs) on request.

    Guidance, when shown, comes at the top: it is what the facilitator asked
    for, and at 80x24 the bottom of a long item is far off screen. Words to
    read aloud and the groups' names are the facilitator's too: `private`
    (the privacy key, for a mirrored screen) hides them with the guidance.
    `set_up_next` is the item after a break or gap, whose room set-up leads.
    """
    text = Text()
    steps = steps_of(item)
    if notice:
        text.append(notice + "\n\n", style="bold")
    if set_up_next is not None and set_up_next.setup:
        text.append(f"Set up for {set_up_next.title}: ", style="bold reverse")
        text.append(set_up_next.setup + "\n\n", style="bold")
    if show_guidance:
        _guidance(text, item)
    running = steps[phase_index] if phase_index is not None and 0 <= phase_index < len(steps) else None
    if not private:
        _read_aloud(text, item, running)
    if running is not None:
        # The running phase's instructions lead: at 80x24 they must show without scrolling.
        phase = running.shown
        text.append(f"▶ Now: {phase.name}\n", style="bold reverse")
        if phase.instructions:
            text.append(phase.instructions + "\n", style="bold")
        if phase.link:
            text.append(phase.link + "\n")
        text.append("\n")
    leads = " · ".join(part for part in (f"Lead: {item.lead}" if item.lead else "", f"Co: {item.co}" if item.co else "") if part)
    if leads:
        text.append(leads + "\n", style="dim")
    if item.purpose:
        text.append(item.purpose + "\n", style="italic")
    if item.prompts:
        text.append("\nPrompts\n", style="bold")
        for prompt in item.prompts:
            text.append(f" • {prompt}\n")
    for e_index, exercise in enumerate(item.exercises):
        total = sum(step.shown.minutes for step in steps if step.exercise == e_index)
        text.append(f"\nExercise: {exercise.title} ({total} min)\n", style="bold")
        if exercise.summary:
            text.append(exercise.summary + "\n")
        for flat, step in enumerate(steps):
            if step.exercise != e_index:
                continue
            now = flat == phase_index
            marker = "▶" if now else " "
            phase = step.shown
            who = f" · {phase.lead}" if phase.lead else ""
            text.append(f" {marker} {phase.minutes:>2} min  {phase.name}{who}\n", style="bold reverse" if now else "")
            if phase.instructions and step.round == 1 and not step.is_transition:
                text.append(f"          {phase.instructions}\n", style="" if now else "dim")
            if phase.setup and step.round == 1:
                text.append(f"          Set-up: {phase.setup}\n", style="dim")
        if exercise.roles:
            # Names only: a brief is handed to one player and may hold what they must not say aloud.
            text.append("   Roles: " + ", ".join(role.name for role in exercise.roles) + "\n")
        if exercise.groups is not None or exercise.roles:
            _groups(text, exercise, (groups or {}).get(e_index), private)
        if exercise.debrief:
            text.append("   Debrief:\n", style="bold")
            for question in exercise.debrief:
                text.append(f"   • {question}\n")
    if item.materials:
        text.append("\nMaterials: " + ", ".join(item.material_names) + "\n", style="dim")
    if item.handouts:
        text.append("Handouts: " + ", ".join(handout.title for handout in item.handouts) + "\n", style="dim")
    return text


def _read_aloud(text: Text, item: Item, running: Step | None) -> None:
    """The words to read aloud: the item's as it starts, a phase's while it runs (once, at its first round)."""
    scripts = []
    if item.script and (running is None or (running.exercise, running.phase) == (0, 0)):
        scripts.append(item.script)
    if running is not None and running.shown.script and running.round == 1:
        scripts.append(running.shown.script)
    for script in scripts:
        text.append("Read aloud\n", style="bold underline")
        text.append(script + "\n\n")


def _groups(text: Text, exercise: Exercise, made: GroupsMade | None, private: bool) -> None:
    """The groups and castings made on the day (t shows them in full; r there re-rolls)."""
    rule = exercise.groups
    ask = "roles" if rule is None else f"{rule.boards} boards" if rule.boards else f"groups of {rule.people_per_group}"
    if made is None:
        text.append(f"   Groups: {ask}, not made yet (t)\n", style="dim")
        return
    if private:
        text.append(f"   Groups: {len(made.groups) or len(made.castings)} made (names hidden)\n", style="dim")
        return
    for number, group in enumerate(made.groups, start=1):
        label = "Board" if rule is not None and rule.boards else "Group"
        text.append(f"   {label} {number}: {', '.join(group)}\n")
    if made.observers:
        text.append(f"   Observers: {', '.join(made.observers)}\n")
    for casting in made.castings:
        parts = "; ".join(f"{role}: {name}" for role, name in casting.get("parts", []))
        text.append(f"   Board {casting.get('board', '?')} roles: {parts}\n")
    for reason in made.broken:
        text.append(f"   ⚠ Could not keep: {reason}\n", style="bold")


def _guidance(text: Text, item: Item) -> None:
    """The facilitator-only part: guidance, what to do if it goes wrong, and the role briefs."""
    briefs = [role for exercise in item.exercises for role in exercise.roles]
    if item.guidance.is_empty and not briefs:
        text.append("Facilitator guidance (private): none for this item.\n\n", style="bold underline")
        return
    text.append("Facilitator guidance (private) · g hides\n", style="bold underline")
    contingency = item.guidance.contingency
    ifs = tuple(
        f"{when}: {what}"
        for when, what in (
            ("If behind", contingency.behind),
            ("If someone is distressed", contingency.distress),
            ("If a real conflict erupts", contingency.conflict),
        )
        if what
    )
    guidance = item.guidance
    for heading, lines in (("Watch for", guidance.watch_for), ("Debrief", guidance.debrief), ("Notes", guidance.notes), ("Contingency", ifs)):
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

    def show(
        self,
        item: Item | None,
        phase_index: int | None,
        show_guidance: bool,
        *,
        private: bool = False,
        groups: Mapping[int, GroupsMade] | None = None,
        set_up_next: Item | None = None,
        notice: str = "",
    ) -> None:
        """Show an item's prompts (or nothing)."""
        made = tuple(sorted((index, event.id) for index, event in (groups or {}).items()))
        key = (item.id if item else None, phase_index, show_guidance, private, made, set_up_next.id if set_up_next else None, notice)
        if key == self._key:
            return
        moved_item = self._key is None or key[0] != self._key[0]
        self._key = key
        body = self.query_one("#prompts-body", Static)
        shown = (
            prompts_text(item, phase_index, show_guidance, private=private, groups=groups, set_up_next=set_up_next, notice=notice)
            if item
            else Text("Nothing is running.")
        )
        body.update(shown)
        if moved_item or show_guidance != (self._shown_guidance):
            self.scroll_home(animate=False)
        self._shown_guidance = show_guidance
