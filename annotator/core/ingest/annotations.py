"""Import of annotated data: Prodigy JSONL, doccano JSONL and our own exports.

Teams bring data labelled elsewhere, and our exports must come back in
without loss. Each annotated line becomes one annotator's set for the
document (matched by text hash, created if new). A file is read and checked
completely before anything is stored: a span outside the text, an empty
span, entity spans that overlap or a text over the size limit stops the
import with the file and line named; labels the scheme lacks are counted over
every file of the run and refused together in one message
(:func:`refuse_unknown`). Nothing of a refused run is kept
(:func:`import_annotated` stores all files in one staged run).

Each line is read by its own content (:func:`line_format`), not by the
file's first line, so a ``db-out`` file mixing recipes comes in whole:

* ``prodigy_lines.py``: every Prodigy shape (manual, binary, textcat, choice),
  with what the project does not model kept in set and span meta;
* ``doccano_lines.py``: doccano's layouts;
* ``docbin_lines.py``: ``.spacy`` DocBin files (ours or anyone's);
* ``unite.py``: several lines of one text and annotator as one set, and the
  full annotations among them that disagree (kept as ``NAME@FILE`` conflicts).

Relations and categories the scheme lacks are refused (``links.py``).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError
from annotator.core.scheme import Scheme
from annotator.core.store import Project, StagedRun, staged_run, text_hash
from annotator.core.store.new_sets import existing_pairs
from annotator.core.types import AnnotationSet
from annotator.core.words import count

from .addlabels import extend_scheme
from .annotated import AnnotatedFile, AnnotatedRecord, Unknown
from .conflicts import FileTally, place, place_answers
from .docbin_lines import docbin_records
from .doccano_lines import doccano_records, is_doccano
from .fresh import count_stored, store_new
from .limits import DEFAULT_MAX_CHARS
from .linereader import AnswerMissing, LineReader
from .overlaps import check_line, check_united_lines
from .prodigy_lines import ANSWERS, ProdigyLines
from .readers import json_objects, read_text_file
from .unite import check_united_answers, merge_lines, unite

__all__ = ["AnnotatedFile", "AnnotatedRecord", "read_annotated", "split_annotated"]

ANNOTATED_SUFFIXES = (".jsonl", ".json", ".doccano", ".spacy")


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
    conflicts: list[str] = field(default_factory=list)  # "FILE:LINE kept as NAME@FILE"
    answer_missing: Counter[str] = field(default_factory=Counter)
    kept_lines: int = 0
    rejected: int = 0
    per_file: list[FileTally] = field(default_factory=list)  # conflicts.py

    def message(self) -> str:
        text = (
            f"imported {count(self.sets, 'annotation set')} with {count(self.spans, 'span')}"
            + (f", {count(self.relations, 'relation')}" if self.relations else "")
            + (f", categories for {self.categorised}" if self.categorised else "")
            + " from "
            f"{count(self.files, 'annotated file')} for"
            f" {', '.join(sorted(self.annotators)) or 'nobody'}"
            f"; {count(self.new_documents, 'new document')}"
        )
        if self.skipped:
            kinds = ", ".join(f"{n} {k}" for k, n in sorted(self.skipped.items()))
            text += f"; kept as skipped, not accepted: {kinds}"
        if self.merged:
            text += (
                f"; {count(self.merged, 'line')} repeated a document and annotator"
                " (accepted spans united)"
            )
        if self.rejected:
            text += (
                f"; {count(self.rejected, 'suggestion')} rejected or ignored in binary lines"
                " kept as such (kept, not shown; the Prodigy export writes them back)"
            )
        if self.conflicts:
            text += (
                f"; {count(len(self.conflicts), 'conflict')}: full annotations of one text and"
                " annotator"
                f" that differ, kept beside the first ({', '.join(self.conflicts)})"
            )
        if self.answer_missing:
            taken = ", ".join(f"{n} as {k}" for k, n in sorted(self.answer_missing.items()))
            text += f"; lines without answer taken {taken} (--answer-missing)"
        if self.kept_lines:
            text += (
                f"; {count(self.kept_lines, 'line')} had fields the project does not model"
                " (hashes, timestamps, sessions, scores, other keys): kept, not shown"
            )
        if self.declined:
            text += (
                f"; {count(self.declined, 'choice line')} answered reject/ignore gave no category"
            )
        if self.mapped:
            text += f"; {count(self.mapped, 'span label')} mapped"
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


def line_format(obj: dict[str, Any]) -> str | None:
    """``prodigy`` or ``doccano`` for one line by its keys, None for a line
    that says nothing annotated (a plain document)."""
    if is_doccano(obj):
        return "doccano"
    if isinstance(obj.get("spans"), list) or isinstance(obj.get("relations"), list):
        return "prodigy"
    if isinstance(obj.get("options"), list) and isinstance(obj.get("accept"), list):
        return "prodigy"  # a choice task
    if obj.get("answer") in ANSWERS or isinstance(obj.get("cats"), dict):
        return "prodigy"  # a task answered with nothing marked, a textcat decision
    return None


def annotated_format(path: Path) -> str | None:
    """``prodigy``, ``doccano`` or ``spacy`` for a file of annotations (the
    first annotated line's tool), None for plain documents (the lead's
    readers handle those)."""
    suffix = path.suffix.lower()
    if suffix == ".spacy":
        return "spacy"
    if suffix not in (".jsonl", ".json", ".doccano") or not path.is_file():
        return None
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        if handle.read(4096).lstrip().startswith("["):  # a JSON array (doccano's .json)
            return _array_format(path)
        handle.seek(0)
        for number, raw in enumerate(handle):
            if number > 1000:
                break
            try:
                obj = json.loads(raw)
            except (ValueError, RecursionError):  # the reader proper says what is wrong
                continue
            if isinstance(obj, dict) and (found := line_format(obj)):
                return found
    return None


def _array_format(path: Path) -> str | None:
    """The tool of a JSON array file's first annotated element."""
    try:
        items = json.loads(path.read_text(encoding="utf-8-sig"))
    except (ValueError, RecursionError, OSError):
        return "doccano"  # the reader proper says what is wrong
    for obj in items if isinstance(items, list) else []:
        if isinstance(obj, dict) and (found := line_format(obj)):
            return found
    return None


