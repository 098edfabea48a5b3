"""JupyterHub for an OKR programme on one server: every participant their own server, one PostgreSQL store.

Start it with `jupyterhub -f deploy/jupyterhub/jupyterhub_config.py` in the environment where the kit
is installed (The Littlest JupyterHub's user environment, or a virtualenv). Everything it needs comes
from the environment and one roster file, so no secret lives in this file, a notebook or a user's folder:

  OKR_HUB_ROSTER          the roster (YAML): the cohort's workshop name, facilitators, teams and members;
                          deploy/jupyterhub/roster.example.yaml shows the shape
  KIT_STORE_URL           the cohort's PostgreSQL URL, or OKR_HUB_STORE_URL_FILE: a file holding it
                          (readable by the hub's user only; a Kubernetes secret mounts the same way)
  OKR_HUB_STATE           where the hub keeps its own state (its database, cookie secret); /srv/okr-hub
  OKR_HUB_IP, OKR_HUB_PORT  where the hub listens; 127.0.0.1:8000 (put a TLS proxy in front of it)
  OKR_HUB_AUTHENTICATOR   pam (system accounts, the default), or any authenticator class, e.g.
                          oauthenticator.GitHubOAuthenticator; "dummy" is for the kit's tests only
  OKR_HUB_SPAWNER         localprocess (one system user per person, the default); "simple" is for tests
  OKR_HUB_KERNEL_SOCKETS  where each person's kernels get a private folder for their Unix sockets;
                          /run/okr-hub-kernels (see kernel_socket_folder)

Roles come from hub groups the roster creates: `facilitators`, and `team-<name>` per team. Each
server starts with the person's identity in its environment (kit.hub reads it): participants land
in the drafting app with code hidden and only their team's drafts; facilitators land in JupyterLab
with every notebook, the cohort view and exports.
"""

from __future__ import annotations

import os
import pwd
import shutil
from pathlib import Path
from typing import Any, NamedTuple

import yaml

c = get_config()  # type: ignore[name-defined]  # noqa: F821 - JupyterHub provides it when it loads this file

IMAGE = "okr-workshop-kit:latest"  # the single-user image the Kubernetes values file runs
STORE_SECRET = "okr-kit-store"  # the Kubernetes secret (key: url) that holds KIT_STORE_URL
PROFILES: dict[str, dict[str, Any]] = {
    "participant": {
        "display_name": "Participant: the drafting app",
        "default_url": "/voila/render/03_self_serve_review.ipynb",
        "notebooks": ["03_self_serve_review.ipynb", "06_weekly_checkin.ipynb", "17_async_clinic.ipynb"],
        "app_only": True,
    },
    "facilitator": {
        "display_name": "Facilitator: JupyterLab with every notebook",
        "default_url": "/lab",
        "notebooks": "all",
        "app_only": False,
    },
}
FACILITATORS_GROUP, TEAM_PREFIX = "facilitators", "team-"

state = Path(os.environ.get("OKR_HUB_STATE", "/srv/okr-hub"))
state.mkdir(parents=True, exist_ok=True, mode=0o700)
roster: dict[str, Any] = yaml.safe_load(Path(os.environ["OKR_HUB_ROSTER"]).read_text(encoding="utf-8"))
teams: dict[str, list[str]] = roster.get("teams") or {}
facilitators: list[str] = roster.get("facilitators") or []
unassigned: list[str] = roster.get("participants") or []  # they choose their team once, in the app
everyone = {*facilitators, *unassigned, *(user for members in teams.values() for user in members)}


def store_url() -> str:
    """The cohort's store, from the environment or a secret file; never written into anything a user sees."""
    path = os.environ.get("OKR_HUB_STORE_URL_FILE")
    url = Path(path).read_text(encoding="utf-8").strip() if path else os.environ.get("KIT_STORE_URL", "")
    if not url.startswith("postgresql"):
        raise SystemExit("OKR hub: set KIT_STORE_URL (or OKR_HUB_STORE_URL_FILE) to the cohort's PostgreSQL URL")
    return url


STORE_URL = store_url()

