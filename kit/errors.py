"""Errors a user can act on: each names the file, the line and what to do next."""

from __future__ import annotations


class KitError(Exception):
    """Base for every error the kit shows to a user instead of a traceback."""


class InputError(KitError):
    """Input that cannot be read as an OKR set, located as precisely as the format allows."""

    def __init__(self, problem: str, *, path: str | None = None, line: int | None = None, fix: str = "") -> None:
        self.problem = problem
        self.path = path
        self.line = line
        self.fix = fix
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        text = f"{where}: {self.problem}"
        return f"{text}. {self.fix}" if self.fix else text

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled with its parts, so a problem found in a worker process reaches the report whole."""
        return _rebuild, (type(self), self.problem, self.path, self.line, self.fix)


def _rebuild(kind: type[InputError], problem: str, path: str | None, line: int | None, fix: str) -> InputError:
    return kind(problem, path=path, line=line, fix=fix)


class RubricError(InputError):
    """A rubric file that cannot be loaded (unknown key, unknown detector, bad pattern)."""
