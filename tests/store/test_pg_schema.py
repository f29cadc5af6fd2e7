"""The PostgreSQL migrations (db/migrations/postgresql/) build SQLite's schema.

The two dialects are written side by side by hand (docs/adr/0020), so they
can drift: a column added to one file and not the other, a NOT NULL or an
index forgotten. These tests read both schemas back from the engines
themselves, a project ``Project.open`` created and a fresh server database
with every PostgreSQL migration applied, and compare them table by table.
The migrations are applied here with plain psycopg, file by file, as the
store's own runner does on SQLite (one transaction, the version row set
after each file).
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import psycopg
import pytest

from annotator.core.resources import migrations_dir
from annotator.core.store import Project
from annotator.core.store.database import Migration, available_migrations

PG_DIR = migrations_dir() / "postgresql"
# SQLite's declared type -> PostgreSQL's (SQLite's INTEGER is 64-bit).
TYPES = {"INTEGER": "bigint", "TEXT": "text", "REAL": "double precision", "BLOB": "bytea"}
# What exists on PostgreSQL only, and why: PRAGMA user_version's table, and
# the TRUNCATE guard SQLite needs no counterpart for (it has no TRUNCATE).
PG_ONLY_TABLES = {"schema_version"}
PG_ONLY_TRIGGERS = {("events_no_truncate", "events")}
# An index column as PostgreSQL prints it -> as SQLite declares it.
_NOCASE = re.compile(r'^lower\(+(\w+) COLLATE "C"\)+$')

Shape = dict[str, Any]


def _apply_pg(conn: psycopg.Connection, migrations: list[Migration]) -> None:
    for migration in migrations:
        conn.execute(migration.path.read_text(encoding="utf-8"))
        conn.execute("UPDATE schema_version SET version = %s", (migration.version,))


def _apply_sqlite(conn: sqlite3.Connection, migrations: list[Migration]) -> None:
    for migration in migrations:
        for statement in migration.statements():
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {migration.version}")


def _sqlite_shape(conn: sqlite3.Connection) -> tuple[dict[str, Shape], set[tuple[str, str]]]:
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    shapes = {}
    for table in tables:
        info = conn.execute(f"PRAGMA table_info({table})").fetchall()
        pk = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5]]
        fks: dict[int, list[Any]] = {}
        for fid, _, ref, col, ref_col, _, on_delete, _ in conn.execute(
            f"PRAGMA foreign_key_list({table})"
        ):
            entry = fks.setdefault(fid, [[], ref, [], on_delete])
            entry[0].append(col)
            entry[2].append(ref_col)
        # An INTEGER PRIMARY KEY numbers new rows (an identity column on
        # PostgreSQL) unless it points at another table's row: then it is
        # always given (learn_scores.document_id) and no counter is wanted.
        rowid = (
            len(pk) == 1
            and any(r[1] == pk[0] and r[2].upper() == "INTEGER" for r in info)
            and not any(cols == pk for cols, *_ in fks.values())
        )
        columns = [
            # A primary key column is NOT NULL on PostgreSQL whatever it says;
            # on SQLite only an INTEGER one is (the rest is a legacy quirk).
            (name, TYPES[kind.upper()], bool(notnull or in_pk), default, rowid and in_pk == 1)
            for _, name, kind, notnull, default, in_pk in info
        ]
        unique, indexes = [], {}
        for _, name, is_unique, origin, _partial in conn.execute(f"PRAGMA index_list({table})"):
            keys = [
                col if coll == "BINARY" else f"{col} {coll}"
                for _, _, col, _, coll, key in conn.execute(f"PRAGMA index_xinfo({name})")
                if key
            ]
            if origin == "u":
                unique.append(tuple(keys))
            elif origin == "c":
                indexes[name] = (bool(is_unique), tuple(keys))
        create = conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()[0]
        shapes[table] = {
            "columns": columns,
            "primary key": tuple(pk),
            "unique": sorted(unique),
            "foreign keys": sorted((tuple(c), r, tuple(rc), d) for c, r, rc, d in fks.values()),
            "indexes": indexes,
            "checks": len(re.findall(r"\bCHECK\s*\(", create, re.IGNORECASE)),
        }
    triggers = set(conn.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'"))
    return shapes, triggers


_PG_COLUMNS = """
SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       pg_get_expr(d.adbin, d.adrelid), a.attidentity <> ''
FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum
"""
_PG_INDEXES = """
SELECT i.indexrelid, c.relname, i.indisunique, i.indnkeyatts,
       coalesce((SELECT k.contype FROM pg_constraint k WHERE k.conindid = i.indexrelid
                 AND k.contype IN ('p', 'u')), '')
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid = %s::regclass
"""
_FK = re.compile(r"FOREIGN KEY \((.+?)\) REFERENCES (\w+)\((.+?)\)(?: ON DELETE ([A-Z ]+))?$")


def _pg_default(expr: str | None) -> str | None:
    """``'{}'::text`` as SQLite stores it: ``'{}'``."""
    return None if expr is None else re.sub(r"::[a-z ]+$", "", expr)


def _pg_shape(conn: psycopg.Connection) -> tuple[dict[str, Shape], set[tuple[str, str]]]:
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
    ]
    shapes = {}
    for table in tables:
        columns = [
            (name, kind, notnull, _pg_default(default), identity)
            for name, kind, notnull, default, identity in conn.execute(_PG_COLUMNS, (table,))
        ]
        pk: tuple[str, ...] = ()
        unique, indexes = [], {}
        for oid, name, is_unique, nkeys, constraint in conn.execute(
            _PG_INDEXES, (table,)
        ).fetchall():
            keys = []
            for k in range(1, nkeys + 1):
                (col,) = conn.execute("SELECT pg_get_indexdef(%s, %s, true)", (oid, k)).fetchone()
                keys.append(_NOCASE.sub(r"\1 NOCASE", col))
            if constraint == "p":
                pk = tuple(keys)
            elif constraint == "u":
                unique.append(tuple(keys))
            else:
                indexes[name] = (is_unique, tuple(keys))
        fks, checks = [], 0
        for kind, definition in conn.execute(
            "SELECT contype, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = %s::regclass",
            (table,),
        ):
            if kind == "f":
                cols, ref, ref_cols, on_delete = _FK.match(definition).groups()
                split = lambda text: tuple(part.strip() for part in text.split(","))  # noqa: E731
                fks.append((split(cols), ref, split(ref_cols), on_delete or "NO ACTION"))
            checks += kind == "c"
        shapes[table] = {
            "columns": columns,
            "primary key": pk,
            "unique": sorted(unique),
            "foreign keys": sorted(fks),
            "indexes": indexes,
            "checks": checks,
        }
    triggers = set(
        conn.execute(
            "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE NOT t.tgisinternal"
        ).fetchall()
    )
    return shapes, triggers


@pytest.fixture
def sqlite_shape(tmp_path: Path) -> tuple[dict[str, Shape], set[tuple[str, str]]]:
    with Project.open(tmp_path / "x.db"):
        pass
    conn = sqlite3.connect(tmp_path / "x.db")
    try:
        return _sqlite_shape(conn)
    finally:
        conn.close()


def test_both_dialects_have_the_same_migration_files() -> None:
    sqlite_files = [m.path.name for m in available_migrations(migrations_dir())]
    pg_files = [m.path.name for m in available_migrations(PG_DIR)]
    assert pg_files == sqlite_files
    assert sorted(p.name for p in PG_DIR.iterdir()) == pg_files  # nothing else in the folder


def test_postgresql_migrations_build_the_sqlite_projects_schema(
    pg_url: str, sqlite_shape: tuple[dict[str, Shape], set[tuple[str, str]]]
) -> None:
    with psycopg.connect(pg_url) as conn:
        _apply_pg(conn, available_migrations(PG_DIR))
        conn.commit()
        pg_tables, pg_triggers = _pg_shape(conn)
        (version,) = conn.execute("SELECT version FROM schema_version").fetchall()
    sqlite_tables, sqlite_triggers = sqlite_shape

    assert set(pg_tables) == set(sqlite_tables) | PG_ONLY_TABLES
    for table, shape in sorted(sqlite_tables.items()):
        for part, expected in shape.items():
            assert pg_tables[table][part] == expected, f"{table}: {part} differ"
    assert pg_tables["schema_version"]["columns"] == [("version", "integer", True, None, False)]
    assert pg_triggers == sqlite_triggers | PG_ONLY_TRIGGERS
    assert version == (available_migrations(migrations_dir())[-1].version,)


@pytest.mark.parametrize(
    "statement", ["UPDATE events SET kind = 'x'", "DELETE FROM events", "TRUNCATE events"]
)
def test_events_are_append_only_on_postgresql_as_on_sqlite(pg_url: str, statement: str) -> None:
    with psycopg.connect(pg_url) as conn:
        _apply_pg(conn, available_migrations(PG_DIR))
        conn.execute("INSERT INTO events (ts, kind) VALUES ('2026-01-01', 'set.created')")
        conn.commit()
        with pytest.raises(psycopg.IntegrityError, match="events are append-only"):
            conn.execute(statement)
        conn.rollback()
        assert conn.execute("SELECT kind FROM events").fetchall() == [("set.created",)]


def _rows_before_0003() -> dict[str, list[tuple[Any, ...]]]:
    """What a version-2 project held that migrations 0003 and 0004 rewrite."""
    scheme = {"name": "sanctions-news", "labels": [{"name": "ACTOR", "key": "a"}]}
    return {
        "settings": [
            ("scheme", json.dumps(scheme)),
            ("other", json.dumps({"name": "sanctions-news"})),
        ],
        "documents": [(1, "one", "h1", "2026-01-01"), (2, "two", "h2", "2026-01-01")],
        "prediction_runs": [
            (1, "rules", "1.0", 3, "2026-01-02"),
            (1, "en_core_web_sm", "3.8.0", 2, "2026-01-03"),
            (2, "en_core_web_sm", "3.7.1", 0, "2025-12-31"),
        ],
    }


_INSERTS = {
    "settings": "INSERT INTO settings (key, value) VALUES ({})",
    "documents": "INSERT INTO documents (id, text, hash, created_at) VALUES ({})",
    "prediction_runs": "INSERT INTO prediction_runs"
    " (document_id, model, model_version, spans, created_at) VALUES ({})",
}
_AFTER = {
    "settings": "SELECT key, value FROM settings ORDER BY key",
    "models": "SELECT id, name, version, kind, created_at FROM models ORDER BY id",
}


def test_the_data_migrations_give_the_same_rows_on_both_engines(
    pg_url: str, tmp_path: Path
) -> None:
    pg_all, sqlite_all = available_migrations(PG_DIR), available_migrations(migrations_dir())
    rows = _rows_before_0003()
    with psycopg.connect(pg_url) as pg:
        _apply_pg(pg, pg_all[:2])
        for table, values in rows.items():
            pg.cursor().executemany(
                _INSERTS[table].format(", ".join(["%s"] * len(values[0]))), values
            )
        _apply_pg(pg, pg_all[2:])
        on_pg = {name: pg.execute(query).fetchall() for name, query in _AFTER.items()}
    lite = sqlite3.connect(tmp_path / "y.db", isolation_level=None)
    try:
        _apply_sqlite(lite, sqlite_all[:2])
        for table, values in rows.items():
            lite.executemany(_INSERTS[table].format(", ".join(["?"] * len(values[0]))), values)
        _apply_sqlite(lite, sqlite_all[2:])
        on_sqlite = {name: lite.execute(query).fetchall() for name, query in _AFTER.items()}
    finally:
        lite.close()

    assert on_pg["models"] == on_sqlite["models"]
    assert on_pg["models"] == [
        ("en_core_web_sm", "en_core_web_sm", "3.8.0", "pipeline", "2025-12-31"),
        ("rules", "rules", "1.0", "rules", "2026-01-02"),
    ]
    # The same JSON; jsonb may write the keys of an object in another order.
    parsed = {
        engine: [(key, json.loads(value)) for key, value in found["settings"]]
        for engine, found in (("pg", on_pg), ("sqlite", on_sqlite))
    }
    assert parsed["pg"] == parsed["sqlite"]
    scheme = dict(parsed["pg"])["scheme"]
    assert [r["name"] for r in scheme["relations"]] == ["HOLDER", "TARGET"]
    assert [c["name"] for c in scheme["categories"]] == ["relevance", "genre"]
    assert dict(parsed["pg"])["other"] == {"name": "sanctions-news"}  # not the scheme: untouched


TITLES = [
    "banana",
    None,
    "Apple",
    "apple",
    "Zebra",
    "éclair",
    "Élan",
    "_under",
    "[x",
    "ß",
    "Ä",
    "a",
]


def test_the_lists_title_order_is_sqlites_nocase_order_and_walks_the_index(
    pg_url: str, tmp_path: Path
) -> None:
    rows = [(i, f"text {i}", f"h{i}", title) for i, title in enumerate(TITLES, 1)]
    insert = "INSERT INTO documents (id, text, hash, title, created_at) VALUES ({}, '')"
    with Project.open(tmp_path / "z.db") as project:
        project.db.conn.executemany(insert.format("?, ?, ?, ?"), rows)
        expected = project.db.conn.execute(
            "SELECT id FROM documents ORDER BY title COLLATE NOCASE, id"
        ).fetchall()
    query = 'SELECT id FROM documents ORDER BY lower(title COLLATE "C") NULLS FIRST, id'
    with psycopg.connect(pg_url) as conn:
        _apply_pg(conn, available_migrations(PG_DIR))
        conn.cursor().executemany(insert.format("%s, %s, %s, %s"), rows)
        assert conn.execute(query).fetchall() == expected
        conn.execute("SET LOCAL enable_seqscan = off")
        conn.execute("SET LOCAL enable_sort = off")
        plan = " ".join(r[0] for r in conn.execute("EXPLAIN " + query + " LIMIT 5"))
    assert "Index Scan using documents_title" in plan, plan
