"""Small helpers shared by the store modules: time stamps, JSON, hashing."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

# Ids bound per ``IN (...)`` query: below SQLite's oldest limit of 999 bound
# variables, and large enough that a bulk read is a few dozen queries.
CHUNK = 900


def now_iso() -> str:
    """UTC time stamp with microseconds: sorts as text, compares across machines."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def loads(text: str | None) -> Any:
    return json.loads(text) if text else {}


def text_hash(text: str) -> str:
    """Content hash of a document's exact text: the dedup and merge key."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
