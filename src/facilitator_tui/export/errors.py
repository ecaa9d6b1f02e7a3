"""The one error an export raises: it cannot be made as asked, and the message says why."""


class ExportError(Exception):
    """An export that cannot be made as asked; the message says why."""
