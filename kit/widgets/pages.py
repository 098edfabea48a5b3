"""A big draft shown a page of objectives at a time, so a 300-KR paste is on screen in seconds.

Every widget on screen is a model the browser builds one by one; a page keeps that to a few hundred
whatever the draft's size, while the rubric still reviews the whole set and the summary speaks for
all of it. An objective is never split across pages.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from kit.widgets.style import MUTED

PAGE_KRS = 20


def page_ranges(kr_counts: list[int], per_page: int = PAGE_KRS) -> list[range]:
    """Consecutive objectives (by index) in pages of at most `per_page` KR rows; an objective with more
    rows than that has a page of its own, and an objective without KRs counts as one row."""
    pages: list[range] = []
    start = rows = 0
    for index, count in enumerate(kr_counts):
        count = max(count, 1)
        if index > start and rows + count > per_page:
            pages.append(range(start, index))
            start, rows = index, 0
        rows += count
    pages.append(range(start, len(kr_counts)))
    return pages


def page_of(pages: list[range], objective: int) -> int:
    """The page that shows an objective (the last page for an index past the end)."""
    return next((number for number, page in enumerate(pages) if objective in page), len(pages) - 1)


class Pager(widgets.HBox):
    """Previous / next and where the page is in the draft; hidden while the draft fits on one page."""

    def __init__(self, turn: Callable[[int], None]) -> None:
        self.previous = widgets.Button(description="◂ Previous", tooltip="The objectives before these",
                                       layout=widgets.Layout(width="8em"))
        self.next = widgets.Button(description="Next ▸", tooltip="The objectives after these",
                                   layout=widgets.Layout(width="8em"))
        self.previous.add_class("okr-page-previous")
        self.next.add_class("okr-page-next")
        self.previous.on_click(lambda _b: turn(-1))
        self.next.on_click(lambda _b: turn(1))
        self.where = widgets.HTML()
        self.where.add_class("okr-page-where")
        super().__init__([self.previous, self.where, self.next], layout=widgets.Layout(display="none"))
        self.add_class("okr-pager")

    def show(self, pages: list[range], current: int, kr_counts: list[int]) -> None:
        page = pages[current]
        self.layout.display = "flex" if len(pages) > 1 else "none"
        self.previous.disabled = current == 0
        self.next.disabled = current == len(pages) - 1
        first_kr = sum(kr_counts[: page.start]) + 1
        last_kr = sum(kr_counts[: page.stop])
        krs = f", key results {first_kr}–{last_kr}" if last_kr >= first_kr else ""
        self.where.value = (f"<span style='color:{MUTED};padding:0 1em'>Page {current + 1} of {len(pages)}: "
                            f"objectives {page.start + 1}–{page.stop} of {len(kr_counts)}{krs} of "
                            f"{sum(kr_counts)}</span>")
