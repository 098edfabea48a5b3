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
# Values an OKR file may hold once its aliases (`*name`) are expanded: a few kilobytes of anchors that
# reuse each other can otherwise stand for millions of KRs.
MAX_EXPANDED_VALUES = 200_000

_YAML_FIX = (
    "Check the indentation and quoting on this line and the one above: items of a list start "
    "with '- ', and text containing ': ' or starting with a symbol needs quotes."
)


class _Converter:
    def __init__(self, loader: Any, label: str | None) -> None:
        self.loader = loader
        self.label = label
        self.done: dict[int, tuple[Node, int]] = {}  # aliases share one node, so shared values convert once
        self.expanded = 0  # values the document stands for with every alias expanded

    def convert(self, node: yaml.Node, depth: int = 0) -> Node:
        line = node.start_mark.line + 1
        known = self.done.get(id(node))
        if known is not None:
            self._count(known[1], line)
            return known[0]
        before = self.expanded
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
            self._count(1, line)
        self.done[id(node)] = (converted, self.expanded - before + (0 if converted.kind == "scalar" else 1))
        if converted.kind != "scalar":
            self._count(1, line)
        return converted

    def _count(self, values: int, line: int) -> None:
        self.expanded += values
        if self.expanded > MAX_EXPANDED_VALUES:
            raise InputError(
                f"with its aliases (*name) expanded this YAML holds over {MAX_EXPANDED_VALUES:,} values; "
                "an OKR set holds a few hundred",
                path=self.label, line=line, fix="Write the values out instead of reusing anchors (&name) this much.",
            )


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
