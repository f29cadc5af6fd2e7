"""JSON lines read as RFC 8259 defines JSON, with text that can be stored.

Python's ``json.loads`` accepts more than the standard, and what it lets
through fails later, after other files of the import were written:

* ``NaN``, ``Infinity`` and ``-Infinity`` are not JSON; a stored NaN makes
  every later export (which writes standard JSON) fail. A number such as
  ``1e999`` is JSON but overflows to infinity, with the same effect.
* An escaped lone surrogate (``"\\ud800"``) decodes to a ``str`` that has no
  UTF-8 form, so hashing or storing it raises.
* Deep nesting exhausts Python's recursion limit (``RecursionError``), and an
  integer longer than Python converts raises a bare ``ValueError``.

:func:`loads_line` turns each of these into an ``InputError`` naming the
file and line, so the check pass refuses the file before anything is stored.
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError

MAX_DEPTH = 100  # arrays and objects inside each other; our own exports nest 4 deep

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class _Refused(ValueError):
    """A value Python would decode but JSON or the project cannot hold."""


def _constant(name: str) -> Any:
    raise _Refused(f"{name} is not a JSON value (RFC 8259 has no NaN or Infinity)")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        shown = text if len(text) <= 30 else f"{text[:30]}..."
        raise _Refused(f"number {shown} is out of range (it overflows to infinity)")
    return value


# json.loads with hooks would build a decoder (and its scanner) for every line
_DECODER = json.JSONDecoder(parse_constant=_constant, parse_float=_finite)


def _where(path: tuple[str | int, ...]) -> str:
    """``'meta.author'`` or ``'spans[0].label'``: where a value sits in the line
    (a key that would break the one-line message is shown escaped)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        name = part if part.isprintable() and len(part) <= 40 else json.dumps(part[:40])
        out += f".{name}" if out else name
    return f"'{out}'" if out else "the line"


def _problem(value: Any) -> str | None:
    """The first lone surrogate or too deep nesting in a decoded value.

    Walked with an explicit stack: the point is to survive what recursion
    does not.
    """
    stack: list[tuple[Any, int, tuple[str | int, ...]]] = [(value, 0, ())]
    while stack:
        node, depth, path = stack.pop()
        if isinstance(node, str):
            found = _SURROGATE.search(node)
            if found:
                code = f"\\u{ord(found.group()):04x}"
                return f"lone surrogate {code} in {_where(path)} (half a UTF-16 pair, not Unicode)"
        elif isinstance(node, dict | list):
            if depth >= MAX_DEPTH:
                return f"JSON nested more than {MAX_DEPTH} levels deep"
            if isinstance(node, dict):
                for key, item in node.items():
                    if _SURROGATE.search(key):
                        return f"lone surrogate in a key in {_where(path)} (not Unicode)"
                    stack.append((item, depth + 1, (*path, key)))
            else:
                stack.extend((item, depth + 1, (*path, i)) for i, item in enumerate(node))
    return None


def _may_nest(raw: str) -> bool:
    """Whether a line holds an array or object inside its outer one (a
    character search, far cheaper than counting its brackets)."""
    return "[" in raw or raw.find("{", raw.find("{") + 1) >= 0


def loads_line(raw: str, path: Path, line: int) -> Any:
    """Decode one JSONL line strictly or raise a one-line ``InputError``."""
    try:
        value = _DECODER.decode(raw)
    except json.JSONDecodeError as exc:
        problem = f"malformed JSON ({exc.msg}, column {exc.colno})"
    except _Refused as exc:
        problem = str(exc)
    except RecursionError:
        problem = f"JSON nested more than {MAX_DEPTH} levels deep"
    except ValueError:  # only an integer with too many digits gets here
        problem = f"a JSON number has more than {sys.get_int_max_str_digits()} digits"
    else:
        # The walk costs a pass over the value; skip it when the raw line
        # shows neither a surrogate escape nor enough brackets to nest too deep.
        # Each test is a scan of the line, so the cheapest go first: a line
        # with no backslash has no escape, one with no bracket past its
        # first character nests one deep (most plain documents).
        escape = "\\" in raw and _SURROGATE_ESCAPE.search(raw)
        walk = escape or (_may_nest(raw) and raw.count("[") + raw.count("{") > MAX_DEPTH)
        found = _problem(value) if walk else None
        if found is None:
            return value
        problem = found
    raise InputError(problem, str(path), line)
