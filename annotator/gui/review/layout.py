"""Where the review window's pieces go (kept apart from its behaviour)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHeaderView, QLabel, QSplitter, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from .window import ReviewWindow


def lay_out(window: ReviewWindow) -> None:
    """Left: documents over disagreements and versions; right: the sets side
    by side over gold (label bar, text, inspector). Fits 1280x800."""
    # Fixed widths, not ResizeToContents: that would read every row of
    # the list again after each adjudication changes one row.
    header = window.doc_table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
    widest = "● 8888 unresolved of 8888 · gold done"
    header.resizeSection(1, window.doc_table.fontMetrics().horizontalAdvance(widest) + 16)
    window.doc_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    window.dis_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header = window.dis_table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)

    window.left = QWidget()
    column = QVBoxLayout(window.left)
    column.setContentsMargins(0, 0, 0, 0)
    docs_box = QGroupBox("Documents")
    QVBoxLayout(docs_box).addWidget(window.doc_table)
    dis_box = QGroupBox("Disagreements")
    dis_layout = QVBoxLayout(dis_box)
    dis_layout.addWidget(window.summary)
    dis_layout.addWidget(window.dis_table, 1)
    dis_layout.addWidget(window.versions)
    left_split = QSplitter(Qt.Orientation.Vertical)
    left_split.addWidget(docs_box)
    left_split.addWidget(dis_box)
    left_split.setSizes([220, 520])
    left_split.setChildrenCollapsible(False)
    column.addWidget(left_split)

    gold = QWidget()
    gold_column = QVBoxLayout(gold)
    gold_column.setContentsMargins(0, 0, 0, 0)
    gold_title = QLabel("gold — the adjudicated version (edit it like any set)")
    font = gold_title.font()
    font.setBold(True)
    gold_title.setFont(font)
    gold_column.addWidget(window.gold_view, 1)
    inspector_box = QGroupBox("Selected gold span")
    QVBoxLayout(inspector_box).addWidget(window.inspector)
    inspector_box.setMinimumWidth(220)
    gold_split = QSplitter(Qt.Orientation.Horizontal)
    gold_split.addWidget(gold)
    gold_split.addWidget(inspector_box)
    gold_split.setSizes([600, 240])
    gold_split.setChildrenCollapsible(False)
    gold_area = QWidget()
    gold_rows = QVBoxLayout(gold_area)
    gold_rows.setContentsMargins(0, 0, 0, 0)
    gold_rows.setSpacing(2)
    gold_rows.addWidget(gold_title)
    gold_rows.addWidget(window.label_bar)
    gold_rows.addWidget(gold_split, 1)

    right = QSplitter(Qt.Orientation.Vertical)
    right.addWidget(window.side)
    right.addWidget(gold_area)
    right.setSizes([380, 360])
    right.setChildrenCollapsible(False)

    window.splitter = QSplitter(Qt.Orientation.Horizontal)
    window.splitter.addWidget(window.left)
    window.splitter.addWidget(right)
    window.splitter.setStretchFactor(1, 1)
    window.splitter.setSizes([450, 830])
    window.splitter.setChildrenCollapsible(False)
    window.left.setMinimumWidth(380)
    window.setCentralWidget(window.splitter)
