"""Quality gates: which findings stop an OKR set from passing, named in the rule file.

The house file names two. The draft gate (no rubric errors) is what a set needs before it is shared;
it is `Review.passes_gate`. The sign-off gate adds the playbook's quick checks before sign-off: every
KR with a baseline, target, owner and source of truth, readable weekly, a leading signal beside a
lagging impact, and a focused number of objectives. A coach's remarks never block a gate.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field

from kit.model import Finding, FrozenModel, Level, Review

DRAFT = "draft"
SIGN_OFF = "sign-off"


class Gate(FrozenModel):
    """One gate as written under `gates:` in a rule file."""

    label: str = Field(description="What the badge calls it, e.g. 'sign-off'.")
    description: str = ""
    block_levels: list[Level] = Field(default_factory=lambda: [Level.ERROR])
    block_rules: list[str] = Field(default_factory=list, description="Rules that block at any level.")

    def blocks(self, finding: Finding) -> bool:
        return finding.source == "rubric" and (finding.level in self.block_levels or finding.rule in self.block_rules)


@dataclass(frozen=True)
class GateVerdict:
    """Whether a review passes one gate, and the findings that stop it."""

    name: str
    gate: Gate
    blocking: list[Finding]
    empty: bool

    @property
    def passes(self) -> bool:
        """An empty draft never passes: a blank form must not read as a clean set."""
        return not self.empty and not self.blocking

    def open_checks(self) -> list[str]:
        """The rules still blocking, once each, in the order they were found."""
        return list(dict.fromkeys(finding.rule for finding in self.blocking))


def judge(review: Review, gates: dict[str, Gate], name: str) -> GateVerdict:
    """The review against the gate called `name`; an unknown name raises KeyError listing the known ones."""
    if name not in gates:
        raise KeyError(f"no gate named '{name}' (known: {', '.join(sorted(gates))})")
    gate = gates[name]
    blocking = [finding for finding in review.findings if gate.blocks(finding)]
    return GateVerdict(name=name, gate=gate, blocking=blocking, empty=not review.okr_set.objectives)
