"""One-page documents: a charter a sponsor signs, in labelled parts, checked by its own rule file.

The CoP charter and the OKR programme charter are both one page of named parts. A subclass declares
each part on its field (`purpose: Annotated[Prose, Part("Purpose", "What it is for")]`), so a part and
its value cannot drift apart; this module reads them from "Label: value" text or the model's YAML/JSON,
gives the rules their text, and exports the page as Markdown and a print-ready A4 page. Everything a
person typed is escaped on the way out.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import reduce
from pathlib import Path
from typing import Annotated, Any, ClassVar, Self, get_origin

import yaml
from pydantic import BaseModel, Field, ValidationError

from kit.content import load_content
from kit.cop.intake import check_fields, inline_md
from kit.errors import InputError
from kit.model import EditableModel, Finding, Level
from kit.paths import data_dir
from kit.rubric import load_rule_files

Section = tuple[str, str | list[str]]


def labelled_lines(pairs: Iterable[tuple[str, str]]) -> list[str]:
    """A section of "Label: value" lines; an empty value reads "-", so the printed page shows the gap."""
    return [f"{label}: {value or '-'}" for label, value in pairs]


LABEL_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z -]{0,24}?)\s*:\s*(.*)$")

PRINT_CSS = (
    "@page{size:A4;margin:14mm}"
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:10.5pt;line-height:1.35;color:#222}"
    "main{max-width:182mm;margin:0 auto}"
    "h1{font-size:17pt;margin:0 0 6pt}h1 span{font-weight:400;color:#666}"
    "h2{font-size:11pt;margin:8pt 0 2pt;text-transform:uppercase;letter-spacing:.04em;color:#1565c0}"
    "p,ul{margin:0 0 4pt}ul{padding-left:16pt}"
    "section{break-inside:avoid}"
    "@media print{body{font-size:10pt}}"
)


@dataclass(frozen=True)
class Part:
    """One part of the page, declared on its field (`Annotated[str | Prose | Lines, Part(...)]`): how a person
    fills it in and the name its rules read. A part of a nested model's field reads "<field>_<inner field>"."""

    label: str
    placeholder: str = ""
    split: str | None = None  # a list's items in pasted text are also split on this pattern (";" by default)
    joiner: str = "; "  # how a list reads to the rules
    aliases: tuple[str, ...] = ()  # other labels accepted in pasted text
    # filled in from the field: the attributes that lead to the value, and whether it is typed over several
    # lines (`Prose` or `Lines`)
    path: tuple[str, ...] = ()
    multiline: bool = False

    @property
    def key(self) -> str:
        return "_".join(self.path)

    @property
    def listed(self) -> bool:
        return self.split is not None


_SEVERAL_LINES = "typed over several lines"
# the three shapes of a part's value: `str` (one line, default ""), `Prose` (several lines) and `Lines` (a
# list, one item per line; in pasted text its items are also split on ";" unless the part says otherwise)
Prose = Annotated[str, Field(default=""), _SEVERAL_LINES]
Lines = Annotated[list[str], Field(default_factory=list), _SEVERAL_LINES]


def parts_of(model: type[BaseModel], path: tuple[str, ...] = ()) -> tuple[Part, ...]:
    """The parts declared on a model's fields, in field order, nested models' parts in their place."""
    found: list[Part] = []
    for name, info in model.model_fields.items():
        listed = ";" if get_origin(info.annotation) is list else None
        several = _SEVERAL_LINES in info.metadata
        found += [replace(part, path=(*path, name), split=part.split or listed, multiline=several)
                  for part in info.metadata if isinstance(part, Part)]
        if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel):
            found += parts_of(info.annotation, (*path, name))
    return tuple(found)


