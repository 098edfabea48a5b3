"""`okr-kit review`: OKR files, folders or standard input reviewed like a linter, in any report format.

Every review goes through `kit.review`, one call per document, so the CLI can never disagree with the
notebooks and widgets. One unreadable file is one line on stderr; the others are still reviewed.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

import kit
from kit.cli.common import EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, load_rule_docs, usage_error, write_out
from kit.errors import InputError, KitError

if TYPE_CHECKING:
    from kit.model import Level, Review
    from kit.report.common import Tally
    from kit.report.rules import RuleDoc
    from kit.rubric.gates import Gate, GateVerdict

STDIN_NAME = "<stdin>"
FAIL_ON = {"error": "error", "warning": "warning", "never": None}  # the Level each --fail-on stops at
OKR_SUFFIXES = {".md", ".markdown", ".txt", ".yaml", ".yml", ".json", ".csv", ".xlsx"}
INPUT_FORMATS = ["markdown", "text", "yaml", "json", "csv"]
PARALLEL_FROM_FILES = 16  # fewer files are reviewed in this process: forking workers would cost more than it saves
CHUNKS_PER_WORKER = 8  # files go to workers in chunks: fewer hand-overs, and still an even share at the end


class WrittenReview(NamedTuple):
    """What the parent process keeps of a review a worker wrote out as JSON: the document, its counts for
    the summary, and the levels of its rubric findings for the exit code."""

    document_json: str
    tally: Tally
    rubric_levels: frozenset[Level]


def run_review(args: argparse.Namespace) -> int:
    # no pydantic plugins in a one-shot review: looking for them scans every installed package (tens of ms)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        docs = load_rule_docs(args.rubric)  # imports the review machinery first
        gates = _gates(args.rubric, args.gate)
    except KitError as error:
        return usage_error(error)
    from kit.report.common import terminal_safe

    problems: list[InputError] = []
    sources = expand_sources(args.paths, problems)
    coach = _coach_settings() if args.coach else None
    from kit.model import Review

    outcomes = _review_all(sources, args, coach)
    problems += [outcome for outcome in outcomes if isinstance(outcome, InputError)]
    reviews = [outcome for outcome in outcomes if isinstance(outcome, Review)]
    written = [outcome for outcome in outcomes if isinstance(outcome, WrittenReview)]
    if args.company:
        try:
            reviews = with_alignment(review_source(args.company, rubric=args.rubric), reviews)
        except Exception as error:  # the company file is one more input: its problem names it
            problems.append(as_input_error(error, args.company))
    for problem in problems:
        print(terminal_safe(str(problem)), file=sys.stderr)
    fail_on = FAIL_ON[args.fail_on]
    if written:
        from kit.report.common import Tally
        from kit.report.json_report import render_written_json

        tally = Tally.total(review.tally for review in written)
        write_out(render_written_json([review.document_json for review in written], tally, problems), sys.stdout)
        return EXIT_USAGE if problems else exit_code([review.rubric_levels for review in written], fail_on)
    from kit.rubric.gates import judge

    verdicts = [judge(review, gates, args.gate) for review in reviews] if args.gate else []
    write_out(_render(args.format, reviews, docs, problems, verdicts, color=_use_color(args.color)), sys.stdout)
    for review, verdict in zip(reviews, verdicts, strict=False):  # no verdicts without --gate
        print(terminal_safe(gate_line(review, verdict)), file=sys.stderr)
    if problems:
        return EXIT_USAGE
    code = exit_code([rubric_levels(review) for review in reviews], fail_on)
    return EXIT_FINDINGS if any(not verdict.passes for verdict in verdicts) else code


def _review_all(sources: list[str], args: argparse.Namespace, coach: Any) -> list[Review | WrittenReview | InputError]:
    """Each source's review, or the problem that stopped it, in the order given.

    A folder of drafts is reviewed by forked workers, one a core (`--jobs`): the rubric is loaded before
    the fork, so a worker starts at once. For a JSON report each worker writes its documents as it reviews
    them (see `_workers_write_json`). With the coach, one file at a time, saying which (each asks the
    model and takes seconds); from standard input, in this process, which owns it.
    """
    review = partial(review_or_problem, rubric=args.rubric, input_format=args.input_format,
                     changed_since=args.changed_since)
    if coach is not None:
        outcomes: list[Review | WrittenReview | InputError] = []
        for number, source in enumerate(sources, start=1):
            print(f"okr-kit: asking the coach about {_display_name(source)} ({number}/{len(sources)}) ...",
                  file=sys.stderr)
            outcomes.append(review(source, coach=coach))
        return outcomes
    workers = worker_count(args.jobs, len(sources))
    if workers < 2 or "-" in sources:
        return [review(source) for source in sources]
    import multiprocessing  # here, not at the top: a one-file review should not wait for its import
    from concurrent.futures import ProcessPoolExecutor

    work = partial(written_review, review) if _workers_write_json(args) else review
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(work, sources, chunksize=max(1, len(sources) // (workers * CHUNKS_PER_WORKER))))


def _workers_write_json(args: argparse.Namespace) -> bool:
    """A JSON report's documents are written by the workers, instead of sending each review back to be
    written after the last one, unless something changes a document after its review: a gate verdict,
    or the company's alignment findings."""
    return args.format == "json" and not args.gate and not args.company


