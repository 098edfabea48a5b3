"""What the save panel shows of a team's saved versions: labels, times, messages and the versions table."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from kit.store import VersionInfo
from kit.widgets.style import LEVEL_COLOURS, MUTED, esc

HISTORY_ROWS = 25


def clock_time(moment: datetime | None) -> str:
    """Local time of day, with the date when it was not today."""
    if moment is None:
        return ""
    local = moment.astimezone()
    if local.date() == datetime.now().astimezone().date():
        return local.strftime("%H:%M:%S")
    return local.strftime("%Y-%m-%d %H:%M")


def version_label(info: VersionInfo) -> str:
    """One saved version in a list: number, author, time and what it restored."""
    restored = f" (restores v{info.restored_from})" if info.restored_from else ""
    return f"v{info.version} · {info.author} · {clock_time(info.saved_at)}{restored}"


def save_message(text: str, colour: str = MUTED, state: str = "idle") -> str:
    """The save panel's one-line status; `state` is for tests and styles (idle, saving, saved, failed)."""
    return f'<div class="okr-save-message" data-state="{esc(state)}" style="color:{colour}">{text}</div>'


def versions_table_html(infos: list[VersionInfo], counts: Callable[[VersionInfo], tuple[int, int, int]]) -> str:
    """The latest versions as a table: who saved each, when, and its errors, warnings and tips."""
    if not infos:
        return save_message("No versions saved yet: they appear here as you type.")
    shown = list(reversed(infos))[:HISTORY_ROWS]
    rows = []
    for info in shown:
        errors, warnings, tips = counts(info)
        note = f"restores version {info.restored_from}" if info.restored_from else ""
        rows.append(
            f'<tr data-version="{info.version}"><td>{info.version}</td><td>{esc(info.author)}</td>'
            f"<td>{clock_time(info.saved_at)}</td>"
            f'<td style="color:{LEVEL_COLOURS["error"] if errors else MUTED}">{errors}</td>'
            f'<td style="color:{LEVEL_COLOURS["warning"] if warnings else MUTED}">{warnings}</td>'
            f"<td>{tips}</td><td>{note}</td></tr>"
        )
    earlier = len(infos) - len(shown)
    more = (f'<p style="color:{MUTED}">and {earlier} earlier version(s): pick them in the lists below.</p>'
            if earlier else "")
    headers = "".join(f"<th>{name}</th>" for name in
                      ("Version", "Author", "Saved at", "Errors", "Warnings", "Tips", ""))
    return (
        "<style>.okr-history-versions th, .okr-history-versions td {padding:2px 12px 2px 0;text-align:left}"
        "</style>"
        f'<table class="okr-history-versions" style="border-collapse:collapse"><thead><tr>{headers}</tr></thead>'
        "<tbody>" + "".join(rows) + "</tbody></table>" + more
    )
