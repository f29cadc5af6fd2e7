"""Run a spaCy pipeline over ``annotator export --texts`` under Dask, for ``import --predictions``.

    python docs/examples/dask_preannotate.py texts.jsonl MODEL_DIR preds

writes ``preds/0.jsonl``, ``preds/1.jsonl``, ... (one per partition): Prodigy-style lines,
``text`` and ``spans`` (entities and every ``doc.spans`` group). Dask's default scheduler runs
the partitions in local processes; on a cluster, start a ``dask.distributed.Client`` first and
put MODEL_DIR where every worker can read it (and, for a model made by ``annotator train``,
install annotator there too: its spancat's suggester is ours). The pipeline loads once per
partition.
"""

import contextlib
import json
import sys

import dask.bag as db
import spacy

with contextlib.suppress(ImportError):  # `annotator train`'s spancat names our suggester
    import annotator.core.training.suggester  # noqa: F401


def predict(lines, model):
    nlp, tasks = spacy.load(model), [json.loads(line) for line in lines]
    for task, doc in zip(tasks, nlp.pipe(t["text"] for t in tasks), strict=True):
        found = {(s.start_char, s.end_char, s.label_) for s in doc.ents}
        found |= {(s.start_char, s.end_char, s.label_) for g in doc.spans.values() for s in g}
        spans = [{"start": a, "end": b, "label": label} for a, b, label in sorted(found)]
        yield json.dumps({"text": task["text"], "spans": spans})


if __name__ == "__main__":  # Dask's local processes import this file again
    texts, model, out = sys.argv[1:4]
    bag = db.read_text(texts, blocksize="8MiB").map_partitions(predict, model)
    bag.to_textfiles(f"{out}/*.jsonl")
