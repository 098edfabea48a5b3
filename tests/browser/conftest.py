"""Real-browser fixtures: JupyterLab and Voila on 127.0.0.1, driven by Debian's chromium.

Generic on purpose, for any notebook: `workshop_dir` is a scratch copy of the kit's
notebooks, `lab_server()` and `voila_server("NN_name.ipynb")` start servers on it (once per
session each), `page` is a fresh tab that leaves a screenshot in test-artifacts/ when its
test fails, and `save_screenshot` keeps pictures for the README.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

# The server helpers live in tests/support/ (the widget latency benchmark starts the same servers).
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kit.paths import data_dir
from tests.support.jupyter_browser import (
    CHROMIUM,
    KERNEL_TIMEOUT_MS,
    Server,
    ServerStartError,
    isolated_env,
    launch_chromium,
    logs_since,
    start_lab,
    start_voila,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog, Page

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="session")
def jupyter_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return isolated_env(tmp_path_factory.mktemp("jupyter"))


@pytest.fixture(scope="session")
def workshop_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch workshop folder with a copy of the kit's notebooks, as a coach would have."""
    folder = tmp_path_factory.mktemp("workshop")
    shutil.copytree(data_dir("notebooks"), folder, dirs_exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def lab_server(jupyter_env: dict[str, str], workshop_dir: Path) -> Iterator[Callable[[], Server]]:
    """Call to get JupyterLab on the workshop folder (started on first use, stopped at the end)."""
    started: list[Server] = []

    def get() -> Server:
        if not started:
            try:
                started.append(start_lab(workshop_dir, jupyter_env))
            except ServerStartError as error:
                pytest.fail(str(error))
        return started[0]

    yield get
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def voila_server(jupyter_env: dict[str, str], workshop_dir: Path) -> Iterator[Callable[[str], Server]]:
    """Call with a notebook name to get it served as a Voila app (one server per notebook)."""
    started: dict[str, Server] = {}

    def get(notebook: str) -> Server:
        if notebook not in started:
            try:
                started[notebook] = start_voila(workshop_dir, notebook, jupyter_env)
            except ServerStartError as error:
                pytest.fail(str(error))
        return started[notebook]

    yield get
    for server in started.values():
        server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = launch_chromium(playwright)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh tab with generous timeouts (first kernel start); screenshot on failure."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(KERNEL_TIMEOUT_MS)
    # Voila sends an app's page only once its notebook has run: on a busy CI machine the heaviest
    # notebooks (the weekly check-in draws a dashboard) took over a minute to arrive.
    tab.set_default_navigation_timeout(2 * KERNEL_TIMEOUT_MS)
    started = time.time()
    yield tab
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"failed-{request.node.name}.png"), full_page=True)
        print(logs_since(started))  # shown under the failure, where a CI log has it
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report = yield
    setattr(item, f"rep_{report.when}", report)  # type: ignore[attr-defined]
    return report


@pytest.fixture()
def dialogs(page: Page) -> list[str]:
    """Messages of any alert/confirm the page opens (dismissed); script injection shows up here."""
    seen: list[str] = []

    def record(dialog: Dialog) -> None:
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    return seen


@pytest.fixture()
def screenshot(page: Page) -> Callable[..., Path]:
    """Call `screenshot(name, docs=True|False)` to keep the page in test-artifacts/.

    Pictures marked `docs` also refresh docs/screenshots/ (the README's) when the run sets
    OKR_KIT_DOCS_SCREENSHOTS=1, so an ordinary test run never changes tracked files.
    """

    def save(name: str, *, docs: bool = False) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        if docs and os.environ.get("OKR_KIT_DOCS_SCREENSHOTS") == "1":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, SCREENSHOTS / path.name)
        return path

    return save
