"""A room reloads pages: the app must not keep a kernel for every page that was ever opened."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page

from kit.launch import idle_kernel_culling
from tests.support.jupyter_browser import Server, start_voila

pytestmark = pytest.mark.browser

RELOADS = 10
IDLE_SECONDS = 3


def kernels_of(server: Server) -> int:
    """Kernel processes the app server started that are still running."""
    children = subprocess.run(["pgrep", "-P", str(server.process.pid)], capture_output=True, text=True).stdout
    return len(children.split())


def test_reloading_the_app_ten_times_leaves_one_kernel(
    page: Page, workshop_dir: Path, jupyter_env: dict[str, str]
) -> None:
    server = start_voila(workshop_dir, "03_self_serve_review.ipynb", jupyter_env, idle_kernel_culling(IDLE_SECONDS))
    try:
        for _ in range(RELOADS):
            page.goto(server.url())
            page.locator(".okr-editor").first.wait_for()
        deadline = time.monotonic() + 30
        while kernels_of(server) > 1 and time.monotonic() < deadline:
            time.sleep(1)
        left = kernels_of(server)
        started = server.log.read_text(encoding="utf-8", errors="replace").count("Kernel started")
        print(f"kernels after {RELOADS} reloads: {started} started, {left} left after {IDLE_SECONDS} s idle")
        assert started >= RELOADS, "each reload starts a kernel; if not, this test no longer measures anything"
        assert left == 1, f"{left} kernels still running for one open page"
        page.locator(".okr-editor").first.wait_for()  # the open page kept its kernel
    finally:
        server.stop()