def written_review(review: Callable[[str], Review | InputError], source: str) -> WrittenReview | InputError:
    """A worker's review of `source` written out as JSON, with what the parent still needs of it."""
    outcome = review(source)
    if isinstance(outcome, InputError):
        return outcome
    from kit.report.common import Tally
    from kit.report.json_report import document_json

    return WrittenReview(document_json(outcome), Tally.of_review(outcome), rubric_levels(outcome))


def worker_count(jobs: int | None, files: int) -> int:
    """`jobs`, or one worker a core this process may use; one for a few files, where forking costs more."""
    if not hasattr(os, "fork"):
        return 1
    if jobs is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        jobs = cores if files >= PARALLEL_FROM_FILES else 1
    return max(1, min(jobs, files))


def review_or_problem(
    source: str, *, rubric: str | None, input_format: str | None, changed_since: str | None, coach: Any = False
) -> Review | InputError:
    """One source reviewed (only what changed since `changed_since`, when given), or why it could not be."""
    try:
        reviewed = review_source(source, rubric=rubric, input_format=input_format, coach=coach)
        if changed_since:
            if source == "-":
                raise InputError("standard input has no git history", path=STDIN_NAME,
                                 fix="Give the file's path to use --changed-since")
            from kit.changes import since_revision

            reviewed = since_revision(reviewed, Path(source), changed_since)
        return reviewed
    except Exception as error:  # every failure becomes one line naming the file
        return as_input_error(error, _display_name(source))


def with_alignment(company: Review, teams: list[Review]) -> list[Review]:
    """The company's review first, then each team's, each with the alignment findings about it."""
    from kit.programme.alignment import check_alignment

    names = team_names(teams)
    alignment = check_alignment(company.okr_set, {name: review.okr_set for name, review in zip(names, teams,
                                                                                               strict=True)})
    updated = [company.model_copy(update={"findings": company.findings + alignment.company_findings})]
    for name, review in zip(names, teams, strict=True):
        updated.append(review.model_copy(update={"findings": review.findings + alignment.team_findings[name]}))
    return updated


def team_names(reviews: Sequence[Review]) -> list[str]:
    """Each set's team ("Team:" line), else its file's name; a name used twice gets its file's name added."""
    names = [review.okr_set.team or Path(review.path or "team").stem for review in reviews]
    return [name if names.count(name) == 1 else f"{name} ({Path(review.path or '-').name})"
            for name, review in zip(names, reviews, strict=True)]


def _gates(rubric: str | None, name: str | None) -> dict[str, Gate]:
    """The rubric's gates, when `--gate` names one of them; an unknown name is a usage error."""
    if name is None:
        return {}
    from kit.rubric import load_rubric

    gates = load_rubric(rubric).gates
    if name not in gates:
        raise KitError(f"no gate named '{name}'; the rule files define: {', '.join(sorted(gates))}")
    return gates


def gate_line(review: Review, verdict: GateVerdict) -> str:
    """One line per document on stderr, so every report format stays what it is."""
    name = review.path or STDIN_NAME
    if verdict.passes:
        return f"okr-kit: {verdict.gate.label}: {name} passes"
    if verdict.empty:
        return f"okr-kit: {verdict.gate.label}: {name} does not pass: no objectives to check"
    return f"okr-kit: {verdict.gate.label}: {name} does not pass; open checks: {', '.join(verdict.open_checks())}"


