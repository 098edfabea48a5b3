"""The alignment tree: from the North Star down to every team's KRs, with what the challenge session settles.

A view over `kit.programme.alignment`; the page picks the programme (a workshop's saved sets, one of
them the company's) and redraws from the store when asked, since teams save their drafts elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import yaml

from kit.errors import KitError
from kit.model import Finding, OkrSet
from kit.parse import parse
from kit.programme.alignment import NORTH_STAR, Alignment, Contribution, Place, check_alignment
from kit.store import Store
from kit.widgets.shared import folder_and_store
from kit.widgets.style import LEVEL_COLOURS, MUTED, esc, message_html, pill

SAMPLE_PROGRAMME = "Sample programme (Northwind)"
SAMPLE_COMPANY = "Northwind company"
_TREE_CSS = (
    "<style>.okr-alignment ul{list-style:none;margin:2px 0 2px 1.2em;padding-left:.8em;border-left:2px solid #ddd}"
    ".okr-alignment li{margin:3px 0}.okr-alignment .okr-node{font-weight:600}</style>"
)


def sample_programme() -> tuple[OkrSet, dict[str, OkrSet]]:
    """The company set and team sets that ship with the notebooks, to show the tree before any is saved."""
    from kit.cycle.team_cycle import sample_file

    data = yaml.safe_load(sample_file("sample_programme.yaml").read_text(encoding="utf-8"))
    return parse(data["company"]), {team: parse(text) for team, text in data["teams"].items()}


def _flags(findings: Sequence[Finding]) -> str:
    return "".join(
        f" {pill(f.rule.removeprefix('alignment-'), LEVEL_COLOURS[f.level.value])}"
        f"<span data-rule='{esc(f.rule)}' style='color:{MUTED};font-size:.9em'> {esc(f.message)}</span>"
        for f in findings
    )


def _team_kr(alignment: Alignment, contribution: Contribution) -> str:
    place = contribution.place
    found = [f for f in alignment.team_findings.get(contribution.team, [])
             if (f.objective_index, f.kr_index) == (place.objective_index, place.kr_index)]
    return (f"<li class='okr-team-kr' data-team='{esc(contribution.team)}'>{pill(contribution.team, '#455a64')} "
            f"<b>{esc(place.label())}</b> {esc(contribution.kr.text)}{_flags(found)}</li>")


def _under(alignment: Alignment, target: Place | str) -> str:
    items = "".join(_team_kr(alignment, c) for c in alignment.under(target))
    return f"<ul>{items}</ul>" if items else ""


def alignment_tree_html(alignment: Alignment) -> str:
    """The tree as nested lists, every piece of user text escaped: North Star, company objectives and
    KRs with the team KRs under each, then what links to nothing and what is not linked at all."""
    company = alignment.company
    star = company.north_star or "no North Star named in the company set"
    parts = [f"<li><span class='okr-node okr-north-star'>★ North Star: {esc(star)}</span>"
             f"{_under(alignment, NORTH_STAR)}<ul>"]
    for oi, objective in enumerate(company.objectives):
        parts.append(f"<li><span class='okr-node'>Company objective {oi + 1}: {esc(objective.text)}</span>"
                     f"{_under(alignment, Place(oi))}<ul>")
        for ki, kr in enumerate(objective.key_results):
            found = [f for f in alignment.company_findings if (f.objective_index, f.kr_index) == (oi, ki)]
            parts.append(f"<li class='okr-company-kr'><span class='okr-node'>KR {oi + 1}.{ki + 1}</span> "
                         f"{esc(kr.text)}{_flags(found)}{_under(alignment, Place(oi, ki))}</li>")
        parts.append("</ul></li>")
    parts.append("</ul></li>")
    loose = alignment.unlinked()
    tree = f"{_TREE_CSS}<ul class='okr-alignment-tree'>{''.join(parts)}</ul>"
    if loose:
        rows = "".join(_team_kr(alignment, c) for c in loose)
        tree += f"<h4>Not linked to the company set ({len(loose)})</h4><ul class='okr-unlinked'>{rows}</ul>"
    return f"<div class='okr-alignment'>{tree}</div>"


def summary_html(alignment: Alignment) -> str:
    """Counts a programme lead reads first: links, gaps, overlaps and dependencies."""
    findings = [f for _, f in alignment.findings()]
    count = {rule: sum(1 for f in findings if f.rule == rule) for rule in {f.rule for f in findings}}
    linked = sum(1 for c in alignment.contributions if c.target is not None)
    total = len(alignment.contributions)
    items = [
        f"{linked} of {total} team KRs linked",
        f"{count.get('alignment-link-unresolved', 0)} link(s) to nothing",
        f"{count.get('alignment-company-kr-uncovered', 0)} company KR(s) no team moves",
        f"{count.get('alignment-overlap', 0)} KR(s) on a metric another team measures",
        f"{count.get('alignment-dependency', 0) + count.get('alignment-dependency-unknown', 0)} dependency(ies)",
    ]
    return (f"<div class='okr-alignment-summary' data-linked='{linked}' data-total='{total}'>"
            + " · ".join(esc(item) for item in items) + "</div>")


class AlignmentPage(widgets.VBox):
    """Pick a programme and its company set; see the tree and the findings, redrawn from the store."""

    def __init__(self, workshop: str | Path | None = None, *, store: Store | None = None, **kwargs: Any) -> None:
        _folder, self.store = folder_and_store(workshop, store)
        wide = {"layout": widgets.Layout(width="34em"), "style": {"description_width": "8em"}}
        self.programme = widgets.Dropdown(description="Programme", **wide)
        self.programme.add_class("okr-alignment-programme")
        self.company = widgets.Dropdown(description="Company set", **wide)
        self.company.add_class("okr-alignment-company")
        refresh = widgets.Button(description="Read the store again", icon="refresh",
                                 layout=widgets.Layout(width="14em"))
        refresh.add_class("okr-alignment-refresh")
        refresh.on_click(lambda _b: self.reload())
        self.notice = widgets.HTML()
        self.notice.add_class("okr-alignment-notice")
        self.summary = widgets.HTML()
        self.tree = widgets.HTML()
        self.tree.add_class("okr-alignment-view")
        self.alignment: Alignment | None = None
        super().__init__([widgets.HBox([self.programme, refresh]), self.company, self.notice, self.summary,
                          self.tree], **kwargs)
        self.add_class("okr-alignment-page")
        self._choosing = False  # while the page sets its own dropdowns, their changes do not redraw it
        self.programme.observe(lambda _change: None if self._choosing else self._programme_chosen(), names="value")
        self.company.observe(lambda _change: None if self._choosing else self.draw(), names="value")
        self.reload()

    def reload(self) -> None:
        """Read the workshops again; a programme is a workshop with at least two saved sets."""
        chosen = self.programme.value
        options = [(name, name) for name in self.store.workshops() if len(self.store.teams(name)) >= 2]
        options.append((SAMPLE_PROGRAMME, SAMPLE_PROGRAMME))
        self._choosing = True
        try:
            self.programme.options = options
            self.programme.value = chosen if chosen in dict(options).values() else options[0][1]
        finally:
            self._choosing = False
        self._programme_chosen()

    def _programme_chosen(self) -> None:
        names = [SAMPLE_COMPANY] if self.programme.value == SAMPLE_PROGRAMME else self.store.teams(self.programme.value)
        likely = next((name for name in names if "company" in name.lower()), names[0] if names else None)
        self._choosing = True
        try:
            self.company.options = names
            self.company.value = likely
        finally:
            self._choosing = False
        self.draw()

    def draw(self) -> None:
        try:
            company, teams = self._sets()
        except KitError as error:
            self.notice.value = message_html(str(error), ok=False)
            return
        self.alignment = check_alignment(company, teams)
        self.notice.value = (
            f"<div style='color:{MUTED}'>The company set with {len(teams)} team set(s). Teams say what a KR moves "
            "on a line under it: <code>Contributes to: KR 1.2</code> (or words of the company KR, or "
            "<code>North Star</code>); what they need from others: <code>Depends on: Platform</code>.</div>"
        )
        self.summary.value = summary_html(self.alignment)
        self.tree.value = alignment_tree_html(self.alignment)

    def _sets(self) -> tuple[OkrSet, dict[str, OkrSet]]:
        if self.programme.value == SAMPLE_PROGRAMME:
            return sample_programme()
        workshop, chosen = self.programme.value, self.company.value
        latest = {team: self.store.latest(workshop, team) for team in self.store.teams(workshop)}
        sets = {team: version.okr_set for team, version in latest.items() if version is not None}
        if chosen not in sets:
            raise KitError(f"{chosen} has no saved OKR set in {workshop}; save it in 02 or 03 first")
        company = sets.pop(chosen)
        return company, sets
