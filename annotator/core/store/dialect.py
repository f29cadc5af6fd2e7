"""The store's SQL, written once, as PostgreSQL reads it.

The store's statements are written for SQLite, the embedded default, and a
server project runs the same statements. The handful of SQLite spellings
they use have one PostgreSQL spelling each, and ``translate`` rewrites
them, once per distinct statement (cached):

- ``?`` placeholders become ``%s`` (and a literal ``%`` becomes ``%%``);
- ``INSERT OR IGNORE`` becomes ``INSERT ... ON CONFLICT DO NOTHING``, and
  ``INSERT OR REPLACE`` an upsert on the table's primary key;
- ``X COLLATE NOCASE`` becomes ``lower(X COLLATE "C")`` (the expression
  the server's list indexes are built on), ``LIKE`` becomes ``ILIKE``
  (SQLite's LIKE ignores ASCII case);
- ``json_extract(A, P)`` becomes ``A::jsonb #>> path`` and ``instr``
  ``strpos``; ``rowid`` (only ever a tie-break) becomes ``ctid``, and
  ``total(X)`` ``coalesce(sum(X), 0.0)``.

Keeping one text per statement keeps the two engines from drifting: a
statement changed for SQLite is changed for PostgreSQL, and the store's
contract tests run on both.
"""

from __future__ import annotations

import re
from functools import lru_cache

_OR_IGNORE = re.compile(r"^\s*INSERT\s+OR\s+IGNORE\s+INTO\b", re.IGNORECASE)
_OR_REPLACE = re.compile(
    r"^\s*INSERT\s+OR\s+REPLACE\s+INTO\s+(\w+)\s*\(([^)]*)\)", re.IGNORECASE | re.DOTALL
)
_NOCASE = re.compile(r"([\w.]+)\s+COLLATE\s+NOCASE", re.IGNORECASE)
_LIKE = re.compile(r"\bLIKE\b")
_JSON = re.compile(r"json_extract\(\s*([\w.]+)\s*,\s*('[^']*'|\?)\s*\)", re.IGNORECASE)
_INSTR = re.compile(r"\binstr\(", re.IGNORECASE)
_ROWID = re.compile(r"\browid\b", re.IGNORECASE)
_TOTAL = re.compile(r"\btotal\(([^()]*)\)", re.IGNORECASE)
_INSERT_INTO = re.compile(r"^\s*INSERT\s+INTO\s+(\w+)", re.IGNORECASE)


def _json_path(match: re.Match[str]) -> str:
    column, path = match.group(1), match.group(2)
    if path == "?":  # a bound '$.a.b': the same path as a text array
        return f"({column}::jsonb #>> string_to_array(substr(?, 3), '.'))"
    keys = path.strip("'").removeprefix("$.").split(".")
    return f"({column}::jsonb #>> '{{{','.join(keys)}}}')"


@lru_cache(maxsize=1024)
def translate(sql: str, keys: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> str:
    """``sql`` as PostgreSQL takes it through psycopg. ``keys`` maps a table
    to its primary key columns, for ``INSERT OR REPLACE``."""
    text = sql
    if _OR_IGNORE.match(text):
        text = _OR_IGNORE.sub("INSERT INTO", text, count=1) + " ON CONFLICT DO NOTHING"
    replace = _OR_REPLACE.match(text)
    if replace:
        table, columns = replace.group(1), [c.strip() for c in replace.group(2).split(",")]
        key = dict(keys).get(table, ())
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c not in key)
        text = re.sub(r"^\s*INSERT\s+OR\s+REPLACE", "INSERT", text, count=1, flags=re.IGNORECASE)
        text += f" ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
    text = _JSON.sub(_json_path, text)
    text = _NOCASE.sub(r'lower(\1 COLLATE "C")', text)
    text = _LIKE.sub("ILIKE", text)
    text = _INSTR.sub("strpos(", text)
    text = _ROWID.sub("ctid", text)
    text = _TOTAL.sub(r"coalesce(sum(\1), 0.0)", text)
    return text.replace("%", "%%").replace("?", "%s")


def inserted_table(sql: str) -> str | None:
    """The table a plain ``INSERT INTO`` statement writes, if it is one."""
    match = _INSERT_INTO.match(sql)
    return match.group(1) if match else None
