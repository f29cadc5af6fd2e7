"""Merging other project files into this one (``annotator merge``).

Annotators on several machines each keep a project file; the lead brings
their documents, annotators, sets (and predictions) together. The rules
(README "Agreement, review and merging"):

* The other file is never modified: it is checked (that it is an annotator
  project, its schema version, integrity) and copied with SQLite's backup API
  from a connection that cannot write it; an older file's copy is migrated,
  a newer, foreign or corrupt file is refused before anything is written.
  A ``-wal`` beside it is read through SQLite with the file (SQLite reads an
  existing ``-wal`` whatever the file's journal mode), so its commits are
  merged too; when SQLite cannot open the two together, the file is refused.
* A label both schemes have must have the same span key and attributes
  (names, types, values); where they differ the merge is refused with the
  differences listed, unless ``force``, which keeps this project's scheme
  and reports the differences as warnings.
* Documents match by content hash, annotators by name, sets by (document
  hash, annotator). An identical set changes nothing, so merging the same
  file twice changes nothing.
* A set present on both sides with different content is never overwritten
  silently: with ``prefer="newer"`` the more recently updated side wins;
  otherwise the incoming set is kept under a distinct annotator name
  (``alice@laptop`` for a file ``laptop.db``) and reported as a conflict.
* Everything is written through one staged run on the target (staging.py):
  short commits a window can write between, undone whole if the merge fails,
  so it is all of it or none.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from annotator.core.errors import AnnotatorError, InputError, SchemaVersionError
from annotator.core.scheme import Scheme
from annotator.core.types import AnnotationSet, Document

from .database import available_migrations, has_pending_wal, inspect, reader
from .location import Location, parse_location
from .staging import StagedRun, staged_run
from .util import dumps

if TYPE_CHECKING:
    from .project import Project

Prefer = Literal["newer"] | None


@dataclass(slots=True)
class SetConflict:
    """A set that differs between the two files, and what was done with it."""

    source: str
    doc_hash: str
    document_id: int  # in the target
    annotator: str
    resolution: Literal["kept-both", "took-incoming", "kept-ours"]
    stored_as: str | None = None  # the incoming set's annotator name, when kept beside

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "document_id": self.document_id,
            "doc_hash": self.doc_hash,
            "annotator": self.annotator,
            "resolution": self.resolution,
            "stored_as": self.stored_as,
        }


@dataclass(slots=True)
class MergeResult:
    files: list[str] = field(default_factory=list)
    documents_added: int = 0
    documents_matched: int = 0
    annotators_added: list[str] = field(default_factory=list)
    sets_added: int = 0
    sets_unchanged: int = 0
    sets_replaced: int = 0
    predictions_added: int = 0  # (document, model) runs brought in
    conflicts: list[SetConflict] = field(default_factory=list)
    # what --force let through, and unfinished runs of killed processes undone first
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return bool(
            self.documents_added
            or self.annotators_added
            or self.sets_added
            or self.sets_replaced
            or self.predictions_added
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": list(self.files),
            "documents_added": self.documents_added,
            "documents_matched": self.documents_matched,
            "annotators_added": list(self.annotators_added),
            "sets_added": self.sets_added,
            "sets_unchanged": self.sets_unchanged,
            "sets_replaced": self.sets_replaced,
            "predictions_added": self.predictions_added,
            "conflicts": [c.to_dict() for c in self.conflicts],
            "warnings": list(self.warnings),
            "dry_run": self.dry_run,
        }


def _content(s: AnnotationSet) -> tuple:
    """What makes two versions of a set the same: spans (boundaries, label,
    attributes), relations (both ends and the label), category answers,
    status, note, skip reason. Not ids, origins, timings."""
    spans = sorted((x.start, x.end, x.label, dumps(x.attrs or {})) for x in s.spans)
    relations = sorted(r.key() for r in s.relations)
    answers = sorted((name, tuple(sorted(values))) for name, values in s.categories.items())
    return (s.status, s.note or "", s.skip_reason or "", tuple(spans), relations, answers)


def _snapshot(path: Path, workdir: Path) -> Path:
    """Validate ``path`` and copy it into ``workdir`` without touching it."""
    if not path.exists():
        raise InputError("no such project file", str(path))
    if path.is_dir():
        raise InputError("is a folder, not a project file", str(path))
    state = inspect(path, check=False)  # AnnotatorError for a non-SQLite file
    state.refuse_if_foreign()
    version = state.user_version
    latest = available_migrations()[-1].version
    if version > latest:
        raise SchemaVersionError(
            f"{path}: written by a newer annotator (schema version {version}, this version "
            f"knows up to {latest}); upgrade annotator to merge it. Nothing was changed."
        )
    copy = workdir / f"{len(list(workdir.iterdir()))}-{path.name}"
    pending_wal = has_pending_wal(path)
    try:
        src = reader(path, state.writable)
        try:
            dest = sqlite3.connect(copy)
            try:
                src.backup(dest)
                check = dest.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                dest.close()
        finally:
            src.close()
    except sqlite3.DatabaseError as exc:
        if pending_wal:
            raise InputError(
                f"cannot be read together with the {path.name}-wal beside it ({exc}); nothing "
                "was changed. Copy both files to a folder you can write, or copy the project "
                "with `annotator backup`",
                str(path),
            ) from None
        raise InputError(f"corrupt project file, nothing was changed ({exc})", str(path)) from None
    if check != "ok":
        raise InputError(f"corrupt project file, nothing was changed ({check})", str(path))
    return copy


def _same(one: Location, other: Location) -> bool:
    if isinstance(one, Path) and isinstance(other, Path):
        return one.resolve() == other.resolve()
    return str(one) == str(other)


def _open_source(path: Location, workdir: Path) -> Project:
    """A file is read from a snapshot copy (it may be written meanwhile); a
    server project is read directly, opened read-only."""
    if isinstance(path, Path):
        return _open_copy(path, _snapshot(path, workdir))
    from .project import Project

    try:
        return Project.open(path, create=False, read_only=True)
    except AnnotatorError as exc:
        detail = str(exc).replace(str(path), "").lstrip(": ")
        raise InputError(f"cannot read project ({detail})", str(path)) from None


def _open_copy(path: Path, copy: Path) -> Project:
    from .project import Project

    try:
        return Project.open(copy, create=False)
    except AnnotatorError as exc:
        detail = str(exc).replace(str(copy), "").lstrip(": ")
        raise InputError(f"cannot read project file ({detail})", str(path)) from None


def _check_compatible(scheme: Scheme, source: Project, path: Location) -> None:
    """Refuse spans or predictions whose labels ``scheme`` (the one the
    target will have) lacks."""
    missing = sorted(set(source.label_counts()) - set(scheme.names))
    if missing:
        raise InputError(
            f"incompatible: uses {'label' if len(missing) == 1 else 'labels'}"
            f" {', '.join(missing)} that this project's scheme "
            f"({scheme.name}) lacks; nothing was changed",
            str(path),
        )


def _label_differences(ours: Scheme, theirs: Scheme) -> list[str]:
    """How the labels both schemes name differ in what spans carry: span key
    (entity or span group) and attributes. Colours, keys and descriptions
    are presentation; they never block a merge."""
    differences = []
    mine = {label.name: label for label in ours.labels}
    for label in theirs.labels:
        here = mine.get(label.name)
        if here is None:
            continue
        if here.span_key != label.span_key:
            differences.append(
                f"{label.name} span_key {here.span_key!r} here, {label.span_key!r} there"
            )
        attrs_here = {a.name: a for a in here.attributes}
        attrs_there = {a.name: a for a in label.attributes}
        for name in sorted(attrs_here.keys() | attrs_there.keys()):
            a, b = attrs_here.get(name), attrs_there.get(name)
            if a is None or b is None:
                side = "there only" if a is None else "here only"
                differences.append(f"{label.name}.{name} {side}")
            elif a.type != b.type:
                differences.append(f"{label.name}.{name} type {a.type} here, {b.type} there")
            elif a.values != b.values:
                differences.append(f"{label.name}.{name} values {a.values} here, {b.values} there")
    return differences


def _check_same_labels(
    scheme: Scheme, source: Project, path: Location, force: bool, result: MergeResult
) -> None:
    """Refuse a file whose labels share names with ours but carry other span
    keys or attributes, unless ``force`` (then each difference is a warning)."""
    differences = _label_differences(scheme, source.scheme())
    if not differences:
        return
    listed = "; ".join(differences)
    if not force:
        raise InputError(
            f"its scheme gives labels of the same name other span keys or attributes: "
            f"{listed}; nothing was changed (--force merges anyway, keeping this project's "
            "scheme)",
            str(path),
        )
    result.warnings.append(
        f"{path}: merged with --force although its scheme differs: {listed}; this project's "
        "scheme was kept"
    )


def _write_set(
    target: Project, run: StagedRun, doc_id: int, name: str, incoming: AnnotationSet
) -> None:
    """Make ``incoming`` the target's set of ``name`` (spans, relations,
    category answers), keeping its timings (and, for an undo of the run,
    what the set was before)."""
    run.keep_set(doc_id, name)
    set_id = target.sets.replace(
        doc_id,
        name,
        incoming.spans,
        status=incoming.status,
        note=incoming.note,
        relations=incoming.relations,
        categories=incoming.categories,
    )
    target.sets.copy_record(set_id, incoming)


def _merge_one(
    target: Project,
    source: Project,
    path: Location,
    prefer: Prefer,
    result: MergeResult,
    tick: Callable[[], None],
    run: StagedRun,
) -> None:
    """One file into the target, through ``run``: a chunk of documents, an
    annotator, a set or a prediction run per ``run.write`` block. Before each
    long read (hashes, all of the file's sets) the open chunk is committed,
    so no transaction holds the lock while nothing is written."""
    run.flush()
    by_hash = {digest: doc_id for doc_id, digest in target.documents.hashes().items()}
    id_map: dict[int, int] = {}
    missing = []
    for src_id, digest in source.documents.hashes().items():
        if digest in by_hash:
            id_map[src_id] = by_hash[digest]
            result.documents_matched += 1
        else:
            missing.append(src_id)
    for chunk in run.batches(missing):
        docs = list(source.documents.stream(chunk))
        with run.write(len(docs)):
            added = target.documents.add(
                Document(d.text, d.title, d.source, d.published, dict(d.meta)) for d in docs
            )
        for d, new_id in zip(docs, added.ids, strict=True):
            id_map[int(d.id or 0)] = new_id
        result.documents_added += added.added
        result.documents_matched += added.duplicates
    run.flush()
    hashes = target.documents.hashes()

    known = set(target.sets.annotators())
    for name in source.sets.annotators():
        if name not in known:
            with run.write():
                target.sets.ensure_annotator(name)
            known.add(name)
            result.annotators_added.append(name)

    run.flush()
    incoming_sets = source.sets.select(with_spans=True)
    relations = source.relations.by_set(s.id for s in incoming_sets)
    answers = source.categories.by_set(s.id for s in incoming_sets)
    for incoming in incoming_sets:
        tick()
        incoming.relations, incoming.categories = relations[incoming.id], answers[incoming.id]
        doc_id = id_map[incoming.document_id]
        with run.write(1 + len(incoming.spans) + len(incoming.relations)):
            _merge_set(target, run, incoming, doc_id, hashes[doc_id], path, prefer, result, known)

    result.predictions_added += _merge_predictions(target, source, id_map, run)


def _merge_set(
    target: Project,
    run: StagedRun,
    incoming: AnnotationSet,
    doc_id: int,
    digest: str,
    path: Location,
    prefer: Prefer,
    result: MergeResult,
    known: set[str],
) -> None:
    """One incoming set: added, unchanged, taken or kept over ours by
    ``prefer``, or kept beside ours under ``NAME@FILE``."""
    name = incoming.annotator
    ours = target.sets.find(doc_id, name)
    if ours is None:
        _write_set(target, run, doc_id, name, incoming)
        result.sets_added += 1
        return
    if _content(ours) == _content(incoming):
        result.sets_unchanged += 1
        return
    if prefer == "newer":
        if incoming.updated_at > ours.updated_at:
            _write_set(target, run, doc_id, name, incoming)
            result.sets_replaced += 1
            resolution = "took-incoming"
        else:
            resolution = "kept-ours"
        result.conflicts.append(SetConflict(str(path), digest, doc_id, name, resolution))
        return
    # Keep both: the incoming set beside ours, under a name of its own.
    n = 1
    while True:
        alias = f"{name}@{path.stem}" if n == 1 else f"{name}@{path.stem}-{n}"
        beside = target.sets.find(doc_id, alias)
        if beside is None:
            if alias not in known:
                target.sets.ensure_annotator(alias)
                known.add(alias)
                result.annotators_added.append(alias)
            _write_set(target, run, doc_id, alias, incoming)
            result.sets_added += 1
            break
        if _content(beside) == _content(incoming):
            result.sets_unchanged += 1
            break
        n += 1
    result.conflicts.append(
        SetConflict(str(path), digest, doc_id, name, "kept-both", stored_as=alias)
    )


def _merge_predictions(
    target: Project, source: Project, id_map: dict[int, int], run: StagedRun
) -> int:
    """Bring in each (document, model) run the target does not have yet."""
    run.flush()
    have = {(r.document_id, r.model) for r in target.documents.prediction_runs()}
    added = 0
    for found in source.documents.prediction_runs():
        doc_id = id_map[found.document_id]
        if (doc_id, found.model) in have:
            continue
        spans = source.documents.predictions(found.document_id, found.model)
        with run.write(1 + len(spans)):
            target.documents.add_prediction_run(replace(found, document_id=doc_id), spans)
        added += 1
    return added


def merge_projects(
    target: Project,
    others: Sequence[str | Path],
    prefer: Prefer = None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    force: bool = False,
    chunk_rows: int | None = None,
) -> MergeResult:
    """Merge ``others`` into ``target`` (see the module docstring).

    Every file is checked before anything is written; then all of them are
    merged in one staged run, undone whole if anything fails ("nothing was
    merged"). ``dry_run`` does the whole merge and undoes it, so the result
    says what would happen.  ``chunk_rows`` bounds each commit (tests). ``progress(done, total)``
    is called as sets are merged. ``force`` lets a file through whose labels
    differ from ours in span key or attributes, with a warning in the result.
    """
    if prefer not in (None, "newer"):
        raise AnnotatorError(f"unknown --prefer value {prefer!r} (only 'newer')")
    paths = [parse_location(p) for p in others]
    if not paths:
        raise AnnotatorError("merge needs at least one other project file")
    result = MergeResult(files=[str(p) for p in paths], dry_run=dry_run)
    with tempfile.TemporaryDirectory(prefix="annotator-merge-") as tmp:
        workdir = Path(tmp)
        sources: list[tuple[Any, Project]] = []
        try:
            scheme = target.scheme()
            adopt = None  # a project without documents takes the first file's scheme
            for path in paths:
                if _same(path, target.path):
                    raise InputError("is the project being merged into", str(path))
                source = _open_source(path, workdir)
                sources.append((path, source))
                first_into_empty = len(sources) == 1 and target.documents.count() == 0
                if first_into_empty and source.scheme() != scheme:
                    adopt = scheme = source.scheme()
                _check_compatible(scheme, source, path)
                _check_same_labels(scheme, source, path, force, result)
            total = sum(src.sets.count() for _, src in sources)
            done = 0

            def tick() -> None:
                nonlocal done
                done += 1
                if progress is not None and (done % 100 == 0 or done == total):
                    progress(done, total)

            with staged_run(target, "merge", "nothing was merged", chunk_rows) as run:
                result.warnings.extend(run.recovered)
                if adopt is not None:
                    with run.write():
                        run.keep_setting("scheme")
                        target.set_scheme(adopt, force=False)
                for path, source in sources:
                    _merge_one(target, source, path, prefer, result, tick, run)
                if result.changed:
                    target.log_event("project.merge", result.to_dict())  # at the commit point
                if dry_run:
                    run.abort()  # the undo also forgets a scheme adopted in it
        finally:
            for _, source in sources:
                source.close()
    return result
