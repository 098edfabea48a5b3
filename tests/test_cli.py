"""`okr-kit` as a user runs it: most cases in process through `main(argv)`, a few through the installed script."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import kit.coach
from kit.cli import main
from kit.model import Finding, Level, Review

OKR_KIT = Path(sys.executable).with_name("okr-kit")
RULE_IDS = {
    "kr-task-list",
    "kr-no-baseline",
    "kr-no-target",
    "kr-vague",
    "kr-no-deadline",
    "kr-no-owner",
    "kr-no-source",
    "kr-binary",
    "kr-kpi-maintenance",
    "objective-has-metric",
    "objective-is-project",
    "objective-too-many-krs",
    "objective-too-few-krs",
    "set-too-many-objectives",
    "set-duplicate-kr",
}

TASK_DRAFT = """\
# Support squad OKRs

Objective 1: Customers get answers without waiting
- KR 1.1: Hold 6 onboarding workshops
- KR 1.2: Cut first-response time from 9 hours to 2 hours by June 30 (Owner: Rui; Source: helpdesk report)
- KR 1.3: Lift CSAT on closed tickets from 81% to 90% by June 30 (Owner: Ada; Source: survey tool)
"""


@pytest.fixture(autouse=True)
def _coach_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test here may reach a language model, whatever the developer's environment says."""
    monkeypatch.chdir(tmp_path)
    for name in ("OKR_KIT_COACH", "OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def walk_findings(node: Any, text: str | None = None) -> list[tuple[str, str | None]]:
    """(rule, nearest enclosing text) for every finding, as the corpus scorer reads the JSON."""
    found: list[tuple[str, str | None]] = []
    if isinstance(node, dict):
        text = node["text"] if isinstance(node.get("text"), str) and node["text"] else text
        if isinstance(node.get("rule"), str):
            found.append((node["rule"], node.get("kr_text") or node.get("objective_text") or text))
        for value in node.values():
            found += walk_findings(value, text)
    elif isinstance(node, list):
        for value in node:
            found += walk_findings(value, text)
    return found


def test_text_review_reads_like_coach_notes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = write(tmp_path, "support.md", TASK_DRAFT)
    code, out, err = run(["review", str(draft)], capsys)
    assert code == 1, err
    task_line = next(line for line in out.splitlines() if "[kr-task-list]" in line)
    assert task_line.strip().startswith(f"{draft}:4: error [kr-task-list]")
    assert "KR 1.1" in out and "Objective 1" in out
    assert '"Hold"' in out
    assert out.rstrip().splitlines()[-1].startswith("Summary: 1 document, 1 objective, 3 key results")
    assert "does not pass the quality gate" in out
    assert "\x1b[" not in out  # not a terminal: no colour codes
    assert "\x1b[1;31merror" in run(["review", "--color", "always", str(draft)], capsys)[1]


def test_fail_on_sets_the_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = write(tmp_path, "support.md", TASK_DRAFT)
    assert run(["review", "--fail-on", "never", str(draft)], capsys)[0] == 0
    assert run(["review", "--fail-on", "error", str(draft)], capsys)[0] == 1
    data = json.loads(run(["review", "--format", "json", "--fail-on", "never", str(draft)], capsys)[1])
    levels = {f["level"] for f in data["documents"][0]["objectives"][0]["key_results"][1]["findings"]}
    assert "error" not in levels  # the well-formed KR 1.2 has no errors ...
    only_kr_1_2 = TASK_DRAFT.replace("- KR 1.1: Hold 6 onboarding workshops\n", "")
    clean = write(tmp_path, "clean.md", only_kr_1_2)
    code, out, _ = run(["review", "--format", "json", str(clean)], capsys)
    summary = json.loads(out)["summary"]
    assert code == (1 if summary["errors"] else 0)
    warning_code = run(["review", "--fail-on", "warning", str(clean)], capsys)[0]
    assert warning_code == (1 if summary["errors"] + summary["warnings"] else 0)


def test_json_lists_findings_under_the_text_they_concern(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = []
    for index, kr in enumerate(["Hold 6 onboarding workshops", "Organise 3 customer roundtables"]):
        structured = {
            "title": f"set {index}",
            "objectives": [{"text": "Customers love our support", "key_results": [{"text": kr}]}],
        }
        files.append(write(tmp_path, f"set{index:04d}.json", json.dumps(structured)))
    code, out, err = run(["review", "--format", "json", "--fail-on", "never", *map(str, files)], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert [d["path"] for d in data["documents"]] == [str(f) for f in files]
    for document in data["documents"]:
        assert document["path"].endswith(".json")
        found = walk_findings(document)
        kr_text = document["objectives"][0]["key_results"][0]["text"]
        assert ("kr-task-list", kr_text) in found
        for finding in document["objectives"][0]["key_results"][0]["findings"]:
            assert {"rule", "level", "message", "hint", "suggestion", "source", "spans", "text"} <= finding.keys()
            assert finding["kr_index"] == 0 and finding["objective_index"] == 0


def test_sarif_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = write(tmp_path, "support.md", TASK_DRAFT)
    code, out, _ = run(["review", "--format", "sarif", str(draft)], capsys)
    assert code == 1
    log = json.loads(out)
    assert log["version"] == "2.1.0"
    run_ = log["runs"][0]
    assert {rule["id"] for rule in run_["tool"]["driver"]["rules"]} >= RULE_IDS
    task = next(r for r in run_["results"] if r["ruleId"] == "kr-task-list")
    assert task["level"] == "error"
    region = task["locations"][0]["physicalLocation"]
    assert region["artifactLocation"]["uri"] == draft.as_uri()
    assert region["region"]["startLine"] == 4


def test_standard_input(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TASK_DRAFT.encode())))
    code, out, _ = run(["review", "-", "--format", "json"], capsys)
    assert code == 1
    document = json.loads(out)["documents"][0]
    assert document["path"] == "<stdin>"
    assert ("kr-task-list", "Hold 6 onboarding workshops") in walk_findings(document)


def test_standard_input_that_is_not_text(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\xff\xfe\x00\x81binary")))
    code, _, err = run(["review", "-"], capsys)
    assert code == 2
    assert err.startswith("<stdin>: ") and "Traceback" not in err


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.md", ""),
        ("blank.yaml", "\n\n   \n"),
        ("binary.md", bytes(range(256)) * 4),
        ("broken.yaml", "title: Q3\nobjectives:\n  - text: Grow\n    key_results: [unclosed\n"),
        ("broken.json", '{"objectives": [{"text": "Grow",}]}'),
        ("wrong-shape.json", '{"objectives": "none"}'),
    ],
)
def test_bad_files_exit_2_with_a_located_message_and_the_rest_still_reviewed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str | bytes
) -> None:
    bad = write(tmp_path, name, content)
    good = write(tmp_path, "good.md", TASK_DRAFT)
    code, out, err = run(["review", "--format", "json", str(bad), str(good)], capsys)
    assert code == 2
    assert "Traceback" not in err
    message = err.strip().splitlines()
    assert len(message) == 1 and message[0].startswith(f"{bad}"), err
    data = json.loads(out)
    assert [d["path"] for d in data["documents"]] == [str(good)]
    assert data["input_errors"][0]["path"] == str(bad)
    if name.startswith("broken"):
        assert data["input_errors"][0]["line"] is not None
        assert message[0].startswith(f"{bad}:{data['input_errors'][0]['line']}: ")


