"""The RAG bands of the implementation playbook: where a score falls and what each band triggers, by when.

Band edges: the playbook publishes Red 0.00-0.30, Amber 0.31-0.60, Green 0.61-0.90 and
Stretch 0.91-1.00, which leaves gaps (0.30 < s < 0.31). We close them by rounding the score
half-up to two decimals *before* banding, the same precision the bands are written in:
0.304 is Red, 0.305 is Amber, 0.6049 is Amber, 0.605 is Green. Rounding also absorbs float
noise such as 0.6000000000000001.
"""

from __future__ import annotations

import math
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from kit.errors import KitError


class ScoringError(KitError):
    """A score that cannot be computed honestly; the message says which number to fix."""


def round_score(score: float) -> float:
    """Half-up to two decimals, the precision the RAG bands are published in."""
    return float(Decimal(repr(float(score))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


class Band(StrEnum):
    """A RAG band: not decoration, each one triggers a response with a deadline."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    STRETCH = "stretch"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def range(self) -> tuple[float, float]:
        """Inclusive bounds on the two-decimal score."""
        return _BAND_RANGES[self]

    @property
    def action(self) -> str:
        return _BAND_ACTIONS[self][0]

    @property
    def trigger(self) -> str:
        """The response in a few words, for one-line updates."""
        return _BAND_TRIGGERS[self]

    @property
    def deadline(self) -> timedelta | None:
        """How soon the action is due; None when it simply carries on through the cycle."""
        return _BAND_ACTIONS[self][1]

    @property
    def deadline_text(self) -> str:
        return _BAND_ACTIONS[self][2]

    @property
    def colour(self) -> str:
        return _BAND_COLOURS[self]


_BAND_RANGES: dict[Band, tuple[float, float]] = {
    Band.RED: (0.00, 0.30),
    Band.AMBER: (0.31, 0.60),
    Band.GREEN: (0.61, 0.90),
    Band.STRETCH: (0.91, 1.00),
}
_BAND_ACTIONS: dict[Band, tuple[str, timedelta | None, str]] = {
    Band.RED: (
        "Find the root cause, revise the bet and ask for help; loop in the sponsor for cross-team unblockers",
        timedelta(hours=48),
        "within 48 hours",
    ),
    Band.AMBER: (
        "Adjust initiatives, consider a Micro-OKR to experiment, confirm the next checkpoint",
        timedelta(weeks=1),
        "within one week",
    ),
    Band.GREEN: (
        "Keep going, consider doubling down on the winning bet, document the pattern",
        None,
        "ongoing",
    ),
    Band.STRETCH: (
        "Harvest the learning, decide whether to raise the bar next cycle, share the playbook with peers",
        None,
        "by the end-quarter review",
    ),
}
_BAND_TRIGGERS: dict[Band, str] = {
    Band.RED: "root cause and help request",
    Band.AMBER: "adjust the bet",
    Band.GREEN: "keep going, double down on what works",
    Band.STRETCH: "harvest the learning",
}
_BAND_COLOURS: dict[Band, str] = {
    Band.RED: "#c0392b",
    Band.AMBER: "#e67e22",
    Band.GREEN: "#27ae60",
    Band.STRETCH: "#2c7fb8",
}


def rag(score: float) -> Band:
    """The band for a 0.0-1.0 score, after rounding half-up to two decimals."""
    if isinstance(score, bool) or not isinstance(score, int | float) or not math.isfinite(score):
        raise ScoringError(f"a score must be a finite number, got {score!r}")
    if not 0.0 <= score <= 1.0:
        raise ScoringError(
            f"a score must lie between 0.0 and 1.0, got {score:g}; "
            "convert 0-100 scores with Scale.PERCENT.to_unit() first"
        )
    rounded = round_score(score)
    for band in (Band.STRETCH, Band.GREEN, Band.AMBER):
        if rounded >= band.range[0]:
            return band
    return Band.RED
