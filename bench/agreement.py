"""Agreement speed: 10,000 documents, three annotators, ten spans each.

Times every figure of ``annotator agreement`` (span F1 exact and overlap,
token Cohen's kappa per pair, Fleiss' kappa, Krippendorff's alpha on three
attributes, typed disagreement counts) computed

1. from data in memory (``compute_agreement``), phase by phase, and
2. from a project file (``project_agreement``: SQL loading included).

Baseline in the same run: spaCy's tokenizer alone over the same texts, the
floor any token-level figure pays. Goal: under 5 s for (1). CPU
time is printed too: on a shared machine it moves less than wall time.

    python bench/agreement.py [--docs 10000] [--words 200] [--repeat 3] [--no-project]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from annotator.core.agreement import compute_agreement, project_agreement
from annotator.core.agreement.synthetic import generate
from annotator.core.store import Project
from annotator.core.tokens import blank_english
from annotator.core.types import Document

LABELS = ["ACTOR", "FIGURE", "DATE", "STANCE"]
ENTS = ["ACTOR", "FIGURE", "DATE"]


def tokenizer_baseline(texts: list[str]) -> float:
    tokenizer = blank_english().tokenizer
    start = time.perf_counter()
    for doc in tokenizer.pipe(texts, batch_size=1000):
        doc.to_array(["IDX"])
    return time.perf_counter() - start


def in_memory(docs, repeat: int) -> tuple[list[float], list[float], dict[str, float]]:
    """Wall and CPU seconds of each run, and the phases of the fastest."""
    runs: list[float] = []
    cpu: list[float] = []
    phases: dict[str, float] = {}
    for _ in range(repeat):
        fresh = [type(d)(d.doc_id, d.sets, d.text) for d in docs]  # no cached tokens
        timings: dict[str, float] = {}
        start, start_cpu = time.perf_counter(), time.process_time()
        compute_agreement(fresh, labels=LABELS, entity_labels=ENTS, timings=timings)
        runs.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        if runs[-1] == min(runs):
            phases = timings
    return runs, cpu, phases


def from_project(docs, repeat: int) -> tuple[list[float], float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        start = time.perf_counter()
        with Project.open(path) as p, p.db.atomic():
            ids = p.documents.add(Document(d.text) for d in docs).ids
            for doc_id, d in zip(ids, docs, strict=True):
                for name, spans in d.sets.items():
                    p.sets.replace(doc_id, name, spans, status="done")
        fill = time.perf_counter() - start
        runs = []
        for _ in range(repeat):
            with Project.open(path) as p:
                start = time.perf_counter()
                project_agreement(p)
                runs.append(time.perf_counter() - start)
    return runs, fill


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=200, help="words per document")
    parser.add_argument("--spans", type=int, default=10, help="spans per annotator and document")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-project", action="store_true", help="skip the project-file run")
    args = parser.parse_args()

    docs = generate(args.docs, spans_per_doc=args.spans, words_per_doc=args.words, seed=0)
    n_spans = sum(len(s) for d in docs for s in d.sets.values())
    chars = sum(len(d.text or "") for d in docs)
    print(
        f"data: {len(docs)} documents ({chars / len(docs):.0f} chars each), 3 annotators, "
        f"{n_spans} spans"
    )
    base = min(tokenizer_baseline([d.text or "" for d in docs]) for _ in range(args.repeat))
    print(f"baseline: spaCy tokenizer alone          {base:7.2f} s")

    runs, cpu, phases = in_memory(docs, args.repeat)
    best = min(runs)
    print(
        f"every figure, in memory (best of {len(runs)})  {best:7.2f} s"
        f"  (CPU {min(cpu):.2f} s, median {statistics.median(runs):.2f} s,"
        f" {best / base:.1f}x the tokenizer)  goal < 5 s: {'met' if best < 5 else 'NOT met'}"
    )
    for phase, seconds in phases.items():
        print(f"  {phase:<14} {seconds:6.2f} s")

    if not args.no_project:
        runs, fill = from_project(docs, args.repeat)
        print(f"project file filled in {fill:.1f} s (not part of the figure)")
        print(
            f"every figure, from the project file      {min(runs):7.2f} s"
            f"  (median {statistics.median(runs):.2f} s, SQL loading included)"
        )


if __name__ == "__main__":
    main()
