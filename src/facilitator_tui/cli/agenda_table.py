"""The plan's agenda as a plain-text table, for `facilitator-tui agenda`."""

from __future__ import annotations

from ..core.plan import Plan, format_hhmm


def agenda_rows(plan: Plan) -> list[tuple[str, str, str, str, str]]:
    """(start, end, minutes, kind, title) for each item, with gaps as rows of their own."""
    rows = []
    for index, item in enumerate(plan.agenda):
        end = plan.item_end_minute(index)
        rows.append((item.start, format_hhmm(end), str(plan.item_minutes(index)), item.kind.value, item.title))
        next_start = plan.agenda[index + 1].start_minute if index + 1 < len(plan.agenda) else plan.close_minute
        if next_start > end:
            rows.append((format_hhmm(end), format_hhmm(next_start), str(next_start - end), "gap", "(unscheduled)"))
    return rows


def agenda_table(plan: Plan) -> str:
    """The agenda table as text, ending with the close time."""
    header = ("Start", "End", "Min", "Kind", "Title")
    rows = agenda_rows(plan)
    widths = [max(len(row[col]) for row in [header, *rows]) for col in range(4)]
    lines = [plan.title]
    if plan.subtitle:
        lines.append(plan.subtitle)
    lines.append("")
    for row in [header, *rows]:
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1]), row[2].rjust(widths[2]), row[3].ljust(widths[3]), row[4]]
        lines.append("  ".join(cells))
    lines.append(f"{plan.close.ljust(widths[0])}  Close")
    return "\n".join(lines) + "\n"
