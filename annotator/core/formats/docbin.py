"""spaCy training data: ``train.spacy`` and ``dev.spacy`` (DocBin).

What goes where in each Doc:

* labels whose ``span_key`` is ``None`` (ACTOR, FIGURE, DATE) go into
  ``doc.ents``, for the ``ner`` component;
* every span also goes into ``doc.spans["sc"]``, spancat's default key;
* labels with a ``span_key`` (STANCE: ``"stance"``) go into
  ``doc.spans[span_key]`` too;
* a span's attributes are kept in ``doc.user_data`` under the key
  ``("annotator_attrs", start_char, end_char, label)`` (read them back with
  :func:`span_attrs`), the document's title, source, date, meta, annotator and
  status under ``"annotator_doc"``;
* relations go into ``doc.user_data["annotator_relations"]``: a list of
  ``{"head": [start_char, end_char, label], "child": [...], "label": name}``,
  the ends being spans of ``spans["sc"]`` as written (so ``doc.char_span(start,
  end)`` finds them); plain spaCy reads it, annotator need not be installed;
* document categories go into ``doc.cats``: for each answered category every
  one of its values as a label (see ``categories.py``), 1.0 for the chosen
  ones and 0.0 for the others, so one-choice categories are one-hot and
  ``textcat``/``textcat_multilabel`` train on them; unanswered categories
  are left out (spaCy treats a missing label as unknown).

The DocBin is written with ``store_user_data=True`` so the user data survives.

spaCy can only place spans on its token boundaries: a span that cuts a token
is widened to whole tokens (``alignment_mode="expand"``), whitespace tokens at
its edges are trimmed, and entity spans that overlap each other keep the longer
(then the first) in ``doc.ents`` while all of them stay in ``spans["sc"]``.
Each of these is counted in the :class:`ExportSummary`, never silently done.

The files are written by spaCy's own ``DocBin``. A part that outgrows one
shard (``SHARD_DOCS`` documents or ``SHARD_TOKENS`` tokens) is a directory of
DocBin files instead of one file, so memory stays bounded however large the
project; spaCy's ``Corpus`` (``spacy train``, ``spacy debug data``) and
:func:`read_docbin` read either.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans

from annotator.core.scheme import Scheme
from annotator.core.tokens import blank_english
from annotator.core.types import Relation, SpanKey

from .categories import CategoryLabels
from .output import replace_when_done
from .placement import place_span
from .records import ExportRecord, ExportSummary

# Token attributes stored per token besides ORTH and SPACY (which DocBin
# always keeps). A tokenizer-only Doc has nothing in TAG, POS, DEP, LEMMA,
# MORPH, NORM (a lexeme default) or the KB ids, so storing them (DocBin's
# default) would triple the memory and size of an export for zeros.
DOCBIN_ATTRS = ("ENT_IOB", "ENT_TYPE")
ATTRS_KEY = "annotator_attrs"
DOC_KEY = "annotator_doc"
RELATIONS_KEY = "annotator_relations"
SPANCAT_KEY = "sc"
# A part (train or dev) larger than one shard is written as a directory of
# shards: DocBin holds its Docs' arrays until to_bytes, which copies them
# twice more, so a shard's size bounds the memory of an export (about 90 MB
# for 5,000 news articles). Large enough that the seeds and any hand-sized
# project stay one file; the token limit keeps long documents bounded too.
SHARD_DOCS = 5_000
SHARD_TOKENS = 1_000_000


def span_attrs(doc: Doc, span: SpacySpan) -> dict[str, Any]:
    """The attributes the annotator gave ``span`` (a span of a Doc read from
    our DocBin), as a plain dict; ``{}`` when it had none.

    DocBin's msgpack turns lists into tuples on load; a JSON round trip turns
    them back, so the values are what the annotator saved.
    """
    value = doc.user_data.get((ATTRS_KEY, span.start_char, span.end_char, span.label_))
    return json.loads(json.dumps(value)) if value else {}


def doc_info(doc: Doc) -> dict[str, Any]:
    """The document fields (title, source, published, meta, annotator, status)."""
    value = doc.user_data.get(DOC_KEY)
    return json.loads(json.dumps(value)) if value else {}


def doc_relations(doc: Doc) -> list[Relation]:
    """The relations of a Doc read from our DocBin (none for anyone else's)."""
    found = []
    for item in doc.user_data.get(RELATIONS_KEY) or ():
        head, child = item["head"], item["child"]
        found.append(Relation(tuple(head), tuple(child), item["label"]))  # type: ignore[arg-type]
    return found


def record_to_doc(
    nlp: Language,
    record: ExportRecord,
    scheme: Scheme,
    summary: ExportSummary,
    labels: CategoryLabels | None = None,
) -> Doc:
    """Build the training Doc of one record (see the module docstring)."""
    document = record.document
    doc = nlp.make_doc(document.text)
    entity_labels = set(scheme.entity_labels())
    span_keys = {lab.name: lab.span_key for lab in scheme.labels if lab.span_key}
    ents: list[SpacySpan] = []
    groups: dict[str, list[SpacySpan]] = {SPANCAT_KEY: []}
    written: dict[SpanKey, SpanKey] = {}  # a span's key -> its key as placed on tokens
    for span in sorted(record.spans, key=lambda s: (s.start, s.end, s.label)):
        placed = place_span(doc, span.start, span.end, span.label, summary)
        if placed is None:
            continue
        written.setdefault(span.key(), (placed.start_char, placed.end_char, span.label))
        summary.spans += 1
        groups[SPANCAT_KEY].append(placed)
        key = span_keys.get(span.label)
        if key is None and span.label in entity_labels:
            ents.append(placed)
        elif key is not None and key != SPANCAT_KEY:  # a label keyed "sc" is there already
            groups.setdefault(key, []).append(placed)
        if span.attrs:
            doc.user_data[(ATTRS_KEY, placed.start_char, placed.end_char, span.label)] = dict(
                span.attrs
            )
    kept = filter_spans(ents)  # longest first, then earliest
    summary.overlapping_ents += len(ents) - len(kept)
    doc.ents = kept
    for key, spans in groups.items():
        doc.spans[key] = spans
    relations = []
    for rel in sorted(record.relations, key=Relation.key):
        head, child = written.get(rel.head), written.get(rel.child)
        if head is None or child is None:
            summary.unlinked += 1
            continue
        relations.append({"head": list(head), "child": list(child), "label": rel.label})
    summary.relations += len(relations)
    summary.categorised += bool(record.categories)
    doc.user_data[RELATIONS_KEY] = relations
    doc.cats = (labels or CategoryLabels(scheme)).cats(record.categories)
    doc.user_data[DOC_KEY] = {
        "title": document.title,
        "source": document.source,
        "published": document.published,
        "meta": document.meta,
        "hash": record.key,
        "annotator": record.annotator,
        "status": record.status,
    }
    return doc


def iter_docs(
    records: Iterable[ExportRecord], scheme: Scheme, summary: ExportSummary | None = None
) -> Iterator[tuple[ExportRecord, Doc]]:
    """Records with their training Docs, one at a time."""
    nlp = blank_english()
    summary = summary if summary is not None else ExportSummary()
    labels = CategoryLabels(scheme)
    for record in records:
        yield record, record_to_doc(nlp, record, scheme, summary, labels)


def shard_name(index: int) -> str:
    """The file name of a part's ``index``-th shard: zero-padded, so that the
    name order (spaCy's ``Corpus`` sorts the paths it finds) is the write order."""
    return f"{index:05d}.spacy"


class _Part:
    """One part (``train.spacy`` or ``dev.spacy``) written to ``path`` as it fills.

    Docs go into a ``DocBin``; when it holds ``shard_docs`` documents or
    ``shard_tokens`` tokens it is written as the next shard of the directory
    ``path`` and a new one begins. A part that never fills a shard is written
    as the single file ``path``. Where the shards break depends only on the
    Docs, so the same Docs give the same files.
    """

    def __init__(self, path: Path, shard_docs: int, shard_tokens: int):
        self.path = path
        self.shard_docs = shard_docs
        self.shard_tokens = shard_tokens
        self.shards = 0
        self._new_shard()

    def _new_shard(self) -> None:
        self.docbin = DocBin(attrs=DOCBIN_ATTRS, store_user_data=True)
        self.tokens = 0

    def _write_shard(self) -> None:
        self.path.mkdir(exist_ok=True)
        self.docbin.to_disk(self.path / shard_name(self.shards))
        self.shards += 1
        self._new_shard()

    def add(self, doc: Doc) -> None:
        full = len(self.docbin) >= self.shard_docs or self.tokens + len(doc) > self.shard_tokens
        if full and len(self.docbin):
            self._write_shard()
        self.docbin.add(doc)
        self.tokens += len(doc)

    def close(self) -> None:
        if self.shards:
            self._write_shard()
        else:
            self.docbin.to_disk(self.path)


def write_docbin(
    records: Iterable[ExportRecord],
    out_dir: str | Path,
    scheme: Scheme,
    is_train: Callable[[ExportRecord], bool],
    summary: ExportSummary | None = None,
    shard_docs: int | None = None,
    shard_tokens: int | None = None,
) -> ExportSummary:
    """Write ``train.spacy`` and ``dev.spacy`` into ``out_dir``.

    ``is_train`` decides each record's part (see ``records.split_keys``).
    Records are consumed as a stream; a part of more than ``shard_docs``
    documents or ``shard_tokens`` tokens (default ``SHARD_DOCS`` and
    ``SHARD_TOKENS``, read at call time) becomes a directory of DocBin
    shards (see :class:`_Part`), which ``spacy train`` and
    :func:`read_docbin` read like one file. Documents keep the order they
    arrive in, so the same records and split give byte-identical files.
    """
    summary = summary if summary is not None else ExportSummary()
    out = Path(out_dir)
    limits = (shard_docs or SHARD_DOCS, shard_tokens or SHARD_TOKENS)
    targets = (out / "train.spacy", out / "dev.spacy")
    with replace_when_done(*targets) as (train_path, dev_path):
        train, dev = _Part(train_path, *limits), _Part(dev_path, *limits)
        for record, doc in iter_docs(records, scheme, summary):
            summary.documents += 1
            if is_train(record):
                train.add(doc)
                summary.train += 1
            else:
                dev.add(doc)
                summary.dev += 1
        train.close()
        dev.close()
    summary.files.extend(str(path) for path in targets)
    return summary


def _spacy_files(path: str | Path) -> list[Path]:
    """The ``.spacy`` files of ``path`` in the order spaCy's ``Corpus`` reads them:
    the file itself, or a directory's ``.spacy`` files at any depth (hidden
    ones left out), sorted by path."""
    path = Path(path)
    if not path.is_dir():
        return [path]
    return sorted(
        found
        for found in path.rglob("*.spacy")
        if found.is_file() and not any(p.startswith(".") for p in found.relative_to(path).parts)
    )


def read_docbin(path: str | Path) -> Iterator[Doc]:
    """The Docs of a ``.spacy`` file or directory of shards (user data included)."""
    files = _spacy_files(path)
    if not files:
        raise ValueError("a directory without .spacy files")
    vocab = blank_english().vocab
    for file in files:
        yield from DocBin(store_user_data=True).from_disk(file).get_docs(vocab)
