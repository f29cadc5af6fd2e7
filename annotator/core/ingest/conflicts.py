"""Nothing an annotator made is replaced silently by an import.

An incoming set for a document the annotator already has a set of is
compared with it by content (``store/conflicts.py``, the rule ``merge``
applies):

* the same content: nothing is written (a re-import is a no-op);
* different content: the incoming set is kept beside theirs as a conflict,
  under ``NAME@FILE`` as ``merge`` names it, and counted in the summary; the
  annotator's own set stays as it was;
* with ``--replace``: the incoming set replaces theirs, and an
  ``import.replace`` event records what the set held before, so the
  history says what was replaced and from which file and line.

Each file's tally (:class:`FileTally`) goes into the summary line: lines
read, new documents, sets written, unchanged, conflicts, replaced, lines
with fields kept but not shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.store import Project, StagedRun
from annotator.core.store.conflicts import beside_name, content
from annotator.core.types import AnnotationSet
from annotator.core.words import count

from .annotated import AnnotatedRecord


@dataclass
class FileTally:
    """What one annotated file's lines became."""

    path: Path
    lines: int = 0
    documents: int = 0  # new documents
    sets: int = 0  # sets written (new, replaced or kept beside)
    unchanged: int = 0  # the same as the set there: nothing written
    conflicts: list[str] = field(default_factory=list)  # NAME@FILE kept beside a differing set
    replaced: int = 0  # --replace: the annotator's set replaced (logged)
    kept: int = 0  # lines with fields kept in meta, not shown

    def text(self) -> str:
        parts = [
            f"{self.path.name}: {count(self.lines, 'line')} -> "
            f"{count(self.documents, 'new document')}, {count(self.sets, 'set')}"
        ]
        if self.unchanged:
            parts.append(f"{self.unchanged} unchanged")
        parts.append(count(len(self.conflicts), "conflict"))
        if self.replaced:
            parts.append(f"{self.replaced} replaced (--replace, logged)")
        parts.append(f"{count(self.kept, 'line')} with fields kept, not shown")
        return ", ".join(parts)


def _incoming(record: AnnotatedRecord, there_note: str, there_categories: dict) -> tuple:
    """The record's content as the set would hold it (a record that says
    nothing of the note or the categories keeps the set's)."""
    return content(
        record.status,
        there_note if record.note is None else record.note,
        record.skip_reason,
        record.spans,
        record.relations,
        there_categories if record.categories is None else record.categories,
    )


def place(
    project: Project,
    run: StagedRun,
    record: AnnotatedRecord,
    doc_id: int,
    name: str,
    path: Path,
    replace: bool,
    tally: FileTally,
) -> str | None:
    """The annotator name to store ``record`` under for the document, or
    None when the set there has the same content (nothing to write)."""
    there = project.sets.find(doc_id, name)
    if there is None:
        tally.sets += 1
        return name
    incoming = _incoming(record, there.note, there.categories)
    ours = content(
        there.status, there.note, there.skip_reason, there.spans, there.relations, there.categories
    )
    if incoming == ours:
        tally.unchanged += 1
        return None
    if replace:
        with run.write(1):
            project.sets.log(
                "import.replace",
                there.id,
                {
                    "file": str(path),
                    "line": record.line,
                    "before": {
                        "status": there.status,
                        "spans": [[s.start, s.end, s.label] for s in there.spans],
                        "relations": len(there.relations),
                        "categories": there.categories,
                    },
                    "spans": len(record.spans),
                },
            )
        tally.replaced += 1
        tally.sets += 1
        return name
    alias, present = beside_name(project, doc_id, name, path.stem, incoming)
    if present:  # this file's version was kept beside before: the same again
        tally.unchanged += 1
        return None
    tally.conflicts.append(alias)
    tally.sets += 1
    return alias


def place_answers(
    project: Project,
    run: StagedRun,
    record: AnnotatedRecord,
    there: AnnotationSet,
    path: Path,
    replace: bool,
    tally: FileTally,
) -> str | None:
    """Where a category-only record (Prodigy ``textcat``, ``choice``) goes
    when the annotator has a set of the document: the set's own name when
    it only adds answers to categories the set left open (or ``replace``,
    logged as ``import.replace``), ``NAME@FILE`` when it answers one the set
    answered differently (a conflict: the set's spans with these answers,
    kept beside it), None when the set says the same already."""
    answers = record.categories or {}
    differing = {
        name: values
        for name, values in answers.items()
        if there.categories.get(name) and sorted(there.categories[name]) != sorted(values)
    }
    if not differing:
        added = any(sorted(there.categories.get(n, [])) != sorted(v) for n, v in answers.items())
        if not added and not record.meta:
            tally.unchanged += 1
            return None
        tally.sets += 1
        return there.annotator
    if replace:
        with run.write(1):
            project.sets.log(
                "import.replace",
                there.id,
                {
                    "file": str(path),
                    "line": record.line,
                    "before": {"categories": {n: there.categories[n] for n in differing}},
                    "categories": differing,
                },
            )
        tally.replaced += 1
        tally.sets += 1
        return there.annotator
    incoming = content(
        there.status,
        there.note,
        there.skip_reason,
        there.spans,
        there.relations,
        {**there.categories, **answers},
    )
    alias, present = beside_name(project, there.document_id, there.annotator, path.stem, incoming)
    if present:
        tally.unchanged += 1
        return None
    tally.conflicts.append(alias)
    tally.sets += 1
    return alias


def conflict_text(tallies: list[FileTally]) -> str:
    """The summary's part on sets that differed from the annotator's own."""
    beside = [name for t in tallies for name in t.conflicts]
    replaced = sum(t.replaced for t in tallies)
    parts = []
    if beside:
        parts.append(
            f"{count(len(beside), 'set')} differed from the annotator's own set of the document:"
            f" kept beside it as {', '.join(sorted(set(beside)))}"
            " (theirs unchanged; --replace to replace instead)"
        )
    if replaced:
        parts.append(
            f"{count(replaced, 'set')} replaced by --replace (each logged as import.replace)"
        )
    return "; ".join(parts)
