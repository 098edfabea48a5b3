"""okr-workshop-kit: OKR workshops and self-serve OKR review, from one rubric.

The public names are loaded when first used (PEP 562), so `import kit.paths` or `okr-kit --version`
does not pay for pydantic, the parsers and the rubric; `kit.review(...)` and `from kit import Review`
work as they always did.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kit.model import Finding, KeyResult, Level, Objective, OkrSet, Review
    from kit.review import review

__all__ = ["Finding", "KeyResult", "Level", "Objective", "OkrSet", "Review", "review"]
__version__ = "0.1.0"

_LAZY = {
    "Finding": "kit.model",
    "KeyResult": "kit.model",
    "Level": "kit.model",
    "Objective": "kit.model",
    "OkrSet": "kit.model",
    "Review": "kit.model",
    "review": "kit.review",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kit' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _Package(ModuleType):
    """`kit.review` is the function, as it was when this file imported it eagerly.

    Importing the submodule `kit.review` makes the import system bind the module to the package's
    `review` attribute; that binding is skipped, so `kit.review(...)` stays the call every front end makes
    (the module itself is `sys.modules["kit.review"]`).
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "review" and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
