"""A DocBin that keeps its token table on disk while Docs are added.

spaCy's ``DocBin`` keeps every Doc's token array in memory and, in
``to_bytes``, stacks, copies and packs them all at once: for 100,000 news
articles that is well over a gigabyte. ``SpillingDocBin`` lets a real
``DocBin`` do each ``add`` (so what is stored per Doc is spaCy's own), moves
the token and whitespace rows to temporary files every ``spill_every`` Docs,
and at the end writes the same msgpack map ``DocBin.to_bytes`` would write,
streaming the two tables through ``zlib`` instead of holding them. The output
is byte-identical to ``DocBin.to_bytes()`` (tests compare the two), so
``DocBin().from_disk`` and ``spacy train`` read it as any ``.spacy`` file.
What stays in memory per Doc is small: its strings, span groups and user data.
"""

from __future__ import annotations

import tempfile
import zlib
from pathlib import Path
from typing import IO, Any

import srsly
from spacy.tokens import Doc, DocBin

_CHUNK = 1 << 20


def _bin_header(size: int) -> bytes:
    """The msgpack header of a ``bin`` value of ``size`` bytes."""
    if size < 1 << 8:
        return b"\xc4" + size.to_bytes(1, "big")
    if size < 1 << 16:
        return b"\xc5" + size.to_bytes(2, "big")
    return b"\xc6" + size.to_bytes(4, "big")


class SpillingDocBin:
    """``DocBin(attrs, store_user_data=True)`` with the token table on disk."""

    def __init__(self, attrs: tuple[str, ...], spill_every: int = 1000):
        self.docbin = DocBin(attrs=attrs, store_user_data=True)
        self.spill_every = spill_every
        # closed by write() or discard(); a context manager cannot span add() calls
        self._tokens: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self._spaces: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self._lengths: list[int] = []

    def __len__(self) -> int:
        return len(self._lengths) + len(self.docbin.tokens)

    def add(self, doc: Doc) -> None:
        self.docbin.add(doc)
        if len(self.docbin.tokens) >= self.spill_every:
            self._spill()

    def _spill(self) -> None:
        # Rows of C-ordered 2-D arrays, one after the other, are the bytes
        # of their vstack: what DocBin.to_bytes writes.
        for tokens, spaces in zip(self.docbin.tokens, self.docbin.spaces, strict=True):
            assert len(tokens.shape) == 2, tokens.shape
            self._lengths.append(len(tokens))
            self._tokens.write(tokens.tobytes("C"))
            self._spaces.write(spaces.tobytes("C"))
        self.docbin.tokens.clear()
        self.docbin.spaces.clear()

    def write(self, path: str | Path) -> None:
        """Write the ``.spacy`` file; the object is spent afterwards."""
        self._spill()
        docbin = self.docbin
        lengths = b"".join(n.to_bytes(4, "little", signed=True) for n in self._lengths)
        fields: list[tuple[str, Any]] = [
            ("version", docbin.version),
            ("attrs", docbin.attrs),
            ("tokens", self._tokens),
            ("spaces", self._spaces),
            ("lengths", lengths),
            ("strings", sorted(docbin.strings)),
            ("cats", docbin.cats),
            ("flags", docbin.flags),
            ("span_groups", docbin.span_groups),
            ("user_data", docbin.user_data),
        ]
        compressor = zlib.compressobj()
        with open(path, "wb") as out:
            out.write(compressor.compress(bytes([0x80 | len(fields)])))  # fixmap
            for key, value in fields:
                out.write(compressor.compress(srsly.msgpack_dumps(key)))
                if isinstance(value, bytes | list | str):
                    out.write(compressor.compress(srsly.msgpack_dumps(value)))
                    continue
                size = value.tell()
                value.seek(0)
                out.write(compressor.compress(_bin_header(size)))
                while chunk := value.read(_CHUNK):
                    out.write(compressor.compress(chunk))
                value.close()
            out.write(compressor.flush())

    def discard(self) -> None:
        """Drop the temporary files (an export that failed)."""
        self._tokens.close()
        self._spaces.close()
