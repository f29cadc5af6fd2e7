"""Document categories as the training formats name them: one label per value.

spaCy's ``doc.cats``, Prodigy's ``cats`` and ``choice`` options and doccano's
``cats`` list all hold flat labels, not (category, value) pairs. A value's
label is its name (``relevant``, ``report``) so ``textcat`` predicts the
words the annotators chose; only a value name that two categories of the
scheme share is written ``category:value`` (both of them), so no label ever
means two things. The same rule reads the labels back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from annotator.core.errors import AnnotatorError
from annotator.core.scheme import Scheme


def category_labels(scheme: Scheme | None) -> dict[tuple[str, str], str]:
    """(category, value) to its label, for every value of the scheme."""
    if scheme is None:
        return {}
    shared = Counter(v for cat in scheme.categories for v in cat.value_names)
    return {
        (cat.name, value): f"{cat.name}:{value}" if shared[value] > 1 else value
        for cat in scheme.categories
        for value in cat.value_names
    }


class CategoryLabels:
    """The scheme's labels both ways, built once per export or import."""

    def __init__(self, scheme: Scheme | None):
        self.scheme = scheme
        self.labels = category_labels(scheme)
        self.values = {label: pair for pair, label in self.labels.items()}

    def label(self, category: str, value: str) -> str:
        """The label of one value; a value the scheme lacks keeps its own name."""
        return self.labels.get((category, value), value)

    def chosen(self, answers: Mapping[str, list[str]]) -> list[str]:
        """The labels of the chosen values, category by category as given."""
        return [self.label(name, value) for name, values in answers.items() for value in values]

    def cats(self, answers: Mapping[str, list[str]]) -> dict[str, float]:
        """spaCy's ``doc.cats`` for a set's answers: every value of each
        answered category, 1.0 for the chosen ones and 0.0 for the others
        (one-hot for a one-choice category); unanswered categories are left
        out, which spaCy's text classifiers treat as unknown, not as 0."""
        cats: dict[str, float] = {}
        for name, values in answers.items():
            category = self.scheme.category(name) if self.scheme else None
            every = category.value_names if category else values
            for value in every:
                cats[self.label(name, value)] = 1.0 if value in values else 0.0
        return cats

    def answers(self, chosen: Iterable[str]) -> dict[str, list[str]]:
        """Category answers from chosen labels; a label that is no value of
        the scheme's categories raises AnnotatorError (the caller adds where)."""
        answers: dict[str, list[str]] = {}
        for label in chosen:
            pair = self.pair(label)
            values = answers.setdefault(pair[0], [])
            if pair[1] not in values:
                values.append(pair[1])
        for name, values in answers.items():
            values.sort()
            category = self.scheme.category(name) if self.scheme else None
            if category is not None and category.exclusive and len(values) > 1:
                raise AnnotatorError(
                    f"category {name!r} takes one value, not {len(values)} ({', '.join(values)})"
                )
        return answers

    def pair(self, label: str) -> tuple[str, str]:
        """(category, value) of a label, or AnnotatorError for one the scheme lacks."""
        pair = self.values.get(label)
        if pair is None:
            known = ", ".join(self.values) or "none"
            raise AnnotatorError(
                f"category label {label!r} is no value of the project's categories"
                f" ({known}); add it to the scheme (annotator scheme set) to import it"
            )
        return pair

    def from_cats(self, cats: Mapping[str, float]) -> dict[str, list[str]]:
        """Answers from a ``cats`` dict: the labels scored 0.5 or more are
        chosen; every label must be a value of the scheme (even one at 0)."""
        for label in cats:
            self.pair(label)
        return self.answers(label for label, score in cats.items() if score >= 0.5)
