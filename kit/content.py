"""Workshop content as data: agendas, checklists, guides and playbooks in `content/*.yaml`.

Content is what a coach tunes to their own practice (step timings, readiness items, failure
modes, rollout plans); rules that judge OKR text live apart, in `rubrics/`. Every content file is
read the same way: YAML with line marks, validated by its model, and any mistake reported with the
file, the line and what to compare it with.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from kit.errors import InputError
from kit.paths import data_dir
from kit.yamlfile import line_for, read_yaml, validation_problem

Content = TypeVar("Content", bound=BaseModel)


def content_path(name: str) -> Path:
    """The kit's own copy of a content file, e.g. `content_path("readiness")`."""
    return data_dir("content") / f"{name}.yaml"


def load_content(name: str, model: type[Content], path: Path | None = None) -> Content:
    """`content/<name>.yaml`, or the coach's own file at `path`, validated as `model`."""
    path = path or content_path(name)
    located = read_yaml(path, what=f"{name.replace('_', ' ')} file")
    fix = f"Compare it with the kit's content/{name}.yaml"
    try:
        return model.model_validate(located.data)
    except ValidationError as exc:
        where, problem = validation_problem(exc)
        raise InputError(problem, path=str(path), line=line_for(located.lines, where), fix=fix) from None
    except ValueError as exc:  # a model's own cross-field check
        raise InputError(str(exc), path=str(path), fix=fix) from None