def _jsonl(reader: LineReader, lines: ProdigyLines, fmt: str) -> list[AnnotatedRecord]:
    """Each line by its own shape; a line that says nothing annotated is read
    as the file's tool reads it."""
    text = read_text_file(reader.path)
    records = []
    for number, obj in json_objects(reader.path, text):
        if not isinstance(obj, dict):
            raise reader.fail("each line must be a JSON object", number)
        shape = line_format(obj) or fmt
        found = doccano_records(reader, obj, number) if shape == "doccano" else None
        for record in found or [lines.record(obj, number)]:
            check_line(record.spans, reader.entity_labels, reader.path, number)
            records.append(record)
    if not records:
        raise reader.fail("no JSON lines", None)
    return records


def read_annotated(
    path: str | Path,
    scheme: Scheme,
    annotator: str | None = None,
    label_map: dict[str, str] | None = None,
    add_labels: bool = False,
    fmt: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    unknown: Unknown | None = None,
    answer_missing: AnswerMissing | None = None,
) -> AnnotatedFile:
    """Read and check one annotated file completely (nothing is stored).
    Unknown labels are counted in ``unknown`` (refused at once when the
    caller passes none)."""
    path = Path(path)
    fmt = fmt or annotated_format(path)
    if fmt is None:
        raise InputError("no annotations found (no 'spans', 'label' or 'entities')", str(path))
    run_unknown = unknown if unknown is not None else Unknown()
    reader = LineReader(
        path, scheme, annotator, label_map or {}, add_labels, max_chars, run_unknown, answer_missing
    )
    lines = ProdigyLines(reader)
    records = docbin_records(reader) if fmt == "spacy" else _jsonl(reader, lines, fmt)
    if unknown is None:
        refuse_unknown(run_unknown, scheme)
    check_united_lines(path, records, reader.entity_labels, merge_lines)
    check_united_answers(path, records, scheme)
    read = AnnotatedFile(path, fmt, records, reader.new_labels, reader.mapped, reader.declined)
    read.answer_missing.update(lines.missing)
    read.kept_lines = lines.kept_lines + sum(1 for r in records if (r.meta or {}).get("doccano"))
    read.rejected = lines.rejected
    return read


def refuse_unknown(unknown: Unknown, scheme: Scheme) -> None:
    """One error naming every label of the run the scheme lacks, with how
    often and where each first appears, and what to do about each kind."""
    if not unknown:
        return
    keys = list(unknown.counts)
    first_path, first_line = unknown.first[keys[0]]

    def where(key: tuple[str, str]) -> str:
        path, line = unknown.first[key]
        return f"{path}:{line}" if line is not None else str(path)

    def times(n: int) -> str:
        return "once" if n == 1 else f"{n} times"

    spans = [k for k in keys if k[0] == "span"]
    cats = [k for k in keys if k[0] == "category"]
    parts = []
    if spans:
        head, *rest = spans
        text = (
            f"label {head[1]!r} is not in the project's scheme"
            f" ({times(unknown.counts[head])}, first at {where(head)})"
        )
        if rest:
            text += "; nor are " + ", ".join(
                f"{k[1]!r} ({times(unknown.counts[k])}, first at {where(k)})" for k in rest
            )
        mapping = ",".join(f"{k[1]}=LABEL" for k in spans)
        text += (
            f" (the scheme has {', '.join(scheme.names)});"
            f" map them with --label-map {mapping} or add them with --add-labels"
        )
        parts.append(text)
    if cats:
        known = ", ".join(sorted(_category_label_names(scheme))) or "none"
        parts.append(
            "category labels that are no value of the project's categories ("
            + known
            + "): "
            + ", ".join(f"{k[1]!r} ({times(unknown.counts[k])}, first at {where(k)})" for k in cats)
            + "; map them with --label-map or add them to the scheme (annotator scheme set)"
        )
    raise InputError("; ".join(parts), str(first_path), first_line)


