"""Who is working, when the kit runs inside a JupyterHub: the user, their role, their team, the cohort's workshop.

On a laptop the kit serves one room and everything is open. Inside a hub, the deployment
(deploy/jupyterhub/jupyterhub_config.py) starts each person's server with their hub name in
`JUPYTERHUB_USER` and, from their hub groups, `OKR_KIT_ROLE` (facilitator or participant),
`OKR_KIT_TEAM` (a `team-<name>` group) and `OKR_KIT_WORKSHOP` (the cohort's shared workshop name).
The kit reads them here, once, and its views act on them: every saved version records the hub
user as its author; a participant sees, lists and restores only their own team's drafts, and a
participant with no team group chooses one once; the cohort view and exports are for facilitators.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal

from kit.errors import KitError

if TYPE_CHECKING:
    from kit.store import Store

USER_ENV, ROLE_ENV, TEAM_ENV, WORKSHOP_ENV = "JUPYTERHUB_USER", "OKR_KIT_ROLE", "OKR_KIT_TEAM", "OKR_KIT_WORKSHOP"
FACILITATOR: Final = "facilitator"
PARTICIPANT: Final = "participant"
SOLO: Final = "solo"
MEMBER_KIND = "hub_member"  # a participant's team, chosen once, kept in the store

Role = Literal["facilitator", "participant", "solo"]


class HubAccessError(KitError):
    """Something a participant's role does not open (another team's draft, the cohort view)."""


@dataclass(frozen=True)
class Identity:
    user: str
    role: Role
    team: str | None = None
    workshop: str | None = None

    @property
    def in_hub(self) -> bool:
        return bool(self.user)

    @property
    def sees_every_team(self) -> bool:
        return self.role != PARTICIPANT

    def may_open(self, team: str) -> bool:
        return self.sees_every_team or (self.team or "").casefold() == team.strip().casefold()


def current_identity(env: Mapping[str, str] | None = None) -> Identity:
    """The hub's identity of this server's user; outside a hub, a solo user who may open everything.

    Inside a hub an unknown role is read as participant: a mistyped setting never opens the cohort."""
    env = os.environ if env is None else env
    user = env.get(USER_ENV, "").strip()
    if not user:
        return Identity(user="", role=SOLO)
    role: Role = FACILITATOR if env.get(ROLE_ENV, "").strip().lower() == FACILITATOR else PARTICIPANT
    return Identity(user=user, role=role, team=env.get(TEAM_ENV, "").strip() or None,
                    workshop=env.get(WORKSHOP_ENV, "").strip() or None)


def require_every_team(identity: Identity | None = None, what: str = "this page") -> None:
    """Stop a participant at a view of every team's drafts, saying who it is for."""
    identity = identity or current_identity()
    if not identity.sees_every_team:
        raise HubAccessError(f"{what} shows every team's drafts, so it opens for facilitators only. "
                             "Your own team's draft is in 03_self_serve_review.")


def team_of(identity: Identity, store: Store, workshop: str) -> str | None:
    """The participant's team: their hub group's, else the one they chose once in this workshop."""
    if identity.team or identity.role != PARTICIPANT:
        return identity.team
    saved = store.record(workshop, MEMBER_KIND, identity.user)
    team = saved.payload.get("team") if saved is not None else None
    return team if isinstance(team, str) and team.strip() else None


def choose_team(identity: Identity, store: Store, workshop: str, team: str) -> str:
    """A participant without a team group names their team once; afterwards it is theirs for this workshop."""
    chosen = team_of(identity, store, workshop)
    if chosen is not None and chosen.casefold() != team.strip().casefold():
        raise HubAccessError(f"you work on team {chosen}'s drafts in this workshop; ask a facilitator to change it")
    if chosen is None and identity.role == PARTICIPANT:
        store.save_record(workshop, MEMBER_KIND, identity.user, {"team": team.strip()}, identity.user)
    return chosen or team.strip()
