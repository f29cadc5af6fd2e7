"""Agreement on relations and document categories, from plain data.

Relations: per annotator pair and relation label, F1 over exact relation
keys. A relation of one annotator matches one of the other's when both ends
are the same span (start, end and label) and the relation label is the
same (``Relation.key``); matching is one-to-one per key, so F1 is
2 * matched / (relations of a + relations of b), symmetric like span F1.

Categories: the unit is the document (one-choice category) or the pair
(document, value) (many-choice category, each value a yes/no question):
* one-choice: an annotator's value code, missing when they finished the
  document without answering; Cohen's kappa per pair and Fleiss' kappa over
  all compared annotators count only documents every rater answered;
* many-choice: 1 when the value is chosen, 0 when not, for every document
  the annotator finished (an empty answer is "none of these");
* Krippendorff's alpha (nominal) uses every unit with two or more values,
  so a missing answer costs that rater's value only.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .statistics import cohen_kappa, f1, fleiss_kappa_codes, nominal_alpha, pairable_values

if TYPE_CHECKING:
    from .report import DocumentSets


@dataclass(slots=True)
class RelationAgreement:
    """One pair's relation F1 for one relation label (or overall)."""

    f1: float | None
    relations_a: int = 0
    relations_b: int = 0
    matched: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "f1": self.f1,
            "relations_a": self.relations_a,
            "relations_b": self.relations_b,
            "matched": self.matched,
        }


@dataclass(slots=True)
class CategoryAgreement:
    """Kappa and alpha of one category: Cohen's kappa for a pair, Fleiss'
    kappa over all compared annotators (None for fewer than three)."""

    kappa: float | None
    alpha: float | None
    units: int  # units every rater of the kappa answered
    alpha_units: int = 0  # units with two or more values (what alpha rests on)
    exclusive: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "kappa": self.kappa,
            "alpha": self.alpha,
            "units": self.units,
            "alpha_units": self.alpha_units,
            "exclusive": self.exclusive,
        }


@dataclass(frozen=True, slots=True)
class CategorySpec:
    """What the figures need of a scheme category: one choice or many, and
    its values in the scheme's order."""

    name: str
    exclusive: bool
    values: tuple[str, ...]


def ordered_relation_labels(
    docs: Sequence[DocumentSets], labels: Sequence[str] | None
) -> list[str]:
    """The scheme's relation labels, then any others found in the data."""
    seen = {r.label for d in docs for rels in d.relations.values() for r in rels}
    ordered = list(labels or [])
    return ordered + sorted(seen - set(ordered))


def category_specs(
    docs: Sequence[DocumentSets], specs: Sequence[CategorySpec] | None
) -> list[CategorySpec]:
    """The scheme's categories, then categories and values found only in the
    data (one-choice unless some answer has several values)."""
    out: dict[str, CategorySpec] = {s.name: s for s in specs or []}
    found: dict[str, set[str]] = {}
    several: set[str] = set()
    for d in docs:
        for answers in d.categories.values():
            for name, values in answers.items():
                found.setdefault(name, set()).update(values)
                if len(values) > 1:
                    several.add(name)
    for name in sorted(found):
        spec = out.get(name)
        known = spec.values if spec else ()
        extra = tuple(sorted(found[name] - set(known)))
        exclusive = spec.exclusive if spec else name not in several
        out[name] = CategorySpec(name, exclusive, tuple(known) + extra)
    return list(out.values())


def relation_pair(
    docs: Sequence[DocumentSets], a: str, b: str, labels: Sequence[str]
) -> tuple[dict[str, RelationAgreement], RelationAgreement]:
    """Relation F1 of ``a`` and ``b`` per label and micro-averaged overall,
    over the documents both finished."""
    counts = {lab: [0, 0, 0] for lab in labels}
    for d in docs:
        if a not in d.sets or b not in d.sets:
            continue
        keys_a = Counter(r.key() for r in d.relations.get(a, ()))
        keys_b = Counter(r.key() for r in d.relations.get(b, ()))
        for key, n in keys_a.items():
            counts[key[2]][0] += n
            counts[key[2]][2] += min(n, keys_b.get(key, 0))
        for key, n in keys_b.items():
            counts[key[2]][1] += n
    figs = {lab: RelationAgreement(f1(m, na, nb), na, nb, m) for lab, (na, nb, m) in counts.items()}
    na, nb, m = (sum(c[k] for c in counts.values()) for k in range(3))
    return figs, RelationAgreement(f1(m, na, nb), na, nb, m)


def _category_matrix(
    docs: Sequence[DocumentSets], names: Sequence[str], spec: CategorySpec
) -> np.ndarray:
    """Raters x units value codes of one category, NaN where a rater gave no
    value (did not finish the document, or left a one-choice category blank)."""
    codes = {v: k for k, v in enumerate(spec.values)}
    columns: list[list[float]] = []
    nan = float("nan")
    for d in docs:
        if spec.exclusive:
            column = []
            for n in names:
                chosen = d.categories.get(n, {}).get(spec.name) if n in d.sets else None
                column.append(float(codes[chosen[0]]) if chosen else nan)
            columns.append(column)
            continue
        for value in spec.values:
            column = []
            for n in names:
                if n not in d.sets:
                    column.append(nan)
                else:
                    column.append(float(value in d.categories.get(n, {}).get(spec.name, ())))
            columns.append(column)
    return np.asarray(columns, dtype=np.float64).reshape(-1, len(names)).T


def _kappa(matrix: np.ndarray, n_classes: int) -> tuple[float | None, int]:
    """Cohen's (two rows) or Fleiss' (more) kappa over the units every row
    rated, and how many those are."""
    complete = ~np.isnan(matrix).any(axis=0)
    rated = matrix[:, complete].astype(np.int64)
    units = int(complete.sum())
    if units == 0:
        return None, 0
    if matrix.shape[0] == 2:
        return cohen_kappa(rated[0], rated[1], n_classes), units
    return fleiss_kappa_codes(list(rated), n_classes), units


def category_figures(
    docs: Sequence[DocumentSets], names: Sequence[str], specs: Sequence[CategorySpec]
) -> tuple[dict[tuple[str, str], dict[str, CategoryAgreement]], dict[str, CategoryAgreement]]:
    """Per pair (a, b) and category: Cohen's kappa and alpha; per category
    over all ``names``: Fleiss' kappa (three or more annotators) and alpha."""
    pairs: dict[tuple[str, str], dict[str, CategoryAgreement]] = {
        p: {} for p in itertools.combinations(names, 2)
    }
    overall: dict[str, CategoryAgreement] = {}
    for spec in specs:
        matrix = _category_matrix(docs, names, spec)
        n_classes = len(spec.values) if spec.exclusive else 2
        for (ia, a), (ib, b) in itertools.combinations(enumerate(names), 2):
            rows = matrix[[ia, ib]]
            kappa, units = _kappa(rows, n_classes)
            alpha_units, _ = pairable_values(rows)
            pairs[(a, b)][spec.name] = CategoryAgreement(
                kappa, nominal_alpha(rows), units, alpha_units, spec.exclusive
            )
        kappa, units = _kappa(matrix, n_classes) if len(names) >= 3 else (None, 0)
        alpha_units, _ = pairable_values(matrix)
        overall[spec.name] = CategoryAgreement(
            kappa, nominal_alpha(matrix), units, alpha_units, spec.exclusive
        )
    return pairs, overall
