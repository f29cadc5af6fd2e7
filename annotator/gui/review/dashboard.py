"""The agreement dashboard: the agreement core's figures, in one window.

Left, the per-label table (per annotator pair: span F1 exact and overlap and
token Cohen's kappa; Fleiss' kappa over all annotators when three or more
are compared), Krippendorff's alpha of attributes, and relation F1 per
relation label and kappa/alpha per document category. Right, a bar chart of
one figure per label and pair (drawn with QPainter: no QtCharts in the
desktop build), each annotator's progress (done of all documents), with
assignments each annotator's progress against their assignment, and each
model's suggestion quality (quality_panel.py).

Every number comes from ``project_agreement``, the same call behind
``annotator agreement``; cells keep the raw value under ``VALUE_ROLE`` so a
test can compare them with the core's figures exactly. The figures are
computed on a worker thread with its own connection (tokenizing and
aligning a large project takes a while), and ``refreshed`` is emitted when
they are on screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.agreement import (
    AgreementReport,
    annotator_progress,
    choose_annotators,
    project_agreement,
)
from annotator.core.store import Project

from ..plaintext import label as plain_label
from ..watcher import ChangePoll
from ..workers import ProjectWorker
from .chart import BarChart
from .quality_panel import QualityPanel

VALUE_ROLE = Qt.ItemDataRole.UserRole + 1
OVERALL = "overall"
FLEISS = "all (Fleiss)"
METRICS = {"f1_exact": "F1 exact", "f1_overlap": "F1 overlap", "kappa": "κ (kappa)"}
TABLE_HEADERS = ("Label", "Pair", "F1 exact", "F1 overlap", "κ", "Spans", "Docs")
LINK_HEADERS = ("Relation / category", "Pair", "F1", "κ", "α", "Units")
# (key of project.assignments.progress(), header) of the assignment table's figures
ASSIGNMENT_COLUMNS = (
    ("assigned", "Assigned"),
    ("done", "Done"),
    ("skipped", "Skipped"),
    ("in_progress", "In progress"),
    ("todo", "To do"),
)


def fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def pair_name(a: str, b: str) -> str:
    return f"{a} – {b}"


def _item(text: str, value: object = None, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    item.setData(VALUE_ROLE, value)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _table(headers: tuple[str, ...] | list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 6)
    return table


DASHBOARD_POLL_MS = 10_000  # how often the figures look for others' work


class AgreementWorker(ProjectWorker):
    """``project_agreement`` on its own connection, off the GUI thread."""

    def __init__(self, path: Path, annotators: list[str] | None, parent: Any = None):
        super().__init__(path, parent)
        self.annotators = annotators
        self.report: AgreementReport | None = None
        self.assignments: dict[str, dict[str, int]] = {}

    def work(self, project: Project) -> str:
        self.assignments = project.assignments.progress()
        names = choose_annotators(project, self.annotators)
        if names:
            self.report = project_agreement(project, names)
        else:  # a new project: nobody to compare yet (an empty report, not an error)
            scheme = project.scheme()
            self.report = AgreementReport(
                annotators=[],
                labels=list(scheme.names),
                entity_labels=list(scheme.entity_labels()),
                documents=0,
                pairs=[],
                fleiss=None,
                attributes={},
                disagreements={},
                progress=annotator_progress(project, []),
            )
        return f"{self.report.documents} documents compared"


class DashboardWindow(QMainWindow):
    refreshed = Signal()  # new figures are on screen
    refreshFailed = Signal(str)

    def __init__(
        self,
        project: Project | str | Path,
        annotators: list[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._owns_project = not isinstance(project, Project)
        self.project = Project.open(project) if self._owns_project else project
        self.wanted = annotators
        self.report: AgreementReport | None = None
        self._worker: AgreementWorker | None = None
        self._again = False
        self.setWindowTitle(f"Agreement — {self.project.path.name} — annotator")
        self.setMinimumSize(900, 560)

        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.table = _table(TABLE_HEADERS)
        self.table.setObjectName("labelTable")
        self.attr_table = _table(["Attribute", "α all"])
        self.attr_table.setObjectName("attributeTable")
        self.links_table = _table(LINK_HEADERS)
        self.links_table.setObjectName("linksTable")
        self.metric_box = QComboBox()
        for key, text in METRICS.items():
            self.metric_box.addItem(text, key)
        self.metric_box.currentIndexChanged.connect(self._update_chart)
        self.chart = BarChart()
        self.chart.setObjectName("agreementChart")
        self.progress_box = QGroupBox("Progress (done of all documents)")
        self.progress_grid = QGridLayout(self.progress_box)
        self.progress_bars: dict[str, QProgressBar] = {}
        self.assignment_table = _table(["Annotator", *(h for _k, h in ASSIGNMENT_COLUMNS)])
        self.assignment_table.setObjectName("assignmentTable")
        self.assignment_box = QGroupBox("Assignments (annotator assign): progress against each")
        QVBoxLayout(self.assignment_box).addWidget(self.assignment_table)
        self.assignment_box.hide()  # shown once the project has assignments
        self.quality = QualityPanel(self.project.path, self)  # each model's suggestions
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.clicked.connect(self.refresh)
        self._layout()
        self.resize(1280, 800)
        self.summary.setText("Computing agreement…")
        self.refresh()
        # the figures follow annotators' work as it arrives (agreement over a
        # large project takes a while: looked for less often than the lists)
        self.others = ChangePoll(self.project, self.refresh, self, DASHBOARD_POLL_MS)

    def _layout(self) -> None:
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.refresh_button)
        column.addLayout(top)
        labels_box = QGroupBox("Per label and annotator pair")
        QVBoxLayout(labels_box).addWidget(self.table)
        attrs_box = QGroupBox("Attributes (Krippendorff's α, nominal)")
        QVBoxLayout(attrs_box).addWidget(self.attr_table)
        links_box = QGroupBox("Relations (F1) and document categories (κ, α)")
        QVBoxLayout(links_box).addWidget(self.links_table)
        column.addWidget(labels_box, 3)
        column.addWidget(attrs_box, 1)
        column.addWidget(links_box, 1)

        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        chooser = QHBoxLayout()
        chooser.addWidget(QLabel("Chart:"))
        chooser.addWidget(self.metric_box)
        chooser.addStretch(1)
        side.addLayout(chooser)
        side.addWidget(self.chart, 3)
        side.addWidget(self.progress_box, 1)
        side.addWidget(self.assignment_box, 1)
        side.addWidget(self.quality, 2)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([660, 600])
        splitter.setChildrenCollapsible(False)
        holder = QWidget()
        QVBoxLayout(holder).addWidget(splitter)
        self.setCentralWidget(holder)

    # -- content -----------------------------------------------------------
    def refresh(self) -> None:
        """Recompute every figure from the project file (on a worker thread;
        ``refreshed`` follows). A refresh asked for meanwhile runs after it."""
        self.quality.refresh()
        if self._worker is not None:
            self._again = True
            return
        worker = AgreementWorker(self.project.path, self.wanted, self)
        worker.succeeded.connect(self._computed)
        worker.failed.connect(self._failed)
        self._worker = worker
        self.refresh_button.setEnabled(False)
        self.refresh_button.setText("Computing…")
        worker.start()

    def _finish_worker(self) -> AgreementWorker:
        worker, self._worker = self._worker, None
        worker.wait()
        worker.deleteLater()
        self.refresh_button.setEnabled(True)
        self.refresh_button.setText("Refresh")
        if self._again:
            self._again = False
            self.refresh()
        return worker

    def _computed(self, _message: str) -> None:
        worker = self._finish_worker()
        self.show_assignments(worker.assignments)
        self.show_report(worker.report)

    def _failed(self, message: str) -> None:
        self._finish_worker()
        self.summary.setText(f"Could not compute agreement: {message}")
        self.refreshFailed.emit(message)

    def show_report(self, report: AgreementReport) -> None:
        self.report = report
        self._fill_summary()
        self._fill_table()
        self._fill_attributes()
        self._fill_links()
        self._fill_progress()
        self._update_chart()
        self.refreshed.emit()

    def _fill_summary(self) -> None:
        r = self.report
        who = f"{len(r.annotators)} annotators ({', '.join(r.annotators)})"
        text = f"{who if r.annotators else 'No annotators yet'} · "
        text += f"{r.documents} documents finished by two or more"
        if r.pairs:
            overall = ", ".join(
                f"{pair_name(p.a, p.b)}: F1 {fmt(p.overall.f1_exact)}" for p in r.pairs
            )
            text += f"\nOverall exact F1 — {overall}"
        if r.fleiss is not None:
            text += f"\nFleiss' κ over all {len(r.fleiss.annotators)}: {fmt(r.fleiss.overall)}"
        if not r.documents:
            text += "\nNothing to compare yet: two annotators must mark the same documents done."
        self.summary.setText(text)

    def rows(self) -> list[tuple[str, str]]:
        """(label, pair) of every table row, in order."""
        out = []
        for row in range(self.table.rowCount()):
            out.append((self.table.item(row, 0).text(), self.table.item(row, 1).text()))
        return out

    def _fill_table(self) -> None:
        r = self.report
        table = self.table
        table.setRowCount(0)
        for label in [OVERALL, *r.labels]:
            for p in r.pairs:
                fig = p.overall if label == OVERALL else p.labels.get(label)
                if fig is None:
                    continue
                row = table.rowCount()
                table.insertRow(row)
                table.setItem(row, 0, _item(label, label))
                table.setItem(row, 1, _item(pair_name(p.a, p.b), (p.a, p.b)))
                for col, value in enumerate((fig.f1_exact, fig.f1_overlap, fig.kappa), start=2):
                    table.setItem(row, col, _item(fmt(value), value, True))
                spans = f"{fig.spans_a} / {fig.spans_b}"
                table.setItem(row, 5, _item(spans, (fig.spans_a, fig.spans_b), True))
                table.setItem(row, 6, _item(str(p.documents), p.documents, True))
            if r.fleiss is not None:
                value = r.fleiss.overall if label == OVERALL else r.fleiss.labels.get(label)
                row = table.rowCount()
                table.insertRow(row)
                table.setItem(row, 0, _item(label, label))
                table.setItem(row, 1, _item(FLEISS, tuple(r.fleiss.annotators)))
                table.setItem(row, 2, _item("", None))
                table.setItem(row, 3, _item("", None))
                table.setItem(row, 4, _item(fmt(value), value, True))
                table.setItem(row, 5, _item("", None))
                table.setItem(row, 6, _item(str(r.fleiss.documents), r.fleiss.documents, True))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def _fill_attributes(self) -> None:
        r = self.report
        headers = ["Attribute", "α all", "units", *[pair_name(p.a, p.b) for p in r.pairs]]
        table = self.attr_table
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setRowCount(0)
        for name, fig in r.attributes.items():
            row = table.rowCount()
            table.insertRow(row)
            table.setItem(row, 0, _item(name, name))
            table.setItem(row, 1, _item(fmt(fig.alpha), fig.alpha, True))
            table.setItem(row, 2, _item(str(fig.units), fig.units, True))
            for k, p in enumerate(r.pairs, start=3):
                pair_fig = p.attributes.get(name)
                value = pair_fig.alpha if pair_fig else None
                table.setItem(row, k, _item(fmt(value), value, True))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def _fill_links(self) -> None:
        """One row per relation label and pair (F1 with the relation counts),
        per category and pair (Cohen's κ, α), and per category over all
        annotators (Fleiss' κ when three or more, α)."""
        r = self.report
        table = self.links_table
        table.setRowCount(0)

        # cells: ... = a figure this kind of row has not (blank), None = undefined (—)
        def add(name: str, who: str, key: object, cells: list, units: int) -> None:
            row = table.rowCount()
            table.insertRow(row)
            table.setItem(row, 0, _item(name, name))
            table.setItem(row, 1, _item(who, key))
            for col, value in enumerate(cells, start=2):
                text = "" if value is ... else fmt(value)
                table.setItem(row, col, _item(text, None if value is ... else value, True))
            table.setItem(row, 5, _item(str(units), units, True))

        for label in r.relation_labels:
            for p in r.pairs:
                fig = p.relations.get(label)
                if fig is not None:
                    counts = fig.relations_a + fig.relations_b
                    add(label, pair_name(p.a, p.b), (p.a, p.b), [fig.f1, ..., ...], counts)
        for name, overall in r.categories.items():
            for p in r.pairs:
                fig = p.categories.get(name)
                if fig is not None:
                    add(
                        name,
                        pair_name(p.a, p.b),
                        (p.a, p.b),
                        [..., fig.kappa, fig.alpha],
                        fig.units,
                    )
            if len(r.annotators) > 2:
                cells = [..., overall.kappa, overall.alpha]
                add(name, FLEISS, tuple(r.annotators), cells, overall.units)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def _fill_progress(self) -> None:
        while self.progress_grid.count():
            widget = self.progress_grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.progress_bars = {}
        for row, (name, counts) in enumerate(self.report.progress.items()):
            total = int(counts.get("documents", 0))
            done = int(counts.get("done", 0))
            bar = QProgressBar()
            bar.setRange(0, max(total, 1))
            bar.setValue(done)
            bar.setFormat(f"{done} / {total}")
            bar.setObjectName(f"progress_{name}")
            detail = plain_label(
                f"{counts.get('in_progress', 0)} in progress · {counts.get('skipped', 0)} skipped"
            )
            name_label = QLabel(name)
            name_label.setTextFormat(Qt.TextFormat.PlainText)
            self.progress_grid.addWidget(name_label, row, 0)
            self.progress_grid.addWidget(bar, row, 1)
            self.progress_grid.addWidget(detail, row, 2)
            self.progress_bars[name] = bar
        self.progress_grid.setColumnStretch(1, 1)

    def show_assignments(self, progress: dict[str, dict[str, int]]) -> None:
        """One row per annotator with assignments (``project.assignments.progress()``);
        the table is hidden while nobody has any."""
        table = self.assignment_table
        table.setRowCount(0)
        for name, counts in progress.items():
            row = table.rowCount()
            table.insertRow(row)
            table.setItem(row, 0, _item(name, name))
            for col, (key, _header) in enumerate(ASSIGNMENT_COLUMNS, start=1):
                table.setItem(row, col, _item(str(counts[key]), counts[key], True))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.assignment_box.setVisible(bool(progress))

    def _update_chart(self) -> None:
        r = self.report
        if r is None:
            return
        metric = self.metric_box.currentData()
        groups = [OVERALL, *r.labels]
        series, values = [], []
        for p in r.pairs:
            series.append(pair_name(p.a, p.b))
            row = []
            for label in groups:
                fig = p.overall if label == OVERALL else p.labels.get(label)
                row.append(getattr(fig, metric) if fig is not None else None)
            values.append(row)
        if metric == "kappa" and r.fleiss is not None:
            series.append(FLEISS)
            values.append(
                [r.fleiss.overall if g == OVERALL else r.fleiss.labels.get(g) for g in groups]
            )
        self.chart.set_data(f"{METRICS[metric]} per label", groups, series, values)

    def closeEvent(self, event) -> None:
        self.others.stop()
        if self._worker is not None:
            self._worker.wait()
        if self._owns_project:
            self.project.close()
        super().closeEvent(event)


def open_dashboard(
    project_path: str | Path | Project,
    parent: QWidget | None = None,
    annotators: list[str] | None = None,
) -> DashboardWindow:
    """Open and show the agreement dashboard (also without the main window)."""
    window = DashboardWindow(project_path, annotators, parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    return window