def _category_label_names(scheme: Scheme) -> list[str]:
    """Every category label of the scheme, for the refusal to name them."""
    from annotator.core.formats.categories import category_labels

    return list(category_labels(scheme).values())


@dataclass
class PreparedImport:
    """Annotated files read and checked, with the scheme they need."""

    files: list[AnnotatedFile]
    scheme: Scheme
    added_labels: list[str]
    replace: bool = False  # --replace: an incoming set replaces a differing one (conflicts.py)


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
    answer_missing: AnswerMissing | None = None,
) -> PreparedImport:
    """Read and check every file; raises InputError before anything is
    stored, with every unknown label of the run in one message."""
    scheme = project.scheme()
    files = []
    unknown = Unknown()
    for path in paths:
        read = read_annotated(
            path,
            scheme,
            annotator,
            label_map,
            add_labels,
            max_chars=max_chars,
            unknown=unknown,
            answer_missing=answer_missing,
        )
        files.append(read)
        if read.new_labels:  # later files see the labels earlier ones add
            scheme = extend_scheme(scheme, read.new_labels)
    refuse_unknown(unknown, scheme)
    return PreparedImport(files, scheme, [name for f in files for name in f.new_labels])


def _united(read: AnnotatedFile) -> tuple[list[AnnotatedRecord], int]:
    """The file's sets (one per text and annotator) and how many lines were
    folded into another; the file's conflicts are put in ``read.conflicts``."""
    groups: dict[tuple[str, str], list[AnnotatedRecord]] = {}
    for record in read.records:
        key = (text_hash(record.document.text), record.annotator)
        groups.setdefault(key, []).append(record)
    records = []
    read.conflicts = []
    merged = 0
    for group in groups.values():
        record, conflicts = unite(group)
        records.append(record)
        read.conflicts.extend(conflicts)
        merged += max(0, sum(not r.choice for r in group) - 1 - len(conflicts))
    return records, merged


def conflict_name(project: Project, doc_id: int, name: str, path: Path) -> str:
    """``NAME@FILE`` (``-2``, ``-3`` ... when taken), as ``merge`` names a
    set kept beside another."""
    n = 1
    while True:
        alias = f"{name}@{path.stem}" if n == 1 else f"{name}@{path.stem}-{n}"
        if project.sets.find(doc_id, alias) is None:
            return alias
        n += 1


def _store(
    project: Project, run: StagedRun, record: AnnotatedRecord, doc_id: int, name: str
) -> None:
    """One record as ``name``'s set of the document, its before-image kept."""
    with run.write(1 + len(record.spans) + len(record.relations)):
        run.keep_set(doc_id, name)
        set_id = project.sets.replace(
            doc_id,
            name,
            record.spans,
            record.status,
            record.note,
            relations=record.relations,
            categories=record.categories,
            meta=record.meta,
        )
        if record.status == "skipped":
            project.sets.set_status(set_id, "skipped", record.skip_reason)


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
        summary.answer_missing.update(read.answer_missing)
        summary.kept_lines += read.kept_lines
        summary.rejected += read.rejected
        records, merged = _united(read)
        summary.merged += merged
        tally = FileTally(read.path, len(read.records))
        tally.kept = read.kept_lines
        summary.per_file.append(tally)
        conflicts = {id(c) for c in read.conflicts}
        for part in run.batches(records + read.conflicts):
            with run.write(len(part)):
                result = project.documents.add(r.document for r in part)
            summary.new_documents += result.added
            tally.documents += result.added
            # Sets the annotator does not have yet are written in batches
            # (store/new_sets.py); the rest one by one, in the file's order.
            bulk = project.engine == "sqlite"
            there = existing_pairs(project, result.ids) if bulk else set()
            fresh: list[tuple[AnnotatedRecord, int]] = []
            taken: set[tuple[int, str]] = set()
            for record, doc_id in zip(part, result.ids, strict=True):
                pair = (doc_id, record.annotator)
                if bulk and id(record) not in conflicts and pair not in there and pair not in taken:
                    fresh.append((record, doc_id))
                    taken.add(pair)
                    continue
                for late, late_id in store_new(project, run, fresh, summary, tally):
                    _store_one(project, run, prepared, read, late, late_id, False, summary, tally)
                fresh = []
                conflict = id(record) in conflicts
                stored = _store_one(
                    project, run, prepared, read, record, doc_id, conflict, summary, tally
                )
                taken.add((doc_id, stored or record.annotator))  # NAME@FILE is taken now
            for late, late_id in store_new(project, run, fresh, summary, tally):
                _store_one(project, run, prepared, read, late, late_id, False, summary, tally)
    return summary


