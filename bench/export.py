"""Export speed: documents with about ten spans each exported to spaCy DocBin.

Each document also has one HOLDER relation (its STANCE to its first ACTOR)
and a ``relevance`` answer, so the relations and categories read per batch
and written to ``doc.user_data`` and ``doc.cats`` are measured too.

Measures ``annotator export --format spacy`` (the real path: read the gold
sets from the project file in batches, tokenize, place spans, write
``train.spacy``/``dev.spacy``) against building the same DocBins directly
from spaCy Docs in the same run: ``make_doc``, ``char_span``, ``doc.ents``,
``doc.spans``, the same user data, ``DocBin.add`` and ``to_disk`` per shard
of ``SHARD_DOCS`` documents, from texts and offsets already in memory. Both
outputs are checked to be byte-identical, shard for shard (``--split 1.0``
puts every document in train.spacy), so the ratio is the cost of our layer
(SQLite reads, checks, counting) and nothing else. Goal: within 2x. Neither
side changes srsly or spaCy at run time.

The direct build runs in a fresh process, so its peak memory is its own (it
holds its input texts too); so does the real CLI command, at the default
0.8 split. Peak memory of the CLI must stay under 600 MB.

    PYTHONPATH=. python bench/export.py [--docs 100000]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from spacy.tokens import DocBin
from spacy.util import filter_spans

from annotator.core.formats.docbin import (
    ATTRS_KEY,
    DOC_KEY,
    DOCBIN_ATTRS,
    RELATIONS_KEY,
    SHARD_DOCS,
    shard_name,
)
from annotator.core.formats.export import export_project
from annotator.core.store import Project, text_hash
from annotator.core.tokens import blank_english
from annotator.core.types import GOLD, Document, Relation, Span

ROOT = Path(__file__).resolve().parent.parent
ACTORS = [
    "Japan",
    "Iran",
    "the United States",
    "Washington",
    "Tehran",
    "Shinzo Abe",
    "JETRO",
    "Hiroshige Seko",
    "S&P Global Platts",
    "the European Union",
    "NHK",
    "Hassan Rouhani",
]
FIGURES = [
    "1.7 million barrels per day",
    "11 percent",
    "$2 billion",
    "300,000 bpd",
    "about 10 percent",
    "$11 billion",
    "1.08 million bpd",
]
DATES = ["May 2", "Friday", "March", "October last year", "2015", "November 5", "180-day"]
FILLER = [
    "crude",
    "trade",
    "talks",
    "energy",
    "supply",
    "government",
    "market",
    "refiners",
    "shipments",
    "tanker",
    "month",
    "officials",
    "agreement",
    "nuclear",
    "deal",
    "exports",
    "waivers",
    "sanctions",
    "minister",
]


def generate(count: int, seed: int = 0) -> list[tuple[str, list[Span]]]:
    """Texts of ~110 tokens with ten spans: 5 ACTOR, 2 FIGURE, 2 DATE, 1 STANCE."""
    rng = random.Random(seed)
    docs = []
    for i in range(count):
        a, b, c, e, g = (rng.choice(ACTORS) for _ in range(5))
        f1, f2 = rng.choice(FIGURES), rng.choice(FIGURES)
        d1, d2 = rng.choice(DATES), rng.choice(DATES)
        parts: list[tuple[str, str | None]] = [
            (a, "ACTOR"),
            (" said on ", None),
            (d1, "DATE"),
            (" that imports of ", None),
            (f1, "FIGURE"),
            (" from ", None),
            (b, "ACTOR"),
            (" would continue. ", None),
            ("Officials in ", None),
            (c, "ACTOR"),
            (" expected ", None),
            (f2, "FIGURE"),
            (" by ", None),
            (d2, "DATE"),
            (", while ", None),
            (e, "ACTOR"),
            (" and ", None),
            (g, "ACTOR"),
            (f" met in report {i}. ", None),
            (" ".join(rng.choice(FILLER) for _ in range(60)) + ".", None),
        ]
        text, spans, pos = "", [], 0
        for part, label in parts:
            if label:
                start = pos + (4 if part.startswith("the ") else 0)
                # keys in sorted order, as the project file gives them back
                attrs = {"canonical": part, "kind": "state"} if label == "ACTOR" else {"v": part}
                spans.append(Span(start, pos + len(part), label, attrs))
            text += part
            pos += len(part)
        stance_end = text.index(" would continue.") + len(" would continue")
        spans.append(Span(0, stance_end, "STANCE", {"polarity": "support"}))
        spans.sort(key=lambda s: (s.start, s.end, s.label))
        docs.append((text, spans))
    return docs


def holder(spans: list[Span]) -> Relation:
    """The document's one relation: its STANCE to its first ACTOR."""
    stance = next(s for s in spans if s.label == "STANCE")
    actor = next(s for s in spans if s.label == "ACTOR")
    return Relation(stance.key(), actor.key(), "HOLDER")


def relevance(i: int) -> str:
    return "relevant" if i % 2 else "not relevant"


def build_project(path: Path, docs: list[tuple[str, list[Span]]]) -> None:
    with Project.open(path) as project:
        ids = project.documents.add(Document(t, title=f"r{i}") for i, (t, _) in enumerate(docs)).ids
        with project.db.atomic():
            for i, (doc_id, (_, spans)) in enumerate(zip(ids, docs, strict=True)):
                project.sets.replace(
                    doc_id,
                    GOLD,
                    spans,
                    "done",
                    relations=[holder(spans)],
                    categories={"relevance": [relevance(i)]},
                )