class OnePage(EditableModel):
    """A one-page document of named parts; subclasses declare the parts on their fields and name their
    rule file."""

    # set for each page from its class line and its fields
    PARTS: ClassVar[tuple[Part, ...]] = ()
    KIND: ClassVar[str]  # after the title: "<name> - charter"
    UNTITLED: ClassVar[str]
    RULES: ClassVar[str]  # the rule file in rubrics/, without .yaml
    SCOPE: ClassVar[str]  # the scope its rules are written for

    name: str = ""

    def __init_subclass__(cls, *, kind: str, untitled: str, rules: str, scope: str, **kwargs: Any) -> None:
        """A page names what it is, its title while it has no name, and its rule file and scope:
        `class Charter(OnePage, kind="charter", untitled="Community of Practice", rules="charter", ...)`."""
        super().__init_subclass__(**kwargs)
        cls.KIND, cls.UNTITLED, cls.RULES, cls.SCOPE = kind, untitled, rules, scope

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls.PARTS = parts_of(cls)

    # -- parts as text ----------------------------------------------------------------------

    @classmethod
    def example(cls) -> Self:
        """A complete page to start from, in the playbook's shape: `content/examples/<RULES>.yaml`, which a
        coach can make their own."""
        return load_content(f"examples/{cls.RULES}", cls)

    @classmethod
    def part(cls, key: str) -> Part:
        return next(part for part in cls.PARTS if part.key == key)

    def get_part(self, key: str) -> str | list[str]:
        *outer, name = self.part(key).path
        value: str | list[str] = getattr(reduce(getattr, outer, self), name)
        return value

    def set_part(self, key: str, value: str | list[str]) -> None:
        *outer, name = self.part(key).path
        setattr(reduce(getattr, outer, self), name, value)

    def part_text(self, key: str) -> str:
        """A part as it reads in a form: a list one item per line."""
        value = self.get_part(key)
        return "\n".join(value) if isinstance(value, list) else value

    def set_part_text(self, key: str, text: str) -> None:
        """Set a part from a form's text: a list takes one item per line, blank lines dropped."""
        if self.part(key).listed:
            self.set_part(key, [line.strip() for line in text.splitlines() if line.strip()])
        else:
            self.set_part(key, text)

    def field_values(self) -> dict[str, str]:
        """The named text fields the rules read."""
        values = {}
        for part in self.PARTS:
            value = self.get_part(part.key)
            values[part.key] = part.joiner.join(v for v in value if v.strip()) if isinstance(value, list) else value
        return values

    # -- reading ----------------------------------------------------------------------------

    @classmethod
    def from_text(cls, text: str) -> Self:
        """Read "Label: value" lines; a list part is split on its pattern or given as '- ' lines under it."""
        labels = {alias: part for part in cls.PARTS for alias in (part.label.lower(), *part.aliases)}
        values: dict[str, list[str]] = {}
        current: Part | None = None
        for raw in text.splitlines():
            match = LABEL_LINE.match(raw)
            label = match.group(1).strip().lower() if match else ""
            if match and label in labels:
                current = labels[label]
                values.setdefault(current.key, [])
                if match.group(2).strip():
                    values[current.key].append(match.group(2).strip())
            elif raw.strip() and current is not None:
                values[current.key].append(raw.strip())
        page = cls()
        for key, parts in values.items():
            split = cls.part(key).split
            if split is None:
                page.set_part(key, " ".join(parts))
            else:
                items = [item.strip() for piece in parts for item in re.split(split, piece.lstrip("-* "))]
                page.set_part(key, [item for item in items if item])
        return page

    @classmethod
    def load(cls, path: str | Path) -> Self:
        """A page saved as YAML or JSON (the model's own shape) or as labelled text."""
        source = Path(path)
        try:
            text = source.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError(f"{cls.KIND} file not found", path=str(source)) from None
        except UnicodeDecodeError:
            raise InputError("not a text file", path=str(source), fix=f"Save the {cls.KIND} as UTF-8 text.") from None
        if source.suffix.lower() not in {".yaml", ".yml", ".json"}:
            return cls.from_text(text)
        try:
            return cls.model_validate(yaml.safe_load(text) or {})
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise InputError("not valid YAML", path=str(source), line=mark.line + 1 if mark else None) from None
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise InputError(
                f"{where}: {first['msg']}", path=str(source), fix="Allowed keys: " + ", ".join(cls.model_fields) + ".",
            ) from None

    def save(self, path: str | Path) -> Path:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(target.suffix + ".tmp")
        tmp.write_text(yaml.safe_dump(self.model_dump(), sort_keys=False, allow_unicode=True), encoding="utf-8")
        tmp.replace(target)  # never a half-written page
        return target

    # -- checking and exporting -------------------------------------------------------------

    @classmethod
    def rules_path(cls) -> Path:
        return data_dir("rubrics") / f"{cls.RULES}.yaml"

    def check(self, rules: str | Path | None = None) -> PageCheck:
        rubric = load_rule_files(rules or self.rules_path())
        return PageCheck(findings=check_fields(self.field_values(), rubric, self.SCOPE))

    def sections(self) -> list[Section]:
        """The page in reading order, as (heading, text or list) pairs every export shares: one per part
        by default; a subclass groups parts under one heading where the page does."""
        return [(part.label, self.get_part(part.key)) for part in self.PARTS if part.key != "name"]

    def title(self) -> str:
        return self.name or self.UNTITLED

    def to_markdown(self) -> str:
        out = [f"# {inline_md(self.title())} - {self.KIND}", ""]
        for heading, body in self.sections():
            out += [f"## {heading}", ""]
            if isinstance(body, list):
                out += [f"- {inline_md(item)}" for item in body] or ["- _missing_"]
            else:
                out.append(inline_md(body) or "_missing_")
            out.append("")
        return "\n".join(out)

    def to_html(self) -> str:
        """A print-ready page (A4, one page); every piece of user text is escaped."""
        title = html.escape(self.title())
        parts = []
        for heading, body in self.sections():
            if isinstance(body, list):
                items = "".join(f"<li>{html.escape(item)}</li>" for item in body) or "<li><em>missing</em></li>"
                content = f"<ul>{items}</ul>"
            else:
                content = f"<p>{html.escape(body) if body else '<em>missing</em>'}</p>"
            parts.append(f"<section><h2>{html.escape(heading)}</h2>{content}</section>")
        return (
            "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<title>{title} - {html.escape(self.KIND)}</title><style>{PRINT_CSS}</style></head>"
            f"<body><main><h1>{title} <span>{html.escape(self.KIND)}</span></h1>{''.join(parts)}</main></body></html>\n"
        )


class PageCheck(BaseModel):
    """A page's findings: errors are missing parts, warnings are parts to sharpen."""

    findings: list[Finding]

    @property
    def missing(self) -> list[Finding]:
        return [f for f in self.findings if f.level == Level.ERROR]

    @property
    def complete(self) -> bool:
        """Every part of the page is there (warnings may remain)."""
        return not self.missing

    def for_field(self, name: str) -> list[Finding]:
        return [f for f in self.findings if f.field == name]
