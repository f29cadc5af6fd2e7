"""Import of annotated data: Prodigy JSONL, doccano JSONL and our own exports.

Teams bring data labelled elsewhere, and our exports must come back in
without loss. Each annotated line becomes one annotator's set for the
document (matched by text hash, created if new). A file is read and checked
completely before anything is stored: a span outside the text, an empty
span, an unknown label, entity spans that overlap or a text over the size
limit stops the import with the file and line named, and nothing of the run
is kept (:func:`import_annotated` stores all files in one staged run).

Formats (see :func:`annotated_format`):

* ``prodigy``: a JSONL line with ``spans`` (our ``jsonl`` export is one),
  its ``relations`` as ``rel.manual`` saves them and its ``cats``; or a
  ``choice`` line (``options`` + ``accept``, as ``textcat.manual`` saves it),
  whose accepted option ids are category labels; the annotator is
  ``--annotator`` or the line's ``_annotator_id``; ``answer``
  ``accept`` gives a done set, ``reject``/``ignore`` a skipped set whose
  reason says which (kept, not treated as accepted); our own ``_status`` wins;
  a foreign choice line answered reject/ignore gives no category (counted);
* ``doccano``: ``label: [[start, end, label], ...]`` or ``entities`` (objects
  with ``id``, ``start_offset``, ``end_offset``, ``label``, or triples) with
  ``relations`` (``from_id``, ``to_id``, ``type``), and ``cats`` or a ``label``
  list of category labels (text classification); status done;
* ``spacy``: a ``.spacy`` DocBin of ours (spans from ``doc.spans["sc"]`` with
  their attributes, relations from ``doc.user_data``) or anyone's (``sc`` plus
  ``doc.ents``); ``doc.cats`` gives categories; a ``.spacy``
  directory of DocBin files (a large export's part) is read as one file.

Relations and categories the scheme lacks are refused (``links.py``).
"""

from __future__ import annotations

import io
import json
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError
from annotator.core.formats.categories import CategoryLabels
from annotator.core.scheme import Scheme
from annotator.core.store import Project, StagedRun, staged_run, text_hash
from annotator.core.types import STATUSES, Document, Relation, Span

from .addlabels import extend_scheme
from .jsonstrict import loads_line
from .limits import DEFAULT_MAX_CHARS, check_size
from .links import (
    Fail,
    LineSpans,
    answers_from_cats,
    check_relation,
    doccano_relations,
    prodigy_relations,
    unique,
)
from .overlaps import check_line, check_united_lines
from .readers import check_published, read_text_file
from .unite import check_united_answers, merge_lines

ANNOTATED_SUFFIXES = (".jsonl", ".json", ".spacy")
_ANSWERS = {
    "accept": ("done", ""),
    "reject": ("skipped", "reject"),
    "ignore": ("skipped", "ignore"),
}
_KEY = ("start", "end", "label")  # a relation end (SpanKey) as the readers look spans up


@dataclass
class AnnotatedRecord:
    """One annotator's version of one document, as read from a file."""

    document: Document
    spans: list[Span]
    annotator: str
    status: str = "done"
    skip_reason: str = ""
    line: int | None = None
    note: str | None = None  # our own ``_note`` (the window's recovery file); None keeps the set's
    relations: list[Relation] = field(default_factory=list)
    categories: dict[str, list[str]] | None = None  # None: the line says nothing of them
    choice: bool = False  # a ``choice`` line: category answers only, no spans


@dataclass
class AnnotatedFile:
    path: Path
    format: str
    records: list[AnnotatedRecord]
    new_labels: list[str] = field(default_factory=list)
    mapped: int = 0  # spans whose label --label-map changed
    declined: int = 0  # choice lines answered reject/ignore: no category taken


@dataclass
class AnnotationImportSummary:
    files: int = 0
    sets: int = 0
    spans: int = 0
    relations: int = 0
    categorised: int = 0  # sets given category answers
    declined: int = 0
    new_documents: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    merged: int = 0  # lines folded into another of the same document and annotator
    mapped: int = 0
    added_labels: list[str] = field(default_factory=list)
    annotators: set[str] = field(default_factory=set)

    def message(self) -> str:
        text = (
            f"imported {self.sets} annotation set(s) with {self.spans} span(s)"
            + (f", {self.relations} relation(s)" if self.relations else "")
            + (f", categories for {self.categorised}" if self.categorised else "")
            + " from "
            f"{self.files} annotated file(s) for {', '.join(sorted(self.annotators)) or 'nobody'}"
            f"; {self.new_documents} new document(s)"
        )
        if self.skipped:
            kinds = ", ".join(f"{n} {k}" for k, n in sorted(self.skipped.items()))
            text += f"; kept as skipped, not accepted: {kinds}"
        if self.merged:
            text += (
                f"; {self.merged} line(s) repeated a document and annotator (accepted spans united)"
            )
        if self.declined:
            text += f"; {self.declined} choice line(s) answered reject/ignore gave no category"
        if self.mapped:
            text += f"; {self.mapped} span label(s) mapped"
        if self.added_labels:
            text += f"; labels added to the scheme: {', '.join(self.added_labels)}"
        return text


