"""The deployment files the kit ships: the Kubernetes values say what the tested single-server config says.

The Zero to JupyterHub values cannot run here (no Kubernetes); they are checked against the config
that the browser tests start for real (tests/browser/test_hub_browser.py).
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "jupyterhub"


def config_constants() -> dict[str, Any]:
    """The literal settings at the top of jupyterhub_config.py, read without running it."""
    tree = ast.parse((DEPLOY / "jupyterhub_config.py").read_text(encoding="utf-8"))
    found: dict[str, Any] = {}
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) else node.target if isinstance(node, ast.AnnAssign) \
            else None
        if isinstance(target, ast.Name) and target.id in {"IMAGE", "STORE_SECRET", "PROFILES"} and node.value:
            found[target.id] = ast.literal_eval(node.value)
    return found


def test_the_kubernetes_values_name_the_single_server_configs_image_profiles_and_store_secret() -> None:
    config = config_constants()
    values = yaml.safe_load((DEPLOY / "z2jh-values.yaml").read_text(encoding="utf-8"))
    image = values["singleuser"]["image"]
    assert f"{image['name']}:{image['tag']}" == config["IMAGE"]
    profiles = {p["slug"]: p for p in values["singleuser"]["profileList"]}
    assert set(profiles) == set(config["PROFILES"])
    for slug, profile in config["PROFILES"].items():
        assert profiles[slug]["kubespawner_override"]["default_url"] == profile["default_url"]
    store = values["singleuser"]["extraEnv"]["KIT_STORE_URL"]["valueFrom"]["secretKeyRef"]
    assert store["name"] == config["STORE_SECRET"] and store["key"] == "url"
    assert "password" not in (DEPLOY / "z2jh-values.yaml").read_text(encoding="utf-8").lower()


def test_the_example_roster_has_a_workshop_facilitators_and_teams() -> None:
    roster = yaml.safe_load((DEPLOY / "roster.example.yaml").read_text(encoding="utf-8"))
    assert roster["workshop"] and roster["facilitators"] and all(roster["teams"].values())
