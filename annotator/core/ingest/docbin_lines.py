"""``.spacy`` DocBin files (ours with attributes, relations, status and
annotator; anyone's ``sc`` spans and ``doc.ents``; ``doc.cats``)."""

from __future__ import annotations

from annotator.core.types import STATUSES

from .annotated import AnnotatedRecord
from .linereader import LineReader
from .links import LineSpans, answers_from_cats, check_relation, unique
from .overlaps import check_line

_KEY = ("start", "end", "label")  # a relation end (SpanKey) as the readers look spans up


def docbin_records(r: LineReader) -> list[AnnotatedRecord]:
    from annotator.core.formats.docbin import doc_info, doc_relations, read_docbin, span_attrs

    records = []
    try:
        docs = list(read_docbin(r.path))
    except Exception as exc:  # spaCy raises several kinds for a bad file
        raise r.fail(f"not a spaCy DocBin ({exc})", None) from None
    for number, doc in enumerate(docs, start=1):
        info = doc_info(doc)
        spans = list(doc.spans.get("sc", []))
        seen = {(s.start_char, s.end_char, s.label_) for s in spans}
        spans += [e for e in doc.ents if (e.start_char, e.end_char, e.label_) not in seen]
        document = r.document(
            {
                "text": doc.text,
                "meta": {
                    "title": info.get("title"),
                    "source": info.get("source"),
                    "published": info.get("published"),
                    **(info.get("meta") or {}),
                    "doc_hash": info.get("hash"),  # None for a DocBin not made by us
                },
            },
            "text",
            number,
        )
        found = LineSpans()
        converted = []
        for s in spans:
            attrs = span_attrs(doc, s)
            converted.append(r.span(s.start_char, s.end_char, s.label_, attrs, doc.text, number))
            found.add(s.label_, converted[-1])
        fail = r.at(number)
        relations = unique(
            check_relation(
                r.scheme,
                rel.label,
                found.find("head", dict(zip(_KEY, rel.head, strict=True)), None, fail),
                found.find("child", dict(zip(_KEY, rel.child, strict=True)), None, fail),
                fail,
            )
            for rel in doc_relations(doc)
        )
        cats = dict(doc.cats)
        categories = answers_from_cats(cats, r.categories, fail) if cats or info else None
        name = r.who({"_annotator_id": info.get("annotator")}, number)
        status = info.get("status") if info.get("status") in STATUSES else "done"
        check_line(converted, r.entity_labels, r.path, number)
        records.append(
            AnnotatedRecord(
                document, converted, name, status, "", number, None, relations, categories
            )
        )
    return records
