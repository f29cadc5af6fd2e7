"""A grouped bar chart drawn with QPainter.

The desktop build leaves out Qt's add-ons (QtCharts among them), and one
chart does not need them: groups (labels) along the x axis, one bar per
series (annotator pair) in each group, a value axis with grid lines, and a
legend. Missing values (a figure that is undefined) leave a gap marked
"n/a", never a bar of height zero that would read as "no agreement".
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

#: Series colours (Tableau 10, readable on light and dark bases).
SERIES_COLORS = (
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#e15759",
    "#76b7b2",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)


class BarChart(QWidget):
    """``set_data(groups, series, values)``: values[series][group], None = n/a."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.title = ""
        self.groups: list[str] = []
        self.series: list[str] = []
        self.values: list[list[float | None]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 220)

    def sizeHint(self) -> QSize:
        return QSize(560, 320)

    def set_data(
        self,
        title: str,
        groups: list[str],
        series: list[str],
        values: list[list[float | None]],
    ) -> None:
        self.title, self.groups, self.series = title, list(groups), list(series)
        self.values = [list(v) for v in values]
        self.update()

    def value_range(self) -> tuple[float, float]:
        """0..1 for F1; down to the lowest negative kappa, in steps of 0.25."""
        present = [v for row in self.values for v in row if v is not None]
        low = min([0.0, *present])
        return (math.floor(low * 4) / 4, 1.0)

    def bar_rects(self) -> list[list[QRectF | None]]:
        """Where each bar is drawn (for painting and for tests)."""
        plot = self._plot_rect()
        low, high = self.value_range()
        n_groups, n_series = len(self.groups), max(1, len(self.series))
        if not n_groups:
            return []
        group_w = plot.width() / n_groups
        bar_w = min(38.0, group_w * 0.8 / n_series)
        zero_y = self._y(0.0, plot, low, high)
        rects: list[list[QRectF | None]] = []
        for s, row in enumerate(self.values):
            out: list[QRectF | None] = []
            for g, value in enumerate(row):
                if value is None:
                    out.append(None)
                    continue
                x = plot.left() + g * group_w + (group_w - bar_w * n_series) / 2 + s * bar_w
                y = self._y(value, plot, low, high)
                out.append(QRectF(x + 1, min(y, zero_y), bar_w - 2, abs(zero_y - y)))
            rects.append(out)
        return rects

    def _plot_rect(self) -> QRectF:
        fm = QFontMetricsF(self.font())
        line = fm.height()
        legend_rows = 1 if self.series else 0
        top = line * 1.6 + legend_rows * line * 1.4
        left = fm.horizontalAdvance("-0.75") + 14
        return QRectF(left, top, self.width() - left - 12, self.height() - top - line * 2.0)

    @staticmethod
    def _y(value: float, plot: QRectF, low: float, high: float) -> float:
        return plot.bottom() - (value - low) / (high - low) * plot.height()

    def paintEvent(self, _event: Any) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        grid = QColor(text)
        grid.setAlphaF(0.18)
        fm = QFontMetricsF(self.font())
        line = fm.height()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        painter.setPen(text)
        title_font = self.font()
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.drawText(QRectF(8, 4, self.width() - 16, line * 1.4), self.title)
        painter.setFont(self.font())
        if not self.groups:
            painter.drawText(
                QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, "No figures to show yet"
            )
            return
        # legend
        x = 8.0
        y = line * 1.6
        for s, name in enumerate(self.series):
            color = QColor(SERIES_COLORS[s % len(SERIES_COLORS)])
            painter.fillRect(QRectF(x, y + line * 0.2, line * 0.8, line * 0.8), color)
            painter.drawText(QPointF(x + line, y + line * 0.85), name)
            x += line * 1.6 + fm.horizontalAdvance(name)
        plot = self._plot_rect()
        low, high = self.value_range()
        # grid and value axis
        steps = round((high - low) / 0.25)
        for k in range(steps + 1):
            value = low + k * 0.25
            gy = self._y(value, plot, low, high)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), gy), QPointF(plot.right(), gy))
            painter.setPen(text)
            label = f"{value:.2f}".rstrip("0").rstrip(".") if value else "0"
            painter.drawText(
                QRectF(0, gy - line / 2, plot.left() - 6, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
        # bars
        rects = self.bar_rects()
        small = self.font()
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.8))
        small_fm = QFontMetricsF(small)
        painter.setFont(small)
        for s, row in enumerate(rects):
            color = QColor(SERIES_COLORS[s % len(SERIES_COLORS)])
            for g, rect in enumerate(row):
                if rect is None:
                    continue
                painter.fillRect(rect, color)
                value = self.values[s][g]
                label = f"{value:.2f}"
                if small_fm.horizontalAdvance(label) <= rect.width() + 6:
                    top = rect.top() if value >= 0 else rect.bottom() + small_fm.height()
                    painter.setPen(text)
                    painter.drawText(
                        QRectF(rect.left() - 4, top - small_fm.height() - 1, rect.width() + 8,
                               small_fm.height()),
                        Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                        label,
                    )  # fmt: skip
        painter.setFont(self.font())
        # group labels and n/a marks
        group_w = plot.width() / len(self.groups)
        painter.setPen(text)
        for g, name in enumerate(self.groups):
            cell = QRectF(plot.left() + g * group_w, plot.bottom() + 4, group_w, line * 1.4)
            shown = fm.elidedText(name, Qt.TextElideMode.ElideRight, group_w - 4)
            painter.drawText(cell, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, shown)
            if any(self.values[s][g] is None for s in range(len(self.series))):
                painter.drawText(
                    QRectF(plot.left() + g * group_w, plot.bottom() - line * 1.3, group_w, line),
                    Qt.AlignmentFlag.AlignHCenter,
                    "n/a" if all(v[g] is None for v in self.values) else "",
                )
        painter.setPen(QPen(text, 1))
        zero_y = self._y(0.0, plot, low, high)
        painter.drawLine(QPointF(plot.left(), zero_y), QPointF(plot.right(), zero_y))
        painter.end()
