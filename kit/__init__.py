"""okr-workshop-kit: OKR workshops and self-serve OKR review, from one rubric."""

from kit.model import Finding, KeyResult, Level, Objective, OkrSet, Review
from kit.review import review

__all__ = ["Finding", "KeyResult", "Level", "Objective", "OkrSet", "Review", "review"]
__version__ = "0.1.0"