def test_missing_file_and_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "drafts"
    empty.mkdir()
    code, out, err = run(["review", str(tmp_path / "nope.md"), str(empty)], capsys)
    assert code == 2
    assert f"{tmp_path / 'nope.md'}: no such file" in err
    assert f"{empty}: no OKR files in this folder" in err
    assert out == ""


def test_a_folder_stands_for_the_okr_files_in_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "drafts"
    (folder / "team-a").mkdir(parents=True)
    (folder / ".git").mkdir()
    first = write(folder, "q1.md", TASK_DRAFT)
    second = write(folder / "team-a", "q1.md", TASK_DRAFT)
    write(folder, "notes.pdf", b"%PDF-1.4")
    write(folder / ".git", "config.txt", "not an OKR")
    code, out, _ = run(["review", "--format", "json", str(folder)], capsys)
    assert code == 1
    assert [d["path"] for d in json.loads(out)["documents"]] == [str(first), str(second)]


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["review"], capsys)[0] == 2
    assert run(["review", "--format", "pdf", "x.md"], capsys)[0] == 2
    assert run([], capsys)[0] == 2
    assert run(["--version"], capsys)[0] == 0


def test_a_broken_rubric_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = write(tmp_path, "support.md", TASK_DRAFT)
    rubric = write(tmp_path, "mine.yaml", "rules:\n  - id: my-rule\n    colour: blue\n")
    code, out, err = run(["review", "--rubric", str(rubric), str(draft)], capsys)
    assert code == 2 and out == ""
    assert str(rubric) in err and "Traceback" not in err
    assert run(["review", "--rubric", str(tmp_path / "missing.yaml"), str(draft)], capsys)[0] == 2


