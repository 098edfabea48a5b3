"""The code stays ruff- and mypy-clean: both run as part of the suite, not as an afterthought."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean() -> None:
    result = _run("ruff", "check", "kit", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_is_clean() -> None:
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_house_keeps_its_layers_apart() -> None:
    """Tests never lean on benchmarks, the kit never reaches into the standard library's private modules,
    and only the store knows the database library."""
    benchmark_import = re.compile(r"^\s*(?:from|import) benchmarks\b", re.M)
    tests_on_benchmarks = [p for p in (ROOT / "tests").rglob("*.py") if benchmark_import.search(p.read_text())]
    private_import = re.compile(r"^\s*(?:from|import) (?:re\._|sre_|_sre)", re.M)
    private_stdlib = [p for p in (ROOT / "kit").rglob("*.py") if private_import.search(p.read_text())]
    assert tests_on_benchmarks == [] and private_stdlib == []
