"""``--documents QUERY``: which documents ``annotator assign`` hands out.

A deliberately small language, so a lead can say "the Reuters articles not
handed out yet" without writing SQL, and a typo is refused rather than
matching nothing. A query is terms separated by spaces (shell quoting for
a value with spaces); a document must match every term, and a term's
comma-separated values are alternatives:

* ``all``: every document (the default);
* ``unassigned``: documents nobody is assigned to;
* ``id=1-500,600``: ids or inclusive id ranges;
* ``source=reuters*``: the source matches a pattern (``*`` any run of
  characters, ``?`` one; ASCII letters match either case);
* ``status=todo``: nobody has started the document (gold aside);
  ``status=in_progress``, ``done`` or ``skipped``: some annotator's set
  (gold aside) has that status;
* ``text=WORDS``: the title or the text contains WORDS (any case).
"""

from __future__ import annotations

import re
import shlex
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.types import GOLD, STATUSES

TERMS = "all, unassigned, id=RANGES, source=PATTERN, status=STATUS, text=WORDS"
_RANGE = re.compile(r"^(\d+)(?:-(\d+))?$")


def _refuse(why: str) -> AnnotatorError:
    return AnnotatorError(f"--documents: {why} (terms: {TERMS})")


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _glob_like(pattern: str) -> str:
    """A ``*``/``?`` pattern as a LIKE pattern (LIKE ignores ASCII case)."""
    return _escape_like(pattern).replace("*", "%").replace("?", "_")


def _ids(values: list[str]) -> tuple[str, list[Any]]:
    parts, args = [], []
    for value in values:
        match = _RANGE.match(value)
        if match is None:
            raise _refuse(f"id={value!r} is not an id or a range like 1-500")
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if last < first:
            raise _refuse(f"id={value!r} ends before it starts")
        parts.append("d.id BETWEEN ? AND ?")
        args += [first, last]
    return "(" + " OR ".join(parts) + ")", args


def _status(values: list[str]) -> tuple[str, list[Any]]:
    parts, args = [], []
    for value in values:
        if value not in STATUSES:
            raise _refuse(f"status={value!r} is not one of {', '.join(STATUSES)}")
        others = (
            "SELECT 1 FROM annotation_sets s JOIN annotators a ON a.id = s.annotator_id"
            " WHERE s.document_id = d.id AND a.name != ?"
        )
        if value == "todo":
            parts.append(f"NOT EXISTS ({others} AND s.status != 'todo')")
            args.append(GOLD)
        else:
            parts.append(f"EXISTS ({others} AND s.status = ?)")
            args += [GOLD, value]
    return "(" + " OR ".join(parts) + ")", args


def _term(term: str) -> tuple[str, list[Any]] | None:
    """One term's SQL condition over ``documents d`` (None: no condition)."""
    if term == "all":
        return None
    if term == "unassigned":
        return "NOT EXISTS (SELECT 1 FROM assignments g WHERE g.document_id = d.id)", []
    key, eq, value = term.partition("=")
    if not eq:
        raise _refuse(f"unknown term {term!r}")
    values = [v.strip() for v in value.split(",")] if key != "text" else [value]
    if not all(values):
        raise _refuse(f"{term!r} has an empty value")
    if key == "id":
        return _ids(values)
    if key == "status":
        return _status(values)
    if key == "source":
        likes = " OR ".join("d.source LIKE ? ESCAPE '\\'" for _ in values)
        return f"({likes})", [_glob_like(v) for v in values]
    if key == "text":
        pattern = f"%{_escape_like(value)}%"
        return "(d.title LIKE ? ESCAPE '\\' OR d.text LIKE ? ESCAPE '\\')", [pattern, pattern]
    raise _refuse(f"unknown term {term!r}")


def document_filter(query: str | None) -> tuple[str, list[Any]]:
    """The WHERE clause (``''`` for every document) and its arguments of a
    query; a query that does not parse raises one line naming the term."""
    try:
        terms = shlex.split(query or "")
    except ValueError as exc:  # an unclosed quote
        raise _refuse(f"{query!r}: {exc}") from None
    conditions, args = [], []
    for term in terms:
        found = _term(term)
        if found is not None:
            conditions.append(found[0])
            args += found[1]
    return (" WHERE " + " AND ".join(conditions) if conditions else ""), args
