"""What a change did to an OKR file's quality: the review of what changed since a git revision.

A reviewer of an OKR merge request wants the findings about the objectives and KRs the change
touched, which of them are new, and which the change fixed; not the whole file's backlog.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from kit.errors import InputError
from kit.model import ChangedFinding, Finding, Review, ReviewChanges
from kit.parse import parse


def previous_text(path: Path, since: str) -> str | None:
    """The file as it was at revision `since`; None when it did not exist there (a new file)."""
    folder = path.resolve().parent
    top = _git(["rev-parse", "--show-toplevel"], folder, path)
    _git(["rev-parse", "--verify", "--quiet", f"{since}^{{commit}}"], folder, path, unknown_revision=since)
    relative = path.resolve().relative_to(Path(top.strip()).resolve()).as_posix()
    shown = subprocess.run(["git", "show", f"{since}:{relative}"], cwd=folder, capture_output=True, text=True)
    return shown.stdout if shown.returncode == 0 else None


def since_revision(review: Review, path: Path, since: str) -> Review:
    """`review` cut down to the changed objectives and KRs, with what is new and what was fixed since `since`."""
    from kit.review import review as run_review

    old_text = previous_text(path, since)
    old = run_review(parse(old_text, format=_format_of(path))) if old_text is not None else None
    old_texts = {_norm(item) for item in _item_texts(old)} if old else set()
    changed = {text for text in _item_texts(review) if _norm(text) not in old_texts}
    old_keys = {_key(f) for f in old.findings} if old else set()
    new_keys = {_key(f) for f in review.findings}
    kept = [
        f for f in review.findings
        if (f.scope == "set" and _key(f) not in old_keys) or (f.scope != "set" and f.text in changed)
    ]
    changes = ReviewChanges(
        since=since,
        changed_items=len(changed),
        new=[_changed(f) for f in review.findings if _key(f) not in old_keys],
        fixed=[_changed(f) for f in (old.findings if old else []) if _key(f) not in new_keys],
    )
    return review.model_copy(update={"findings": kept, "changes": changes})


def _git(args: list[str], folder: Path, path: Path, unknown_revision: str | None = None) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True)
    except FileNotFoundError:
        raise InputError("git is not installed", path=str(path), fix="Install git to use --changed-since") from None
    if done.returncode != 0:
        if unknown_revision is not None:
            raise InputError(
                f"git does not know the revision {unknown_revision!r}", path=str(path),
                fix="Give a branch, tag or commit of this repository, e.g. --changed-since origin/main",
            )
        raise InputError(
            "is not in a git repository", path=str(path),
            fix="Review it without --changed-since, or commit it to a repository first",
        )
    return done.stdout


def _format_of(path: Path) -> str | None:
    return {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".csv": "csv"}.get(path.suffix.lower())


def _item_texts(review: Review) -> list[str]:
    return [o.text for o in review.okr_set.objectives] + [kr.text for _, _, kr in review.okr_set.key_results()]


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _key(finding: Finding) -> tuple[str, str]:
    return finding.rule, _norm(finding.text)


def _changed(finding: Finding) -> ChangedFinding:
    return ChangedFinding(rule=finding.rule, level=finding.level, message=finding.message, text=finding.text)
