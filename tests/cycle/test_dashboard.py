"""Dashboard pages: one per objective, every KR drawn, user text safe; the notebooks that produce them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import nbformat
import pytest
from matplotlib.figure import Figure
from nbclient import NotebookClient

from kit.charts import dashboard, objective_page, save_dashboard, to_png
from kit.cycle.checkin import CheckIn, Cycle, Decision
from kit.cycle.persistence import load_cycle
from kit.errors import KitError

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "notebooks" / "data"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def cycle() -> Cycle:
    return load_cycle(DATA / "sample_plan.yaml", DATA / "sample_actuals.csv", DATA / "sample_checkins.yaml")


def texts(figure: Figure) -> str:
    return "\n".join(text.get_text() for ax in figure.axes for text in ax.texts)


def test_one_page_per_objective_with_every_kr(cycle: Cycle) -> None:
    pages = dashboard(cycle, 12)
    assert len(pages) == len(cycle.plan.objectives) == 2
    first = texts(pages[0])
    for tracked in cycle.plan.objectives[0].key_results:
        assert tracked.id in first
    assert "Baseline 18%   ·   Latest 27.6% (26 Mar)   ·   Target 28%" in first
    assert "0.96 · Stretch" in first
    assert "Decision log" in first
    assert "Replace the welcome email series" in first
    # title + (card, sparkline, confidence) per KR + decision log
    assert len(pages[0].axes) == 1 + 3 * 2 + 1


def test_sparkline_and_confidence_follow_the_weeks(cycle: Cycle) -> None:
    page = objective_page(cycle, "O2", week=9)
    sparkline, confidence = page.axes[5], page.axes[6]  # second KR: latency, with week 9 missing
    line = sparkline.lines[2]  # after the baseline and target guides
    ys = list(line.get_ydata())  # type: ignore[arg-type]
    assert len(ys) == 9 and ys[0] == 480 and ys[8] != ys[8]  # NaN gap for the failed export
    assert list(confidence.lines[0].get_ydata())[-1] == 3  # type: ignore[arg-type]
    assert "week 9 of 12" in texts(page)
    assert "Latest 395 ms (26 Feb)" in texts(page)  # the stale reading shows its date


def test_decisions_are_shown_only_once_made(cycle: Cycle) -> None:
    assert "Fund two sprints" not in texts(objective_page(cycle, "O1", week=5))
    assert "Fund two sprints" in texts(objective_page(cycle, "O1", week=6))


def test_user_text_is_not_parsed_as_mathtext(cycle: Cycle) -> None:
    cycle.record(CheckIn(week=12, held_on=date(2027, 3, 26), decisions=[
        Decision(made_on=date(2027, 3, 26), decision="Spend $5k on $ads_{test}$", owner="$Ana^2$",
                 due=date(2027, 4, 2), kr_id="O1.KR1")]))
    png = to_png(objective_page(cycle, "O1", week=12))
    assert png.startswith(PNG_SIGNATURE)


def test_unknown_objective_is_a_kit_error(cycle: Cycle) -> None:
    with pytest.raises(KitError, match="no objective 'O9'"):
        objective_page(cycle, "O9")


def test_pages_without_any_data_still_render() -> None:
    cycle = load_cycle(DATA / "sample_plan.yaml")
    pages = dashboard(cycle, 1)
    assert "No score: no actual recorded" in texts(pages[0])
    assert to_png(pages[0]).startswith(PNG_SIGNATURE)


def test_save_dashboard_writes_one_png_per_objective(cycle: Cycle, tmp_path: Path) -> None:
    paths = save_dashboard(cycle, tmp_path / "out", week=6)
    assert [p.name for p in paths] == ["O1-week06.png", "O2-week06.png"]
    assert all(p.read_bytes().startswith(PNG_SIGNATURE) for p in paths)


# ---------------------------------------------------------------------------------------- the notebooks


@pytest.mark.slow
@pytest.mark.parametrize("name", ["06_weekly_checkin", "07_quarter_review"])
def test_notebook_runs_the_sample_quarter_and_draws_the_dashboard(name: str, tmp_path: Path) -> None:
    """Top to bottom on the 12-week scripted quarter, in a scratch folder so the repo stays clean."""
    notebook = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")
    NotebookClient(notebook, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    outputs += _widget_outputs(notebook)  # 06 draws its sections in Output widgets, redrawn on save
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == 2  # one page per objective
    written = sorted(p.name for p in (tmp_path / "dashboards").rglob("*.png"))
    assert written == ["O1-week12.png", "O2-week12.png"]
    html = "\n".join(o.get("data", {}).get("text/html", "") for o in outputs)
    if name == "07_quarter_review":
        assert "back-fit" in html
        assert "were not agreed" in html


def _widget_outputs(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """What the notebook's Output widgets show, from the widget state the run saved with it."""
    state = notebook.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    models = state.get("state", {}).values()
    return [nbformat.from_dict(output) for model in models for output in model.get("state", {}).get("outputs", [])]
