"""Case intake accuracy: does the intake rubric tell abstract topics from live, specific cases?

Reads benchmarks/data/intake_cases.jsonl (intake texts labelled `abstract` or `specific`),
runs rubrics/intake.yaml over each, and scores the `intake-abstract-topic` flag with abstract as
the positive class. Prints precision, recall and F1 beside the target; exits 1 when missed.
Run alone (`python benchmarks/intake_accuracy.py [-v]`) or through benchmarks/accuracy.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kit.cop.intake import check_case
from kit.errors import InputError

DATA = Path(__file__).resolve().parent / "data" / "intake_cases.jsonl"
TARGET_F1 = 0.90
LABELS = {"abstract", "specific"}


def load_cases(path: Path = DATA) -> list[dict[str, str]]:
    cases: list[dict[str, str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON ({exc.msg})", path=str(path), line=number) from None
        if case.get("label") not in LABELS or not isinstance(case.get("text"), str):
            raise InputError("each line needs `text` and `label` (abstract|specific)", path=str(path), line=number)
        cases.append(case)
    return cases


def score(cases: list[dict[str, str]]) -> tuple[float, float, float, list[tuple[dict[str, str], bool]]]:
    """Precision, recall and F1 of flagging abstract cases, and each case with its prediction."""
    predictions = [(case, check_case(case["text"]).is_abstract) for case in cases]
    tp = sum(1 for case, flagged in predictions if flagged and case["label"] == "abstract")
    fp = sum(1 for case, flagged in predictions if flagged and case["label"] == "specific")
    fn = sum(1 for case, flagged in predictions if not flagged and case["label"] == "abstract")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, predictions


def main(verbose: bool = False) -> int:
    """Print the figures; 0 when F1 meets the target, 1 otherwise."""
    cases = load_cases()
    precision, recall, f1, predictions = score(cases)
    abstract = sum(1 for c in cases if c["label"] == "abstract")
    print(f"case intake: {len(cases)} texts ({abstract} abstract, {len(cases) - abstract} specific)")
    print(f"  abstract-topic  precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}  (target F1 >= {TARGET_F1})")
    misses = [(c, flagged) for c, flagged in predictions if flagged != (c["label"] == "abstract")]
    if verbose or misses:
        for case, flagged in misses:
            said = "abstract" if flagged else "specific"
            print(f"  miss {case['id']}: labelled {case['label']}, flagged {said}: {case['text'][:80]!r}")
    passed = f1 >= TARGET_F1
    print(f"  {'PASS' if passed else 'FAIL'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main(verbose="-v" in sys.argv[1:]))
