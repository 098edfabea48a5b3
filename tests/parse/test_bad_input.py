"""Bad input never becomes a traceback or a hang: a located error with a next step, or a correct set."""

from __future__ import annotations

import codecs
import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.errors import InputError
from kit.model import OkrSet
from kit.parse import parse

GOOD = "Objective: Résumé screening feels fair\n- KR 1: Candidate complaints from 30 to 10 a quarter [Noor]\n"


def _located_error(source: str | Path, **kwargs: str) -> InputError:
    with pytest.raises(InputError) as caught:
        parse(source, **kwargs)
    error = caught.value
    assert error.line is not None and error.line >= 1
    assert error.problem
    assert error.fix, "every error says what to do next"
    if isinstance(source, Path):
        assert str(error).startswith(f"{source}:{error.line}: ")
    return error


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _assert_good(okr_set: OkrSet) -> None:
    [objective] = okr_set.objectives
    assert objective.text == "Résumé screening feels fair"
    [kr] = objective.key_results
    assert (kr.text, kr.owner, kr.line) == ("Candidate complaints from 30 to 10 a quarter", "Noor", 2)


@pytest.mark.parametrize("name", ["empty.md", "empty.yaml", "empty.json", "empty.csv", "empty.txt"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    error = _located_error(_write(tmp_path, name, b""))
    assert "empty" in error.problem


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t \n", "\ufeff \r\n"])
def test_empty_or_blank_text(text: str) -> None:
    error = _located_error(text)
    assert "empty" in error.problem or "blank" in error.problem


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x00\x01\x02\x03binary\xff\xfe\x00garbage" * 20, "binary"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40, "office document"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"Objective: fine so far\n- KR 1: then\x00 a NUL", "binary"),
    ],
)
def test_binary_files(tmp_path: Path, data: bytes, words: str) -> None:
    error = _located_error(_write(tmp_path, "okrs.md", data))
    assert words in error.problem
    assert "CSV" in error.fix


def test_nul_in_pasted_text() -> None:
    error = _located_error("Objective: fine\n- KR: broken\x00text\n")
    assert error.line == 2


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("okrs.yaml", b"objectives:\n  - text: A\n    key_results: [B\n  - text: C\n"),
        ("okrs.yaml", b"objectives:\n  - text: A\n   bad indent: here\n"),
        ("okrs.yaml", b"objectives:\n  - text: A\n---\nobjectives: []\n"),
        ("okrs.yaml", b"objectives:\n  - text: \"unclosed\n"),
        ("okrs.yaml", b"objectives:\n  - text: bell \x07 here\n"),
        ("okrs.json", b'{"objectives": [{"text": "A" "key_results": []}]}'),
        ("okrs.json", b'{"objectives": [{"text": "A"}]'),
        ("okrs.json", b"[" * 100_000),
        ("okrs.json", b'{"objectives": [{"text": "A", "key_results": []}]} trailing'),
        ("okrs.csv", b'Objective,Key result\nA,"unclosed quote\n'),
        ("okrs.csv", b"Objective,Key result\n,orphan row\n"),
        ("okrs.csv", b"Name,Email\nNoor,noor@example.org\n"),
    ],
)
def test_malformed_structured_files(tmp_path: Path, name: str, data: bytes) -> None:
    _located_error(_write(tmp_path, name, data))


def test_deeply_nested_yaml_is_refused_not_recursed(tmp_path: Path) -> None:
    nested = "objectives:\n  - text: A\n    key_results: " + "[" * 200 + "]" * 200 + "\n"
    _located_error(_write(tmp_path, "okrs.yaml", nested.encode()))


def test_yaml_alias_bomb_finishes_fast(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    document = "\n".join(lines) + "\nobjectives:\n  - text: A\n    key_results: *a8\n"
    start = time.perf_counter()
    _located_error(_write(tmp_path, "bomb.yaml", document.encode()))
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16-le", b""),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("cp1252", b""),
        ("latin-1", b""),
    ],
)
def test_encodings(tmp_path: Path, encoding: str, bom: bytes) -> None:
    _assert_good(parse(_write(tmp_path, "okrs.md", bom + GOOD.encode(encoding))))


