"""The label bar: one button per label showing its keys, and the legend.

The buttons are the mouse path to what the number and letter keys do; the
legend tells a confirmed span (solid fill) from a model suggestion (faint
fill, dashed underline) in the colours actually used in the text.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from annotator.core.scheme import Label, Scheme

from . import colors
from .plaintext import tip


class Swatch(QWidget):
    """A small sample of how a span looks: confirmed, suggested or selected."""

    def __init__(self, color: str, kind: str, parent: Any = None):
        super().__init__(parent)
        self.color, self.kind = color, kind
        size = self.fontMetrics().height()
        self.setFixedSize(QSize(int(size * 1.6), size))

    def paintEvent(self, _event: Any) -> None:
        painter = QPainter(self)
        palette = self.palette()
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        fill = colors.fill(
            self.color, palette, "confirmed" if self.kind != "suggested" else "suggested"
        )
        if self.kind == "selected":
            fill = colors.selected_fill(self.color, palette)
        painter.fillRect(rect, fill)
        if self.kind == "suggested":
            pen = QPen(colors.line_color(self.color, palette), 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.end()


class LabelBar(QWidget):
    labelChosen = Signal(str)

    def __init__(self, scheme: Scheme, parent: Any = None):
        super().__init__(parent)
        self.setObjectName("labelBar")
        self.buttons: dict[str, QToolButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(6)
        for label in scheme.labels:
            button = QToolButton()
            button.setText(self.caption(label))
            button.setToolTip(
                tip(
                    f"{label.name}: {label.description}\nKey {label.key}"
                    + (f" or {label.mnemonic.upper()}" if label.mnemonic else "")
                )
            )
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setStyleSheet(self._style(label))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, name=label.name: self.labelChosen.emit(name))
            layout.addWidget(button)
            self.buttons[label.name] = button
        layout.addStretch(1)
        first = scheme.labels[0].color if scheme.labels else "#888888"
        for kind, text in (("confirmed", "confirmed"), ("suggested", "model suggestion")):
            layout.addWidget(Swatch(first, kind))
            caption = QLabel(text)
            caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            layout.addWidget(caption)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    @staticmethod
    def caption(label: Label) -> str:
        keys = label.key + (f" {label.mnemonic.upper()}" if label.mnemonic else "")
        return f"{keys}  {label.name}"

    def _style(self, label: Label) -> str:
        palette = self.palette()
        background = colors.fill(label.color, palette, "confirmed")
        text = colors.readable_text(background, palette.color(QPalette.ColorRole.Text))
        border = colors.line_color(label.color, palette)
        return (
            f"QToolButton {{ background: {background.name()}; color: {text.name()};"
            f" border: 1px solid {border.name()}; border-radius: 4px; padding: 3px 9px;"
            " font-weight: 600; }"
            f" QToolButton:hover {{ background: {QColor(border).name()};"
            f" color: {colors.readable_text(border, text).name()}; }}"
        )
