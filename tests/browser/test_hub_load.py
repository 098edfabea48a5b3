"""Twenty participants on a real JupyterHub, each in a server of their own, saving while the cohort view reads.

Nothing may be lost: every version each participant's server wrote is read back with its text and
author. The timings against their targets are benchmarks/hub_load.py's job (several minutes of load);
this test keeps the whole path working: hub API, servers, kernels through the proxy, Chromium, PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import _fresh_postgres_schema
from tests.support.hub_load import roster, run_load
from tests.support.jupyterhub_server import proxy_missing, running_hub

pytestmark = [pytest.mark.browser, pytest.mark.hub, pytest.mark.postgres, pytest.mark.slow]

PARTICIPANTS, BROWSERS = 20, 2


@pytest.mark.timeout(1200)
def test_twenty_participants_save_through_the_hub_and_nothing_is_lost(tmp_path: Path, postgres_url: str) -> None:
    missing = proxy_missing()
    if missing:
        pytest.skip(missing)
    store = _fresh_postgres_schema(postgres_url)
    with running_hub(tmp_path, store, roster()) as hub:
        result = run_load(hub, store, PARTICIPANTS, BROWSERS, seconds=30, say=lambda _line: None)
    assert result.lost == []
    assert all(p.times for p in result.participants), [p.user for p in result.participants if not p.times]
    assert {p.team for p in result.participants} == {f"team{n:02d}" for n in range(1, PARTICIPANTS + 1)}
    assert len(result.browser_saves) == BROWSERS and all(result.browser_saves.values())
    assert len(result.memory_mb) >= PARTICIPANTS
