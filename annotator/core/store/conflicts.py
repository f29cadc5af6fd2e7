"""What makes two versions of a set the same, and the name a differing one
is kept under beside the other: the rule ``merge`` applies to sets of
another project file, for the import's sets too.

``merge.py`` keeps its own copy of the rule for now; both name a copy
``NAME@FILE`` (``-2``, ``-3`` ... when taken) and compare the same fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from annotator.core.types import Relation, Span

from .util import dumps

if TYPE_CHECKING:
    from .project import Project


def content(
    status: str,
    note: str,
    skip_reason: str,
    spans: Iterable[Span],
    relations: Iterable[Relation],
    categories: Mapping[str, list[str]],
) -> tuple:
    """A set's content: spans (boundaries, label, attributes), relations
    (both ends and the label), category answers, status, note, skip reason.
    Not ids, origins, timings or kept fields."""
    return (
        status,
        note or "",
        skip_reason or "",
        tuple(sorted((s.start, s.end, s.label, dumps(s.attrs or {})) for s in spans)),
        sorted(r.key() for r in relations),
        sorted((name, tuple(sorted(values))) for name, values in categories.items()),
    )


def beside_name(
    project: Project, doc_id: int, name: str, stem: str, same: tuple
) -> tuple[str, bool]:
    """(the name to keep a differing set under, whether a copy with the same
    content is there already): ``NAME@STEM``, then ``NAME@STEM-2`` ..."""
    n = 1
    while True:
        alias = f"{name}@{stem}" if n == 1 else f"{name}@{stem}-{n}"
        there = project.sets.find(doc_id, alias)
        if there is None:
            return alias, False
        kept = content(
            there.status,
            there.note,
            there.skip_reason,
            there.spans,
            there.relations,
            there.categories,
        )
        if kept == same:
            return alias, True
        n += 1
