"""Roles and structural enablers: rules from rubrics/roles_enablers.yaml, the one-page export, the builder."""

from __future__ import annotations

from pathlib import Path

from kit.programme.roles import ENABLER_PARTS, ROLE_PARTS, RolesAndEnablers
from kit.store import open_store
from kit.widgets.onepage_builder import RolesBuilder


def test_every_role_and_enabler_left_empty_is_a_gap_beside_its_field() -> None:
    check = RolesAndEnablers().check()
    for key in (*ROLE_PARTS, *ENABLER_PARTS):
        assert check.for_field(key), key
    assert {f.rule for f in check.missing} == {"roles-no-sponsor", "roles-no-program-lead", "roles-no-champions"}


def test_champions_named_without_time_in_their_plans_are_flagged() -> None:
    page = RolesAndEnablers.example()
    page.champions = ["Raj, routing product", "Sofia, customer care"]
    assert "roles-champions-without-time" in {f.rule for f in page.check().findings}


def test_the_page_exports_roles_and_enablers_escaped() -> None:
    page = RolesAndEnablers.example()
    page.coach = "<b>Lina</b>"
    markdown, html = page.to_markdown(), page.to_html()
    assert "## Roles" in markdown and "## Structural enablers" in markdown
    assert "<b>Lina</b>" not in html and "&lt;b&gt;Lina&lt;/b&gt;" in html


def test_the_builder_saves_in_the_store(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        builder = RolesBuilder.in_store(store, "pilot")
        builder.load(RolesAndEnablers.example())
        assert builder.autosave is not None
        builder.autosave.flush()
        assert RolesBuilder.in_store(store, "pilot").page == RolesAndEnablers.example()
