"""The document list: a lazy Qt model over the store's paged listing.

``rowCount`` is one COUNT query; rows are fetched 200 at a time when the
view asks for them and a bounded number of pages is kept, so a project of
100,000 documents costs a few pages of memory and opens at once. After an
edit only the page holding that document is fetched again.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.store import DocumentRow, ListingFilter, Project

from .plaintext import tip

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
DOC_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class DocumentListModel(QAbstractTableModel):
    """Columns: document (id and title), status, spans."""

    HEADERS = ("Document", "Status", "Spans")

    def __init__(self, project: Project, annotator: str, parent: Any = None):
        super().__init__(parent)
        self.project = project
        self.annotator = annotator
        self.filter = ListingFilter()
        self._pages: OrderedDict[int, list[DocumentRow]] = OrderedDict()
        self._dense: int | None = None
        self._count = self._counted()
        self.dark = False

    def _counted(self) -> int:
        """Count the rows; note when the unfiltered list is ids first..last
        without gaps, so a row number maps to an id by addition."""
        count = self.project.listing.count(self.annotator, self.filter)
        self._dense = None
        if self.filter == ListingFilter() and count:
            first, last = self.project.listing.id_range()
            if last - first + 1 == count:
                self._dense = first
        return count

    # -- Qt model API ----------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._count:
            return None
        row = self.row(index.row())
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return f"{row.id}  {row.title}" if row.title else f"{row.id}"
            if column == 1:
                return (
                    f"{STATUS_MARK.get(row.status, '')} {STATUS_TEXT.get(row.status, row.status)}"
                )
            return "–" if row.status == "todo" and not row.spans else str(row.spans)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return tip(row.title or f"document {row.id}")
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            light, dark = STATUS_COLOR.get(row.status, STATUS_COLOR["todo"])
            return QColor(dark if self.dark else light)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == DOC_ID_ROLE:
            return row.id
        if role == STATUS_ROLE:
            return row.status
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- paging ----------------------------------------------------------
    def row(self, number: int) -> DocumentRow | None:
        page_no, offset = divmod(number, PAGE)
        page = self._pages.get(page_no)
        if page is None:
            if self._dense is not None:
                first = self._dense + page_no * PAGE
                page = self.project.listing.rows_between(self.annotator, first, first + PAGE - 1)
            else:
                page = self.project.listing.page(self.annotator, self.filter, page_no * PAGE, PAGE)
            self._pages[page_no] = page
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return page[offset] if offset < len(page) else None

    def doc_id_at(self, number: int) -> int | None:
        if not 0 <= number < self._count:
            return None
        row = self.row(number)
        return row.id if row else None

    def row_of(self, doc_id: int) -> int:
        """Row of a document, -1 when the filter hides it (cached pages first)."""
        for page_no, page in self._pages.items():
            for offset, row in enumerate(page):
                if row.id == doc_id:
                    return page_no * PAGE + offset
        if self._dense is not None:
            row = doc_id - self._dense
            return row if 0 <= row < self._count else -1
        return self.project.listing.row_of(self.annotator, doc_id, self.filter)

    def set_filter(self, flt: ListingFilter) -> None:
        self.filter = flt
        self.reload()

    def set_annotator(self, annotator: str) -> None:
        self.annotator = annotator
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._pages.clear()
        self._count = self._counted()
        self.endResetModel()

    def cached_status(self, doc_id: int) -> str | None:
        """The status a cached row shows for a document (None when not cached)."""
        for page in self._pages.values():
            for row in page:
                if row.id == doc_id:
                    return row.status
        return None

    def refresh_document(self, doc_id: int) -> None:
        """Re-read the page holding a document after its set changed."""
        for page_no, page in list(self._pages.items()):
            for offset, row in enumerate(page):
                if row.id == doc_id:
                    del self._pages[page_no]
                    number = page_no * PAGE + offset
                    self.dataChanged.emit(self.index(number, 0), self.index(number, 2))
                    return


class DocumentListPanel(QWidget):
    """Filters (status, label, text search) above the list."""

    documentActivated = Signal(int)

    def __init__(self, model: DocumentListModel, labels: list[str], parent: Any = None):
        super().__init__(parent)
        self.model = model
        self._quiet = False
        self.status = QComboBox()
        self.status.addItem("All statuses", None)
        for status, text in STATUS_TEXT.items():
            self.status.addItem(f"{STATUS_MARK[status]} {text}", status)
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
        header = self.view.horizontalHeader()
        # Fixed widths: ResizeToContents would read every row (100,000 of them).
        metrics = self.fontMetrics()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, metrics.horizontalAdvance("◐ in progress") + 16)
        header.resizeSection(2, metrics.horizontalAdvance("Spans") + 18)
        header.setHighlightSections(False)
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
        self._update_count()
        self.update_palette()

    def update_palette(self) -> None:
        self.model.dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128

    def _apply_filter(self) -> None:
        self.model.set_filter(
            ListingFilter(
                status=self.status.currentData(),
                label=self.label.currentData(),
                search=self.search.text().strip() or None,
            )
        )

    def _update_count(self) -> None:
        if self.model.filter == ListingFilter():
            total = self.model.rowCount()  # unfiltered: the count just made
        else:
            total = self.model.project.documents.count()
        shown = self.model.rowCount()
        self.count.setText(
            f"{total:,} documents" if shown == total else f"{shown:,} of {total:,} documents"
        )

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet or not current.isValid():
            return
        doc_id = self.model.doc_id_at(current.row())
        if doc_id is not None:
            self.documentActivated.emit(doc_id)

    def show_document(self, doc_id: int) -> None:
        """Select a document's row without emitting documentActivated."""
        row = self.model.row_of(doc_id)
        self._quiet = True
        try:
            if row < 0:
                self.view.selectionModel().clearCurrentIndex()
                self.view.clearSelection()
            else:
                index = self.model.index(row, 0)
                self.view.selectionModel().setCurrentIndex(
                    index,
                    self.view.selectionModel().SelectionFlag.ClearAndSelect
                    | self.view.selectionModel().SelectionFlag.Rows,
                )
                self.view.scrollTo(index)
        finally:
            self._quiet = False

    def neighbour(self, doc_id: int | None, step: int) -> int | None:
        """The document ``step`` rows away in the filtered list."""
        if doc_id is None:
            return self.model.doc_id_at(0)
        row = self.model.row_of(doc_id)
        if row < 0:
            return self.model.project.listing.neighbour(doc_id, step)
        return self.model.doc_id_at(row + step)