def test_rules_are_listed_with_their_docs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rules", "--format", "json"], capsys)
    assert code == 0
    rules = json.loads(out)["rules"]
    assert {rule["id"] for rule in rules} >= RULE_IDS
    for rule in rules:
        assert rule["level"] in {"error", "warning", "info"}
        assert rule["message"] and rule["why"] and rule["hint"], rule["id"]
    task_list = next(rule for rule in rules if rule["id"] == "kr-task-list")
    assert task_list["bad"] and task_list["good"] and task_list["suggestion"]
    code, markdown, _ = run(["rules", "--format", "markdown"], capsys)
    assert code == 0 and "### `kr-task-list`" in markdown
    assert "kr-vague (" in run(["rules"], capsys)[1]


def test_coach_off_says_so_and_keeps_the_review(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = write(tmp_path, "support.md", TASK_DRAFT)
    code, out, err = run(["review", "--coach", str(draft)], capsys)
    assert code == 1
    assert "--coach skipped: The coach is off" in err
    assert "[kr-task-list]" in out


def test_installed_command_end_to_end(tmp_path: Path) -> None:
    draft = write(tmp_path, "support.md", TASK_DRAFT)
    result = subprocess.run([str(OKR_KIT), "review", str(draft)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "[kr-task-list]" in result.stdout
    piped = subprocess.run(
        [str(OKR_KIT), "review", "-", "--format", "sarif", "--fail-on", "never"],
        input=TASK_DRAFT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert piped.returncode == 0, piped.stderr
    assert any(r["ruleId"] == "kr-task-list" for r in json.loads(piped.stdout)["runs"][0]["results"])
    broken = write(tmp_path, "broken.json", "{")
    failed = subprocess.run([str(OKR_KIT), "review", str(broken)], capture_output=True, text=True, timeout=60)
    assert failed.returncode == 2
    assert failed.stderr.startswith(str(broken)) and "Traceback" not in failed.stderr


def test_coach_remarks_are_shown_but_never_decide_the_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fake_ask(review: Review, config: object) -> Review:
        remark = Finding(
            rule="coach-remark", level=Level.ERROR, message="Ask who feels the wait.", scope="set", source="coach"
        )
        return review.model_copy(update={"findings": [*review.findings, remark]})

    monkeypatch.setenv("OKR_KIT_COACH", "on")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setattr(kit.coach, "ask", fake_ask)
    clean = write(
        tmp_path,
        "clean.md",
        "Objective 1: Customers get answers fast\n"
        "- KR 1.1: Cut first-response time from 9 hours to 2 hours by June 30\n",
    )
    baseline = run(["review", "--fail-on", "error", str(clean)], capsys)
    code, out, err = run(["review", "--coach", "--fail-on", "error", str(clean)], capsys)
    assert "asking the coach about" in err
    assert "error [coach-remark] (coach) Ask who feels the wait." in out
    assert code == baseline[0]


def test_a_terminal_that_cannot_show_emoji_gets_escapes_not_a_crash(tmp_path: Path) -> None:
    draft = write(tmp_path, "emoji.md", "Objective 1: Delight customers 🚀\n- KR 1.1: Ship the 🚀 feature\n")
    result = subprocess.run(
        [str(OKR_KIT), "review", "--fail-on", "never", str(draft)],
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "latin-1", "OKR_KIT_SERVER": "off"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert b"\\U0001f680" in result.stdout


def test_a_house_rule_can_be_extended_with_the_users_rubric_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rubric = write(
        tmp_path,
        "house-style.yaml",
        """\
rules:
  - id: kr-buzzword
    level: warning
    scope: key_result
    message: Buzzwords hide what will change.
    why: Plain words let everyone judge the result.
    hint: Say what a customer would notice.
    examples:
      bad: ["Leverage synergies to lift retention from 80% to 85%"]
      good: ["Lift retention from 80% to 85% by June"]
    detector: words
    params:
      words: [synergy, synergies, leverage]
""",
    )
    draft = write(tmp_path, "q3.md", TASK_DRAFT.replace("Hold 6 onboarding workshops", "Leverage synergies in support"))
    code, out, _ = run(["review", "--format", "json", "--rubric", str(rubric), str(draft)], capsys)
    found = walk_findings(json.loads(out))
    assert ("kr-buzzword", "Leverage synergies in support") in found
    listed = json.loads(run(["rules", "--format", "json", "--rubric", str(rubric)], capsys)[1])["rules"]
    assert "kr-buzzword" in {rule["id"] for rule in listed}
    assert code == (1 if json.loads(out)["summary"]["errors"] else 0)


def test_rules_features_lists_what_conditions_can_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--features"]) == 0
    out = capsys.readouterr().out
    assert "key_result features:" in out and "objective features:" in out
    assert "bare_metric" in out and "making_verb_head" in out


SIGN_OFF_READY = """\
Objective: Small shops keep coming back to us
- KR: Raise 90-day shop retention from 71% to 80% by end of Q3 (Owner: Ines; Source: billing warehouse)
- KR: Raise weekly active shop owners from 1,200 to 1,900 by end of Q3 (Owner: Tom; Source: product analytics)
"""


def test_gate_sign_off_decides_the_exit_code_and_names_open_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ready = write(tmp_path, "ready.md", SIGN_OFF_READY)
    draft = write(tmp_path, "draft.md", SIGN_OFF_READY.replace(" (Owner: Tom; Source: product analytics)", ""))
    code, _, err = run(["review", str(ready), "--gate", "sign-off"], capsys)
    assert code == 0 and "sign-off: " in err and "ready.md passes" in err
    code, out, err = run(["review", str(draft), "--gate", "sign-off", "--format", "json"], capsys)
    assert code == 1  # no rubric error, so only the gate fails it
    gate = json.loads(out)["documents"][0]["gate"]
    assert gate == {"name": "sign-off", "label": "sign-off", "passes": False,
                    "open_checks": ["kr-no-owner", "kr-no-source"]}
    assert "open checks: kr-no-owner, kr-no-source" in err
    code, _, _ = run(["review", str(draft)], capsys)
    assert code == 0  # without --gate, the draft gate's exit code as before


def test_an_unknown_gate_is_a_usage_error_naming_the_known_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ready = write(tmp_path, "ready.md", SIGN_OFF_READY)
    code, out, err = run(["review", str(ready), "--gate", "launch"], capsys)
    assert code == 2 and out == ""
    assert "no gate named 'launch'" in err and "draft, sign-off" in err


def test_files_reviewed_at_once_report_exactly_what_one_at_a_time_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    for number in range(24):
        draft = TASK_DRAFT.replace("Hold 6", f"Hold {number + 2}").replace("Rui", f"Rui {number}")
        write(folder, f"team-{number:02d}.md", draft)
    write(folder, "team-07.yaml", "title: Q3\nobjectives:\n  - text: Grow\n    key_results: [unclosed\n")
    write(folder, "team-15.md", bytes(range(256)) * 4)
    one_at_a_time = run(["review", "--format", "json", "--jobs", "1", str(folder)], capsys)
    at_once = run(["review", "--format", "json", "--jobs", "3", str(folder)], capsys)
    assert at_once == one_at_a_time
    code, out, err = at_once
    data = json.loads(out)
    assert code == 2 and len(data["documents"]) == 23  # 24 drafts, one of them overwritten by bytes
    assert [error["path"] for error in data["input_errors"]] == [str(folder / "team-07.yaml"),
                                                                 str(folder / "team-15.md")]
    assert data["input_errors"][0]["line"] is not None  # a problem found in a worker keeps its line and fix
    assert err.splitlines()[0].startswith(f"{folder / 'team-07.yaml'}:{data['input_errors'][0]['line']}: ")
    assert ("kr-task-list", "Hold 13 onboarding workshops") in walk_findings(data)


def test_a_large_batch_written_by_the_workers_reads_as_one_written_at_the_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Workers write their documents' JSON and send back only counts: past the size where JSON is written
    compact the report is the same text, control characters still escaped, the summary and exit code the
    same."""
    folder = tmp_path / "drafts"
    folder.mkdir()
    for number in range(170):  # 510 KRs
        write(folder, f"team-{number:03d}.md", TASK_DRAFT.replace("Rui", f"Rui {number}"))
    write(folder, "team-050.md", TASK_DRAFT.replace("onboarding", "onboarding \x1b[2J"))
    one_at_a_time = run(["review", "--format", "json", "--jobs", "1", str(folder)], capsys)
    at_once = run(["review", "--format", "json", "--jobs", "2", str(folder)], capsys)
    assert at_once == one_at_a_time
    code, out, _ = at_once
    assert "\x1b" not in out and "\\u001b[2J" in out
    assert out.count("\n") == 1  # compact: one line
    data = json.loads(out)
    assert code == 1 and data["summary"]["documents"] == 170 and data["summary"]["key_results"] == 510
    assert run(["review", "--format", "json", "--fail-on", "never", "--jobs", "2", str(folder)], capsys)[0] == 0


def test_jobs_must_be_a_whole_number_of_one_or_more(capsys: pytest.CaptureFixture[str]) -> None:
    for jobs in ("0", "two"):
        code, _, err = run(["review", "--jobs", jobs, "x.md"], capsys)
        assert code == 2 and "expected a whole number of 1 or more" in err
