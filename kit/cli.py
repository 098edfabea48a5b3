"""`okr-kit`: review OKR files like a linter, list the rules, and launch the workshop kit.

Every review goes through `kit.review`, one call per document, so the CLI can never disagree
with the notebooks and widgets. Input problems are one line on stderr and exit code 2, never
a traceback; one unreadable file does not stop the others from being reviewed.
"""

from __future__ import annotations

import argparse
import importlib
import io
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import kit
from kit.errors import InputError, KitError

if TYPE_CHECKING:
    from kit.model import Level, Review
    from kit.report.rules import RuleDoc

# Start-up is most of what `okr-kit review my-okrs.md` (or a pre-commit hook) waits for, so the review
# machinery, pydantic included, is imported by the commands that use it, and each report format only
# when it is asked for.

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
STDIN_NAME = "<stdin>"
FAIL_ON = {"error": "error", "warning": "warning", "never": None}  # the Level each --fail-on stops at
OKR_SUFFIXES = {".md", ".markdown", ".txt", ".yaml", ".yml", ".json", ".csv", ".xlsx"}
INPUT_FORMATS = ["markdown", "text", "yaml", "json", "csv"]
_PYDANTIC_PLUGINS = "PYDANTIC_DISABLE_PLUGINS"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_request:  # argparse has already printed usage or help
        return exit_request.code if isinstance(exit_request.code, int) else EXIT_USAGE
    if not hasattr(args, "handler"):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    for stream in (sys.stdout, sys.stderr):  # a draft with emoji must not crash a Latin-1 terminal
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    handler: Callable[[argparse.Namespace], int] = args.handler
    return handler(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="okr-kit", description="Review OKR drafts and run OKR workshops in JupyterLab."
    )
    parser.add_argument("--version", action="version", version=f"okr-kit {kit.__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    review = commands.add_parser(
        "review",
        help="review OKR files and report what a coach would flag",
        description="Review OKR files (Markdown, text, YAML, JSON, CSV) against the rubric.",
    )
    review.add_argument("paths", nargs="+", metavar="PATH", help="OKR files to review; '-' reads standard input")
    review.add_argument(
        "--format", choices=["text", "json", "sarif", "gitlab", "markdown", "html"], default="text",
        help="report format (gitlab: a Code Quality report for merge requests)",
    )
    review.add_argument("--rubric", metavar="FILE", help="your own rule file, layered over the house rules")
    review.add_argument(
        "--fail-on",
        choices=list(FAIL_ON),
        default="error",
        help="exit 1 when a rubric finding is at or above this level (default: error)",
    )
    review.add_argument(
        "--input-format", choices=INPUT_FORMATS, help="how to read the input (default: from the file suffix)"
    )
    review.add_argument("--coach", action="store_true", help="add the LLM coach's remarks when it is configured")
    review.add_argument(
        "--changed-since", metavar="REF",
        help="only what changed since a git revision, with the findings it brought in and those it fixed",
    )
    review.add_argument(
        "--color",
        choices=["auto", "always", "never"],
        default="auto",
        help="colour the levels in text output (auto: on a terminal, unless NO_COLOR is set)",
    )
    review.set_defaults(handler=run_review)

    rules = commands.add_parser("rules", help="list the rules with why they matter and examples")
    rules.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    rules.add_argument("--rubric", metavar="FILE", help="your own rule file, layered over the house rules")
    rules.add_argument("--features", action="store_true",
                       help="list the features a rule's 'when:' condition can name, with what each means")
    rules.set_defaults(handler=run_rules)

    # Launch commands import Jupyter-related code only when used, keeping `review` fast to start.
    lab = commands.add_parser("lab", help="open the workshop notebooks in JupyterLab")
    lab.add_argument("--port", type=int, help="port to serve on (default: 8888, or a free one)")
    lab.add_argument("--no-browser", action="store_true", help="print the URL instead of opening a browser")
    lab.add_argument(
        "--workshop", type=Path, default=Path("workshop"), metavar="DIR", help="folder for your workshop files"
    )
    lab.add_argument("--ip", default="127.0.0.1", help="address to listen on (default 127.0.0.1: only this computer)")
    lab.set_defaults(handler=_run_lab)

    app = commands.add_parser("app", help="serve one notebook as an app, code hidden (Voila)")
    app.add_argument("notebook", metavar="NOTEBOOK", help="a notebook name such as 03_self_serve_review, or a path")
    app.add_argument("--port", type=int, help="port to serve on (default: 8866, or a free one)")
    app.add_argument("--no-browser", action="store_true", help="print the URL instead of opening a browser")
    app.add_argument(
        "--workshop", type=Path, default=Path("workshop"), metavar="DIR", help="folder for your workshop files"
    )
    app.add_argument(
        "--ip", default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: only this computer; a room needs this computer's address)",
    )
    app.add_argument(
        "--idle-kernel-timeout", type=int, default=300, metavar="SECONDS",
        help="shut down the kernel of a closed or reloaded page after this many idle seconds (default 300)",
    )
    app.set_defaults(handler=_run_app)

    export = commands.add_parser("export", help="save a whole workshop (every team, every version) as one JSON bundle")
    export.add_argument("bundle", type=Path, metavar="FILE", help="the bundle file to write")
    export.add_argument("--name", help="which workshop (default: the one whose OKR drafts were saved last)")
    _store_options(export)
    export.set_defaults(handler=run_export)

    import_ = commands.add_parser("import", help="load a workshop bundle; a damaged bundle changes nothing")
    import_.add_argument("bundle", type=Path, metavar="FILE", help="a bundle written by `okr-kit export`")
    import_.add_argument("--name", help="import under another workshop name")
    import_.add_argument("--replace", action="store_true", help="replace a workshop of the same name")
    _store_options(import_)
    import_.set_defaults(handler=run_import)
    return parser


