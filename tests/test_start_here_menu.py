"""The start page's menu is how a coach finds the other notebooks: every entry must open one."""

from __future__ import annotations

import re

import nbformat

from kit.paths import data_dir

LINK = re.compile(r"\[([^\]]+)\]\(([^)]+\.ipynb)\)")


def test_every_notebook_in_the_menu_is_a_link_to_it() -> None:
    folder = data_dir("notebooks")
    cells = nbformat.read(folder / "00_start_here.ipynb", as_version=4).cells
    menu = next(cell.source for cell in cells if cell.cell_type == "markdown" and "workshop menu" in cell.source)
    linked = {target for _, target in LINK.findall(menu)}
    others = {path.name for path in folder.glob("*.ipynb")} - {"00_start_here.ipynb"}
    assert linked == others
