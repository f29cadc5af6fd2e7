"""Plain export records and the summary every writer fills.

Writers take :class:`ExportRecord` (a document, its spans and who made them)
so they never depend on SQLite: the store layer (``source.py``) selects the
records from a project, tests and the benchmark build them directly.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from annotator.core.types import Document, Relation, Span
from annotator.core.words import count


@dataclass(slots=True)
class ExportRecord:
    """One annotated document as an export sees it.

    ``annotator`` is the set's annotator (``gold`` for the adjudicated set, a
    model name for predictions); ``status`` is the set's status. Relations
    name their ends by (start, end, label) of spans in ``spans``;
    ``categories`` maps a category to its chosen values; ``meta`` is what an
    import kept of the set without modelling it, for the same format's writer.
    """

    document: Document
    spans: list[Span]
    annotator: str
    status: str = "done"
    skip_reason: str = ""
    relations: list[Relation] = field(default_factory=list)
    categories: dict[str, list[str]] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)  # the set's kept fields (an import's)

    @property
    def key(self) -> str:
        """The document's content hash: what splits and imports match on."""
        return self.document.hash or hashlib.sha256(self.document.text.encode("utf-8")).hexdigest()


@dataclass
class ExportSummary:
    """What an export did, for the one summary line the CLI prints.

    Nothing is dropped silently: every span that could not be written exactly
    as annotated is counted here under the reason.
    """

    documents: int = 0
    spans: int = 0
    train: int = 0
    dev: int = 0
    expanded: int = 0  # boundaries widened to spaCy's tokens
    trimmed: int = 0  # leading/trailing whitespace tokens removed
    overlapping_ents: int = 0  # entity spans kept in spans["sc"] only (overlap another)
    unplaceable: int = 0  # cover no token at all (whitespace only): not written
    relations: int = 0  # written
    categorised: int = 0  # documents written with at least one category answer
    unlinked: int = 0  # relations with an end that covers no token: not written
    lost_relations: int = 0  # relations of a format without them (CoNLL)
    lost_categories: int = 0  # documents with answers, in a format without them (CoNLL)
    files: list[str] = field(default_factory=list)

    def line(self) -> str:
        parts = [f"exported {count(self.documents, 'document')}, {count(self.spans, 'span')}"]
        if self.relations:
            parts[0] += f", {count(self.relations, 'relation')}"
        if self.categorised:
            parts[0] += f", {count(self.categorised, 'document')} with categories"
        if self.train or self.dev:
            parts[0] += f" ({self.train} train, {self.dev} dev)"
        if bool(self.train) != bool(self.dev):  # spacy: one part written empty
            empty, full = ("dev", "train") if self.train else ("train", "dev")
            parts.append(
                f"warning: {empty}.spacy holds no document (the split of"
                f" {count(self.documents, 'document')} put every one in {full}.spacy);"
                " `spacy train` needs documents in both"
            )
        if self.expanded:
            parts.append(f"{count(self.expanded, 'span')} expanded to token boundaries")
        if self.trimmed:
            parts.append(f"{count(self.trimmed, 'span')} trimmed of surrounding whitespace tokens")
        if self.overlapping_ents:
            parts.append(
                f"{count(self.overlapping_ents, 'overlapping entity span')} kept only in "
                'spans["sc"] (the longer one went to doc.ents)'
            )
        if self.unplaceable:
            one = self.unplaceable == 1
            parts.append(
                f"{count(self.unplaceable, 'span')} {'covers' if one else 'cover'} no token"
                f" and {'was' if one else 'were'} not written"
            )
        if not (self.expanded or self.trimmed or self.overlapping_ents or self.unplaceable):
            parts.append("every span written exactly")
        if self.unlinked:
            parts.append(
                f"{count(self.unlinked, 'relation')} lost an end that covers no token: not written"
            )
        if self.lost_relations or self.lost_categories:
            parts.append(
                f"{count(self.lost_relations, 'relation')} and the categories of"
                f" {count(self.lost_categories, 'document')} not written"
                " (this format has no place for them; use spacy, jsonl or doccano)"
            )
        return "; ".join(parts) + (f" -> {', '.join(self.files)}" if self.files else "")


def split_keys(keys: Iterable[str], fraction: float, seed: int) -> set[str]:
    """The keys that go to the training set, reproducibly for a seed.

    Keys are sorted before a seeded shuffle, so the split depends only on the
    documents' content and the seed, not on database ids or the order in
    which documents arrive. With two or more documents and 0 < fraction < 1
    both parts get at least one document (``spacy train`` needs a dev set).
    """
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"split {fraction} is not between 0 and 1")
    ordered = sorted(set(keys))
    random.Random(seed).shuffle(ordered)
    n = len(ordered)
    n_train = round(n * fraction)
    if n >= 2 and 0.0 < fraction < 1.0:
        n_train = min(max(n_train, 1), n - 1)
    return set(ordered[:n_train])
