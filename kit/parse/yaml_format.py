"""The structured schema written as YAML, read node by node so every error has its line.

Text fields keep the words exactly as written: YAML would otherwise turn an owner called
`No` into False or a cycle like `2027-03` into something else.
"""

from __future__ import annotations

from typing import Any

import yaml

from kit.errors import InputError
from kit.model import OkrSet
from kit.parse.structured import Node, to_okr_set

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# The schema is four levels deep; anything much deeper is not an OKR set.
_MAX_DEPTH = 32

_YAML_FIX = (
    "Check the indentation and quoting on this line and the one above: items of a list start "
    "with '- ', and text containing ': ' or starting with a symbol needs quotes."
)


class _Converter:
    def __init__(self, loader: Any, label: str | None) -> None:
        self.loader = loader
        self.label = label
        self.done: dict[int, Node] = {}  # aliases share one node, so shared values convert once

    def convert(self, node: yaml.Node, depth: int = 0) -> Node:
        known = self.done.get(id(node))
        if known is not None:
            return known
        line = node.start_mark.line + 1
        if depth > _MAX_DEPTH:
            raise InputError("the YAML is nested far too deeply", path=self.label, line=line, fix=_YAML_FIX)
        if isinstance(node, yaml.MappingNode):
            pairs: list[tuple[str, int, Node]] = []
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    raise InputError(
                        "a key here is not a plain word", path=self.label, line=key.start_mark.line + 1, fix=_YAML_FIX
                    )
                pairs.append((str(key.value), key.start_mark.line + 1, self.convert(value, depth + 1)))
            converted = Node("map", line, pairs)
        elif isinstance(node, yaml.SequenceNode):
            converted = Node("list", line, [self.convert(item, depth + 1) for item in node.value])
        else:
            value = self.loader.construct_object(node, deep=True)
            raw = None if value is None else str(node.value)
            converted = Node("scalar", line, value, raw)
        self.done[id(node)] = converted
        return converted


def parse_yaml(text: str, label: str | None = None) -> OkrSet:
    """YAML in the structured schema to an OkrSet."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        converted = None if root is None else _Converter(loader, label).convert(root)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "the structure is broken"
        raise InputError(
            f"this is not valid YAML: {problem}",
            path=label,
            line=mark.line + 1 if mark is not None else None,
            fix=_YAML_FIX,
        ) from None
    except yaml.reader.ReaderError as error:
        raise InputError(
            f"this is not valid YAML: character {error.character!r} is not allowed",
            path=label,
            line=text.count("\n", 0, error.position) + 1,
            fix="Remove the control character on this line (it is often pasted in from another tool).",
        ) from None
    except yaml.YAMLError as error:
        raise InputError(f"this is not valid YAML: {error}", path=label, fix=_YAML_FIX) from None
    finally:
        loader.dispose()
    return to_okr_set(converted, label, "YAML")