def _store_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--workshop", type=Path, default=Path("workshop"), metavar="DIR",
        help="the workshop folder whose store to use (KIT_STORE_URL, when set, wins)",
    )


def run_export(args: argparse.Namespace) -> int:
    """Move a workshop between machines: the facilitator's side of the bundle."""
    from kit.store import open_store, write_bundle

    try:
        with open_store(args.workshop) as store:
            name = args.name or store.latest_workshop() or next(iter(store.workshops()), None)
            if name is None:
                raise KitError(f"no workshop is saved in {args.workshop}; pass --workshop DIR or set KIT_STORE_URL")
            path = write_bundle(store.export_bundle(name), args.bundle)
    except (KitError, OSError) as error:
        return _usage_error(error)
    print(f"exported workshop {name!r} to {path}")
    return EXIT_CLEAN


def run_import(args: argparse.Namespace) -> int:
    from kit.store import open_store

    try:
        if not args.bundle.is_file():
            raise KitError(f"{args.bundle}: no such file; give the path of a bundle written by `okr-kit export`")
        args.workshop.mkdir(parents=True, exist_ok=True)
        with open_store(args.workshop) as store:
            name = store.import_bundle(args.bundle, workshop=args.name, replace=args.replace)
    except (KitError, OSError) as error:
        return _usage_error(error)
    print(f"imported workshop {name!r} into {args.workshop}")
    return EXIT_CLEAN


def run_review(args: argparse.Namespace) -> int:
    try:
        docs = _load_rule_docs(args.rubric)  # imports the review machinery first
    except KitError as error:
        return _usage_error(error)
    from kit.report.common import terminal_safe

    reviews: list[Review] = []
    problems: list[InputError] = []
    sources = expand_sources(args.paths, problems)
    coach = _coach_settings() if args.coach else None
    for number, source in enumerate(sources, start=1):
        if coach is not None:
            print(f"okr-kit: asking the coach about {_display_name(source)} ({number}/{len(sources)}) ...",
                  file=sys.stderr)
        try:
            reviewed = review_source(source, rubric=args.rubric, input_format=args.input_format, coach=coach or False)
            if args.changed_since:
                if source == "-":
                    raise InputError("standard input has no git history", path=STDIN_NAME,
                                     fix="Give the file's path to use --changed-since")
                from kit.changes import since_revision

                reviewed = since_revision(reviewed, Path(source), args.changed_since)
            reviews.append(reviewed)
        except Exception as error:  # every failure becomes one line naming the file
            problems.append(as_input_error(error, _display_name(source)))
    for problem in problems:
        print(terminal_safe(str(problem)), file=sys.stderr)
    _write(_render(args.format, reviews, docs, problems, color=_use_color(args.color)), sys.stdout)
    if problems:
        return EXIT_USAGE
    from kit.model import Level

    fail_on = FAIL_ON[args.fail_on]
    return exit_code(reviews, None if fail_on is None else Level(fail_on))


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


