"""Python's cycle collector held off while an import holds its records.

The collector runs after every few hundred new container objects, and its
full passes walk every object alive. An import keeps every parsed record
(a dict, a ``Document``, a ``Record`` per line) until it is stored, so the
passes grow with the file: on 100,000 plain documents they were 0.6-0.7 s
of the check's 1.7 s, and the store's passes walk the same records again.
An import's records hold no reference cycles, and reference counting frees
everything else as before; the collector is back the moment the import
ends, however it ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_held() -> Iterator[None]:
    """No cycle collection inside the block (left alone when it is already
    off: an outer import or the caller's own choice)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
