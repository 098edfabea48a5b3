"""The programme on a real JupyterHub: the kit's single-server config started on 127.0.0.1 with PostgreSQL,
participants and a facilitator logging in through the hub, each in their own server."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from kit.store import open_store
from tests.conftest import _fresh_postgres_schema
from tests.support.jupyterhub_server import Hub, proxy_missing, running_hub

pytestmark = [pytest.mark.browser, pytest.mark.hub, pytest.mark.postgres]

WORKSHOP = "spring-cohort"
ROSTER = {"workshop": WORKSHOP, "facilitators": ["coach"], "admins": ["coach"],
          "teams": {"growth": ["ana", "ben"], "ops": ["chloe"]}, "participants": ["eva"]}
DRAFT = "Objective: New customers succeed in week one\n- Raise week-one activation from 20% to 35% by June 30\n"


@pytest.fixture(scope="module")
def hub_store(postgres_url: str) -> str:
    return _fresh_postgres_schema(postgres_url)


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory, hub_store: str) -> Iterator[Hub]:
    missing = proxy_missing()
    if missing:
        pytest.skip(missing)
    with running_hub(tmp_path_factory.mktemp("hub"), hub_store, ROSTER) as running:
        yield running


def log_in(page, hub: Hub, user: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{hub.base}/hub/login")
    page.locator("input[name=username]").fill(user)
    page.locator("input[name=password]").fill(hub.password)
    page.locator("[type=submit]").click()


def test_the_hub_makes_the_rosters_groups_and_starts_servers_through_its_api(hub: Hub) -> None:
    groups = {g["name"]: sorted(g["users"]) for g in hub.api("GET", "groups")}
    assert groups == {"facilitators": ["coach"], "team-growth": ["ana", "ben"], "team-ops": ["chloe"]}
    hub.start_server("ben")
    assert (hub.homes / "ben" / "03_self_serve_review.ipynb").exists()
    assert not (hub.homes / "ben" / "08_cohort_view.ipynb").exists()  # the cohort view is not in a participant's folder


def test_a_participant_lands_in_the_drafting_app_and_saves_as_themselves_for_their_team(
    hub: Hub, hub_store: str, page, screenshot  # type: ignore[no-untyped-def]
) -> None:
    from playwright.sync_api import expect

    log_in(page, hub, "ana")
    page.wait_for_url("**/user/ana/voila/render/03_self_serve_review.ipynb**", timeout=180_000)
    page.locator(".okr-editor").wait_for(timeout=120_000)
    connection = json.loads(next((hub.kernel_sockets / "ana").glob("kernel-*.json")).read_text(encoding="utf-8"))
    assert connection["transport"] == "ipc"  # the app's kernel talks over sockets of ana's own, on no TCP port
    expect(page.locator(".okr-save-team input")).to_have_value("growth")
    expect(page.locator(".okr-save-team input")).to_be_disabled()
    expect(page.locator(".okr-save-author input")).to_have_value("ana")
    expect(page.locator(".okr-save-workshop input")).to_have_value(WORKSHOP)
    page.locator(".okr-import-text textarea").fill(DRAFT)
    page.locator(".okr-import").click()
    page.locator(".okr-save-now").click()
    expect(page.locator(".okr-save-status")).to_contain_text("Saved version", timeout=30_000)
    screenshot("hub_participant_app")
    with open_store(url=hub_store) as store:
        latest = store.latest(WORKSHOP, "growth")
    assert latest is not None and latest.info.author == "ana"
    assert "week-one activation" in latest.okr_set.objectives[0].key_results[0].text


def test_a_participant_cannot_open_the_cohort_view_or_a_terminal(hub: Hub) -> None:
    hub.start_server("chloe")
    token = hub.user_token("chloe")
    for path in ("voila/render/08_cohort_view.ipynb", "terminals/1"):
        request = urllib.request.Request(f"{hub.base}/user/chloe/{path}", headers={"Authorization": f"token {token}"})
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(request, timeout=60)
        assert error.value.code == 404, path


def test_a_participant_without_a_team_group_chooses_a_team_once(
    hub: Hub, hub_store: str, page  # type: ignore[no-untyped-def]
) -> None:
    from playwright.sync_api import expect

    log_in(page, hub, "eva")
    page.locator(".okr-editor").wait_for(timeout=180_000)
    team = page.locator(".okr-save-team input")
    expect(team).to_be_enabled()
    team.fill("ops")
    team.press("Enter")
    expect(team).to_be_disabled()
    deadline = time.monotonic() + 30
    with open_store(url=hub_store) as store:
        while store.record(WORKSHOP, "hub_member", "eva") is None and time.monotonic() < deadline:
            time.sleep(0.5)
        member = store.record(WORKSHOP, "hub_member", "eva")
    assert member is not None and member.payload == {"team": "ops"} and member.info.author == "eva"


def test_a_facilitator_lands_in_jupyterlab_with_every_notebook(hub: Hub, page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, hub, "coach")
    page.wait_for_url("**/user/coach/lab**", timeout=180_000)
    assert (hub.homes / "coach" / "08_cohort_view.ipynb").exists()
