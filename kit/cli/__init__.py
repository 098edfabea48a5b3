"""`okr-kit`: review OKR files like a linter, list the rules, and launch the workshop kit.

Every review goes through `kit.review`, one call per document, so the CLI can never disagree
with the notebooks and widgets. Input problems are one line on stderr and exit code 2, never
a traceback; one unreadable file does not stop the others from being reviewed.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import kit
from kit.cli import review_client
from kit.cli.common import EXIT_CLEAN, EXIT_USAGE, import_review_engine, load_rule_docs, usage_error, write_out
from kit.cli.review import FAIL_ON, INPUT_FORMATS, run_review
from kit.errors import KitError


def console() -> int:
    """The `okr-kit` command: a review goes to the warm review server when one is running, and one is
    started for next time when it was not (see `kit.cli.review_client`); everything else runs here."""
    argv = sys.argv[1:]
    folder = review_client.server_folder() if review_client.server_wanted(argv) else None
    if folder is None:  # not a review, switched off, or no folder only this user can enter
        return main(argv)
    code = review_client.review_on_server(argv, folder)
    if code is not None:
        return code
    code = main(argv)
    review_client.start_in_background(folder)
    return code


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


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1, or a usage error saying so."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got '{text}'")
    return value


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
    review.add_argument(
        "--gate", metavar="NAME",
        help="also judge each file against a quality gate of the rule files (house: draft, sign-off); "
        "exit 1 when one does not pass",
    )
    review.add_argument(
        "--company", metavar="FILE",
        help="the company's OKR set (with its North Star): also check how the team files link to it",
    )
    review.add_argument("--coach", action="store_true", help="add the LLM coach's remarks when it is configured")
    review.add_argument(
        "--jobs", type=positive_int, metavar="N",
        help="files reviewed at once (default: one per CPU core for 16 files or more, else 1)",
    )
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

    server = commands.add_parser(
        "server", help="show or stop the background review server that makes `okr-kit review` start fast",
        description="`okr-kit review` leaves a warm review server running for the next review; it stops by itself "
        f"after {review_client.IDLE_SECONDS // 60} minutes without one. {review_client.SWITCH_ENV}=off turns it off.",
    )
    server.add_argument("action", choices=["status", "stop"])
    server.set_defaults(handler=run_server_command)

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
    from kit.hub import require_every_team
    from kit.store import open_store, write_bundle

    try:
        require_every_team(what="a workshop export")
        with open_store(args.workshop) as store:
            name = args.name or store.latest_workshop() or next(iter(store.workshops()), None)
            if name is None:
                raise KitError(f"no workshop is saved in {args.workshop}; pass --workshop DIR or set KIT_STORE_URL")
            path = write_bundle(store.export_bundle(name), args.bundle)
    except (KitError, OSError) as error:
        return usage_error(error)
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
        return usage_error(error)
    print(f"imported workshop {name!r} into {args.workshop}")
    return EXIT_CLEAN


def run_server_command(args: argparse.Namespace) -> int:
    folder = review_client.server_folder()
    answer = review_client.ask_server(folder, args.action) if folder is not None else None
    if answer is None:
        print("no review server is running")
        if folder is None:
            print(f"reviews run without one: {review_client.chosen_folder()} is not a folder only you can enter "
                  f"(remove it, or set {review_client.FOLDER_ENV} to one)")
        elif not review_client.server_wanted(["review"]):
            print(f"none will start: {review_client.SWITCH_ENV} is off, or CI is set")
        return EXIT_CLEAN
    since = time.strftime("%Y-%m-%d %H:%M", time.localtime(answer["since"]))
    verb = "stopped the" if args.action == "stop" else "running:"
    print(f"{verb} review server (pid {answer['pid']}, since {since}, {answer['served']} reviews served)")
    return EXIT_CLEAN


def run_rules(args: argparse.Namespace) -> int:
    if args.features:
        import_review_engine()
        from kit.reading import FEATURES
        from kit.report.rules import render_features_text

        write_out(render_features_text(FEATURES), sys.stdout)
        return EXIT_CLEAN
    try:
        docs = load_rule_docs(args.rubric)
    except KitError as error:
        return usage_error(error)
    from kit.report.rules import render_rules_json, render_rules_markdown, render_rules_text

    renderers = {"text": render_rules_text, "markdown": render_rules_markdown, "json": render_rules_json}
    write_out(renderers[args.format](docs), sys.stdout)
    return EXIT_CLEAN


def _run_lab(args: argparse.Namespace) -> int:
    from kit import launch

    try:
        return launch.run_lab(port=args.port, open_browser=not args.no_browser, workshop=args.workshop, ip=args.ip)
    except (KitError, OSError) as error:
        return usage_error(error)


def _run_app(args: argparse.Namespace) -> int:
    from kit import launch

    try:
        return launch.run_app(
            args.notebook, port=args.port, open_browser=not args.no_browser, workshop=args.workshop, ip=args.ip,
            idle_kernel_seconds=args.idle_kernel_timeout,
        )
    except (KitError, OSError) as error:
        return usage_error(error)