def exit_code(reviews: Sequence[Review], fail_on: Level | None) -> int:
    """Only rubric findings decide: the coach's remarks are advice and vary between runs."""
    if fail_on is None:
        return EXIT_CLEAN
    blocking = any(f.source == "rubric" and f.level.rank >= fail_on.rank for review in reviews for f in review.findings)
    return EXIT_FINDINGS if blocking else EXIT_CLEAN


def run_rules(args: argparse.Namespace) -> int:
    if args.features:
        _import_review_engine()
        from kit.reading import FEATURES
        from kit.report.rules import render_features_text

        _write(render_features_text(FEATURES), sys.stdout)
        return EXIT_CLEAN
    try:
        docs = _load_rule_docs(args.rubric)
    except KitError as error:
        return _usage_error(error)
    from kit.report.rules import render_rules_json, render_rules_markdown, render_rules_text

    renderers = {"text": render_rules_text, "markdown": render_rules_markdown, "json": render_rules_json}
    _write(renderers[args.format](docs), sys.stdout)
    return EXIT_CLEAN


def _load_rule_docs(rubric: str | None) -> list[RuleDoc]:
    _import_review_engine()
    from kit.report.rules import rule_docs
    from kit.rubric import load_rubric

    if rubric is not None and not Path(rubric).is_file():
        raise InputError("rubric file not found", path=rubric, fix="Check the --rubric path")
    return rule_docs(load_rubric(rubric).rules)


def _import_review_engine() -> None:
    """Load the parsers, the rubric engine and the models they validate, without pydantic's plugin scan.

    Pydantic looks for plugins among the entry points of every installed distribution when a model class
    is built; in an environment with JupyterLab that scan is a large part of the CLI's start-up, and a
    plugin observing kit's own models is no use to a one-shot review. The scan is skipped only while kit's
    modules are imported, only when the user has not set PYDANTIC_DISABLE_PLUGINS, and the environment is
    restored afterwards, so nothing the CLI starts (JupyterLab, Voila) inherits the setting.
    """
    if "kit.review" in sys.modules:
        return
    with _pydantic_plugins_off():
        importlib.import_module("kit.review")


@contextmanager
def _pydantic_plugins_off() -> Iterator[None]:
    if _PYDANTIC_PLUGINS in os.environ:
        yield
        return
    os.environ[_PYDANTIC_PLUGINS] = "__all__"
    try:
        yield
    finally:
        os.environ.pop(_PYDANTIC_PLUGINS, None)


def _use_color(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _render(
    fmt: str, reviews: list[Review], docs: list[RuleDoc], problems: list[InputError], *, color: bool = False
) -> str:
    if fmt == "json":
        from kit.report.json_report import render_json

        return render_json(reviews, problems)
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


def _usage_error(error: Exception) -> int:
    from kit.report.common import terminal_safe

    print(terminal_safe(f"okr-kit: {error}"), file=sys.stderr)
    return EXIT_USAGE


def _write(text: str, stream: TextIO) -> None:
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:  # e.g. `okr-kit review ... | head`: the reader has all it wanted
        sys.stderr.close()


def _run_lab(args: argparse.Namespace) -> int:
    from kit import launch

    try:
        return launch.run_lab(port=args.port, open_browser=not args.no_browser, workshop=args.workshop, ip=args.ip)
    except (KitError, OSError) as error:
        return _usage_error(error)


def _run_app(args: argparse.Namespace) -> int:
    from kit import launch

    try:
        return launch.run_app(
            args.notebook, port=args.port, open_browser=not args.no_browser, workshop=args.workshop, ip=args.ip,
            idle_kernel_seconds=args.idle_kernel_timeout,
        )
    except (KitError, OSError) as error:
        return _usage_error(error)
