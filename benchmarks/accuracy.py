"""Rubric accuracy against the labelled OKR corpora, measured as generalisation to unseen organisations.

Every user's OKRs come from an organisation the rubric was never tuned on, so a pooled F1 alone hides
what matters. Per headline flag this prints the pooled P/R/F1 over the published OKRs of 15
organisations (real_okrs.jsonl), the F1 of each organisation with at least 5 positives and the worst
one, and the pooled figures on the written examples (dev_okrs.jsonl), each beside its target. A part
of the rubric fitted to data would also be scored leave-one-organisation-out (fitted without an
organisation, scored on it); see FITTED_PARTS. Rules written while reading an organisation's OKRs
make its figures optimistic all the same: the kit is judged on still other organisations.

Reads the corpora at run time from ../shared/corpus (relative to the repo root), --corpus-dir or
$OKR_CORPUS_DIR, and never copies them. Records are grouped into one OKR set per objective exactly as
the shared scorer (../shared/tools/score_corpus.py) does and reviewed in-process with kit.review, so
the figures match the scorer's, which reviews through the CLI. Examples the team wrote beside the rules
(benchmarks/data/team_written_okrs.jsonl) are scored for information only: they say nothing about
unseen text. Then scores the case intake rubric (benchmarks/intake_accuracy.py).
Exits 1 when a target is missed, 2 when the corpora are missing.

usage: python benchmarks/accuracy.py [--corpus-dir DIR] [--show-errors FLAG] [--corpus dev|real]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import intake_accuracy
from kit.model import KeyResult, Objective, OkrSet
from kit.review import review

REPO = Path(__file__).resolve().parent.parent
KR_RULES = {"task": "kr-task-list", "no_baseline": "kr-no-baseline", "no_target": "kr-no-target",
            "vague": "kr-vague", "no_deadline": "kr-no-deadline"}
OBJECTIVE_RULES = {"objective_has_metric": "objective-has-metric", "objective_is_project": "objective-is-project"}
HEADLINE = ["task", "no_baseline", "no_target", "vague", "objective_has_metric", "objective_is_project"]
FLAGS = [*HEADLINE, "no_deadline"]  # no_deadline: information only (the cycle often sits at set level)
SHORT = {"objective_has_metric": "obj_metric", "objective_is_project": "obj_project"}
POOLED_TARGET = {"dev_okrs.jsonl": 0.90, "real_okrs.jsonl": 0.90}
WORST_ORGANISATION_TARGET = 0.75
MIN_POSITIVES = 5  # fewer positives than this say too little about an organisation
TEAM_WRITTEN = Path(__file__).resolve().parent / "data" / "team_written_okrs.jsonl"

Record = dict[str, Any]
Predictions = dict[str, dict[str, bool]]  # record id -> flag -> flagged
Predictor = Callable[[list[list[Record]]], Predictions]
# Parts of the rubric fitted to data (thresholds, weights, word lists learned from labels), by name. Each
# entry fits on the given training records and returns a predictor for the whole rubric with that part
# refit; the benchmark then scores it leave-one-organisation-out. Empty: every rule is written by hand.
FITTED_PARTS: dict[str, Callable[[list[Record]], Predictor]] = {}


def load(path: Path) -> list[Record]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def group(records: list[Record]) -> list[list[Record]]:
    """Consecutive records of one source, cycle and objective form one OKR set (as the shared scorer)."""
    groups: list[list[Record]] = []
    key = None
    for record in records:
        here = (record.get("source", ""), record.get("cycle", ""), record["objective"])
        if here != key:
            groups.append([])
            key = here
        groups[-1].append(record)
    return groups


def predict(groups: list[list[Record]]) -> Predictions:
    """The rubric as shipped, in-process: the scorer's CLI run gives the same findings, only slower."""
    predictions: Predictions = {}
    for index, records in enumerate(groups):
        okr_set = OkrSet(
            title=f"set {index}",
            objectives=[Objective(text=records[0]["objective"],
                                  key_results=[KeyResult(text=r["kr"]) for r in records])],
        )
        result = review(okr_set)
        objective_rules = {f.rule for f in result.for_objective(0)}
        for ki, record in enumerate(records):
            kr_rules = {f.rule for f in result.for_key_result(0, ki)}
            flags = {flag: rule in kr_rules for flag, rule in KR_RULES.items()}
            flags.update({flag: rule in objective_rules for flag, rule in OBJECTIVE_RULES.items()})
            predictions[record["id"]] = flags
    return predictions


def prf(pairs: list[tuple[bool, bool]]) -> tuple[float, float, float, int]:
    tp = sum(1 for gold, pred in pairs if gold and pred)
    fp = sum(1 for gold, pred in pairs if not gold and pred)
    fn = sum(1 for gold, pred in pairs if gold and not pred)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, tp + fn


def gold(record: Record, flag: str) -> bool:
    return bool(record["flags" if flag in KR_RULES else "objective_flags"][flag])


def pairs_of(records: list[Record], predictions: Predictions, flag: str) -> list[tuple[bool, bool]]:
    return [(gold(r, flag), predictions[r["id"]][flag]) for r in records]


def verdict(f1: float, target: float | None, flag: str) -> tuple[str, bool]:
    """Target text and whether it is met; no_deadline and target None are information only."""
    if target is None or flag not in HEADLINE:
        return "info", True
    met = f1 >= target
    return f">= {target:.2f} {'ok' if met else 'MISS'}", met


