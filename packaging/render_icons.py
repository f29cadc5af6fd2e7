"""Render resources/icons/annotator.svg to the PNG sizes desktops ask for.

Why a script: the PNGs are committed (freedesktop icon themes, .desktop
files and Windows/macOS converters want bitmaps), and they must stay in
step with the SVG. Qt's own SVG renderer is used so no extra tool
(inkscape, cairosvg) is needed: ``python packaging/render_icons.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def render(svg: Path, size: int, out: Path) -> None:
    """Paint ``svg`` into a transparent ``size``x``size`` ARGB image and save it."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"error: {svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    if not image.save(str(out), "PNG"):
        raise SystemExit(f"error: could not write {out}")


def main() -> None:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    svg = ICONS / "annotator.svg"
    for size in SIZES:
        out = ICONS / f"annotator-{size}.png"
        render(svg, size, out)
        print(f"{out.relative_to(ICONS.parent.parent)}  {size}x{size}")


if __name__ == "__main__":
    main()
