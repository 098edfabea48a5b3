"""Review time and peak memory of one large OKR file, in every output format, as it grows.

A self-serve app takes uploads and a hub serves many people from one machine, so one big file must
cost time and memory in proportion to its size. Each run is a fresh `okr-kit review FILE --format F`
process (start-up included), measured for wall time and its own peak memory.

Targets: a 5,000-line file reviews in under 5 s in every format; per KR, the 50,000-KR file costs at
most twice what the 1,000-KR file does (linear growth, with start-up spread thinner); peak memory stays
under 1 GB. Exits 1 when a target is missed.

usage: python benchmarks/scale.py [--sizes 1000,5000,50000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FORMATS = ["text", "json", "markdown", "html", "sarif"]
SIZES = [1_000, 5_000, 50_000]
KRS_PER_OBJECTIVE = 4
TARGET_5000_LINES_S = 5.0
TARGET_GROWTH = 2.0
TARGET_PEAK_MB = 1024.0

# the child reviews, then reports its own peak memory (ru_maxrss is in KB on Linux)
_CHILD = (
    "import resource, sys; from kit.cli import main; code = main(sys.argv[1:]); "
    "sys.stderr.write('PEAK_KB %d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); sys.exit(code)"
)
_VERBS = ["Raise", "Cut", "Hold", "Improve", "Launch", "Grow", "Reduce", "Publish"]


def write_file(folder: Path, krs: int) -> tuple[Path, int]:
    """A file of `krs` distinct KRs under objectives of four; returns it and its line count."""
    lines = ["# Harbour programme", "Cycle: 2027-Q2", ""]
    for index in range(krs):
        if index % KRS_PER_OBJECTIVE == 0:
            lines.append(f"## Objective: Skippers in region {index // KRS_PER_OBJECTIVE} trust our harbour")
        verb = _VERBS[index % len(_VERBS)]
        lines.append(f"- {verb} berth bookings at quay {index} from {index % 40 + 1} to {index % 40 + 60} by June")
    path = folder / f"okrs-{krs}.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, len(lines)


def measure(path: Path, fmt: str) -> tuple[float, float]:
    """Wall seconds and peak MB of one CLI review of `path` in `fmt`."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, "review", str(path), "--format", fmt, "--fail-on", "never"],
        capture_output=True, text=True, check=False,
    )
    elapsed = time.perf_counter() - start
    peak = next((int(line.split()[1]) for line in result.stderr.splitlines() if line.startswith("PEAK_KB")), 0)
    if result.returncode != 0:
        print(f"  {path.name} --format {fmt} exited {result.returncode}: {result.stderr.strip()[:200]}")
    if fmt == "json" and result.returncode == 0:
        json.loads(result.stdout)  # the output must be whole, not only fast
    return elapsed, peak / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="KR counts, comma-separated")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    passed = True
    with tempfile.TemporaryDirectory() as folder:
        files = {size: write_file(Path(folder), size) for size in sizes}
        five_thousand_lines, lines = write_file(Path(folder), 4_000)
        print(f"okr-kit review of one file, every format (a fresh process each, Python {sys.version.split()[0]})")
        print(f"{'file':>22} {'format':>9} {'seconds':>8} {'µs/KR':>7} {'peak MB':>8}")
        per_kr: dict[tuple[int, str], float] = {}
        for size, (path, _) in files.items():
            for fmt in FORMATS:
                seconds, peak = measure(path, fmt)
                per_kr[(size, fmt)] = seconds / size
                memory_ok = peak < TARGET_PEAK_MB
                passed = passed and memory_ok
                print(f"{f'{size:,} KRs':>22} {fmt:>9} {seconds:8.2f} {seconds / size * 1e6:7.0f} {peak:8.0f}"
                      f"{'' if memory_ok else '  MISSED (peak >= 1 GB)'}")
        print(f"\n{lines:,}-line file (4,000 KRs), target < {TARGET_5000_LINES_S:.0f} s in every format:")
        for fmt in FORMATS:
            seconds, _ = measure(five_thousand_lines, fmt)
            ok = seconds < TARGET_5000_LINES_S
            passed = passed and ok
            print(f"{fmt:>32} {seconds:8.2f} s  {'ok' if ok else 'MISSED'}")
        if len(sizes) > 1:
            small, large = min(sizes), max(sizes)
            print(f"\ngrowth: time per KR at {large:,} KRs over that at {small:,}, target <= {TARGET_GROWTH:.1f}")
            for fmt in FORMATS:
                growth = per_kr[(large, fmt)] / per_kr[(small, fmt)]
                ok = growth <= TARGET_GROWTH
                passed = passed and ok
                print(f"{fmt:>32} {growth:8.2f}    {'ok' if ok else 'MISSED'}")
    print("\nevery target met" if passed else "\na target was missed")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
