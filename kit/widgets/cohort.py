"""The facilitator's drill-down into one team's draft, and how it changed since an earlier version."""

from __future__ import annotations

import ipywidgets as widgets

from kit.cop.cohort import Cohort
from kit.report.cohort import draft_html
from kit.store import Store
from kit.widgets.diff import diff_html


def cohort_browser(store: Store, cohort: Cohort) -> widgets.VBox:
    """Drill-down widget: pick a team to see its draft; pick an earlier version to see the rewrite."""
    team_picker = widgets.Dropdown(options=cohort.teams, description="Team")
    compare_picker = widgets.Dropdown(description="Compare with", style={"description_width": "initial"})
    shown = widgets.HTML()

    def show_team(*_: object) -> None:
        team = team_picker.value
        if team is None:
            shown.value = "<p>No team has saved a draft yet.</p>"
            return
        latest = cohort.draft(team).info.version
        earlier = [(f"version {v.version} ({v.author})", v.version) for v in store.versions(cohort.workshop, team)]
        compare_picker.options = [("(nothing)", 0), *[o for o in earlier if o[1] != latest]]
        compare_picker.value = 0
        show_comparison()

    def show_comparison(*_: object) -> None:
        team = team_picker.value
        if team is None:
            return
        page = draft_html(cohort, team)
        if compare_picker.value:
            diff = store.diff(cohort.workshop, team, compare_picker.value, cohort.draft(team).info.version)
            page = f"<h3>Before and after</h3>{diff_html(diff)}<hr>{page}"
        shown.value = page

    team_picker.observe(show_team, names="value")
    compare_picker.observe(show_comparison, names="value")
    show_team()
    return widgets.VBox([widgets.HBox([team_picker, compare_picker]), shown])
