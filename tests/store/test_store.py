"""The workshop store on SQLite and on a real PostgreSQL server: nothing lost, history, bundles."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from sqlalchemy import create_engine, text

from kit.model import KeyResult, Objective, OkrSet
from kit.store import (
    DEFAULT_FILENAME,
    STORE_URL_ENV,
    Store,
    StoreError,
    diff_sets,
    open_store,
    parse_bundle,
    redact_url,
    resolve_url,
    write_bundle,
)

WORKSHOP = "Spring definition workshop"


def draft(title: str, *, target: float = 40.0, extra_kr: bool = False) -> OkrSet:
    krs = [
        KeyResult(text="Raise weekly active teams from 12 to 40 by June", baseline=12, target=target, owner="Ana"),
        KeyResult(text="Cut onboarding time from 10 days to 3 days", baseline=10, target=3, unit="days"),
    ]
    if extra_kr:
        krs.append(KeyResult(text="Publish the metric dictionary for all six KRs"))
    return OkrSet(
        title=title,
        team="Platform",
        cycle="2026-Q2",
        objectives=[
            Objective(text="Make the platform the obvious choice for product teams", key_results=krs),
            Objective(
                text="Run reliable releases",
                key_results=[KeyResult(text="Lower failed deploys from 9% to 2%", baseline=9, target=2)],
            ),
        ],
    )


class CheckIn(BaseModel):
    """Stands in for a model another part of the kit owns: the store must take any of them."""

    week: int
    confidence: int
    note: str


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = open_store(url=store_url)
    yield opened
    opened.close()


# --- OKR sets and their history ---------------------------------------------------------------


def test_every_save_is_a_new_version_with_author_and_time(store: Store) -> None:
    first = store.save_set(WORKSHOP, "Platform", draft("first"), "ana")
    second = store.save_set(WORKSHOP, "Platform", draft("second"), "ben")
    assert (first, second) == (1, 2)
    latest = store.latest(WORKSHOP, "Platform")
    assert latest is not None
    assert latest.okr_set == draft("second")
    history = store.versions(WORKSHOP, "Platform")
    assert [(v.version, v.author) for v in history] == [(1, "ana"), (2, "ben")]
    assert history[0].saved_at <= history[1].saved_at
    assert history[0].saved_at.tzinfo is not None
    assert store.load_version(WORKSHOP, "Platform", 1).okr_set == draft("first")


def test_a_team_that_saved_nothing_has_no_latest_and_asking_for_a_version_explains(store: Store) -> None:
    assert store.latest(WORKSHOP, "Nobody") is None
    store.save_set(WORKSHOP, "Platform", draft("only"), "ana")
    with pytest.raises(StoreError, match=r"no version 7.*versions\("):
        store.load_version(WORKSHOP, "Platform", 7)


def test_restore_adds_a_copy_of_the_old_version_and_keeps_history(store: Store) -> None:
    store.save_set(WORKSHOP, "Platform", draft("good"), "ana")
    store.save_set(WORKSHOP, "Platform", draft("worse"), "ben")
    restored = store.restore(WORKSHOP, "Platform", 1, "ana")
    assert restored == 3
    latest = store.latest(WORKSHOP, "Platform")
    assert latest is not None and latest.okr_set == draft("good")
    assert latest.info.restored_from == 1
    assert [v.version for v in store.versions(WORKSHOP, "Platform")] == [1, 2, 3]


def test_teams_are_listed_per_workshop(store: Store) -> None:
    store.save_set(WORKSHOP, "Sales", draft("s"), "ana")
    store.save_set(WORKSHOP, "Platform", draft("p"), "ben")
    store.save_set("Another workshop", "Finance", draft("f"), "cy")
    store.save_record(WORKSHOP, "checkin", "Support", {"week": 1}, "dee")
    assert store.teams(WORKSHOP) == ["Platform", "Sales"]
    assert store.workshops() == ["Another workshop", WORKSHOP]


def test_the_latest_workshop_is_the_one_whose_drafts_were_saved_last(store: Store) -> None:
    assert store.latest_workshop() is None
    store.save_set("Zebra workshop", "Sales", draft("s"), "ana")
    store.save_set(WORKSHOP, "Platform", draft("p"), "ben")
    store.save_record("zz clinics", "clinic", "2026-11-23", {"closed": False}, "cy")  # not a drafting workshop
    assert store.latest_workshop() == WORKSHOP
    store.save_set("Zebra workshop", "Sales", draft("s2"), "ana")
    assert store.latest_workshop() == "Zebra workshop"
    assert store.latest_workshop(kind="clinic") == "zz clinics"


def test_data_survives_reopening_the_store(store_url: str) -> None:
    with open_store(url=store_url) as first:
        first.save_set(WORKSHOP, "Platform", draft("kept"), "ana")
    with open_store(url=store_url) as again:
        latest = again.latest(WORKSHOP, "Platform")
    assert latest is not None and latest.okr_set.title == "kept"


# --- diff: the before and after of a rewrite --------------------------------------------------


def test_diff_reports_changed_added_and_removed_items(store: Store) -> None:
    before = draft("v1")
    after = draft("v1", target=55, extra_kr=True)
    after.objectives.pop(1)
    store.save_set(WORKSHOP, "Platform", before, "ana")
    store.save_set(WORKSHOP, "Platform", after, "ana")
    diff = store.diff(WORKSHOP, "Platform", 1, 2)
    assert diff.changed
    kept, dropped = diff.objectives
    assert (kept.change, dropped.change) == ("changed", "removed")
    assert [k.change for k in kept.key_results] == ["changed", "unchanged", "added"]
    target_change = kept.key_results[0].fields
    assert [(c.field, c.before, c.after) for c in target_change] == [("target", "40", "55")]
    rendered = diff.to_text()
    assert "target: 40 -> 55" in rendered and "+ Publish the metric dictionary" in rendered
    assert "- Run reliable releases" in rendered


def test_a_rewritten_kr_is_paired_with_its_old_wording() -> None:
    before = draft("v")
    after = draft("v")
    after.objectives[0].key_results[1].text = "Cut onboarding time from 10 days to 2 days by May"
    diff = diff_sets(before, after)
    krs = diff.objectives[0].key_results
    assert [k.change for k in krs] == ["unchanged", "changed"]
    assert krs[1].before is not None and krs[1].before.text.endswith("to 3 days")


def test_identical_versions_have_no_changes() -> None:
    diff = diff_sets(draft("same"), draft("same"))
    assert not diff.changed
    assert "(no changes)" in diff.to_text()


# --- generic records ------------------------------------------------------------------------


def test_records_of_any_model_are_versioned_and_typed_on_load(store: Store) -> None:
    key = "Platform/week-1"
    assert store.save_record(WORKSHOP, "checkin", key, CheckIn(week=1, confidence=3, note="a"), "ana") == 1
    assert store.save_record(WORKSHOP, "checkin", key, {"week": 1, "confidence": 4, "note": "b"}, "ben") == 2
    latest = store.load_record(WORKSHOP, "checkin", "Platform/week-1", model=CheckIn)
    assert latest == CheckIn(week=1, confidence=4, note="b")
    assert store.load_record(WORKSHOP, "checkin", "Platform/week-1", 1) == {"week": 1, "confidence": 3, "note": "a"}
    assert [v.author for v in store.history(WORKSHOP, "checkin", "Platform/week-1")] == ["ana", "ben"]
    assert store.keys(WORKSHOP, "checkin") == ["Platform/week-1"]
    assert store.teams(WORKSHOP) == []


def test_a_record_that_no_longer_fits_its_model_is_reported_not_raised_raw(store: Store) -> None:
    store.save_record(WORKSHOP, "checkin", "k", {"week": "soon"}, "ana")
    with pytest.raises(StoreError, match=r"does not fit CheckIn: week"):
        store.load_record(WORKSHOP, "checkin", "k", model=CheckIn)
    with pytest.raises(StoreError, match=r"no checkin 'missing'"):
        store.load_record(WORKSHOP, "checkin", "missing")


@pytest.mark.parametrize(
    ("kind", "key", "author", "problem"),
    [
        ("Check In", "k", "ana", "not a valid kind"),
        ("checkin", "", "ana", "key name is empty"),
        ("checkin", "k", " ", "author name is empty"),
        ("checkin", "k" * 201, "ana", "longer than 200"),
    ],
)
def test_bad_names_are_refused_with_a_reason(store: Store, kind: str, key: str, author: str, problem: str) -> None:
    with pytest.raises(StoreError, match=problem):
        store.save_record(WORKSHOP, kind, key, {"a": 1}, author)


def test_credentials_are_never_stored(store: Store) -> None:
    with pytest.raises(StoreError, match="never saves credentials"):
        store.save_record(WORKSHOP, "coach_settings", "k", {"model": "m", "nested": {"api_key": "sk-1"}}, "ana")
    assert store.keys(WORKSHOP, "coach_settings") == []


# --- moving a workshop between machines -------------------------------------------------------


def _fill(store: Store) -> None:
    store.save_set(WORKSHOP, "Platform", draft("one"), "ana")
    store.save_set(WORKSHOP, "Platform", draft("two", extra_kr=True), "ben")
    store.restore(WORKSHOP, "Platform", 1, "ana")
    store.save_set(WORKSHOP, "Sales", draft("sales"), "cy")
    store.save_record(WORKSHOP, "decision", "d-1", {"text": "Keep KR 2 as is", "by": "lead"}, "cy")


def _snapshot(store: Store, workshop: str) -> list[tuple[str, str, int, str, dict[str, object]]]:
    rows = []
    for kind in ("okr_set", "decision"):
        for key in store.keys(workshop, kind):
            for info in store.history(workshop, kind, key):
                record = store.record(workshop, kind, key, info.version)
                assert record is not None
                rows.append((kind, key, info.version, info.author, record.payload))
    return rows


def test_a_bundle_moves_the_whole_workshop_with_its_history(store: Store, tmp_path: Path) -> None:
    _fill(store)
    path = write_bundle(store.export_bundle(WORKSHOP), tmp_path / "workshop.json")
    with open_store(url=f"sqlite:///{tmp_path / 'moved.sqlite3'}") as other:
        assert other.import_bundle(path) == WORKSHOP
        assert _snapshot(other, WORKSHOP) == _snapshot(store, WORKSHOP)
        latest = other.latest(WORKSHOP, "Platform")
        assert latest is not None and latest.info.restored_from == 1
        # the next save continues the numbering instead of colliding with imported versions
        assert other.save_set(WORKSHOP, "Platform", draft("four"), "ana") == 4


def test_import_into_an_existing_workshop_needs_a_new_name_or_replace(store: Store) -> None:
    _fill(store)
    bundle = store.export_bundle(WORKSHOP)
    with pytest.raises(StoreError, match=r"already exists.*workshop='new name'"):
        store.import_bundle(bundle)
    assert store.import_bundle(bundle, workshop="Copy") == "Copy"
    assert _snapshot(store, "Copy") == _snapshot(store, WORKSHOP)
    store.save_set(WORKSHOP, "Extra", draft("extra"), "ana")
    store.import_bundle(bundle, replace=True)
    assert store.teams(WORKSHOP) == ["Platform", "Sales"]


def _reseal(bundle: dict[str, Any]) -> dict[str, Any]:
    """Recompute the checksum, as someone editing a bundle by hand with the right tool would."""
    from kit.store.bundle import Bundle, checksum

    parsed = Bundle.model_validate({**bundle, "checksum": "x"})
    return {**bundle, "checksum": checksum(parsed.workshop, parsed.streams)}


def _corruptions(bundle: dict[str, Any]) -> dict[str, tuple[Any, str]]:
    edited = json.loads(json.dumps(bundle))
    edited["streams"][0]["versions"][0]["content"]["title"] = "tampered"
    bad_set = json.loads(json.dumps(bundle))
    bad_set["streams"][1]["versions"][0]["content"]["objectives"] = "not a list"
    gap = json.loads(json.dumps(bundle))
    gap["streams"][1]["versions"][1]["version"] = 5
    missing = json.loads(json.dumps(bundle))
    del missing["workshop"]
    return {
        "edited without resealing": (edited, "does not match its checksum"),
        "invalid OKR set": (_reseal(bad_set), "not a valid OKR set: objectives"),
        "gap in versions": (_reseal(gap), r"not 1, 2, 3"),
        "missing field": (missing, "not a workshop bundle: workshop"),
        "truncated file": (json.dumps(bundle)[:-40], "not valid JSON"),
    }


def test_a_corrupt_bundle_is_refused_without_touching_the_store(store: Store) -> None:
    _fill(store)
    bundle = store.export_bundle(WORKSHOP)
    before = _snapshot(store, WORKSHOP)
    for name, (corrupt, problem) in _corruptions(bundle).items():
        with pytest.raises(StoreError, match=problem):
            store.import_bundle(corrupt, replace=True)
        assert _snapshot(store, WORKSHOP) == before, name
        assert store.workshops() == [WORKSHOP], name


def test_a_bundle_from_a_newer_kit_asks_for_an_upgrade(store: Store) -> None:
    _fill(store)
    bundle = {**store.export_bundle(WORKSHOP), "format_version": 2}
    with pytest.raises(StoreError, match=r"newer okr-workshop-kit.*upgrade"):
        store.import_bundle(bundle, workshop="Copy")
    assert store.workshops() == [WORKSHOP]


def test_exporting_an_unknown_workshop_names_the_ones_that_exist(store: Store) -> None:
    _fill(store)
    with pytest.raises(StoreError, match=f"pick one of: {WORKSHOP}"):
        store.export_bundle("Typo workshop")


def test_parse_bundle_reads_files_and_reports_unreadable_ones(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot read"):
        parse_bundle(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": ', encoding="utf-8")
    with pytest.raises(StoreError, match=r"broken.json is not valid JSON at line 1"):
        parse_bundle(broken)


# --- where the store lives, and secrets ---------------------------------------------------------


def test_default_store_is_a_wal_sqlite_file_in_the_workshop_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(STORE_URL_ENV, raising=False)
    with open_store(tmp_path) as store:
        store.save_set(WORKSHOP, "Platform", draft("x"), "ana")
    database = tmp_path / DEFAULT_FILENAME
    assert database.exists()
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_environment_url_wins_and_plain_postgresql_urls_use_psycopg(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(STORE_URL_ENV, "postgresql://coach@db.example/okr")
    assert resolve_url(tmp_path) == "postgresql+psycopg://coach@db.example/okr"
    assert resolve_url(tmp_path, "sqlite:///x.db") == "sqlite:///x.db"
    monkeypatch.setenv(STORE_URL_ENV, "postgres://coach@db.example/okr")
    assert resolve_url(None).startswith("postgresql+psycopg://")


def test_passwords_in_store_urls_never_reach_messages() -> None:
    url = "postgresql+psycopg://coach:Sup3rSecret@127.0.0.1:1/okr?connect_timeout=2"
    assert "Sup3rSecret" not in redact_url(url)
    assert "Sup3rSecret" not in redact_url("not a url://coach:Sup3rSecret@host")
    with pytest.raises(StoreError) as raised:
        open_store(url=url)
    message = str(raised.value)
    assert "Sup3rSecret" not in message
    assert "127.0.0.1:1" in message and "PostgreSQL server" in message
    with pytest.raises(StoreError) as unsupported:
        open_store(url="mysql://coach:Sup3rSecret@host/db")
    assert "Sup3rSecret" not in str(unsupported.value)


def test_a_missing_workshop_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "not-there")


def test_a_store_written_by_a_newer_kit_is_refused(store_url: str) -> None:
    open_store(url=store_url).close()
    engine = create_engine(store_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'from_the_future'"))
    engine.dispose()
    with pytest.raises(StoreError, match="newer okr-workshop-kit"):
        open_store(url=store_url)


# --- many writers, and a writer killed mid-save -------------------------------------------------

_WORKER = textwrap.dedent(
    """
    import sys
    from kit.model import KeyResult, Objective, OkrSet
    from kit.store import open_store

    url, worker, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    store = open_store(url=url)
    for i in range(count):
        okr_set = OkrSet(title=f"w{worker}-{i}", objectives=[Objective(text="o", key_results=[
            KeyResult(text=f"KR {k}", baseline=k, target=k + 1) for k in range(16)])])
        version = store.save_set("load", "Shared team", okr_set, f"author-{worker}")
        if count < 0 or version < 1:
            raise SystemExit(3)
        print(version, flush=True)
    """
)


def _worker(url: str, worker: int, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _WORKER, url, str(worker), str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_twenty_processes_saving_at_once_lose_nothing(store_url: str) -> None:
    """They also race to create the schema of the fresh store: only one may, the others wait."""
    workers = [_worker(store_url, worker, 100) for worker in range(20)]
    for process in workers:
        _, errors = process.communicate(timeout=540)
        assert process.returncode == 0, errors
        assert errors == ""
    with open_store(url=store_url) as store:
        history = store.versions("load", "Shared team")
        assert [v.version for v in history] == list(range(1, 2001))
        (stream,) = store.export_bundle("load")["streams"]
    titles = {item["content"]["title"] for item in stream["versions"]}
    assert len(titles) == 2000
    assert titles == {f"w{worker}-{i}" for worker in range(20) for i in range(100)}


@pytest.mark.slow
def test_a_process_killed_mid_save_leaves_the_last_complete_version(store_url: str) -> None:
    open_store(url=store_url).close()
    for _ in range(3):
        process = _worker(store_url, 0, 100_000)
        assert process.stdout is not None
        last_reported = 0
        for line in process.stdout:
            last_reported = int(line)
            if last_reported % 25 == 0:
                break
        assert last_reported > 0, process.stderr.read() if process.stderr else "worker printed nothing"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        with open_store(url=store_url) as store:
            latest = store.latest("load", "Shared team")
            assert latest is not None and latest.version >= last_reported
            numbers = [v.version for v in store.versions("load", "Shared team")]
            assert numbers == list(range(1, latest.version + 1))
            assert len(latest.okr_set.objectives[0].key_results) == 16
            assert store.save_set("load", "Shared team", draft("after the crash"), "ana") == latest.version + 1


def test_a_damaged_sqlite_file_is_reported_with_a_way_out(tmp_path: Path) -> None:
    (tmp_path / DEFAULT_FILENAME).write_bytes(b"this is not a database file, it is a note" * 100)
    with pytest.raises(StoreError, match=r"damaged.*import the last exported bundle"):
        open_store(tmp_path)


@pytest.mark.parametrize(
    "record",
    [{"OPENAI_KEY": "x"}, {"note": "sk-abcdefghijkl"}, {"url": "http://me:pw@127.0.0.1:8080/v1"},
     {"items": ["Bearer abcdefghijkl"]}],
)
def test_credentials_named_or_shaped_like_keys_are_never_stored(store: Store, record: dict[str, object]) -> None:
    with pytest.raises(StoreError, match="never saves credentials"):
        store.save_record(WORKSHOP, "coach_settings", "k", record, "ana")
    assert store.keys(WORKSHOP, "coach_settings") == []


def test_ordinary_fields_named_like_key_results_are_kept(store: Store) -> None:
    store.save_record(WORKSHOP, "notes", "k", {"key_results": ["Raise bookings"], "monkey": 1}, "ana")
    assert store.keys(WORKSHOP, "notes") == ["k"]


def test_the_store_and_bundles_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    import stat as stat_module

    from kit.store import write_bundle

    private = Store(f"sqlite:///{tmp_path / 'okr-workshop.sqlite3'}")
    private.save_record(WORKSHOP, "notes", "k", {"a": 1}, "ana")
    bundle = write_bundle(private.export_bundle(WORKSHOP), tmp_path / "workshop.json")
    private.close()
    for path in (tmp_path / "okr-workshop.sqlite3", bundle):
        assert stat_module.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"format": "x", "format": "y"}', "repeated"),
        ('{" ": 1}', "blank key"),
        ('{"format": NaN}', "NaN"),
        ("[" * 200_000 + "]" * 200_000, "nested far too deeply|not valid JSON"),
    ],
)
def test_a_bundle_no_export_writes_is_refused_in_one_sentence(
    store: Store, tmp_path: Path, text: str, problem: str
) -> None:
    _fill(store)
    before = _snapshot(store, WORKSHOP)
    path = tmp_path / "odd.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StoreError, match=problem):
        store.import_bundle(parse_bundle(path), replace=True)
    assert _snapshot(store, WORKSHOP) == before


def test_a_bundle_over_the_size_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kit.store.bundle

    monkeypatch.setattr(kit.store.bundle, "MAX_BUNDLE_BYTES", 10)
    path = tmp_path / "big.json"
    path.write_text('{"format": "okr-workshop-kit/bundle"}', encoding="utf-8")
    with pytest.raises(StoreError, match="is over"):
        parse_bundle(path)
