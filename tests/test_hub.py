"""Identity inside a JupyterHub: the role, team and workshop a server starts with, and what a participant may open."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.cop.cohort import load_cohort
from kit.hub import FACILITATOR, PARTICIPANT, SOLO, HubAccessError, Identity, choose_team, current_identity, team_of
from kit.model import KeyResult, Objective, OkrSet
from kit.store import open_store
from kit.widgets.history import SavePanel
from kit.widgets.okr_editor import OkrEditor

HUB_ENV = {"JUPYTERHUB_USER": "ana", "OKR_KIT_ROLE": "participant", "OKR_KIT_TEAM": "growth",
           "OKR_KIT_WORKSHOP": "spring"}


def a_set(team: str) -> OkrSet:
    return OkrSet(team=team, objectives=[Objective(text=f"{team} wins", key_results=[KeyResult(text="Raise x")])])


def test_outside_a_hub_everyone_is_a_solo_user_who_may_open_everything() -> None:
    solo = current_identity({})
    assert solo.role == SOLO and not solo.in_hub and solo.may_open("any team")


def test_the_servers_environment_gives_the_role_team_and_workshop() -> None:
    ana = current_identity(HUB_ENV)
    assert (ana.user, ana.role, ana.team, ana.workshop) == ("ana", PARTICIPANT, "growth", "spring")
    assert ana.may_open("Growth") and not ana.may_open("ops")
    coach = current_identity({"JUPYTERHUB_USER": "coach", "OKR_KIT_ROLE": "Facilitator"})
    assert coach.role == FACILITATOR and coach.may_open("ops")
    typo = current_identity({"JUPYTERHUB_USER": "x", "OKR_KIT_ROLE": "facilitatr"})
    assert typo.role == PARTICIPANT  # a mistyped role never opens the cohort


def test_a_participant_without_a_team_chooses_once_and_cannot_switch(tmp_path: Path) -> None:
    eva = Identity(user="eva", role=PARTICIPANT)
    with open_store(tmp_path) as store:
        assert team_of(eva, store, "spring") is None
        assert choose_team(eva, store, "spring", "ops") == "ops"
        assert team_of(eva, store, "spring") == "ops"
        with pytest.raises(HubAccessError, match="team ops's drafts"):
            choose_team(eva, store, "spring", "growth")


def test_the_save_panel_saves_as_the_hub_user_for_their_team_and_lists_no_other_team(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        store.save_set("spring", "ops", a_set("ops"), "chloe")
        editor = OkrEditor(a_set("growth"))
        panel = SavePanel(editor, store=store, identity=current_identity(HUB_ENV))
        assert (panel.author.value, panel.author.disabled) == ("ana", True)
        assert (panel.team.value, panel.team.disabled, panel.workshop.value) == ("growth", True, "spring")
        panel.save_now()
        assert store.latest("spring", "growth").info.author == "ana"  # type: ignore[union-attr]
        assert panel.team.options == ("growth",)  # ops saved first, and is not offered


def test_the_cohort_view_and_exports_are_for_facilitators(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in HUB_ENV.items():
        monkeypatch.setenv(name, value)
    with open_store(tmp_path) as store, pytest.raises(HubAccessError, match="facilitators only"):
        load_cohort(store, "spring")
    from kit.cli import main

    assert main(["export", str(tmp_path / "bundle.json"), "--workshop", str(tmp_path)]) == 2
    assert "facilitators only" in capsys.readouterr().err
    monkeypatch.setenv("OKR_KIT_ROLE", "facilitator")
    with open_store(tmp_path) as store:
        assert load_cohort(store, "spring").teams == []
