"""Store latency: an autosave must never be felt, and reopening a draft must be instant.

Targets (issue 8), for one 16-KR set: SQLite save p95 < 50 ms and load p95 < 20 ms;
PostgreSQL save p95 < 100 ms (load p95 < 50 ms is the kit's own target). Saves are durable
(SQLite synchronous=FULL in WAL mode; PostgreSQL with fsync on), on a real PostgreSQL server
started for the run from Debian's package, exactly as the test suite does.

Usage: python benchmarks/store.py [--runs N] [--sqlite-only]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kit.model import KeyResult, Objective, OkrSet
from kit.store import Store, open_store
from tests.support.pgserver import find_postgres_bin, temporary_postgres

TARGETS_MS = {
    ("SQLite", "save"): 50.0,
    ("SQLite", "load"): 20.0,
    ("PostgreSQL", "save"): 100.0,
    ("PostgreSQL", "load"): 50.0,
}
WARM_UP = 10


def sixteen_kr_set(run: int) -> OkrSet:
    """Four objectives of four fully specified KRs; `run` makes every save's content different."""
    return OkrSet(
        title=f"Benchmark set {run}",
        team="Benchmark team",
        cycle="2027-Q1",
        objectives=[
            Objective(
                text=f"Objective {o} that a team would write in a definition workshop",
                owner="Lead",
                key_results=[
                    KeyResult(
                        text=f"Raise metric {o}.{k} from {10 + k} to {40 + k + run % 7} by 31 March",
                        metric=f"metric {o}.{k}",
                        baseline=10 + k,
                        target=40 + k,
                        unit="%",
                        deadline="31 March",
                        owner="Owner",
                        source="BI dashboard",
                    )
                    for k in range(4)
                ],
            )
            for o in range(4)
        ],
    )


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(store: Store, runs: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {"save": [], "load": []}
    for run in range(WARM_UP + runs):
        okr_set = sixteen_kr_set(run)
        started = time.perf_counter()
        store.save_set("Benchmark workshop", "Benchmark team", okr_set, "benchmark")
        saved = time.perf_counter()
        latest = store.latest("Benchmark workshop", "Benchmark team")
        loaded = time.perf_counter()
        assert latest is not None and latest.okr_set == okr_set
        if run >= WARM_UP:
            timings["save"].append((saved - started) * 1000)
            timings["load"].append((loaded - saved) * 1000)
    return timings


def report(backend: str, timings: dict[str, list[float]]) -> bool:
    met = True
    for operation, samples in timings.items():
        target = TARGETS_MS[(backend, operation)]
        p95 = percentile(samples, 0.95)
        ok = p95 < target
        met &= ok
        print(
            f"{backend:<10} {operation}: median {statistics.median(samples):6.2f} ms, "
            f"p95 {p95:6.2f} ms   target p95 < {target:.0f} ms   {'ok' if ok else 'MISSED'}"
        )
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300, help="timed saves and loads per backend")
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL (its target is then unmet)")
    options = parser.parse_args()

    print(f"16-KR set, {options.runs} saves and loads per backend after {WARM_UP} warm-up runs")
    with tempfile.TemporaryDirectory() as folder, open_store(folder) as store:
        met = report("SQLite", measure(store, options.runs))

    if options.sqlite_only:
        print("PostgreSQL: not measured (--sqlite-only): its targets are not met")
        return 1
    if find_postgres_bin() is None:
        print("PostgreSQL: not installed (apt-get install postgresql): its targets are not met")
        return 1
    print("starting a temporary PostgreSQL server ...", flush=True)
    with temporary_postgres(durable=True) as url, open_store(url=url) as store:
        met &= report("PostgreSQL", measure(store, options.runs))
    print("all targets met" if met else "a target was missed")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
