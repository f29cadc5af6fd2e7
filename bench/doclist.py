"""The window's document list sorted by each column, on a large project.

Builds a project of N documents (default 100,000) with titles, dates and
sources (some missing) and one annotator's sets on a tenth of them, opens
the main window offscreen on a document in the middle, then for each
column, ascending and descending, times (median and p95 over --repeat
sorts, each started from another order):
- first rows: the model sorted and its first 40 rows read (what a list
  scrolled to the top shows: ``Listing.page``);
- sort shown: the header's click (``QTableView.sortByColumn``) until the
  list is repainted with the open document selected in its new row (the
  sorted snapshot read, the rows around it fetched);
- next document: Alt+Right's code path after the sort, painted (20 moves).

Goals (issue 15): first rows after a sort < 200 ms, next document < 50 ms.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=. python bench/doclist.py [--docs 100000] [--db PATH]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WORDS = ["oil", "sanctions", "Iran", "Japan", "talks", "imports", "tanker", "minister"]
SOURCES = ["Reuters", "AP", "AFP", "Kyodo", "seeds/03_tehran.txt", None]


def build(path: Path, n: int) -> None:
    from annotator.core.store import Project
    from annotator.core.types import Document, Span

    rng = random.Random(0)
    started = time.perf_counter()
    with Project.open(path) as project:
        for first in range(0, n, 5000):
            docs = [
                Document(
                    f"Article {i}: " + " ".join(rng.choices(WORDS, k=40)),
                    title=" ".join(rng.choices(WORDS, k=5)).capitalize(),
                    source=rng.choice(SOURCES),
                    published=rng.choice(
                        [None, f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-01"]
                    ),
                )
                for i in range(first, min(n, first + 5000))
            ]
            project.documents.add(docs)
        ids = project.documents.ids()
        for doc_id in rng.sample(ids, len(ids) // 10):
            status = rng.choice(["in_progress", "done", "skipped"])
            spans = [Span(0, 7, "ACTOR")] * rng.randint(0, 1)
            project.sets.replace(doc_id, "bench", spans, status=status)
    print(f"built {n:,} documents in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:7.1f} {percentile(values, 0.95) * 1000:7.1f}"


def sort_figures(window, app, doc_id: int, repeat: int = 5) -> list[tuple[str, list, list, list]]:
    """(column and direction, first rows, sort shown, next document) times in
    seconds for each column of ``window``'s list, ``doc_id`` open before each sort."""
    from PySide6.QtCore import Qt

    from annotator.gui.doclist import COLUMNS, DOC_ID_ROLE, DocumentListModel

    view = window.doc_list.view
    model = DocumentListModel(window.project, window.session.annotator)  # no open document
    figures = []
    for column, (key, _header) in enumerate(COLUMNS):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            other = (column + 1) % len(COLUMNS)
            first_rows, shown, moves = [], [], []
            for _ in range(repeat):
                model.sort(other, Qt.SortOrder.AscendingOrder)
                t = time.perf_counter()
                model.sort(column, order)
                for row in range(40):
                    model.index(row, 1).data()
                first_rows.append(time.perf_counter() - t)

                window.open_document(doc_id)
                view.sortByColumn(other, Qt.SortOrder.AscendingOrder)
                app.processEvents()
                t = time.perf_counter()
                view.sortByColumn(column, order)
                view.viewport().repaint()
                app.processEvents()
                shown.append(time.perf_counter() - t)
                assert view.currentIndex().data(DOC_ID_ROLE) == doc_id
                for _ in range(20 // repeat + 1):
                    t = time.perf_counter()
                    window.step_document(1)
                    window.editor.view.viewport().repaint()
                    view.viewport().repaint()
                    app.processEvents()
                    moves.append(time.perf_counter() - t)
            name = f"{key}{' desc' if order == Qt.SortOrder.DescendingOrder else ''}"
            figures.append((name, first_rows, shown, moves))
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # back to id order
    return figures


def print_figures(figures: list[tuple[str, list, list, list]]) -> None:
    print(f"{'sorted by':<16} {'first rows ms':>15} {'sort shown ms':>15} {'next doc ms':>15}")
    print(f"{'':<16} {'median    p95':>15} {'median    p95':>15} {'median    p95':>15}")
    for name, first_rows, shown, moves in figures:
        print(f"{name:<16} {summary(first_rows):>15} {summary(shown):>15} {summary(moves):>15}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=None, help="reuse or create this project file")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="annotator-bench-doclist-"))
    os.environ["ANNOTATOR_SETTINGS_DIR"] = str(folder / "settings")
    db = args.db or folder / "list.db"
    if not db.exists():
        build(db, args.docs)

    from PySide6.QtWidgets import QApplication

    from annotator.core.store import Project
    from annotator.gui.window import MainWindow

    app = QApplication.instance() or QApplication([])
    project = Project.open(db)
    window = MainWindow(project, "bench")
    window.resize(1280, 800)
    window.show()
    middle = project.documents.ids()[project.documents.count() // 2]
    window.open_document(middle)
    app.processEvents()
    print(f"project {project.documents.count():,} documents ({db})")
    print_figures(sort_figures(window, app, middle, args.repeat))
    window.close()
    project.close()


if __name__ == "__main__":
    main()
