"""Textual's footer, without the memory it keeps on every rebuild.

Each rebuild of `Footer` (a focus change, a form opened or closed) makes new
key widgets that watch the footer's `compact`; Textual drops a watcher only
when `compact` changes, so every old key widget stays in memory (Textual issue
#6666, open in 8.2.8): about 0.25 MB per capture over a day. After each
rebuild this footer lets go of the watchers of key widgets no longer on screen.

Textual rebuilds the footer whenever the screen's bindings are updated, which
is every focus change, even when the keys shown stay the same (Tab through a
form). This footer rebuilds only when what it would show has changed.
"""

from __future__ import annotations

from textual.widgets import Footer


class LeanFooter(Footer):
    """A `Footer` that rebuilds only when its keys change, and prunes its dead key widgets' watchers after each rebuild."""

    _shown: tuple[object, ...] | None = None

    async def recompose(self) -> None:
        shown = self.shown_keys()
        if shown is not None and shown == self._shown:
            return
        self._shown = shown
        await super().recompose()
        self.prune_watchers()

    def shown_keys(self) -> tuple[object, ...] | None:
        """Everything the footer's keys are drawn from; None before the screen's bindings are known."""
        if not self._bindings_ready or not self.is_attached:
            return None
        palette = self.app.COMMAND_PALETTE_BINDING
        return (
            self.show_command_palette,
            *(
                (key, self.app.get_key_display(binding), binding.description, binding.action, binding.group, enabled, tooltip)
                for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
                if binding.show or key == palette
            ),
        )

    def prune_watchers(self) -> None:
        """Forget the watchers whose widget has left the screen (Textual keeps them until the value changes)."""
        watchers: dict[str, list[tuple[object, object]]] = getattr(self, "__watchers", {})
        for entries in watchers.values():
            entries[:] = [(owner, callback) for owner, callback in entries if getattr(owner, "is_attached", True)]