def direct(docs: list[tuple[str, list[Span]]], out: Path) -> None:
    """The same DocBins, straight from spaCy: what a user would write by hand,
    one ``DocBin`` per ``SHARD_DOCS`` documents to keep memory bounded."""
    nlp = blank_english()
    out.mkdir()
    for first in range(0, len(docs), SHARD_DOCS):
        docbin = DocBin(attrs=DOCBIN_ATTRS, store_user_data=True)
        for i, (text, spans) in enumerate(docs[first : first + SHARD_DOCS], start=first):
            doc = nlp.make_doc(text)
            sc, ents, stance = [], [], []
            for s in spans:
                span = doc.char_span(s.start, s.end, label=s.label)
                sc.append(span)
                (stance if s.label == "STANCE" else ents).append(span)
                doc.user_data[(ATTRS_KEY, s.start, s.end, s.label)] = s.attrs
            doc.ents = filter_spans(ents)
            doc.spans["sc"] = sc
            doc.spans["stance"] = stance
            rel = holder(spans)
            doc.user_data[RELATIONS_KEY] = [
                {"head": list(rel.head), "child": list(rel.child), "label": rel.label}
            ]
            doc.cats = {v: float(v == relevance(i)) for v in ("relevant", "not relevant")}
            doc.user_data[DOC_KEY] = {
                "title": f"r{i}",
                "source": None,
                "published": None,
                "meta": {},
                "hash": text_hash(text),
                "annotator": GOLD,
                "status": "done",
            }
            docbin.add(doc)
        docbin.to_disk(out / shard_name(first // SHARD_DOCS))


_PEAK = """
status = open("/proc/self/status").read()
print(status.split("VmHWM:")[1].split()[0])
"""
_CLI_CHILD = "import sys\nfrom annotator.cli import main\nmain(sys.argv[1:])\n" + _PEAK
_DIRECT_CHILD = (
    "import sys, time\nfrom pathlib import Path\nfrom bench.export import direct, generate\n"
    "docs = generate(int(sys.argv[1]))\nt0 = time.perf_counter()\n"
    "direct(docs, Path(sys.argv[2]))\nprint(time.perf_counter() - t0)\n" + _PEAK
)


def child(code: str, *args: str | Path) -> list[str]:
    """Run ``code`` in a fresh Python process; its output's words. The last is
    the child's peak RSS in kB, read from its own /proc VmHWM (Linux):
    ``RUSAGE_CHILDREN`` would count the bench's pages shared at fork time."""
    done = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return done.stdout.split()


def layout(part: Path) -> str:
    """``train.spacy: 16 shards`` or ``dev.spacy: one file``."""
    if part.is_dir():
        return f"{part.name}: {len(list(part.iterdir()))} shards"
    return f"{part.name}: one file"


def tree(path: Path) -> dict[str, bytes]:
    """Every file under ``path`` by its relative name, with its bytes."""
    return {str(p.relative_to(path)): p.read_bytes() for p in path.rglob("*") if p.is_file()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        t0 = time.perf_counter()
        docs = generate(args.docs)
        build_project(work / "bench.db", docs)
        n_spans = sum(len(s) for _, s in docs)
        print(
            f"setup: {args.docs} documents, {n_spans} spans in a project file "
            f"({time.perf_counter() - t0:.1f} s, not timed)",
            file=sys.stderr,
        )

        words = child(_DIRECT_CHILD, args.docs, work / "direct")
        t_direct, peak_direct = float(words[-2]), int(words[-1]) / 1024

        with Project.open(work / "bench.db", create=False) as project:
            t0 = time.perf_counter()
            summary = export_project(project, "spacy", work / "export", split=1.0)
            t_export = time.perf_counter() - t0
        ours, theirs = tree(work / "export" / "train.spacy"), tree(work / "direct")
        same = ours == theirs
        size = sum(len(data) for data in ours.values())
        # the real command in a fresh process: its wall time and its own peak memory
        t0 = time.perf_counter()
        out, db = work / "cli", work / "bench.db"
        peak_cli = int(child(_CLI_CHILD, "export", "-f", "spacy", "-o", out, "--db", db)[-1]) / 1024
        t_cli = time.perf_counter() - t0
        parts = ", ".join(layout(out / name) for name in ("train.spacy", "dev.spacy"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents          {args.docs}")
    print(f"spans              {n_spans} (written {summary.spans}, expanded {summary.expanded})")
    print(
        f"direct DocBin      {t_direct:8.2f} s  ({args.docs / t_direct:,.0f} docs/s), "
        f"peak RSS {peak_direct:,.0f} MB (fresh process, its input in memory)"
    )
    print(f"annotator export   {t_export:8.2f} s  ({args.docs / t_export:,.0f} docs/s)")
    print(f"ratio              {t_export / t_direct:8.2f}x against the direct build (goal: <= 2x)")
    print(f"identical output   {same}  ({len(ours)} shards, {size / 1e6:.1f} MB train.spacy)")
    print(f"peak RSS (bench)   {peak:,.0f} MB  (holds the generated input too)")
    print(f"CLI export         {t_cli:8.2f} s, peak RSS {peak_cli:,.0f} MB (fresh process)")
    print(f"  its output       {parts} (0.8 split)")


if __name__ == "__main__":
    main()
