"""YAML files read with the line of every key, so a mistake in a rule or vocabulary file names its line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kit.errors import InputError, RubricError

# libyaml's loader when PyYAML was built with it: the same nodes and line marks, ten times faster
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Located:
    data: Any
    lines: dict[tuple[Any, ...], int]


def read_yaml(path: Path, what: str = "rubric file") -> Located:
    """The file's data and the line of every key; `what` names the file in errors ("rubric file")."""
    error = RubricError if what == "rubric file" else InputError
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"cannot read the {what} ({exc})", path=str(path)) from None
    try:
        loader = _LOADER(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise error(
            f"not valid YAML: {problem}", path=str(path), line=mark.line + 1 if mark else None,
            fix="Check indentation and quoting on that line.",
        ) from None
    lines: dict[tuple[Any, ...], int] = {}
    if node is not None:
        _index_lines(node, (), lines)
    return Located(data=data, lines=lines)


def _index_lines(node: yaml.Node, path: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            _index_lines(value_node, (*path, key), lines)
            lines[(*path, key)] = key_node.start_mark.line + 1  # a key's line is where the key is written
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, (*path, index), lines)


def line_for(lines: dict[tuple[Any, ...], int], path: tuple[Any, ...]) -> int | None:
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())


def validation_problem(exc: ValidationError) -> tuple[tuple[Any, ...], str]:
    error = exc.errors()[0]
    loc = tuple(error["loc"])
    name = ".".join(str(part) for part in loc) or "rule"
    if error["type"] == "extra_forbidden":
        return loc, f"unknown key '{name}'"
    if error["type"] == "missing":
        return loc, f"missing required key '{name}'"
    return loc, f"'{name}': {error['msg']}"
