"""What every annotated-line reader shares: where a line is, its labels,
spans, annotator and document.

An unknown label does not stop the reading: it is counted (``Unknown``) and
the run stops after every file is read, with one message naming all of them
(``annotations.refuse_unknown``), so a user fixes them in one go.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from annotator.core.errors import InputError
from annotator.core.formats.categories import CategoryLabels
from annotator.core.scheme import Scheme
from annotator.core.types import Document, Span

from .annotated import Unknown
from .limits import DEFAULT_MAX_CHARS, check_size
from .links import Fail
from .readers import check_published

AnswerMissing = Literal["accept", "ignore", "in-progress"]


def as_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class LineReader:
    """Checks and converts the lines of one file."""

    def __init__(
        self,
        path: Path,
        scheme: Scheme,
        annotator: str | None,
        label_map: dict[str, str],
        add_labels: bool,
        max_chars: int = DEFAULT_MAX_CHARS,
        unknown: Unknown | None = None,
        answer_missing: AnswerMissing | None = None,
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
        self.unknown = unknown if unknown is not None else Unknown()
        self.answer_missing = answer_missing

    def fail(self, message: str, line: int | None) -> InputError:
        return InputError(message, str(self.path), line)

    def at(self, line: int | None) -> Fail:
        """The ``fail`` of one line, for the relation and category readers."""
        return lambda message: self.fail(message, line)

    def label(self, value: Any, line: int | None) -> str:
        """A span label, mapped; one the scheme lacks is added (``--add-labels``)
        or counted as unknown and kept as it is until the run is refused."""
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"span label {value!r} is not a name", line)
        if value in self.label_map:
            value = self.label_map[value]
            self.mapped += 1
        if value not in self.known:
            if not self.add_labels:
                self.unknown.add("span", value, self.path, line)
                return value
            self.known.add(value)
            self.entity_labels.add(value)  # extend_scheme adds it without a span_key
            self.new_labels.append(value)
        return value

    def category_label(self, value: Any, line: int | None) -> str | None:
        """A category label (a ``choice`` option id, a ``textcat`` label),
        mapped; None (counted as unknown) when no category of the scheme has it."""
        if not isinstance(value, str) or not value:
            raise self.fail(f"category label {value!r} is not a name", line)
        value = self.label_map.get(value, value)
        if value not in self.categories.values:
            self.unknown.add("category", value, self.path, line)
            return None
        return value

    def span(
        self, start: Any, end: Any, label: Any, attrs: Any, text: str, line: int | None
    ) -> Span:
        s, e = as_int(start), as_int(end)
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
