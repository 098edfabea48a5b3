"""One-page builders: a charter, a cohort design or a roles checklist as a form, each part checked live by
its rule file, saved as you type.

A view over one `kit.onepage.OnePage`; the parts, rules and exports live with the page's model.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, Self

import ipywidgets as widgets

from kit.autosave import Autosaver
from kit.cop.charter import Charter
from kit.cop.cohort_design import CohortDesign
from kit.errors import KitError
from kit.onepage import OnePage, PageCheck
from kit.programme.charter import ProgrammeCharter
from kit.programme.roles import RolesAndEnablers
from kit.store import Store
from kit.widgets.shared import classed, folder_and_store
from kit.widgets.style import GATE_COLOURS, MUTED, OK_COLOUR, download_link, esc, finding_html, pill


def summary_html(check: PageCheck, kind: str = "charter") -> str:
    missing = len(check.missing)
    warnings = len(check.findings) - missing
    if check.complete and not warnings:
        badge = pill("complete: ready to print", OK_COLOUR)
    elif check.complete:
        badge = pill(f"complete, {warnings} thing(s) to sharpen", GATE_COLOURS["amber"])
    else:
        badge = pill(f"{missing} element(s) missing", GATE_COLOURS["red"])
    return f'<div class="okr-{kind}-summary" data-missing="{missing}">{badge}</div>'


class OnePageBuilder(widgets.VBox):
    """Fill in a one-page document part by part; a subclass names the page's model (which knows its
    example) and the CSS prefix its elements carry (`okr-<prefix>-<part>`)."""

    PAGE: ClassVar[type[OnePage]]
    PREFIX: ClassVar[str]
    FILENAME: ClassVar[str]

    def __init__(
        self,
        page: OnePage | None = None,
        filename: str | None = None,
        save_path: str | Path | None = None,
        autosave: Autosaver | None = None,
        **kwargs: Any,
    ) -> None:
        """The page is kept as you type: in the workshop store through `autosave` (see `in_store`),
        else in the file at `save_path`."""
        self.autosave = autosave
        self.page = page or self.PAGE()
        self.filename = filename or self.FILENAME
        self.save_path = Path(save_path) if save_path else None
        self.save_status = classed(widgets.HTML(), f"okr-{self.PREFIX}-save-status")
        self.check: PageCheck = self.page.check()
        self.inputs: dict[str, widgets.Text | widgets.Textarea] = {}
        self.findings: dict[str, widgets.HTML] = {}
        rows: list[widgets.Widget] = []
        for part in self.page.PARTS:
            name = part.key
            box: widgets.Text | widgets.Textarea
            factory = widgets.Textarea if part.multiline else widgets.Text
            extra = {"rows": 4} if part.multiline else {}
            box = factory(
                **extra,
                value=self.page.part_text(name),
                placeholder=part.placeholder,
                description=part.label,
                style={"description_width": "11em"},
                layout=widgets.Layout(width="95%"),
            )
            box.add_class(f"okr-{self.PREFIX}-{name}")
            box.observe(self._edited(name), names="value")
            findings = widgets.HTML()
            self.inputs[name], self.findings[name] = box, findings
            rows += [box, findings]
        example = widgets.Button(description="Start from the example", icon="file")
        example.add_class(f"okr-{self.PREFIX}-example")
        example.on_click(lambda _b: self.load(self.example()))
        self.other_findings = widgets.HTML()
        self.summary = widgets.HTML()
        self.summary.add_class(f"okr-{self.PREFIX}-summary-box")
        export = widgets.Button(description="Export", icon="download")
        export.add_class(f"okr-{self.PREFIX}-export")
        export.on_click(lambda _b: self.export())
        self.export_output = widgets.HTML()
        self.export_output.add_class(f"okr-{self.PREFIX}-export-output")
        super().__init__([example, *rows, self.other_findings, self.summary, export, self.export_output], **kwargs)
        self.add_class(f"okr-{self.PREFIX}")
        self.refresh()

    def example(self) -> OnePage:
        """A complete page to start from."""
        return self.PAGE.example()

    @classmethod
    def from_file(cls, path: str | Path, **kwargs: Any) -> Self:
        """Edit the charter saved at `path` (kept up to date on every change); a file that cannot
        be read is left untouched and the builder starts empty, saying why."""
        target = Path(path)
        if not target.exists():
            return cls(save_path=target, **kwargs)
        try:
            return cls(cls.PAGE.load(target), save_path=target, **kwargs)
        except KitError as error:
            builder = cls(**kwargs)
            builder.save_status.value = (
                f'<div class="okr-error" style="color:{GATE_COLOURS["red"]}">{esc(error)} - '
                f"the file was left as it is; this {cls.PAGE.KIND} will not be saved over it.</div>"
            )
            return builder

    @classmethod
    def in_store(cls, store: Store | None = None, workshop: str = "", key: str = "", author: str = "facilitator",
                 **kwargs: Any) -> Self:
        """Edit the page saved in the workshop store under (`workshop`, the page's kind, `key`), every
        change a new version: the latest comes back after a restart, earlier ones stay in its history."""
        folder, store = folder_and_store(None, store)
        builder = cls(**kwargs)
        autosave = Autosaver(store, workshop or folder.resolve().name or "workshop", key or cls.FILENAME, author,
                             lambda: builder.page, kind=cls.PAGE.RULES, on_error=builder.save_failed)
        try:
            restored = autosave.restore(cls.PAGE)
        except KitError as error:  # a saved page that no longer fits is never written over
            builder.save_failed(error)
            return builder
        builder.autosave = autosave
        if isinstance(restored, cls.PAGE):
            builder.load(restored)  # already saved: nothing new is written
        return builder

    def save_failed(self, error: KitError) -> None:
        self.save_status.value = (f'<div class="okr-error" style="color:{GATE_COLOURS["red"]}">Could not save '
                                  f"({esc(error)}); your text stays on this page - export it now.</div>")

    def load(self, page: OnePage) -> None:
        self.page = page
        for name, box in self.inputs.items():
            box.value = page.part_text(name)
        self.refresh()
        self._save()

    def _save(self) -> None:
        if self.autosave is not None:
            self.autosave.touch()
            return
        if self.save_path is None:
            return
        try:
            self.page.save(self.save_path)
        except OSError as error:
            self.save_status.value = f'<div class="okr-error">Could not save ({esc(error)}); export it now.</div>'

    def _edited(self, name: str) -> Callable[[dict[str, Any]], None]:
        def handler(change: dict[str, Any]) -> None:
            if self.page.part_text(name) != change["new"]:
                self.page.set_part_text(name, change["new"])
                self.refresh()
                self._save()

        return handler

    def refresh(self) -> None:
        try:
            self.check = self.page.check()
        except KitError as error:
            self.summary.value = f'<div class="okr-error">{esc(error)}</div>'
            return
        for name, box in self.findings.items():
            box.value = "".join(finding_html(f) for f in self.check.for_field(name))
        known = set(self.findings)
        self.other_findings.value = "".join(finding_html(f) for f in self.check.findings if f.field not in known)
        self.summary.value = summary_html(self.check, self.PREFIX)

    def export(self) -> tuple[str, str]:
        """Markdown and print-ready HTML as download links; the page prints to PDF from the browser."""
        markdown, page = self.page.to_markdown(), self.page.to_html()
        if self.autosave is not None:
            self.autosave.flush()
        self.export_output.value = (
            f"{download_link(self.filename + '.md', markdown, 'text/markdown')}<br>"
            f"{download_link(self.filename + '.html', page, 'text/html')}"
            f"<div style='color:{MUTED}'>Open the HTML file and print it (or save as PDF): it fits one A4 page.</div>"
        )
        return markdown, page


class CharterBuilder(OnePageBuilder):
    """The CoP's one-page charter (kit.cop.charter)."""

    PAGE = Charter
    PREFIX = "charter"
    FILENAME = "cop-charter"

    @property
    def charter(self) -> Charter:
        assert isinstance(self.page, Charter)
        return self.page


class ProgrammeCharterBuilder(OnePageBuilder):
    """The OKR programme's one-page charter (kit.programme.charter), the first pilot entry criterion."""

    PAGE = ProgrammeCharter
    PREFIX = "programme"
    FILENAME = "okr-programme-charter"


class CohortDesignBuilder(OnePageBuilder):
    """A peer-learning cohort's design and governance checklist (kit.cop.cohort_design)."""

    PAGE = CohortDesign
    PREFIX = "cohort-design"
    FILENAME = "cohort-design"


class RolesBuilder(OnePageBuilder):
    """Who runs the OKR system and the conditions it needs (kit.programme.roles)."""

    PAGE = RolesAndEnablers
    PREFIX = "roles"
    FILENAME = "roles-and-enablers"
