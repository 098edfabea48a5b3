"""The formats a reviewed set can be downloaded in from the widgets.

The documents themselves are written by kit.report, the same code the CLI uses, so a
download from the widget and an export from the command line are identical.
"""

from __future__ import annotations

import csv
import io
import json

import yaml

from kit.model import OkrSet, Review

# label -> (file suffix, MIME type)
EXPORT_FORMATS: dict[str, tuple[str, str]] = {
    "Markdown": (".md", "text/markdown"),
    "YAML": (".yaml", "application/yaml"),
    "JSON": (".json", "application/json"),
    "CSV": (".csv", "text/csv"),
}


def _structured(okr_set: OkrSet) -> dict[str, object]:
    return okr_set.model_dump(mode="json", exclude_none=True, exclude={"objectives": {"__all__": {"line": True,
                              "key_results": {"__all__": {"line"}}}}})


def _markdown(okr_set: OkrSet) -> str:
    lines = [f"# {okr_set.title or 'OKRs'}", ""]
    meta = [f"{label}: {value}" for label, value in (("Team", okr_set.team), ("Cycle", okr_set.cycle)) if value]
    if meta:
        lines += [", ".join(meta), ""]
    for oi, objective in enumerate(okr_set.objectives, start=1):
        lines += [f"## Objective {oi}: {objective.text}", ""]
        for ki, kr in enumerate(objective.key_results, start=1):
            extras = "".join(f" {label}: {value}." for label, value in (("Owner", kr.owner), ("Source", kr.source))
                             if value)
            lines.append(f"- KR {oi}.{ki}: {kr.text}{extras}")
        lines.append("")
    return "\n".join(lines)


def _csv(okr_set: OkrSet) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["objective", "key_result", "owner", "source"])
    for objective in okr_set.objectives:
        for kr in objective.key_results or []:
            writer.writerow([objective.text, kr.text, kr.owner or "", kr.source or ""])
    return out.getvalue()


def export_text(review: Review, fmt: str) -> str:
    """The reviewed set as a document in `fmt` (one of EXPORT_FORMATS)."""
    okr_set = review.okr_set
    if fmt == "Markdown":
        return _markdown(okr_set)
    if fmt == "YAML":
        return yaml.safe_dump(_structured(okr_set), sort_keys=False, allow_unicode=True)
    if fmt == "JSON":
        return json.dumps(_structured(okr_set), indent=2, ensure_ascii=False) + "\n"
    if fmt == "CSV":
        return _csv(okr_set)
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
