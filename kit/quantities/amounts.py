"""What a KR sentence says about its numbers: amounts and their roles, and the whole reading."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from kit.model import Direction, Mark

AmountRole = Literal["baseline", "target", "change", "amount"]


# Plain dataclasses, not pydantic models: a KR sentence is read into a handful of these from
# values the reader made itself, and validating them again cost more than reading some numbers.
@dataclass(slots=True)
class Amount:
    """One real number in the text, with the role it plays in the KR."""

    value: float
    span: Mark
    unit: str | None = None
    role: AmountRole = "amount"


@dataclass(slots=True, frozen=True)
class Quantities:
    """What a KR sentence says about its numbers and its time box.

    `text` is the sentence with decoration (prefixes, tags, references) blanked out; `change` a
    relative change ("by 20%", "2x", "doubles"); `zero_state` "zero P1 incidents", "no tickets
    older than".
    """

    text: str
    baseline: Amount | None = None
    target: Amount | None = None
    change: Amount | None = None
    direction: Direction | None = None
    direction_span: Mark | None = None
    deadline: str | None = None
    deadline_span: Mark | None = None
    metric: str | None = None
    metric_span: Mark | None = None
    amounts: list[Amount] = field(default_factory=list)
    placeholders: list[Mark] = field(default_factory=list)
    zero_state: Mark | None = None

    @property
    def has_target(self) -> bool:
        """An explicit end value, threshold or amount of change is written."""
        return self.target is not None or self.change is not None or self.zero_state is not None
