"""The workshop store: every saved version of every team's OKR set, and the workshop's other records.

A workshop is a room of people typing at once, so nothing may be lost: every save is a new
version (never an overwrite), each in its own transaction, retried when another writer holds
the lock. The default is a SQLite file in the workshop folder (WAL mode); a JupyterHub serving
an organisation points `KIT_STORE_URL` at PostgreSQL and runs exactly the same code.

Records are streams of versions identified by (workshop, kind, key). OKR sets are the stream
kind "okr_set" keyed by team; check-ins, decisions, clinic cases, commitments and charters use
`save_record` with their own kind, so new record types need no schema change.

- `database`: the `Store` API over SQLite or PostgreSQL, with its migrations
- `tables`, `location`: the schema, and where a workshop's store lives (only the store knows SQLAlchemy)
- `records`: what the store hands back, and the checks every record passes
- `bundle`: a whole workshop as one checked JSON file, to move between machines
- `versions`: before and after of two OKR sets, as data and text
"""

from kit.store.bundle import MAX_BUNDLE_BYTES, Bundle, parse_bundle, write_bundle
from kit.store.database import Store, open_store
from kit.store.location import DEFAULT_FILENAME, STORE_URL_ENV, redact_url, resolve_url, saved_store_exists
from kit.store.records import (
    OKR_SET_KIND,
    SetVersion,
    StoredRecord,
    StoreError,
    VersionInfo,
    content_fingerprint,
)
from kit.store.versions import SetDiff, diff_sets

__all__ = [
    "DEFAULT_FILENAME", "MAX_BUNDLE_BYTES", "OKR_SET_KIND", "STORE_URL_ENV", "Bundle", "SetDiff", "SetVersion",
    "Store", "StoreError", "StoredRecord", "VersionInfo", "content_fingerprint", "diff_sets", "open_store",
    "parse_bundle", "redact_url", "resolve_url", "saved_store_exists", "write_bundle",
]
