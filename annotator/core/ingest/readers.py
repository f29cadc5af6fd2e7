"""Readers for the plain corpus formats: .txt, .jsonl and .csv.

Each reader decodes a whole file strictly (UTF-8, a BOM dropped, nothing
replaced or folded: every offset will refer to this text) and yields
``Record``s; any problem raises ``InputError`` naming the file and line, so
the caller can refuse the file before a single document of it is stored.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError
from annotator.core.types import Document
from annotator.core.words import count

from .jsonstrict import loads_line
from .limits import DEFAULT_MAX_CHARS, check_size, csv_field_limit, field_too_long
from .titles import derive_title

SUFFIXES = (".txt", ".jsonl", ".json", ".csv")
# What a folder scan takes: the plain suffixes and the annotated ones
# (annotations.py tells the two apart by content), as ``import --help`` lists
# them. A ``.spacy`` directory (a DocBin in shards) is taken whole.
FOLDER_SUFFIXES = (*SUFFIXES, ".doccano", ".spacy")
_KNOWN_FIELDS = ("text", "title", "published", "source", "meta")


@dataclass
class Record:
    """One document read from a file, with where it came from and the raw
    object (annotated formats read their spans from it)."""

    document: Document
    path: Path
    line: int | None = None
    raw: dict[str, Any] = field(default_factory=dict)


def read_bytes(path: Path) -> bytes:
    """A file's bytes, or a one-line InputError saying why they cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file or folder", str(path)) from None
    except IsADirectoryError:
        raise InputError("is a folder", str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", str(path)) from None


def read_text_file(path: Path, data: bytes | None = None) -> str:
    """Decode a file (or ``data``, its bytes already read) as UTF-8, BOM
    dropped, or raise a one-line InputError."""
    if data is None:
        data = read_bytes(path)
    if b"\x00" in data[:8192]:
        raise InputError("binary file, not UTF-8 text", str(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", str(path), line
        ) from None
    if not text or text.isspace():  # not strip(): that copies the whole text
        raise InputError("empty file", str(path))
    return text


def _array_items(text: str, path: Path) -> Iterator[tuple[int, Any]]:
    """(line it starts on, value) of each element of a JSON array file, as
    doccano's JSON export writes it (one line or indented), each checked as
    strictly as a JSONL line."""
    scan = json.JSONDecoder()
    at = len(text) - len(text.lstrip())  # the "["
    line = text.count("\n", 0, at) + 1

    def skip(i: int) -> int:
        nonlocal line
        j = i
        while j < len(text) and text[j] in " \t\r\n":
            j += 1
        line += text.count("\n", i, j)
        return j

    i = skip(at + 1)
    if i < len(text) and text[i] == "]":
        i = skip(i + 1)
    else:
        while True:
            try:
                _value, end = scan.raw_decode(text, i)
            except json.JSONDecodeError as exc:
                raise InputError(
                    f"malformed JSON array ({exc.msg})", str(path), exc.lineno
                ) from None
            yield line, loads_line(text[i:end], path, line)
            line += text.count("\n", i, end)
            i = skip(end)
            if i < len(text) and text[i] == ",":
                i = skip(i + 1)
                continue
            if i < len(text) and text[i] == "]":
                i = skip(i + 1)
                break
            raise InputError("malformed JSON array (expected ',' or ']')", str(path), line)
    if i < len(text):
        raise InputError("text after the end of the JSON array", str(path), line)


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(number, line) of ``text`` cut at each ``\\n`` as ``str.split`` cuts it,
    one line at a time. ``split`` made a list of every line: one more copy of
    the whole file held to the end of the parse (150 MB at 100,000
    documents), and first touching that much fresh memory cost as long as
    the parse itself; one line at a time, each line's memory is used again."""
    start, end_of_text, number = 0, len(text), 0
    while start < end_of_text:
        end = text.find("\n", start)
        if end < 0:
            end = end_of_text
        number += 1
        yield number, text[start:end]
        start = end + 1


def json_objects(path: Path, text: str) -> Iterator[tuple[int, Any]]:
    """(line, value) of every JSON line of ``text``, or of every element when
    the file is one JSON array (doccano's ``.json`` export): decided by the
    content, not by the suffix. Blank lines are skipped."""
    if text.lstrip().startswith("["):
        yield from _array_items(text, path)
        return
    for number, raw_line in _lines(text):
        if raw_line and not raw_line.isspace():
            yield number, loads_line(raw_line, path, number)


_REDUCED_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")


def check_published(value: Any, path: Path, line: int | None) -> str | None:
    """An ISO 8601 date or date-time, kept as given (also the reduced
    precisions ``YYYY`` and ``YYYY-MM``); anything else is an error."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(f"published must be an ISO date string, not {value!r}", str(path), line)
    if _REDUCED_DATE.match(value):
        return value
    try:
        if len(value) == 10:
            date.fromisoformat(value)
        else:
            datetime.fromisoformat(value)
    except ValueError:
        raise InputError(f"published {value!r} is not an ISO 8601 date", str(path), line) from None
    return value


def read_txt(
    path: Path,
    max_chars: int = DEFAULT_MAX_CHARS,
    source: str | None = None,
    data: bytes | None = None,
) -> Iterator[Record]:
    text = read_text_file(path, data)
    check_size(text, path, 1, max_chars)
    document = Document(text=text, title=derive_title(text), source=source or str(path))
    yield Record(document, path)


def _document_from_object(
    obj: dict[str, Any], path: Path, line: int, max_chars: int, source: str | None = None
) -> Document:
    text = obj.get("text")
    if text is None:
        raise InputError("no 'text' field", str(path), line)
    if not isinstance(text, str):
        raise InputError(f"'text' must be a string, not {type(text).__name__}", str(path), line)
    if not text.strip():
        raise InputError("'text' is empty", str(path), line)
    check_size(text, path, line, max_chars)
    meta = obj.get("meta") or {}
    if not isinstance(meta, dict):
        raise InputError("'meta' must be an object", str(path), line)
    title = obj.get("title")
    obj_source = obj.get("source")
    return Document(
        text=text,
        title=str(title) if title not in (None, "") else derive_title(text),
        source=str(obj_source) if obj_source not in (None, "") else (source or str(path)),
        published=check_published(obj.get("published"), path, line),
        meta=meta,
    )


def read_jsonl(
    path: Path,
    max_chars: int = DEFAULT_MAX_CHARS,
    source: str | None = None,
    data: bytes | None = None,
) -> Iterator[Record]:
    """JSON lines (or a JSON array of objects) of documents."""
    text = read_text_file(path, data)
    seen = 0
    for number, obj in json_objects(path, text):
        if not isinstance(obj, dict):
            raise InputError("each line must be a JSON object", str(path), number)
        seen += 1
        document = _document_from_object(obj, path, number, max_chars, source)
        yield Record(document, path, number, obj)
    if not seen:
        raise InputError("no JSON lines", str(path))


def _csv_rows(text: str, path: Path, max_chars: int) -> list[tuple[int, list[str]]]:
    """(line the row starts on, its fields) for every row, read strictly.

    ``strict`` makes a stray quote an error instead of a guess, and makes a
    quote left open at the end of the file an error instead of one field that
    swallows every following row. Errors name the line the row starts on
    (``line_num`` has already moved past a row that spans lines).
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    with csv_field_limit(max_chars):
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return rows
            except csv.Error as exc:
                reason = str(exc)
                if reason == "unexpected end of data":
                    reason = "unterminated quote: the quoted field that starts here never closes"
                elif reason.startswith("field larger than field limit"):
                    reason = field_too_long(max_chars)
                else:
                    start, reason = reader.line_num, f"malformed CSV ({reason})"
                raise InputError(reason, str(path), start) from None
            if fields:  # a blank line holds no row
                rows.append((start, fields))
            start = reader.line_num + 1


def read_csv(
    path: Path,
    max_chars: int = DEFAULT_MAX_CHARS,
    source: str | None = None,
    data: bytes | None = None,
) -> Iterator[Record]:
    text = read_text_file(path, data)
    rows = _csv_rows(text, path, max_chars)
    header = rows[0][1] if rows else []
    if "text" not in header:
        raise InputError(f"no 'text' column (columns: {', '.join(header)})", str(path), 1)
    if len(rows) == 1:
        raise InputError("no rows under the header", str(path))
    for number, fields in rows[1:]:
        if len(fields) != len(header):
            raise InputError(
                f"{count(len(fields), 'field')} where the header has {len(header)}",
                str(path),
                number,
            )
        row = dict(zip(header, fields, strict=True))
        obj: dict[str, Any] = {k: v for k, v in row.items() if k in _KNOWN_FIELDS[:4]}
        obj["meta"] = {k: v for k, v in row.items() if k not in _KNOWN_FIELDS and v != ""}
        document = _document_from_object(obj, path, number, max_chars, source)
        yield Record(document, path, number, obj)


# A ``.doccano`` file with no annotations in it is documents, read like JSONL.
READERS = {
    ".txt": read_txt,
    ".jsonl": read_jsonl,
    ".json": read_jsonl,
    ".doccano": read_jsonl,
    ".csv": read_csv,
}


def _folder_files(folder: Path) -> list[Path]:
    """Every file a folder scan takes, recursively, in a stable order: hidden
    ones skipped, a ``.spacy`` directory as one entry (not its shards)."""
    found = []
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if any(part.startswith(".") for part in parts):
            continue
        if any(Path(part).suffix.lower() == ".spacy" for part in parts[:-1]):
            continue  # a shard of a .spacy directory taken whole
        if path.suffix.lower() not in FOLDER_SUFFIXES:
            continue
        if path.is_file() or (path.is_dir() and path.suffix.lower() == ".spacy"):
            found.append(path)
    return found


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files to read: named files as given, folders searched recursively for
    the suffixes ``import`` takes (``FOLDER_SUFFIXES``; hidden files skipped),
    in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir() and path.suffix.lower() != ".spacy":
            found = _folder_files(path)
            if not found:
                raise InputError(f"no {', '.join(FOLDER_SUFFIXES)} files in this folder", str(path))
            files.extend(found)
        elif not path.exists():
            raise InputError("no such file or folder", str(path))
        elif path.suffix.lower() not in READERS:
            raise InputError(
                f"unknown file type {path.suffix or '(none)'!r} (use {', '.join(SUFFIXES)})",
                str(path),
            )
        else:
            files.append(path)
    return files


def read_file(
    path: Path,
    max_chars: int = DEFAULT_MAX_CHARS,
    source: str | None = None,
    data: bytes | None = None,
) -> list[Record]:
    """Every record of one file, or an InputError for the first bad one
    (including a document text over ``max_chars``); ``source`` names the file
    in documents that do not say where they come from; ``data`` is its bytes
    when the caller has read them already."""
    return list(READERS[path.suffix.lower()](path, max_chars, source, data))