def review_source(
    source: str, *, rubric: str | None = None, input_format: str | None = None, coach: Any = False
) -> Review:
    """One `kit.review` call for one command-line argument ('-' is standard input)."""
    if source == "-":
        result = kit.review(read_stdin(), rubric=rubric, format=input_format, coach=coach)
        return result.model_copy(update={"path": STDIN_NAME})
    path = Path(source)
    if not path.exists():
        raise InputError("no such file", path=source, fix="Check the spelling and the current folder")
    return kit.review(path, rubric=rubric, format=input_format, coach=coach)


def expand_sources(sources: Sequence[str], problems: list[InputError]) -> list[str]:
    """Folders stand for the OKR files inside them (recursively, hidden folders skipped), like a linter."""
    expanded: list[str] = []
    for source in sources:
        folder = Path(source)
        if source == "-" or not folder.is_dir():
            expanded.append(source)
            continue
        found = sorted(
            str(path)
            for path in folder.rglob("*")
            if path.suffix.lower() in OKR_SUFFIXES
            and path.is_file()
            and not any(part.startswith(".") for part in path.relative_to(folder).parts)
        )
        if not found:
            problems.append(
                InputError(
                    "no OKR files in this folder",
                    path=source,
                    fix=f"Put drafts there as {', '.join(sorted(OKR_SUFFIXES))} files, or pass the files themselves",
                )
            )
        expanded.extend(found)
    return expanded


def read_stdin(stream: TextIO | None = None) -> str:
    raw = (stream or sys.stdin).buffer.read()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"standard input is not UTF-8 text (byte {error.start})",
            path=STDIN_NAME,
            fix="Save the draft as UTF-8 text, or pass the file's path instead of piping it",
        ) from error


def as_input_error(error: Exception, name: str) -> InputError:
    """Name the file on every problem, whatever raised it, so the user knows where to look."""
    if isinstance(error, InputError):
        if error.path:
            return error
        return InputError(error.problem, path=name, line=error.line, fix=error.fix)
    if isinstance(error, KitError):
        return InputError(str(error), path=name)
    if isinstance(error, OSError):
        return InputError(
            f"cannot be read ({error.strerror or error})", path=name, fix="Check the path and its permissions"
        )
    if isinstance(error, UnicodeDecodeError):
        return InputError("is not UTF-8 text", path=name, fix="Save the file as UTF-8 text")
    return InputError(
        f"could not be reviewed ({type(error).__name__}: {error})",
        path=name,
        fix="This is a bug in okr-kit; please report it with the file attached",
    )


def rubric_levels(review: Review) -> frozenset[Level]:
    """Only rubric findings decide the exit code: the coach's remarks are advice and vary between runs."""
    return frozenset(f.level for f in review.findings if f.source == "rubric")


def exit_code(levels: Sequence[frozenset[Level]], fail_on: str | None) -> int:
    """Findings at `fail_on` (a Level's name) or above stop a pipeline; `levels` are each document's."""
    if fail_on is None:
        return EXIT_CLEAN
    from kit.model import Level

    threshold = Level(fail_on).rank
    return EXIT_FINDINGS if any(level.rank >= threshold for found in levels for level in found) else EXIT_CLEAN


def _use_color(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _render(
    fmt: str, reviews: list[Review], docs: list[RuleDoc], problems: list[InputError], verdicts: list[GateVerdict],
    *, color: bool = False,
) -> str:
    if fmt == "json":
        from kit.report.json_report import render_json

        return render_json(reviews, problems, verdicts)
    if fmt == "sarif":
        from kit.report.sarif import render_sarif

        return render_sarif(reviews, docs, problems)
    if fmt == "gitlab":
        from kit.report.gitlab import render_gitlab

        return render_gitlab(reviews, problems)
    if not reviews:
        return ""
    if fmt == "markdown":
        from kit.report.markdown import render_markdown

        return render_markdown(reviews)
    if fmt == "html":
        from kit.report.html import render_html

        return render_html(reviews)
    from kit.report.text import render_text

    return render_text(reviews, color=color)


def _coach_settings() -> Any:
    """The coach's settings when `--coach` can be honoured; otherwise say why, once, and return None."""
    try:
        coach: Any = importlib.import_module("kit.coach")
        config = coach.CoachConfig.from_env()
    except (ImportError, AttributeError) as error:
        print(f"okr-kit: --coach skipped: the coach is not installed ({error}).", file=sys.stderr)
        return None
    if not config.enabled:
        print(f"okr-kit: --coach skipped: {config.reason}", file=sys.stderr)
        return None
    return config


def _display_name(source: str) -> str:
    return STDIN_NAME if source == "-" else source
