"""The document list: a lazy Qt model over the store's paged listing.

``rowCount`` is one COUNT query; rows are fetched 200 at a time when the
view asks for them and a bounded number of pages is kept, so a project of
100,000 documents costs a few pages of memory and opens at once. After an
edit only the page holding that document is fetched again.

Columns: id, title, published date, source, status, span count and the
"most to learn" score, each a sort key of the store (``SORT_KEYS``), sorted
by a click on its header. Sorted by "most to learn" (most first on the first
click), the count line below the list says what the order rests on and how
many documents could not be scored (they come last).
A sort keeps the count, shows its first page at once (``Listing.page``: an
index walk for the document columns) and takes a snapshot of every id in
the sort's order (``Listing.sorted_ids``) only when a row further down is
needed: the open document's, a scroll, the next document (sorted by status
or spans, where the first page costs the whole sort, the snapshot at
once). Rows then stay where they are
while the annotator edits (a document made done does not jump away under a
status sort) until the list is sorted, filtered or read again; their cells
show the current status and count.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.store import DocumentRow, ListingFilter, Project
from annotator.core.store.learn_order import LearnNote
from annotator.core.store.listing import LEARN

from .plaintext import tip
from .settings import HIDDEN_COLUMNS, set_string_list, string_list

# Shown until the annotator chooses (the header's menu): the list beside the
# article is narrow, and titles are what tells documents apart at a glance.
DEFAULT_HIDDEN = ("published", "source")

PAGE = 200
MAX_PAGES = 40
STATUS_TEXT = {"todo": "to do", "in_progress": "in progress", "done": "done", "skipped": "skipped"}
STATUS_MARK = {"todo": "○", "in_progress": "◐", "done": "●", "skipped": "⊘"}
STATUS_COLOR = {  # (light, dark)
    "todo": ("#5f6b7a", "#a9b4c2"),
    "in_progress": ("#9a5b00", "#f0b35a"),
    "done": ("#1c7c3a", "#6fd08c"),
    "skipped": ("#8a3b8f", "#d49ad8"),
}
QUEUE = "queue"  # the status filter's "My queue": ListingFilter.queue, not a status
DOC_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2

#: (the store's sort key, header) of each column, in order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "#"),
    ("title", "Title"),
    ("published", "Published"),
    ("source", "Source"),
    ("status", "Status"),
    ("spans", "Spans"),
    (LEARN, "Learn"),
)
COLUMN = {key: number for number, (key, _header) in enumerate(COLUMNS)}
# A first click on these sorts from the top down: newest first, most spans
# first, most to learn first.
_FIRST_DESCENDING = {"published", "spans", LEARN}
# Sorted by the annotator's sets, even the first page costs the whole sort
# (a per-row CASE or count over the join, no index), as much as the sorted
# snapshot: the snapshot is read at once, the work done once, not twice.
_SNAPSHOT_FIRST = {"status", "spans", LEARN}
_TIPS = {
    "id": "Sort by document id",
    LEARN: "Sort by most to learn: where the suggesting model disagrees most with the model"
    " it is compared with, or is least sure (the score); documents it cannot score come last",
}

Index = QModelIndex | QPersistentModelIndex
Page = list[DocumentRow | None]  # None: a snapshot's document deleted since


class DocumentListModel(QAbstractTableModel):
    """The listing of one annotator's documents, filtered and sorted by ``filter``."""

    sorted = Signal()  # after a sort: the panel selects the open document again

    def __init__(self, project: Project, annotator: str, parent: Any = None):
        super().__init__(parent)
        self.project = project
        self.annotator = annotator
        self.filter = ListingFilter()
        self._pages: OrderedDict[int, Page] = OrderedDict()
        self._dense: int | None = None
        self._range = (0, 0)  # smallest and largest document id, read with the count
        self._head: list[int] | None = None  # a sorted list's first page, as first shown
        self._ids: list[int] | None = None  # a sorted list's snapshot of every id
        self._positions: dict[int, int] | None = None  # id -> row in the snapshot
        self._note: LearnNote | None = None  # what a "most to learn" snapshot rests on
        self._count = self._counted()
        self.dark = False

    def _counted(self) -> int:
        """Count the rows (a scan of the listing's join: 60-200 ms on 100,000
        documents, so a sort, which keeps the rows, does not count again)."""
        count = self.project.listing.count(self.annotator, self.filter)
        self._range = self.project.listing.id_range() if count else (0, 0)
        self._dense = self._dense_first(count)
        return count

    def _dense_first(self, count: int) -> int | None:
        """The first id when the unfiltered list in id order is ids first..last
        without gaps, so a row number maps to an id by addition (from the
        range read with the count: a sort reads neither again)."""
        first, last = self._range
        if self.filter == ListingFilter() and count and last - first + 1 == count:
            return first
        return None

    @property
    def filtered(self) -> bool:
        """Whether a status, label or search hides documents (the order does not)."""
        return replace(self.filter, order="id", descending=False) != ListingFilter()

    # -- Qt model API ----------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        key, header = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return header
        if role == Qt.ItemDataRole.ToolTipRole:
            return _TIPS.get(key, f"Sort by {header.lower()}")
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            descending = key in _FIRST_DESCENDING
            return Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._count:
            return None
        row = self.row(index.row())
        if row is None:
            return None
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, key)
        if role == Qt.ItemDataRole.ToolTipRole and key in ("title", "source"):
            return tip((row.title or f"document {row.id}") if key == "title" else row.source or "")
        if role == Qt.ItemDataRole.ForegroundRole and key == "status":
            light, dark = STATUS_COLOR.get(row.status, STATUS_COLOR["todo"])
            return QColor(dark if self.dark else light)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("id", "spans", LEARN):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == DOC_ID_ROLE:
            return row.id
        if role == STATUS_ROLE:
            return row.status
        return None

    @staticmethod
    def _display(row: DocumentRow, key: str) -> str:
        if key == "id":
            return str(row.id)
        if key == "title":
            return row.title
        if key == "published":
            return row.published or ""
        if key == "source":
            return row.source or ""
        if key == "status":
            return f"{STATUS_MARK.get(row.status, '')} {STATUS_TEXT.get(row.status, row.status)}"
        if key == LEARN:
            return "–" if row.learn is None else f"{row.learn:.2f}".rstrip("0").rstrip(".")
        return "–" if row.status == "todo" and not row.spans else str(row.spans)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column (the header's click): the filter's order changes,
        the list is read anew from its first page, and ``sorted`` is emitted
        so the panel selects the open document where it now is."""
        if not 0 <= column < len(COLUMNS):
            return
        key = COLUMNS[column][0]
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.filter.order, self.filter.descending):
            return
        self.filter = replace(self.filter, order=key, descending=descending)
        self.beginResetModel()
        self._forget()
        self._dense = self._dense_first(self._count)  # the same rows: not counted again
        self.endResetModel()
        self.sorted.emit()

    # -- paging ----------------------------------------------------------
    def row(self, number: int) -> DocumentRow | None:
        page_no, offset = divmod(number, PAGE)
        page = self._pages.get(page_no)
        if page is None:
            page = self._fetch(page_no)
            self._pages[page_no] = page
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return page[offset] if offset < len(page) else None

    def _fetch(self, page_no: int) -> Page:
        listing = self.project.listing
        if self._dense is not None:
            first = self._dense + page_no * PAGE
            return list(listing.rows_between(self.annotator, first, first + PAGE - 1))
        if self.filter.in_id_order:
            return list(listing.page(self.annotator, self.filter, page_no * PAGE, PAGE))
        if page_no == 0 and self._ids is None and self.filter.order not in _SNAPSHOT_FIRST:
            if self._head is not None:  # read again after an edit: the rows stay put
                return self._rows(self._head)
            page = listing.page(self.annotator, self.filter, 0, PAGE)
            self._head = [row.id for row in page]
            return list(page)
        start = page_no * PAGE
        return self._rows(self.snapshot()[start : start + PAGE])

    def _rows(self, ids: list[int]) -> Page:
        found = {row.id: row for row in self.project.listing.rows_for(self.annotator, ids)}
        return [found.get(doc_id) for doc_id in ids]

    def snapshot(self) -> list[int]:
        """Every id of a sorted list in its order, read once per sort; the
        first page keeps the rows it showed before (edits since may have
        changed their keys)."""
        if self._ids is None:
            if self.filter.order == LEARN:  # seconds when every score is computed anew
                QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
                try:
                    ids, self._note = self.project.listing.learn_order(self.annotator, self.filter)
                finally:
                    QGuiApplication.restoreOverrideCursor()
            else:
                ids = self.project.listing.sorted_ids(self.annotator, self.filter)
            if self._head:
                shown = set(self._head)
                ids = self._head + [doc_id for doc_id in ids if doc_id not in shown]
            self._ids = ids
        return self._ids

    def learn_note(self) -> LearnNote | None:
        """What the "most to learn" order rests on (None in another order);
        read with the snapshot, whose scores are brought up to date first."""
        if self.filter.order != LEARN:
            return None
        self.snapshot()
        return self._note

    def doc_id_at(self, number: int) -> int | None:
        if not 0 <= number < self._count:
            return None
        row = self.row(number)
        return row.id if row else None

    def row_of(self, doc_id: int) -> int:
        """Row of a document, -1 when the filter hides it (cached pages first)."""
        for page_no, page in self._pages.items():
            for offset, row in enumerate(page):
                if row is not None and row.id == doc_id:
                    return page_no * PAGE + offset
        if self._dense is not None:
            row = doc_id - self._dense
            return row if 0 <= row < self._count else -1
        if self.filter.in_id_order:
            return self.project.listing.row_of(self.annotator, doc_id, self.filter)
        if self._positions is None:
            self._positions = {i: number for number, i in enumerate(self.snapshot())}
        return self._positions.get(doc_id, -1)

    def set_filter(self, flt: ListingFilter) -> None:
        self.filter = flt
        self.reload()

    def set_annotator(self, annotator: str) -> None:
        self.annotator = annotator
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._forget()
        self._count = self._counted()
        self.endResetModel()

    def _forget(self) -> None:
        self._pages.clear()
        self._head = self._ids = self._positions = None
        self._note = None

    def cached_status(self, doc_id: int) -> str | None:
        """The status a cached row shows for a document (None when not cached)."""
        for page in self._pages.values():
            for row in page:
                if row is not None and row.id == doc_id:
                    return row.status
        return None

    def refresh_document(self, doc_id: int) -> None:
        """Re-read the page holding a document after its set changed (in a
        sorted list the page keeps its rows: see the module's docstring)."""
        for page_no, page in list(self._pages.items()):
            for offset, row in enumerate(page):
                if row is not None and row.id == doc_id:
                    del self._pages[page_no]
                    number = page_no * PAGE + offset
                    self.dataChanged.emit(
                        self.index(number, 0), self.index(number, len(COLUMNS) - 1)
                    )
                    return


class DocumentListPanel(QWidget):
    """Filters (status, label, text search) above the list; the list's
    header sorts (a click) and shows or hides columns (its context menu,
    remembered in the settings)."""

    documentActivated = Signal(int)

    def __init__(
        self,
        model: DocumentListModel,
        labels: list[str],
        settings: QSettings | None = None,
        parent: Any = None,
    ):
        super().__init__(parent)
        self.model = model
        self.settings = settings
        self._quiet = False
        self._shown: int | None = None  # the document the window has open
        self.status = QComboBox()
        self.status.addItem("All statuses", None)
        for status, text in STATUS_TEXT.items():
            self.status.addItem(f"{STATUS_MARK[status]} {text}", status)
        self.status.addItem("My queue", QUEUE)
        self.status.setItemData(
            self.status.count() - 1,
            "Documents assigned to you (annotator assign) not done or skipped",
            Qt.ItemDataRole.ToolTipRole,
        )
        self.label = QComboBox()
        self.label.addItem("All labels", None)
        for name in labels:
            self.label.addItem(name, name)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search titles and text…")
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.count.setObjectName("listCount")
        self.count.setWordWrap(True)  # "most to learn" says what it rests on
        self.view = QTableView()
        self.view.setModel(model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self._setup_header()
        self.view.setTabKeyNavigation(False)

        filters = QHBoxLayout()
        filters.addWidget(self.status, 1)
        filters.addWidget(self.label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)

        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(self._timer.start)
        self.status.currentIndexChanged.connect(self._apply_filter)
        self.label.currentIndexChanged.connect(self._apply_filter)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        model.modelReset.connect(self._update_count)
        model.sorted.connect(self._after_sort)
        self._update_count()
        self.update_palette()

    def _setup_header(self) -> None:
        """Fixed widths from the font (ResizeToContents would read every one of
        100,000 rows), the title stretched; sorting by id to begin with."""
        header = self.view.horizontalHeader()
        metrics = self.fontMetrics()
        widths = {
            "id": metrics.horizontalAdvance("00000") + 16,
            "published": metrics.horizontalAdvance("0000-00-00") + 24,
            "source": metrics.horizontalAdvance("seeds/00_name.txt") + 16,
            "status": metrics.horizontalAdvance("◐ in progress") + 24,
            "spans": metrics.horizontalAdvance("Spans") + 24,
            LEARN: metrics.horizontalAdvance("Learn") + 24,
        }
        for key, width in widths.items():
            header.setSectionResizeMode(COLUMN[key], QHeaderView.ResizeMode.Interactive)
            header.resizeSection(COLUMN[key], width)
        header.setSectionResizeMode(COLUMN["title"], QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        header.setSortIndicator(COLUMN["id"], Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        self.view.setSortingEnabled(True)  # a header click calls the model's sort()
        for key in self.hidden_columns():
            header.setSectionHidden(COLUMN[key], True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(
            lambda point: self.column_menu().popup(header.mapToGlobal(point))
        )

    # -- columns -----------------------------------------------------------
    def hidden_columns(self) -> list[str]:
        """The columns hidden now, else as remembered (unknown names ignored)."""
        if self.settings is None:
            return []
        if self.settings.value(HIDDEN_COLUMNS) is None:  # never chosen: the list is narrow
            # Learn means something once two models can be compared (a trained or
            # imported one beside the base): before that it only narrows the titles
            learn = [] if len(self.model.project.models.all()) > 1 else [LEARN]
            return [*DEFAULT_HIDDEN, *learn]
        return [key for key in string_list(self.settings, HIDDEN_COLUMNS) if key in COLUMN]

    def column_visible(self, key: str) -> bool:
        return not self.view.horizontalHeader().isSectionHidden(COLUMN[key])

    def set_column_visible(self, key: str, visible: bool) -> None:
        """Show or hide a column and remember it; the last shown column stays."""
        header = self.view.horizontalHeader()
        if not visible and header.count() - header.hiddenSectionCount() <= 1:
            return
        header.setSectionHidden(COLUMN[key], not visible)
        if self.settings is not None:
            hidden = [k for k, _header in COLUMNS if not self.column_visible(k)]
            set_string_list(self.settings, HIDDEN_COLUMNS, hidden)

    def column_menu(self) -> QMenu:
        """The header's context menu: a check per column (the only column
        left shown cannot be unchecked)."""
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        shown = [key for key, _header in COLUMNS if self.column_visible(key)]
        for key, header in COLUMNS:
            action = menu.addAction("Document id" if key == "id" else header)
            action.setCheckable(True)
            action.setChecked(key in shown)
            action.setEnabled(shown != [key])
            action.setData(key)
            action.toggled.connect(lambda on, key=key: self.set_column_visible(key, on))
        return menu

    # -- filters and rows ------------------------------------------------
    def update_palette(self) -> None:
        self.model.dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128

    def _apply_filter(self) -> None:
        choice = self.status.currentData()
        self.model.set_filter(
            replace(  # the sort stays
                self.model.filter,
                status=None if choice == QUEUE else choice,
                queue=choice == QUEUE,
                label=self.label.currentData(),
                search=self.search.text().strip() or None,
            )
        )

    def _update_count(self) -> None:
        shown = self.model.rowCount()
        total = self.model.project.documents.count() if self.model.filtered else shown
        self.count.setText(
            f"{total:,} documents" if shown == total else f"{shown:,} of {total:,} documents"
        )
        flt = self.model.filter
        note = self.model.learn_note()
        if note is not None:
            self.count.setText(f"{self.count.text()}. {note.message()}")
        if flt.queue and not shown and not (flt.label or flt.search):  # say why it is empty
            assigned = self.model.project.listing.has_assignments(self.model.annotator)
            self.count.setText(
                "Your queue is done: every document assigned to you is done or skipped"
                if assigned
                else "Nothing is assigned to you (annotator assign hands documents out)"
            )

    def _after_sort(self) -> None:
        """The open document stays selected, in its new row (else the top shows)."""
        if self._shown is not None:
            self.show_document(self._shown)
        else:
            self.view.scrollToTop()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet or not current.isValid():
            return
        doc_id = self.model.doc_id_at(current.row())
        if doc_id is not None:
            self.documentActivated.emit(doc_id)

    def show_document(self, doc_id: int) -> None:
        """Select a document's row without emitting documentActivated."""
        self._shown = doc_id
        row = self.model.row_of(doc_id)
        self._quiet = True
        try:
            if row < 0:
                self.view.selectionModel().clearCurrentIndex()
                self.view.clearSelection()
            else:
                index = self.model.index(row, COLUMN["title"])
                self.view.selectionModel().setCurrentIndex(
                    index,
                    self.view.selectionModel().SelectionFlag.ClearAndSelect
                    | self.view.selectionModel().SelectionFlag.Rows,
                )
                self.view.scrollTo(index)
        finally:
            self._quiet = False

    def neighbour(self, doc_id: int | None, step: int) -> int | None:
        """The document ``step`` rows away in the filtered, sorted list."""
        if doc_id is None:
            return self.model.doc_id_at(0)
        row = self.model.row_of(doc_id)
        if row < 0:
            return self.model.project.listing.neighbour(doc_id, step)
        return self.model.doc_id_at(row + step)
