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
  status under ``"annotator_doc"``. The DocBin is written with
  ``store_user_data=True`` so both survive.

spaCy can only place spans on its token boundaries: a span that cuts a token
is widened to whole tokens (``alignment_mode="expand"``), whitespace tokens at
its edges are trimmed, and entity spans that overlap each other keep the longer
(then the first) in ``doc.ents`` while all of them stay in ``spans["sc"]``.
Each of these is counted in the :class:`ExportSummary`, never silently done.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans

from annotator.core.scheme import Scheme
from annotator.core.tokens import blank_english

from .docbin_stream import SpillingDocBin
from .records import ExportRecord, ExportSummary

# Token attributes stored per token besides ORTH and SPACY (which DocBin
# always keeps). A tokenizer-only Doc has nothing in TAG, POS, DEP, LEMMA,
# MORPH, NORM (a lexeme default) or the KB ids, so storing them (DocBin's
# default) would triple the memory and size of an export for zeros.
DOCBIN_ATTRS = ("ENT_IOB", "ENT_TYPE")
ATTRS_KEY = "annotator_attrs"
DOC_KEY = "annotator_doc"
SPANCAT_KEY = "sc"


_cache_lock = threading.Lock()
_cache_depth = 0


@contextmanager
def cached_msgpack_encoders() -> Iterator[None]:
    """Look srsly's msgpack encoders up once instead of once per packer.

    ``DocBin.add`` packs each Doc's user data and span groups with a new
    srsly ``Packer``, and every ``Packer`` asks the ``catalogue`` registry for
    its encoders, which scans the entry points of every installed
    distribution: about 0.8 ms per packer, three quarters of the time of an
    export in a full environment. The set of encoders cannot change while we
    write, so for the duration we answer with the list found at the start;
    srsly's own behaviour is restored afterwards (nesting and threads are
    counted). The bytes written are the same.
    """
    global _cache_depth
    from srsly.msgpack import msgpack_encoders

    with _cache_lock:
        if _cache_depth == 0:
            found = msgpack_encoders.get_all()
            msgpack_encoders.get_all = lambda: found  # instance attribute shadows the method
        _cache_depth += 1
    try:
        yield
    finally:
        with _cache_lock:
            _cache_depth -= 1
            if _cache_depth == 0:
                del msgpack_encoders.get_all


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


def _place(doc: Doc, start: int, end: int, label: str, summary: ExportSummary) -> SpacySpan | None:
    """The token span for [start, end), widened and trimmed as spaCy needs."""
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is None:
        summary.unplaceable += 1
        return None
    first, last = span.start, span.end
    while first < last and doc[first].is_space:
        first += 1
    while last > first and doc[last - 1].is_space:
        last -= 1
    if first == last:
        summary.unplaceable += 1
        return None
    if (first, last) != (span.start, span.end):
        summary.trimmed += 1
        span = SpacySpan(doc, first, last, label=label)
    elif (span.start_char, span.end_char) != (start, end):
        summary.expanded += 1
    return span


def record_to_doc(
    nlp: Language, record: ExportRecord, scheme: Scheme, summary: ExportSummary
) -> Doc:
    """Build the training Doc of one record (see the module docstring)."""
    document = record.document
    doc = nlp.make_doc(document.text)
    entity_labels = set(scheme.entity_labels())
    span_keys = {lab.name: lab.span_key for lab in scheme.labels if lab.span_key}
    ents: list[SpacySpan] = []
    groups: dict[str, list[SpacySpan]] = {SPANCAT_KEY: []}
    for span in sorted(record.spans, key=lambda s: (s.start, s.end, s.label)):
        placed = _place(doc, span.start, span.end, span.label, summary)
        if placed is None:
            continue
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
    for record in records:
        yield record, record_to_doc(nlp, record, scheme, summary)


def write_docbin(
    records: Iterable[ExportRecord],
    out_dir: str | Path,
    scheme: Scheme,
    is_train: Callable[[ExportRecord], bool],
    summary: ExportSummary | None = None,
) -> ExportSummary:
    """Write ``train.spacy`` and ``dev.spacy`` into ``out_dir``.

    ``is_train`` decides each record's part (see ``records.split_keys``).
    Records are consumed as a stream and the token tables go to temporary
    files (``SpillingDocBin``); what stays in memory per document is small.
    Documents keep the order they arrive in, so the same records and split
    give byte-identical files.
    """
    summary = summary if summary is not None else ExportSummary()
    out = Path(out_dir)
    train, dev = SpillingDocBin(DOCBIN_ATTRS), SpillingDocBin(DOCBIN_ATTRS)
    try:
        with cached_msgpack_encoders():
            for record, doc in iter_docs(records, scheme, summary):
                summary.documents += 1
                if is_train(record):
                    train.add(doc)
                    summary.train += 1
                else:
                    dev.add(doc)
                    summary.dev += 1
            out.mkdir(parents=True, exist_ok=True)  # only now: a failed export leaves nothing
            # Both parts are written before either is renamed: a failure never
            # leaves a new train.spacy beside an old dev.spacy.
            parts = [
                (out / name, docbin)
                for name, docbin in (("train.spacy", train), ("dev.spacy", dev))
            ]
            written: list[Path] = []
            try:
                for path, docbin in parts:
                    tmp = path.with_name(path.name + ".part")
                    written.append(tmp)
                    docbin.write(tmp)
            except BaseException:
                for tmp in written:
                    tmp.unlink(missing_ok=True)
                raise
            for (path, _), tmp in zip(parts, written, strict=True):
                tmp.replace(path)
                summary.files.append(str(path))
    finally:
        train.discard()
        dev.discard()
    return summary


def read_docbin(path: str | Path) -> Iterator[Doc]:
    """The Docs of one of our ``.spacy`` files (user data included)."""
    docbin = DocBin(store_user_data=True).from_disk(path)
    yield from docbin.get_docs(blank_english().vocab)
