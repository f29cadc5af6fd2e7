"""Import speed: 100,000 generated documents of about 1.5 KB each, as plain
JSONL and as annotated Prodigy lines (``ner_manual``, three spans each).

Prints documents per second for the whole `import` path (read, check, hash,
store; each file parsed once) and the size of the resulting project file.
Baseline in the same run: a bare sqlite3 ``executemany`` of the same rows
(documents; for Prodigy also one set and three spans per line) into tables
of the same shape, so the ratio shows what our checks, dedup and staging cost;
and for the plain documents a bare ``executemany`` of the same rows into the
project's own documents table (its columns and list indexes), which leaves
only what the import adds to storing them.
Both ratios are given in wall time and in CPU time (user and system, this
process): on a shared machine the wall ratio swings with the load, which is
printed before and after.

    python bench/import.py [--docs 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from annotator.core.ingest import import_any, import_paths
from annotator.core.store import Project, text_hash
from annotator.core.words import count

SENTENCE = (
    "Japan Iran oil imports sanctions barrels per day minister said the United States "
    "waivers crude trade talks energy supply Tehran Washington government percent market "
    "refiners shipments tanker month year officials agreement nuclear deal exports"
)
WORDS = SENTENCE.split(" ")


def generate(path: Path, count: int, seed: int = 0) -> int:
    rng = random.Random(seed)
    size = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            words = []
            length = 0
            while length < 1500:
                word = rng.choice(WORDS)
                words.append(word)
                length += len(word) + 1
            text = f"Report {i}: " + " ".join(words) + "."
            size += len(text)
            out.write(
                json.dumps({"text": text, "title": f"Report {i}", "published": "2019-05-03"}) + "\n"
            )
    return size


def annotate(corpus: Path, target: Path) -> None:
    """The corpus as Prodigy ``ner_manual`` lines: three ACTOR spans each."""
    with corpus.open(encoding="utf-8") as lines, target.open("w", encoding="utf-8") as out:
        for n, line in enumerate(lines):
            row = json.loads(line)
            text = row["text"]
            spans = []
            for word in ("Japan", "Iran", "Tehran"):
                at = text.find(word)
                if at >= 0:
                    spans.append({"start": at, "end": at + len(word), "label": "ACTOR"})
            task = {
                "text": text,
                "spans": spans,
                "answer": "accept",
                "_view_id": "ner_manual",
                "_input_hash": n,
                "_task_hash": -n,
                "_annotator_id": "alice",
            }
            out.write(json.dumps(task) + "\n")


def baseline_sets(path: Path, target: Path) -> tuple[float, float]:
    """Documents, one set each and its spans, by bare executemany: (wall, CPU) seconds."""
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    start, cpu = time.perf_counter(), time.process_time()
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, text TEXT, hash TEXT UNIQUE)")
    conn.execute(
        "CREATE TABLE sets (id INTEGER PRIMARY KEY, document_id INT, status TEXT, meta TEXT)"
    )
    conn.execute(
        "CREATE TABLE spans (id INTEGER PRIMARY KEY, set_id INT, start INT, end INT, label TEXT)"
    )
    with conn:
        conn.executemany(
            "INSERT INTO documents (id, text, hash) VALUES (?, ?, ?)",
            ((i, r["text"], str(i)) for i, r in enumerate(rows, 1)),
        )
        conn.executemany(
            "INSERT INTO sets (id, document_id, status, meta) VALUES (?, ?, 'done', ?)",
            ((i, i, json.dumps({"_input_hash": r["_input_hash"]})) for i, r in enumerate(rows, 1)),
        )
        conn.executemany(
            "INSERT INTO spans (set_id, start, end, label) VALUES (?, ?, ?, ?)",
            (
                (i, s["start"], s["end"], s["label"])
                for i, r in enumerate(rows, 1)
                for s in r["spans"]
            ),
        )
    conn.close()
    return time.perf_counter() - start, time.process_time() - cpu


def baseline(path: Path, target: Path) -> tuple[float, float]:
    """The plain documents by bare executemany: (wall, CPU) seconds."""
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    # the rows as they are stored: each with its text's sha256, the value the
    # import's dedup index holds (random, unlike a counter: an index of them is
    # what any store of these rows pays for); computed before the clock starts
    hashes = [text_hash(r["text"]) for r in rows]
    start, cpu = time.perf_counter(), time.process_time()
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(
        "CREATE TABLE documents (id INTEGER PRIMARY KEY, text TEXT, title TEXT,"
        " published TEXT, hash TEXT UNIQUE)"
    )
    with conn:
        conn.executemany(
            "INSERT INTO documents (text, title, published, hash) VALUES (?, ?, ?, ?)",
            ((r["text"], r["title"], r["published"], h) for r, h in zip(rows, hashes, strict=True)),
        )
    conn.close()
    return time.perf_counter() - start, time.process_time() - cpu


def baseline_schema(path: Path, target: Path) -> tuple[float, float]:
    """The same rows by bare executemany into the project's own documents
    table (its columns and indexes, made by opening a project): what storing
    these rows costs in this schema, so the ratio is what the import adds
    (read, checks, dedup, staged commits). (wall, CPU) seconds."""
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    hashes = [text_hash(r["text"]) for r in rows]
    Project.open(target).close()  # the schema, nothing else
    start, cpu = time.perf_counter(), time.process_time()
    conn = sqlite3.connect(target)
    with conn:
        conn.executemany(
            "INSERT INTO documents (text, title, published, meta, hash, created_at)"
            " VALUES (?, ?, ?, '{}', ?, '2026-01-01T00:00:00')",
            ((r["text"], r["title"], r["published"], h) for r, h in zip(rows, hashes, strict=True)),
        )
    conn.close()
    return time.perf_counter() - start, time.process_time() - cpu


def load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        chars = generate(corpus, args.docs)
        print(f"generated {args.docs} documents, {chars / args.docs:.0f} characters each")
        print(load())
        bare, bare_cpu = baseline(corpus, Path(tmp) / "bare.db")
        schema, schema_cpu = baseline_schema(corpus, Path(tmp) / "schema.db")
        db = Path(tmp) / "project.db"
        start, cpu = time.perf_counter(), time.process_time()
        with Project.open(db) as project:
            summary = import_paths(project, [corpus])
        ours, ours_cpu = time.perf_counter() - start, time.process_time() - cpu
        assert summary.added == args.docs, summary.message()
        start = time.perf_counter()
        with Project.open(db) as project:
            again = import_paths(project, [corpus])
        dedup = time.perf_counter() - start
        size = sum(p.stat().st_size for p in Path(tmp).glob("project.db*"))
        print(f"annotator import: {ours:.2f} s, {args.docs / ours:,.0f} documents/s")
        print(f"bare executemany: {bare:.2f} s, {args.docs / bare:,.0f} documents/s")
        print(f"ratio (ours / bare time): {ours / bare:.2f}")
        print(
            f"CPU time: ours {ours_cpu:.2f} s, bare {bare_cpu:.2f} s,"
            f" ratio {ours_cpu / bare_cpu:.2f}"
        )
        print(
            f"bare executemany into the project's own table and indexes: {schema:.2f} s;"
            f" ratio {ours / schema:.2f} (CPU {ours_cpu / schema_cpu:.2f})"
        )
        print(
            f"re-import of the same file: {dedup:.2f} s, {again.duplicates} duplicates, "
            f"{again.added} added"
        )
        print(f"project file: {size / 1e6:.1f} MB ({size / args.docs:.0f} bytes/document)")

        lines = Path(tmp) / "prodigy.jsonl"
        annotate(corpus, lines)
        bare_sets, bare_sets_cpu = baseline_sets(lines, Path(tmp) / "bare-sets.db")
        db = Path(tmp) / "annotated.db"
        start, cpu = time.perf_counter(), time.process_time()
        with Project.open(db) as project:
            messages = import_any(project, [lines])
        annotated, annotated_cpu = time.perf_counter() - start, time.process_time() - cpu
        assert f"imported {count(args.docs, 'annotation set')}" in messages[-1], messages[-1][:300]
        print(f"annotated Prodigy import: {annotated:.2f} s, {args.docs / annotated:,.0f} lines/s")
        print(f"bare executemany (documents, sets, spans): {bare_sets:.2f} s")
        print(f"ratio (ours / bare time): {annotated / bare_sets:.2f}")
        print(
            f"CPU time: ours {annotated_cpu:.2f} s, bare {bare_sets_cpu:.2f} s,"
            f" ratio {annotated_cpu / bare_sets_cpu:.2f}"
        )
        print(load())


if __name__ == "__main__":
    main()
