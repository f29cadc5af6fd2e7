"""Relations and document categories read from annotated lines.

Each format names a relation's ends its own way: Prodigy's ``rel.manual``
by ``head_span``/``child_span`` (and ``head``/``child``, the index of each
span's last token), doccano by entity ``id``, our DocBin by (start, end,
label) in ``doc.user_data``. All of them are resolved here to spans of the
same line, then checked against the scheme. A relation or category the
scheme lacks is refused, not mapped or added (``--label-map`` and
``--add-labels`` are for span labels): a relation type needs its head and
child labels and a category its values, which only ``annotator scheme set``
can give. Every refusal is an InputError naming the file and line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from annotator.core.errors import AnnotatorError, InputError
from annotator.core.formats.categories import CategoryLabels
from annotator.core.scheme import Scheme
from annotator.core.types import Relation, Span, SpanKey

Fail = Callable[[str], InputError]


def _show(key: SpanKey) -> str:
    return f"{key[2]} [{key[0]}, {key[1]})"


class LineSpans:
    """The spans of one line, found by the key they had in the file (before
    ``--label-map``) and by their last token, as relations name them."""

    def __init__(self) -> None:
        self.by_key: dict[SpanKey, Span] = {}
        self.by_token_end: dict[int, list[Span]] = {}

    def add(self, raw_label: Any, span: Span, token_end: Any = None) -> None:
        self.by_key.setdefault((span.start, span.end, str(raw_label)), span)
        if isinstance(token_end, int) and not isinstance(token_end, bool):
            self.by_token_end.setdefault(token_end, []).append(span)

    def find(self, where: str, ref: Any, token: Any, fail: Fail) -> Span:
        """The span a relation end names: ``ref`` a span object (start, end,
        label) or None, ``token`` the index of its last token."""
        if isinstance(ref, dict):
            start, end, label = ref.get("start"), ref.get("end"), ref.get("label")
            if label is None:
                raise fail(
                    f"relation {where} [{start}, {end}) is a token, not a span;"
                    " the app links spans only (mark it as a span first)"
                )
            span = self.by_key.get((start, end, str(label)))
            if span is None:
                raise fail(f"relation {where} {label} [{start}, {end}) is none of the line's spans")
            return span
        if ref is None and isinstance(token, int) and not isinstance(token, bool):
            found = self.by_token_end.get(token, [])
            if len(found) == 1:
                return found[0]
            what = "no span ends" if not found else f"{len(found)} spans end"
            raise fail(f"relation {where} names token {token}; {what} there")
        raise fail(f"relation {where} names no span ({ref!r})")


def check_relation(scheme: Scheme, label: Any, head: Span, child: Span, fail: Fail) -> Relation:
    """A relation between two spans of a line, if the scheme allows it."""
    if not isinstance(label, str) or not label:
        raise fail(f"relation label {label!r} is not a name")
    kind = scheme.relation(label)
    if kind is None:
        known = ", ".join(scheme.relation_names) or "none"
        raise fail(
            f"relation {label!r} is not in the project's scheme ({known});"
            " add it with annotator scheme set to import it"
        )
    if not kind.allows(head.label, child.label):
        raise fail(
            f"relation {label} goes from {'/'.join(kind.heads)} to {'/'.join(kind.children)},"
            f" not from {_show(head.key())} to {_show(child.key())}"
        )
    if head.key() == child.key():
        raise fail(f"relation {label} joins {_show(head.key())} to itself")
    return Relation(head.key(), child.key(), label)


def unique(relations: Iterable[Relation]) -> list[Relation]:
    """Relations without repeats, in their first order."""
    seen: dict[tuple, Relation] = {}
    for rel in relations:
        seen.setdefault(rel.key(), rel)
    return list(seen.values())


def prodigy_relations(items: Any, spans: LineSpans, scheme: Scheme, fail: Fail) -> list[Relation]:
    """``relations`` of a Prodigy task, as ``rel.manual`` saves them."""
    if items is None:
        return []
    if not isinstance(items, list):
        raise fail("'relations' must be a list")
    found = []
    for item in items:
        if not isinstance(item, dict):
            raise fail(f"a relation must be an object, not {item!r}")
        head = spans.find("head", item.get("head_span"), item.get("head"), fail)
        child = spans.find("child", item.get("child_span"), item.get("child"), fail)
        found.append(check_relation(scheme, item.get("label"), head, child, fail))
    return unique(found)


def doccano_relations(
    items: Any, entities: Mapping[Any, Span], scheme: Scheme, fail: Fail
) -> list[Relation]:
    """doccano's ``relations``: ``from_id``/``to_id`` name entity ids."""
    if items is None:
        return []
    if not isinstance(items, list):
        raise fail("'relations' must be a list")
    found = []
    for item in items:
        if not isinstance(item, dict):
            raise fail(f"a relation must be an object, not {item!r}")
        ends = []
        for side in ("from_id", "to_id"):
            ref = item.get(side)
            if ref not in entities:
                raise fail(f"relation {side} {ref!r} is no entity id of this line")
            ends.append(entities[ref])
        found.append(check_relation(scheme, item.get("type"), ends[0], ends[1], fail))
    return unique(found)


def answers_from_cats(value: Any, labels: CategoryLabels, fail: Fail) -> dict[str, list[str]]:
    """Category answers from a ``cats`` dict (Prodigy, spaCy) or list (doccano)."""
    try:
        if isinstance(value, dict):
            for score in value.values():
                if isinstance(score, bool) or not isinstance(score, int | float):
                    raise fail(f"'cats' scores must be numbers, not {score!r}")
            return labels.from_cats(value)
        if isinstance(value, list):
            for label in value:
                if not isinstance(label, str):
                    raise fail(f"a category label must be a string, not {label!r}")
            return labels.answers(value)
    except AnnotatorError as exc:
        if isinstance(exc, InputError):
            raise
        raise fail(str(exc)) from None
    raise fail(f"'cats' must be an object or a list, not {value!r}")


def unite_answers(
    parts: Iterable[Mapping[str, list[str]]], labels: CategoryLabels, fail: Fail
) -> dict[str, list[str]]:
    """The answers of several lines of one document (its choice lines), one
    category at a time; two values for a one-choice category are refused."""
    united: dict[str, list[str]] = {}
    for part in parts:
        for name, values in part.items():
            united.setdefault(name, []).extend(v for v in values if v not in united[name])
    chosen = [labels.label(name, v) for name, values in sorted(united.items()) for v in values]
    try:
        return labels.answers(chosen)
    except AnnotatorError as exc:
        raise fail(str(exc)) from None