def pooled(title: str, records: list[Record], predictions: Predictions, target: float | None,
           show: str | None) -> bool:
    """Pooled P/R/F1 per flag beside the target; False when a headline flag misses it."""
    print(f"\n{title}")
    print(f"  {'flag':22} {'n':>4} {'P':>5} {'R':>5} {'F1':>5}  target")
    passed = True
    for flag in FLAGS:
        precision, recall, f1, positives = prf(pairs_of(records, predictions, flag))
        if not positives:  # as the scorer: no positives, no F1 and no target
            flagged = sum(predictions[r["id"]][flag] for r in records)
            print(f"  {flag:22} {0:4d}   n/a: {flagged} false flags")
            continue
        text, met = verdict(f1, target, flag)
        passed = passed and met
        print(f"  {flag:22} {positives:4d} {precision:5.2f} {recall:5.2f} {f1:5.2f}  {text}")
        if show == flag:
            for record in records:
                expected, got = gold(record, flag), predictions[record["id"]][flag]
                if expected != got:
                    text = record["objective"] if flag in OBJECTIVE_RULES else record["kr"]
                    print(f"      {'FN' if expected else 'FP'} {record['id']}: {text[:150]}")
    return passed


def by_organisation(records: list[Record], predictions: Predictions) -> bool:
    """F1 per organisation with >= MIN_POSITIVES of a flag, and the worst; False when the worst misses."""
    sources = sorted({r.get("source", "?") for r in records})
    width = max(len(s) for s in sources)
    print(f"\n  F1 by organisation (positives in brackets; no F1 under {MIN_POSITIVES}, '-' for none)")
    print(f"  {'organisation':{width}}" + "".join(f"{SHORT.get(flag, flag):>12}" for flag in FLAGS))
    worst: dict[str, tuple[float, str]] = {}
    for source in sources:
        mine = [r for r in records if r.get("source", "?") == source]
        cells = []
        for flag in FLAGS:
            _, _, f1, positives = prf(pairs_of(mine, predictions, flag))
            if positives >= MIN_POSITIVES:
                cells.append(f"{f1:.2f} ({positives:3d})")
                if flag not in worst or f1 < worst[flag][0]:
                    worst[flag] = (f1, source)
            else:
                cells.append(f"({positives:3d})" if positives else "-")
        print(f"  {source:{width}}" + "".join(f"{cell:>12}" for cell in cells))
    print(f"  worst organisation per flag (>= {MIN_POSITIVES} positives)")
    passed = True
    for flag, (f1, source) in sorted(worst.items(), key=lambda item: FLAGS.index(item[0])):
        text, met = verdict(f1, WORST_ORGANISATION_TARGET, flag)
        passed = passed and met
        print(f"  {flag:22} {f1:5.2f}  {text:12} {source}")
    return passed


def leave_one_organisation_out(records: list[Record]) -> bool:
    """Score each fitted part on every organisation after fitting it without that organisation."""
    if not FITTED_PARTS:
        print("\nleave-one-organisation-out: does not apply, the rubric has no fitted or learned part "
              "(its rules and word lists are written by hand)")
        return True
    passed = True
    sources = sorted({r.get("source", "?") for r in records})
    for name, fit in FITTED_PARTS.items():
        predictions: Predictions = {}
        for source in sources:
            predictor = fit([r for r in records if r.get("source", "?") != source])
            predictions.update(predictor(group([r for r in records if r.get("source", "?") == source])))
        title = f"leave-one-organisation-out, {name} fitted without the organisation scored"
        passed = pooled(title, records, predictions, POOLED_TARGET["real_okrs.jsonl"], None) and passed
        passed = by_organisation(records, predictions) and passed
    return passed


def corpus_dir(given: str | None) -> Path:
    return Path(given or os.environ.get("OKR_CORPUS_DIR") or REPO.parent / "shared" / "corpus")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus-dir", help="folder with dev_okrs.jsonl and real_okrs.jsonl")
    parser.add_argument("--corpus", choices=["dev", "real"], help="score one corpus only")
    parser.add_argument("--show-errors", metavar="FLAG", help="list the misclassified records for FLAG")
    args = parser.parse_args(argv)
    folder = corpus_dir(args.corpus_dir)
    names = [f"{args.corpus}_okrs.jsonl"] if args.corpus else ["real_okrs.jsonl", "dev_okrs.jsonl"]
    missing = [name for name in names if not (folder / name).is_file()]
    if missing:
        print(f"corpus files not found in {folder}: {', '.join(missing)}. "
              "Pass --corpus-dir or set OKR_CORPUS_DIR.", file=sys.stderr)
        return 2
    passed = True
    for name in names:
        records = load(folder / name)
        predictions = predict(group(records))
        organisations = len({r["source"] for r in records if "source" in r})
        about = f", {organisations} organisations" if organisations else ""
        title = f"{name}: {len(records)} KRs{about}, pooled"
        passed = pooled(title, records, predictions, POOLED_TARGET[name], args.show_errors) and passed
        if name == "real_okrs.jsonl":
            passed = by_organisation(records, predictions) and passed
            passed = leave_one_organisation_out(records) and passed
    team = load(TEAM_WRITTEN)
    pooled(f"{TEAM_WRITTEN.name}: {len(team)} KRs written by the team beside the rules, not held out "
           "(information only)", team, predict(group(team)), None, args.show_errors)
    print()
    passed = intake_accuracy.main() == 0 and passed
    print("\nall targets met" if passed else "\nsome targets missed")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