def _store_one(
    project: Project,
    run: StagedRun,
    prepared: PreparedImport,
    read: AnnotatedFile,
    record: AnnotatedRecord,
    doc_id: int,
    conflict: bool,
    summary: AnnotationImportSummary,
    tally: FileTally,
) -> str | None:
    """One record by the conflict rule (conflicts.py): a line of the file's
    own conflicts under ``NAME@FILE``, an answer-only line into the set it
    answers, a set the same as the annotator's not written at all. Returns
    the name of the set written (None: none)."""
    name = record.annotator
    if conflict:
        name = conflict_name(project, doc_id, name, read.path)
        summary.conflicts.append(f"{read.path}:{record.line} as {name}")
        tally.conflicts.append(name)
    existing = project.sets.find(doc_id, name)
    if record.choice and existing is not None:  # answers only: spans stay
        where = place_answers(project, run, record, existing, read.path, prepared.replace, tally)
        if where is None:  # the set has these answers already
            return None
        if where == name:
            _answer(project, run, record, existing)
        else:  # a differing answer: the set with these answers, kept beside
            summary.conflicts.append(f"{read.path}:{record.line} as {where}")
            _store(project, run, _answered_copy(record, existing), doc_id, where)
        summary.sets += 1
        summary.categorised += bool(record.categories)
        summary.annotators.add(where)
        return where
    stored = place(project, run, record, doc_id, name, read.path, prepared.replace, tally)
    if stored is None:  # the same as the set there: nothing written or counted
        return None
    name = stored
    _store(project, run, record, doc_id, name)
    count_stored(record, summary, name)
    return name


def _answer(
    project: Project, run: StagedRun, record: AnnotatedRecord, existing: AnnotationSet
) -> None:
    """A category-only record's answers written into the annotator's set
    (its spans stay), with the line's kept fields added to the set's meta."""
    doc_id, name = existing.document_id, existing.annotator
    with run.write(1):
        run.keep_set(doc_id, name)
        for category, values in (record.categories or {}).items():
            project.categories.set(existing.id, category, values)
        if record.meta:  # the set as it is, with these lines' kept fields
            whole = project.sets.get(existing.id)
            project.sets.replace(
                doc_id,
                name,
                whole.spans,
                whole.status,
                relations=whole.relations,
                meta=_with_kept(whole.meta, record.meta),
            )
            if whole.status == "skipped":
                project.sets.set_status(existing.id, "skipped", whole.skip_reason)


def _answered_copy(record: AnnotatedRecord, existing: AnnotationSet) -> AnnotatedRecord:
    """The annotator's set with a category-only record's answers: what a
    differing answer is kept beside the set as (``NAME@FILE``)."""
    return replace(
        record,
        spans=list(existing.spans),
        relations=list(existing.relations),
        status=existing.status,
        note=existing.note,
        skip_reason=existing.skip_reason,
        categories={**existing.categories, **(record.categories or {})},
        meta=_with_kept(existing.meta, record.meta) if record.meta else existing.meta,
        kind="manual",
    )


def _with_kept(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """A set's meta with the kept lines of a later category-only record
    added (a line it keeps already is not kept twice)."""
    kept = dict(old.get("prodigy", {}))
    for key, value in new.get("prodigy", {}).items():
        if isinstance(value, list):
            kept[key] = [*kept.get(key, []), *(v for v in value if v not in kept.get(key, []))]
        else:
            kept[key] = value
    return {**old, "prodigy": kept}


def import_annotated(
    project: Project,
    paths: list[Path],
    annotator: str | None = None,
    label_map: dict[str, str] | None = None,
    add_labels: bool = False,
    answer_missing: AnswerMissing | None = None,
) -> AnnotationImportSummary:
    """Check every file, then store all of them in one staged run."""
    prepared = prepare_annotated(
        project, paths, annotator, label_map, add_labels, answer_missing=answer_missing
    )
    with staged_run(project, "import", "nothing was imported") as run:
        return store_annotated(project, prepared, run)
