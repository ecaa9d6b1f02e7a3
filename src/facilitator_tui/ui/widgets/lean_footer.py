"""Textual's footer, without the memory it keeps on every rebuild.

Each rebuild of `Footer` (a focus change, a form opened or closed) makes new
key widgets that watch the footer's `compact`; Textual drops a watcher only
when `compact` changes, so every old key widget stays in memory (Textual issue
#6666, open in 8.2.8): about 0.25 MB per capture over a day. After each
rebuild this footer lets go of the watchers of key widgets no longer on screen.
"""

from __future__ import annotations

from textual.widgets import Footer


class LeanFooter(Footer):
    """A `Footer` that prunes its dead key widgets' watchers after each rebuild."""

    async def recompose(self) -> None:
        await super().recompose()
        self.prune_watchers()

    def prune_watchers(self) -> None:
        """Forget the watchers whose widget has left the screen (Textual keeps them until the value changes)."""
        watchers: dict[str, list[tuple[object, object]]] = getattr(self, "__watchers", {})
        for entries in watchers.values():
            entries[:] = [(owner, callback) for owner, callback in entries if getattr(owner, "is_attached", True)]
