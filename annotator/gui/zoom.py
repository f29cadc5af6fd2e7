"""View ▸ Zoom: the article's text larger or smaller, remembered between runs.

Only the article zooms, by the menu's keys or Ctrl+wheel (its font; the
relation arcs and their labels follow, arcview.ArcLayer.follow_font): the
lists and panels keep the desktop's size. The step is kept in the settings
(``view/text_zoom``), not per project: it is the reader's eyes, not the
project's.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QSettings

from .settings import TEXT_ZOOM, int_value
from .textview import SpanTextView


class TextZoom(QObject):
    """Zoom in, out and back for one article view; each change is said."""

    def __init__(
        self,
        view: SpanTextView,
        settings: QSettings,
        say: Callable[[str], None],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.view = view
        self.settings = settings
        self.say = say
        view.set_zoom(int_value(settings, TEXT_ZOOM, 0))
        view.zoomRequested.connect(lambda steps: self._apply(self.view.zoom + steps))

    def zoom_in(self) -> None:
        self._apply(self.view.zoom + 1)

    def zoom_out(self) -> None:
        self._apply(self.view.zoom - 1)

    def reset(self) -> None:
        self._apply(0)

    def _apply(self, step: int) -> None:
        taken = self.view.set_zoom(step)
        self.settings.setValue(TEXT_ZOOM, taken)
        size = f"{self.view.font().pointSizeF():g} pt"
        if taken != step:
            limit = "largest" if step > taken else "smallest"
            self.say(f"Text size {size}: the {limit} there is (Ctrl+0 resets)")
        elif taken == 0:
            self.say(f"Text size {size}: the usual size")
        else:
            self.say(f"Text size {size} ({taken:+d} pt; Ctrl+0 resets)")
