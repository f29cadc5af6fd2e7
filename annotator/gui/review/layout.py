"""Where the review window's pieces go (kept apart from its behaviour).

Each function builds one part of the window from widgets it is given and
returns it; the window keeps what it needs. Together they fit 1280x800:
left, the documents over the disagreements and the versions; right, the
annotators' sets side by side over the gold pane.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..editor import SpanEditor


def size_columns(doc_table: QTableView, dis_table: QTableView) -> None:
    """Fixed widths where a column would otherwise be measured on every change:
    ResizeToContents would read every row of the list again after each
    adjudication changes one row."""
    header = doc_table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
    widest = "● 8888 unresolved of 8888 · gold done"
    header.resizeSection(1, doc_table.fontMetrics().horizontalAdvance(widest) + 16)
    doc_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    dis_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header = dis_table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)


def lists_pane(
    doc_table: QTableView, dis_table: QTableView, summary: QLabel, versions: QWidget
) -> QWidget:
    """The documents over the open one's disagreements and the selected one's versions."""
    pane = QWidget()
    column = QVBoxLayout(pane)
    column.setContentsMargins(0, 0, 0, 0)
    docs_box = QGroupBox("Documents")
    QVBoxLayout(docs_box).addWidget(doc_table)
    dis_box = QGroupBox("Disagreements")
    dis_layout = QVBoxLayout(dis_box)
    dis_layout.addWidget(summary)
    dis_layout.addWidget(dis_table, 1)
    dis_layout.addWidget(versions)
    split = QSplitter(Qt.Orientation.Vertical)
    split.addWidget(docs_box)
    split.addWidget(dis_box)
    split.setSizes([220, 520])
    split.setChildrenCollapsible(False)
    column.addWidget(split)
    pane.setMinimumWidth(380)
    return pane


def gold_pane(editor: SpanEditor) -> QWidget:
    """Gold's span editor: a title and the label bar over the text, the
    selected span's attributes and gold's document categories beside it
    (their keys work while the focus is in this pane: digits in the lists
    take versions)."""
    title = QLabel("gold — the adjudicated version (edit it like any set)")
    font = title.font()
    font.setBold(True)
    title.setFont(font)
    inspector_box = QGroupBox("Selected gold span")
    inspector_box.setObjectName("goldInspector")
    QVBoxLayout(inspector_box).addWidget(side_column(editor.inspector, editor.categories))
    inspector_box.setMinimumWidth(220)
    split = QSplitter(Qt.Orientation.Horizontal)
    split.addWidget(editor.view)
    split.addWidget(inspector_box)
    split.setSizes([600, 240])
    split.setChildrenCollapsible(False)
    pane = QWidget()
    rows = QVBoxLayout(pane)
    rows.setContentsMargins(0, 0, 0, 0)
    rows.setSpacing(2)
    rows.addWidget(title)
    rows.addWidget(editor.label_bar)
    rows.addWidget(split, 1)
    editor.bind_category_keys(pane, Qt.ShortcutContext.WidgetWithChildrenShortcut)
    return pane


def side_column(*parts: QWidget) -> QScrollArea:
    """Widgets packed at the top, each at its own height, the room left
    over below them: a box taller than its content shows no gaps between
    its parts (a plain layout would share the spare height out among them),
    and a tall span's form (a STANCE's links and fields at 200%) scrolls
    instead of pushing the pane's splitter about."""
    content = QWidget()
    content.setObjectName("sideColumn")
    rows = QVBoxLayout(content)
    rows.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        part.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        rows.addWidget(part)
    rows.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidget(content)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return scroll


def central(lists: QWidget, sets: QWidget, gold: QWidget) -> QSplitter:
    """The lists on the left; the sets side by side over gold on the right."""
    right = QSplitter(Qt.Orientation.Vertical)
    right.addWidget(sets)
    right.addWidget(gold)
    right.setSizes([300, 440])  # gold: room for a STANCE form over the categories
    right.setChildrenCollapsible(False)
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(lists)
    splitter.addWidget(right)
    splitter.setStretchFactor(1, 1)
    splitter.setSizes([450, 830])
    splitter.setChildrenCollapsible(False)
    return splitter