def test_mixed_utf8_and_windows_1252_in_one_file(tmp_path: Path) -> None:
    data = "Objective: Résumé screening feels fair\n".encode()
    data += b"- KR 1: Candidate complaints from 30 to 10 a quarter [Noor]\n"
    data += "- KR 2: Offer letters sent within 48 hours – Owner: Zoë\n".encode("cp1252")
    okr_set = parse(_write(tmp_path, "mixed.md", data))
    [objective] = okr_set.objectives
    assert objective.text == "Résumé screening feels fair"
    assert objective.key_results[1].text == "Offer letters sent within 48 hours"
    assert objective.key_results[1].owner == "Zoë"


def test_bytes_undefined_in_windows_1252_still_decode(tmp_path: Path) -> None:
    okr_set = parse(_write(tmp_path, "odd.txt", b"Objective: Keep \x81\x8d\x90 going\n- KR: Uptime 99.9%\n"))
    assert okr_set.objectives[0].text == "Keep \x81\x8d\x90 going"


def test_emoji_everywhere() -> None:
    okr_set = parse("# 🚀 Rocket team OKRs\nObjective: Customers love us 💜\n- KR 1: NPS 🎯 from 20 to 40 [Ana 🦊]\n")
    assert okr_set.title == "🚀 Rocket team OKRs"
    [objective] = okr_set.objectives
    assert objective.text == "Customers love us 💜"
    assert (objective.key_results[0].text, objective.key_results[0].owner) == ("NPS 🎯 from 20 to 40", "Ana 🦊")


def test_right_to_left_text_in_every_format() -> None:
    objective, kr = "تحسين تجربة العملاء", "رفع رضا العملاء من 70% إلى 85%"
    for draft in (
        f"Objective: {objective}\n- KR 1: {kr}\n",
        f"objectives:\n  - text: {objective}\n    key_results:\n      - {kr}\n",
        json.dumps({"objectives": [{"text": objective, "key_results": [kr]}]}, ensure_ascii=False),
        f"objective,key result\n{objective},{kr}\n",
    ):
        okr_set = parse(draft)
        assert okr_set.objectives[0].text == objective
        assert okr_set.objectives[0].key_results[0].text == kr


def test_html_and_script_are_data_in_every_format() -> None:
    evil = '<img src=x onerror="alert(1)"><script>fetch("//x")</script>'
    for draft in (
        f"Objective: {evil}\n- KR 1: {evil}\n",
        json.dumps({"objectives": [{"text": evil, "key_results": [evil]}]}),
        f'objective,kr\n"{evil.replace(chr(34), chr(34) * 2)}","{evil.replace(chr(34), chr(34) * 2)}"\n',
    ):
        okr_set = parse(draft)
        assert okr_set.objectives[0].text == evil
        assert okr_set.objectives[0].key_results[0].text == evil


@pytest.mark.parametrize(
    "text",
    [
        "Dear all, thanks for joining the offsite yesterday. We talked about many things, and the slides are "
        "attached for anyone who missed them. Please send questions to the usual channel before Friday so we "
        "can collect them in one place and answer them together at the next all-hands meeting.",
        "Meeting notes\n\nwe agreed that the budget for next year\nwill be discussed again once finance\n"
        "has the numbers",
        "- eggs\n- milk\n- bread\n",
        "---\n***\n",
    ],
)
def test_text_without_a_recognisable_okr(text: str) -> None:
    _located_error(text)


@pytest.mark.slow
def test_a_5_mb_file_of_okrs_parses_in_linear_time(tmp_path: Path) -> None:
    block = (
        "Objective: Make onboarding effortless for cohort {i}\n"
        "- KR 1: Cut time to value from 3 days to 1 day by Mar 31. Owner: Ana. Source: Amplitude.\n"
        "- KR 2: Raise D7 activation from 46% to 65% by Mar 31 [Ben]\n\n"
    )
    count = 5_000_000 // len(block)
    path = _write(tmp_path, "big.md", "".join(block.format(i=i) for i in range(count)).encode())
    start = time.perf_counter()
    okr_set = parse(path)
    elapsed = time.perf_counter() - start
    assert len(okr_set.objectives) == count
    assert okr_set.objectives[-1].key_results[1].line == 4 * count - 1
    assert elapsed < 60, f"5 MB took {elapsed:.1f} s"