c.JupyterHub.ip = os.environ.get("OKR_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("OKR_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
c.JupyterHub.load_groups = {
    FACILITATORS_GROUP: {"users": facilitators},
    **{f"{TEAM_PREFIX}{team}": {"users": members} for team, members in teams.items()},
}
c.Authenticator.allowed_users = everyone
c.Authenticator.allow_existing_users = True  # people an admin adds later (hub admin page or REST API) may log in
c.Authenticator.admin_users = set(roster.get("admins") or [])

authenticator = os.environ.get("OKR_HUB_AUTHENTICATOR", "pam")
c.JupyterHub.authenticator_class = authenticator
if authenticator == "dummy":
    c.DummyAuthenticator.password = os.environ["OKR_HUB_TEST_PASSWORD"]

if os.environ.get("OKR_HUB_SPAWNER", "localprocess") == "simple":  # every server as the hub's own user
    c.JupyterHub.spawner_class = "simple"
    homes = os.environ.get("OKR_HUB_HOMES", str(state / "homes"))
    c.SimpleLocalProcessSpawner.home_dir_template = f"{homes}/{{username}}"
    if os.geteuid() == 0:  # test containers run as root
        c.Spawner.args = ["--allow-root"]
else:
    c.JupyterHub.spawner_class = "localprocess"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120

# A service token for the programme's own tools (the load benchmark, a roster sync) when one is given.
if os.environ.get("OKR_HUB_SERVICE_TOKEN"):
    c.JupyterHub.services = [{"name": "okr-kit", "api_token": os.environ["OKR_HUB_SERVICE_TOKEN"]}]
    c.JupyterHub.load_roles = [{"name": "okr-kit-service", "services": ["okr-kit"],
                                "scopes": ["admin:users", "admin:servers", "admin:groups", "list:users", "list:groups",
                                           "read:groups", "tokens"]}]


def role_of(groups: set[str]) -> str:
    return "facilitator" if FACILITATORS_GROUP in groups else "participant"


class Account(NamedTuple):
    """Who a person's server runs as, and their folder."""

    uid: int
    gid: int
    home: Path


def prepare_home(home: Path, profile: dict[str, Any]) -> list[Path]:
    """Copy the profile's notebooks into the person's folder (theirs to edit; existing copies are kept);
    return what was made there, so that it can be handed to them."""
    from kit.launch import prepare_workshop

    made = [] if home.exists() else [home]
    if profile["notebooks"] == "all":
        return made + prepare_workshop(home)
    staging = state / "notebooks-for-participants"
    if staging.exists():
        shutil.rmtree(staging)
    prepare_workshop(staging)
    home.mkdir(parents=True, exist_ok=True)
    for name in profile["notebooks"]:
        if not (home / name).exists():
            made.append(Path(shutil.copy(staging / name, home / name)))
    for folder in ("data",):
        if (staging / folder).is_dir() and not (home / folder).exists():
            made.append(Path(shutil.copytree(staging / folder, home / folder)))
    return made


def hand_over(made: list[Path], account: Account) -> None:
    """Give what the hub made in a person's folder to the person: the hub runs as root, their server as them,
    and a notebook they cannot write is one JupyterLab cannot save."""
    if account.uid == os.geteuid():
        return
    for path in made:
        for item in (path, *(path.rglob("*") if path.is_dir() else ())):
            os.chown(item, account.uid, account.gid, follow_symlinks=False)


KERNEL_SOCKETS = Path(os.environ.get("OKR_HUB_KERNEL_SOCKETS", "/run/okr-hub-kernels"))
# Linux holds 107 bytes in a Unix socket's path; jupyter_client adds "/kernel-<uuid>-ipc-<n>" to the folder
SOCKET_PATH_LIMIT, SOCKET_NAME_LENGTH = 107, len("/kernel-") + 36 + len("-ipc-") + 2


def kernel_socket_folder(user: str, uid: int) -> Path | None:
    """A folder only `user` (system uid `uid`) can enter, for their kernels' Unix sockets; None when it cannot
    be made safely, or its path is too long for a socket, and the kernels then use TCP ports.

    Kernels on TCP ports pick free ports on 127.0.0.1 just before they start: when many servers start
    kernels in the same seconds (a session's start), two can draw the same port, and the kernel that
    loses never answers, leaving its app page on "Running ...". Sockets named after the kernel cannot
    collide, and nobody but their owner can connect to them."""
    folder = KERNEL_SOCKETS / user
    if len(os.fsencode(folder)) + SOCKET_NAME_LENGTH > SOCKET_PATH_LIMIT:
        return None
    try:
        KERNEL_SOCKETS.mkdir(parents=True, exist_ok=True)
        KERNEL_SOCKETS.chmod(0o711)  # people pass through to their own folder, but cannot list the others
        folder.mkdir(mode=0o700, exist_ok=True)
        if os.geteuid() != uid:
            os.chown(folder, uid, -1)
        made = folder.lstat()
    except OSError:
        return None
    owned_privately = made.st_uid == uid and made.st_mode & 0o077 == 0 and folder.is_dir() and not folder.is_symlink()
    return folder if owned_privately else None


def system_account(spawner: Any) -> Account:
    """Who the person's server runs as, and their folder: the hub's own user and the configured homes for the
    simple spawner, else their system account."""
    if hasattr(spawner, "home_dir"):  # SimpleLocalProcessSpawner: every server as the hub's user
        return Account(os.geteuid(), os.getegid(), Path(spawner.home_dir))
    try:
        found = pwd.getpwnam(spawner.user.name)
    except KeyError:
        raise RuntimeError(
            f"OKR hub: {spawner.user.name} has no system account on this server, so no server can start for them; "
            f"create it (adduser {spawner.user.name}) or use an authenticator that creates accounts"
        ) from None
    return Account(found.pw_uid, found.pw_gid, Path(found.pw_dir))


def pre_spawn_hook(spawner: Any) -> None:
    groups = {group.name for group in spawner.user.groups}
    role = role_of(groups)
    profile = PROFILES[role]
    team = sorted(g.removeprefix(TEAM_PREFIX) for g in groups if g.startswith(TEAM_PREFIX))
    spawner.environment.update({
        "OKR_KIT_ROLE": role,
        "OKR_KIT_TEAM": team[0] if team else "",
        "OKR_KIT_WORKSHOP": roster["workshop"],
        "KIT_STORE_URL": STORE_URL,
    })
    spawner.default_url = profile["default_url"]
    if profile["app_only"]:
        spawner.args = [*spawner.args, "--ServerApp.terminals_enabled=False"]
    account = system_account(spawner)
    sockets = kernel_socket_folder(spawner.user.name, account.uid)
    if sockets is None:
        spawner.log.warning("OKR hub: %s's kernels use TCP ports: no private folder for their sockets under %s",
                            spawner.user.name, KERNEL_SOCKETS)
    else:
        spawner.environment["JUPYTER_RUNTIME_DIR"] = str(sockets)  # the server's connection files, sockets
        spawner.args = [*spawner.args, "--KernelManager.transport=ipc"]
    hand_over(prepare_home(account.home, profile), account)
    if hasattr(spawner, "home_dir"):
        spawner.notebook_dir = str(account.home)


c.Spawner.pre_spawn_hook = pre_spawn_hook