def parse_label_map(value: str | None) -> dict[str, str]:
    """``FROM=TO,FROM2=TO2`` as a dict; a malformed pair is an InputError."""
    mapping: dict[str, str] = {}
    for pair in (value or "").split(","):
        if not pair.strip():
            continue
        source, sep, target = pair.partition("=")
        if not sep or not source.strip() or not target.strip():
            raise InputError(f"--label-map: {pair.strip()!r} is not FROM=TO")
        mapping[source.strip()] = target.strip()
    return mapping


def annotated_format(path: Path) -> str | None:
    """``prodigy``, ``doccano`` or ``spacy`` for a file of annotations, None for
    plain documents (the lead's readers handle those)."""
    suffix = path.suffix.lower()
    if suffix == ".spacy":
        return "spacy"
    if suffix not in (".jsonl", ".json") or not path.is_file():
        return None
    guess = None
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        for number, raw in enumerate(handle):
            if number > 1000:
                break
            try:
                obj = json.loads(raw)
            except (ValueError, RecursionError):  # the reader proper says what is wrong
                continue
            if not isinstance(obj, dict):
                continue
            if isinstance(obj.get("spans"), list):
                return "prodigy"
            if isinstance(obj.get("options"), list) and isinstance(obj.get("accept"), list):
                return "prodigy"  # a choice task
            if isinstance(obj.get("entities"), list) or isinstance(obj.get("cats"), list):
                return "doccano"
            label = obj.get("label")
            if isinstance(label, list):
                if label:  # spans (triples) or, for text classification, label names
                    return "doccano"
                guess = "doccano"
    return guess


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class _Reader:
    """Checks and converts the lines of one file."""

    def __init__(
        self,
        path: Path,
        scheme: Scheme,
        annotator: str | None,
        label_map: dict[str, str],
        add_labels: bool,
        max_chars: int = DEFAULT_MAX_CHARS,
    ):
        self.path = path
        self.scheme = scheme
        self.annotator = annotator
        self.label_map = label_map
        self.add_labels = add_labels
        self.max_chars = max_chars
        self.known = set(scheme.names)
        self.entity_labels = set(scheme.entity_labels())
        self.new_labels: list[str] = []
        self.mapped = 0
        self.declined = 0
        self.categories = CategoryLabels(scheme)

    def fail(self, message: str, line: int | None) -> InputError:
        return InputError(message, str(self.path), line)

    def label(self, value: Any, line: int | None) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"span label {value!r} is not a name", line)
        if value in self.label_map:
            value = self.label_map[value]
            self.mapped += 1
        if value not in self.known:
            if not self.add_labels:
                raise self.fail(
                    f"label {value!r} is not in the project's scheme"
                    f" ({', '.join(self.scheme.names)});"
                    f" map it with --label-map {value}=LABEL or add it with --add-labels",
                    line,
                )
            self.known.add(value)
            self.entity_labels.add(value)  # extend_scheme adds it without a span_key
            self.new_labels.append(value)
        return value

    def span(
        self, start: Any, end: Any, label: Any, attrs: Any, text: str, line: int | None
    ) -> Span:
        s, e = _int(start), _int(end)
        if s is None or e is None:
            raise self.fail(f"span offsets must be integers, not {start!r}, {end!r}", line)
        if e <= s:
            raise self.fail(f"span [{s}, {e}) ends at or before its start", line)
        if s < 0 or e > len(text):
            raise self.fail(f"span [{s}, {e}) lies outside the text ({len(text)} characters)", line)
        if attrs is not None and not isinstance(attrs, dict):
            raise self.fail(f"span attrs must be an object, not {attrs!r}", line)
        return Span(s, e, self.label(label, line), dict(attrs or {}))

    def who(self, obj: dict[str, Any], line: int | None) -> str:
        name = self.annotator or obj.get("_annotator_id")
        if not isinstance(name, str) or not name.strip():
            raise self.fail("no _annotator_id on this line; pass --annotator NAME", line)
        return name.strip()

    def document(self, obj: dict[str, Any], text_key: str, line: int | None) -> Document:
        text = obj.get(text_key)
        if not isinstance(text, str) or not text.strip():
            raise self.fail(f"no text (a non-empty string in {text_key!r})", line)
        check_size(text, self.path, line, self.max_chars)
        meta = obj.get("meta") or {}
        if not isinstance(meta, dict):
            raise self.fail("'meta' must be an object", line)
        meta = dict(meta)
        ours = meta.pop("doc_hash", None) is not None  # our export: keep fields as they were
        fields = {k: meta.pop(k, None) for k in ("title", "source", "published")}
        for key in fields:
            if obj.get(key) not in (None, ""):
                fields[key] = obj[key]
        title, source = fields["title"], fields["source"]
        return Document(
            text=text,
            title=str(title)
            if title not in (None, "")
            else None
            if ours
            else f"{self.path.stem} #{line}",
            source=str(source) if source not in (None, "") else None if ours else str(self.path),
            published=check_published(fields["published"], self.path, line),
            meta=meta,
        )

    def prodigy(self, obj: dict[str, Any], line: int) -> AnnotatedRecord:
        if "spans" not in obj and isinstance(obj.get("options"), list):
            return self.choice(obj, line)
        doc = self.document(obj, "text", line)
        spans_in = obj.get("spans")
        if not isinstance(spans_in, list):
            raise self.fail("'spans' must be a list", line)
        spans = []
        found = LineSpans()
        for item in spans_in:
            if not isinstance(item, dict):
                raise self.fail(f"a span must be an object, not {item!r}", line)
            span = self.span(
                item.get("start"),
                item.get("end"),
                item.get("label"),
                item.get("attrs"),
                doc.text,
                line,
            )
            origin = item.get("_origin", "human")  # our own (the window's recovery file)
            if origin not in ("human", "model"):
                raise self.fail(f"span _origin {origin!r} is not human or model", line)
            spans.append(replace(span, origin=origin))
            found.add(item.get("label"), spans[-1], item.get("token_end"))
        status, reason = self.answer(obj, line)
        note = obj.get("_note")
        if note is not None and not isinstance(note, str):
            raise self.fail(f"_note must be a string, not {note!r}", line)
        relations = prodigy_relations(obj.get("relations"), found, self.scheme, self.at(line))
        cats = obj.get("cats")
        categories = (
            None if cats is None else answers_from_cats(cats, self.categories, self.at(line))
        )
        return AnnotatedRecord(
            doc, spans, self.who(obj, line), status, reason, line, note, relations, categories
        )

    def at(self, line: int | None) -> Fail:
        """The ``fail`` of one line, for the relation and category readers."""
        return lambda message: self.fail(message, line)

    def answer(self, obj: dict[str, Any], line: int) -> tuple[str, str]:
        """(status, skip reason) of a Prodigy line: its ``answer``, or our ``_status``."""
        answer = obj.get("answer")
        if answer is None:
            status, reason = "in_progress", ""
        elif answer in _ANSWERS:
            status, reason = _ANSWERS[answer]
        else:
            raise self.fail(f"answer {answer!r} is not accept, reject or ignore", line)
        own = obj.get("_status")
        if own is not None:
            if own not in STATUSES:
                raise self.fail(f"_status {own!r} is not one of {', '.join(STATUSES)}", line)
            status = own
            reason = str(obj.get("_skip_reason") or "") if own == "skipped" else ""
        return status, reason

    def choice(self, obj: dict[str, Any], line: int) -> AnnotatedRecord:
        """A ``choice`` task: its accepted option ids are category labels.
        A foreign line answered reject or ignore gives none (counted); ours
        (with ``_status``) keeps the answers of a skipped set too."""
        doc = self.document(obj, "text", line)
        ids = []
        for option in obj["options"]:
            if not isinstance(option, dict) or "id" not in option:
                raise self.fail(
                    f"a choice option must be an object with an id, not {option!r}", line
                )
            ids.append(str(option["id"]))
        accept = obj.get("accept", [])
        if not isinstance(accept, list):
            raise self.fail("'accept' must be a list of option ids", line)
        chosen = [str(a) for a in accept]
        for value in chosen:
            if value not in ids:
                raise self.fail(f"accepted {value!r} is none of the options", line)
        status, reason = self.answer(obj, line)
        categories = None
        if obj.get("answer") == "accept" or "_status" in obj:
            categories = answers_from_cats(chosen, self.categories, self.at(line))
        else:
            self.declined += 1
        name = self.who(obj, line)
        return AnnotatedRecord(
            doc, [], name, status, reason, line, categories=categories, choice=True
        )

    def doccano(self, obj: dict[str, Any], line: int) -> AnnotatedRecord:
        doc = self.document(obj, "text" if "text" in obj else "data", line)
        spans: list[Span] = []
        ids: dict[Any, Span] = {}
        categories = None
        if isinstance(obj.get("entities"), list):
            for item in obj["entities"]:
                if isinstance(item, list | tuple) and len(item) == 3:  # intent detection
                    spans.append(self.span(item[0], item[1], item[2], None, doc.text, line))
                    continue
                if not isinstance(item, dict):
                    raise self.fail(f"an entity must be an object, not {item!r}", line)
                spans.append(
                    self.span(
                        item.get("start_offset"),
                        item.get("end_offset"),
                        item.get("label"),
                        None,
                        doc.text,
                        line,
                    )
                )
                if "id" in item:
                    ids.setdefault(item["id"], spans[-1])
        else:
            labels = obj.get("label", [])
            if not isinstance(labels, list):
                raise self.fail("'label' must be a list of [start, end, label]", line)
            if labels and all(isinstance(item, str) for item in labels):  # text classification
                categories = answers_from_cats(labels, self.categories, self.at(line))
                labels = []
            for item in labels:
                if not isinstance(item, list | tuple) or len(item) != 3:
                    raise self.fail(f"label entry {item!r} is not [start, end, label]", line)
                spans.append(self.span(item[0], item[1], item[2], None, doc.text, line))
        relations = doccano_relations(obj.get("relations"), ids, self.scheme, self.at(line))
        if "cats" in obj:
            categories = answers_from_cats(obj["cats"], self.categories, self.at(line))
        return AnnotatedRecord(
            doc, spans, self.who(obj, line), "done", "", line, None, relations, categories
        )

    def jsonl(self, fmt: str) -> list[AnnotatedRecord]:
        text = read_text_file(self.path)
        records = []
        convert = self.prodigy if fmt == "prodigy" else self.doccano
        for number, raw in enumerate(io.StringIO(text), start=1):
            if not raw.strip():
                continue
            obj = loads_line(raw, self.path, number)
            if not isinstance(obj, dict):
                raise self.fail("each line must be a JSON object", number)
            record = convert(obj, number)
            check_line(record.spans, self.entity_labels, self.path, number)
            records.append(record)
        if not records:
            raise self.fail("no JSON lines", None)
        return records

    def docbin(self) -> list[AnnotatedRecord]:
        from annotator.core.formats.docbin import doc_info, doc_relations, read_docbin, span_attrs

        records = []
        try:
            docs = list(read_docbin(self.path))
        except Exception as exc:  # spaCy raises several kinds for a bad file
            raise self.fail(f"not a spaCy DocBin ({exc})", None) from None
        for number, doc in enumerate(docs, start=1):
            info = doc_info(doc)
            spans = list(doc.spans.get("sc", []))
            seen = {(s.start_char, s.end_char, s.label_) for s in spans}
            spans += [e for e in doc.ents if (e.start_char, e.end_char, e.label_) not in seen]
            document = self.document(
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
                converted.append(
                    self.span(s.start_char, s.end_char, s.label_, attrs, doc.text, number)
                )
                found.add(s.label_, converted[-1])
            fail = self.at(number)
            relations = unique(
                check_relation(
                    self.scheme,
                    rel.label,
                    found.find("head", dict(zip(_KEY, rel.head, strict=True)), None, fail),
                    found.find("child", dict(zip(_KEY, rel.child, strict=True)), None, fail),
                    fail,
                )
                for rel in doc_relations(doc)
            )
            cats = dict(doc.cats)
            categories = answers_from_cats(cats, self.categories, fail) if cats or info else None
            name = self.who({"_annotator_id": info.get("annotator")}, number)
            status = info.get("status") if info.get("status") in STATUSES else "done"
            check_line(converted, self.entity_labels, self.path, number)
            records.append(
                AnnotatedRecord(
                    document, converted, name, status, "", number, None, relations, categories
                )
            )
        return records


def read_annotated(
    path: str | Path,
    scheme: Scheme,
    annotator: str | None = None,
    label_map: dict[str, str] | None = None,
    add_labels: bool = False,
    fmt: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> AnnotatedFile:
    """Read and check one annotated file completely (nothing is stored)."""
    path = Path(path)
    fmt = fmt or annotated_format(path)
    if fmt is None:
        raise InputError("no annotations found (no 'spans', 'label' or 'entities')", str(path))
    reader = _Reader(path, scheme, annotator, label_map or {}, add_labels, max_chars)
    records = reader.docbin() if fmt == "spacy" else reader.jsonl(fmt)
    check_united_lines(path, records, reader.entity_labels, merge_lines)
    check_united_answers(path, records, scheme)
    return AnnotatedFile(path, fmt, records, reader.new_labels, reader.mapped, reader.declined)


@dataclass
class PreparedImport:
    """Annotated files read and checked, with the scheme they need."""

    files: list[AnnotatedFile]
    scheme: Scheme
    added_labels: list[str]


def split_annotated(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """Partition the paths given to ``annotator import`` (folders expanded) into
    plain document files (for ``import_paths``) and annotated files."""
    from .readers import expand_paths

    plain: list[Path] = []
    annotated: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.exists() and annotated_format(path):  # also .json, a .spacy file or directory
            annotated.append(path)
            continue
        for found in expand_paths([path]):
            (annotated if annotated_format(found) else plain).append(found)
    return plain, annotated


def prepare_annotated(
    project: Project,
    paths: list[Path],
    annotator: str | None = None,
    label_map: dict[str, str] | None = None,
    add_labels: bool = False,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> PreparedImport:
    """Read and check every file; raises InputError before anything is stored."""
    scheme = project.scheme()
    files = []
    for path in paths:
        read = read_annotated(path, scheme, annotator, label_map, add_labels, max_chars=max_chars)
        files.append(read)
        if read.new_labels:  # later files see the labels earlier ones add
            scheme = extend_scheme(scheme, read.new_labels)
    return PreparedImport(files, scheme, [name for f in files for name in f.new_labels])


def store_annotated(
    project: Project, prepared: PreparedImport, run: StagedRun
) -> AnnotationImportSummary:
    """Store checked files through ``run``, a staged run: every set that
    existed before is kept as it was, so an undone run restores it."""
    summary = AnnotationImportSummary(files=len(prepared.files))
    if prepared.added_labels:
        with run.write():
            run.keep_setting("scheme")
            project.set_scheme(prepared.scheme)
        summary.added_labels = list(prepared.added_labels)
    for read in prepared.files:
        summary.mapped += read.mapped
        summary.declined += read.declined
        groups: dict[tuple[str, str], list[AnnotatedRecord]] = {}
        for record in read.records:
            key = (text_hash(record.document.text), record.annotator)
            groups.setdefault(key, []).append(record)
        records = [merge_lines(group) for group in groups.values()]
        summary.merged += sum(  # a document's choice lines are not repeats
            max(0, sum(not r.choice for r in group) - 1) for group in groups.values()
        )
        for part in run.batches(records):
            with run.write(len(part)):
                result = project.documents.add(r.document for r in part)
            summary.new_documents += result.added
            for record, doc_id in zip(part, result.ids, strict=True):
                existing = project.sets.find(doc_id, record.annotator)
                if record.choice and existing is not None:  # answers only: spans stay
                    with run.write(1):
                        run.keep_set(doc_id, record.annotator)
                        for name, values in (record.categories or {}).items():
                            project.categories.set(existing.id, name, values)
                    summary.sets += 1
                    summary.categorised += bool(record.categories)
                    summary.annotators.add(record.annotator)
                    continue
                with run.write(1 + len(record.spans) + len(record.relations)):
                    run.keep_set(doc_id, record.annotator)
                    set_id = project.sets.replace(
                        doc_id,
                        record.annotator,
                        record.spans,
                        record.status,
                        record.note,
                        relations=record.relations,
                        categories=record.categories,
                    )
                    if record.status == "skipped":
                        project.sets.set_status(set_id, "skipped", record.skip_reason)
                if record.status == "skipped":
                    summary.skipped[record.skip_reason or "skipped"] += 1
                summary.sets += 1
                summary.spans += len(record.spans)
                summary.relations += len(record.relations)
                summary.categorised += bool(record.categories)
                summary.annotators.add(record.annotator)
    return summary


def import_annotated(
    project: Project,
    paths: list[Path],
    annotator: str | None = None,
    label_map: dict[str, str] | None = None,
    add_labels: bool = False,
) -> AnnotationImportSummary:
    """Check every file, then store all of them in one staged run."""
    prepared = prepare_annotated(project, paths, annotator, label_map, add_labels)
    with staged_run(project, "import", "nothing was imported") as run:
        return store_annotated(project, prepared, run)