@pytest.mark.parametrize(
    "text",
    [
        "x" * 5_000_000,
        "Owner: a " * 600_000,
        "- " * 2_500_000,
        "(" * 5_000_000,
        "#" * 5_000_000,
        "[" * 5_000_000,
        "a: " * 1_700_000,
        "objective," + "kr," * 1_600_000 + "\n",
        "".join(" " * (i % 400) + "- owner: x (source: y [z]\n" for i in range(120_000)),
    ],
)
def test_5_mb_of_adversarial_text_finishes_fast(text: str) -> None:
    start = time.perf_counter()
    try:
        parse(text)
    except InputError as error:
        assert error.line is not None
    assert time.perf_counter() - start < 20


def test_oversized_file_is_refused_before_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    with path.open("wb") as handle:
        handle.truncate(17 * 1024 * 1024)
    error = _located_error(path)
    assert "MB" in error.problem


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda tmp: tmp / "missing.md", "not found"),
        (lambda tmp: tmp, "folder"),
    ],
)
def test_unreadable_paths(tmp_path: Path, make: Callable[[Path], Path], problem: str) -> None:
    path = make(tmp_path)
    with pytest.raises(InputError) as caught:
        parse(path)
    assert problem in caught.value.problem
    assert str(path) in str(caught.value)


def test_unknown_format_name() -> None:
    with pytest.raises(InputError, match="unknown format 'xlsx'"):
        parse(GOOD, format="xlsx")


_OKR_ALPHABET = st.sampled_from(
    ["Objective", "O1", "KR 1.2", "Key results", "Initiatives", "Owner", "Source", "Team", "Cycle", ":", "-", "*",
     "•", "1.", "a)", "#", "##", " ", "  ", "\t", "\n", "\n\n", "(", ")", "[", "]", "|", "—", "@x", ",", ";", '"',
     "{", "}", "objectives", "text", "key_results", "from 3 to 5", "by Q3", "%", "é", "🎯", "\u200f", "ـ", "x"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_OKR_ALPHABET, max_size=60).map("".join), st.sampled_from([None, "text", "yaml", "json", "csv"]))
def test_any_okr_shaped_text_gives_a_set_or_a_located_error(text: str, format: str | None) -> None:
    try:
        okr_set = parse(text, format=format)
    except InputError as error:
        assert error.problem and error.fix
        return
    assert okr_set.objectives
    assert all(o.text.strip() and kr.text.strip() for o in okr_set.objectives for kr in o.key_results)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400), st.sampled_from(["okrs.md", "okrs.yaml", "okrs.json", "okrs.csv", "okrs.bin"]))
def test_any_bytes_give_a_set_or_a_located_error(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, name: str
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / name
    path.write_bytes(data)
    try:
        parse(path)
    except InputError as error:
        assert error.path == str(path)


def test_an_endless_device_is_refused_not_read_forever() -> None:
    device = Path("/dev/zero")
    if not device.exists():
        pytest.skip("no /dev/zero on this system")
    error = _located_error(device)
    assert "not a regular file" in error.problem  # refused before a byte is read


def test_a_file_far_longer_than_any_okr_set_is_refused_at_once(tmp_path: Path) -> None:
    from kit.parse.source import MAX_LINES

    path = _write(tmp_path, "export.md", ("- Raise ferry bookings from 1 to 2\n" * (MAX_LINES + 5)).encode())
    start = time.perf_counter()
    with pytest.raises(InputError) as caught:
        parse(path)
    assert time.perf_counter() - start < 5
    assert f"{MAX_LINES:,} lines" in caught.value.problem and caught.value.line == MAX_LINES + 1


def test_a_pipe_is_refused_instead_of_blocking(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "okrs.md"
    os.mkfifo(fifo)
    start = time.perf_counter()
    with pytest.raises(InputError) as caught:
        parse(fifo)
    assert time.perf_counter() - start < 5
    assert "not a regular file" in caught.value.problem
