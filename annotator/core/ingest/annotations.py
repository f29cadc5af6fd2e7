"""Import of annotated data: Prodigy JSONL, doccano JSONL and our own exports.

Teams bring data labelled elsewhere, and our exports must come back in
without loss. Each annotated line becomes one annotator's set for the
document (matched by text hash, created if new). A file is read and checked
completely before anything is stored: a span outside the text, an empty
span, an unknown label, entity spans that overlap or a text over the size
limit stops the import with the file and line named, and nothing of the run
is kept (:func:`import_annotated` stores all files in one staged run).

Formats (see :func:`annotated_format`):

* ``prodigy``: a JSONL line with ``spans`` (our ``jsonl`` export is one);
  the annotator is ``--annotator`` or the line's ``_annotator_id``; ``answer``
  ``accept`` gives a done set, ``reject``/``ignore`` a skipped set whose
  reason says which (kept, not treated as accepted); our own ``_status`` wins;
* ``doccano``: ``label: [[start, end, label], ...]`` or ``entities: [{start_offset,
  end_offset, label}]``; status done;
* ``spacy``: a ``.spacy`` DocBin of ours (spans from ``doc.spans["sc"]`` with
  their attributes) or anyone's (``sc`` plus ``doc.ents``); a ``.spacy``
  directory of DocBin files (a large export's part) is read as one file.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError
from annotator.core.scheme import Label, Scheme
from annotator.core.store import Project, StagedRun, staged_run, text_hash
from annotator.core.types import STATUSES, Document, Span

from .jsonstrict import loads_line
from .limits import DEFAULT_MAX_CHARS, check_size
from .overlaps import check_line, check_united_lines
from .readers import check_published, read_text_file

ANNOTATED_SUFFIXES = (".jsonl", ".json", ".spacy")
_ANSWERS = {
    "accept": ("done", ""),
    "reject": ("skipped", "reject"),
    "ignore": ("skipped", "ignore"),
}
_PALETTE = [
    "#e15759",
    "#76b7b2",
    "#edc948",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
    "#8cd17d",
    "#b6992d",
    "#499894",
    "#86bcb6",
    "#d37295",
    "#fabfd2",
    "#79706e",
    "#d4a6c8",
]
_KEYS = "567890qwertyuiopghjklzxcvbnm"


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


@dataclass
class AnnotatedFile:
    path: Path
    format: str
    records: list[AnnotatedRecord]
    new_labels: list[str] = field(default_factory=list)
    mapped: int = 0  # spans whose label --label-map changed


@dataclass
class AnnotationImportSummary:
    files: int = 0
    sets: int = 0
    spans: int = 0
    new_documents: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    merged: int = 0  # lines folded into another of the same document and annotator
    mapped: int = 0
    added_labels: list[str] = field(default_factory=list)
    annotators: set[str] = field(default_factory=set)

    def message(self) -> str:
        text = (
            f"imported {self.sets} annotation set(s) with {self.spans} span(s) from "
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
            if isinstance(obj.get("entities"), list):
                return "doccano"
            label = obj.get("label")
            if isinstance(label, list):
                if any(isinstance(item, list) for item in label):
                    return "doccano"
                if not label:
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
        doc = self.document(obj, "text", line)
        spans_in = obj.get("spans")
        if not isinstance(spans_in, list):
            raise self.fail("'spans' must be a list", line)
        spans = []
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
            reason = str(obj.get("_skip_reason") or reason) if own == "skipped" else ""
        note = obj.get("_note")
        if note is not None and not isinstance(note, str):
            raise self.fail(f"_note must be a string, not {note!r}", line)
        return AnnotatedRecord(doc, spans, self.who(obj, line), status, reason, line, note)

    def doccano(self, obj: dict[str, Any], line: int) -> AnnotatedRecord:
        doc = self.document(obj, "text" if "text" in obj else "data", line)
        spans = []
        if isinstance(obj.get("entities"), list):
            for item in obj["entities"]:
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
        else:
            labels = obj.get("label", [])
            if not isinstance(labels, list):
                raise self.fail("'label' must be a list of [start, end, label]", line)
            for item in labels:
                if not isinstance(item, list | tuple) or len(item) != 3:
                    raise self.fail(f"label entry {item!r} is not [start, end, label]", line)
                spans.append(self.span(item[0], item[1], item[2], None, doc.text, line))
        return AnnotatedRecord(doc, spans, self.who(obj, line), "done", "", line)

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
        from annotator.core.formats.docbin import doc_info, read_docbin, span_attrs

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
            converted = [
                self.span(s.start_char, s.end_char, s.label_, span_attrs(doc, s), doc.text, number)
                for s in spans
            ]
            name = self.who({"_annotator_id": info.get("annotator")}, number)
            status = info.get("status") if info.get("status") in STATUSES else "done"
            check_line(converted, self.entity_labels, self.path, number)
            records.append(AnnotatedRecord(document, converted, name, status, "", number))
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
    return AnnotatedFile(path, fmt, records, reader.new_labels, reader.mapped)


def extend_scheme(scheme: Scheme, names: list[str]) -> Scheme:
    """The scheme with entity labels ``names`` added (free keys and colours)."""
    data = scheme.model_dump()
    used_keys = {key.lower() for key in scheme.bound_keys()}
    free = [k for k in _KEYS if k not in used_keys]
    if len(names) > len(free):
        raise InputError(f"--add-labels: no free shortcut keys left for {', '.join(names)}")
    for i, name in enumerate(names):
        data["labels"].append(
            Label(
                name=name,
                key=free[i],
                color=_PALETTE[i % len(_PALETTE)],
                description="Added by an import (--add-labels).",
            ).model_dump()
        )
    return Scheme.from_dict(data, source="--add-labels")


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


def merge_lines(group: list[AnnotatedRecord]) -> AnnotatedRecord:
    """One set from the lines of one document and annotator.

    Prodigy's binary recipes (``ner.teach``) write one line per suggested
    span, each accepted or rejected: the set is the union of the accepted
    lines' spans, done. Without an accepted line the last line stands.
    """
    if len(group) == 1:
        return group[0]
    accepted = [r for r in group if r.status == "done"]
    if not accepted:
        return group[-1]
    spans: dict[tuple[int, int, str], Span] = {}
    for record in accepted:
        for span in record.spans:
            spans.setdefault(span.key(), span)
    first = accepted[0]
    return AnnotatedRecord(
        first.document, list(spans.values()), first.annotator, "done", "", first.line
    )


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
        groups: dict[tuple[str, str], list[AnnotatedRecord]] = {}
        for record in read.records:
            key = (text_hash(record.document.text), record.annotator)
            groups.setdefault(key, []).append(record)
        records = [merge_lines(group) for group in groups.values()]
        summary.merged += sum(len(group) - 1 for group in groups.values())
        for part in run.batches(records):
            with run.write(len(part)):
                result = project.documents.add(r.document for r in part)
            summary.new_documents += result.added
            for record, doc_id in zip(part, result.ids, strict=True):
                with run.write(1 + len(record.spans)):
                    run.keep_set(doc_id, record.annotator)
                    set_id = project.sets.replace(
                        doc_id, record.annotator, record.spans, record.status, record.note
                    )
                    if record.status == "skipped":
                        project.sets.set_status(set_id, "skipped", record.skip_reason)
                if record.status == "skipped":
                    summary.skipped[record.skip_reason or "skipped"] += 1
                summary.sets += 1
                summary.spans += len(record.spans)
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
