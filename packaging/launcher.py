"""Entry script of the frozen desktop app (PyInstaller starts this file).

Why not ``annotator/__main__.py`` directly: a frozen program must call
``multiprocessing.freeze_support()`` before anything else, or the worker
processes spaCy starts for ``preannotate --n-process N`` (and
multiprocessing's resource tracker) would re-run the whole CLI instead of
their task. The desktop entry starts ``annotator gui``.
"""

from __future__ import annotations

import multiprocessing
import sys


def run() -> None:
    multiprocessing.freeze_support()
    from annotator.cli import main

    main(sys.argv[1:])


if __name__ == "__main__":
    run()
