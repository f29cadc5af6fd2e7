"""Span colours that stay readable in light and dark palettes.

A label's colour from the scheme is blended onto the palette's base colour
(stronger for confirmed spans, faint for model suggestions), and the text
keeps the palette's own colour unless the contrast against the fill drops
under WCAG's 4.5:1, in which case black or white is used.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QColor, QPalette

CONFIRMED_ALPHA = (0.42, 0.55)  # (light, dark) share of the label colour in the fill
SUGGESTED_ALPHA = (0.21, 0.30)
CLAUSE_ALPHA = (0.20, 0.26)  # long spans (STANCE) under the entities
CLAUSE_SUGGESTED_ALPHA = (0.11, 0.16)


def luminance(color: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    la, lb = luminance(a), luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def blend(top: QColor, bottom: QColor, alpha: float) -> QColor:
    return QColor.fromRgbF(
        top.redF() * alpha + bottom.redF() * (1 - alpha),
        top.greenF() * alpha + bottom.greenF() * (1 - alpha),
        top.blueF() * alpha + bottom.blueF() * (1 - alpha),
    )


def readable_text(background: QColor, preferred: QColor) -> QColor:
    """The preferred text colour, or black/white when it would be hard to read."""
    if contrast(background, preferred) >= 4.5:
        return preferred
    black, white = QColor("#000000"), QColor("#ffffff")
    return black if contrast(background, black) >= contrast(background, white) else white


@lru_cache(maxsize=256)
def _line_color(label_hex: str, base_rgb: int) -> QColor:
    color, base = QColor(label_hex), QColor.fromRgb(base_rgb)
    if base.lightness() < 128 and color.lightness() < 150:
        return color.lighter(150)
    return color


def line_color(label_hex: str, palette: QPalette) -> QColor:
    """The label colour for underlines and outlines: lightened on dark bases."""
    return QColor(_line_color(label_hex, palette.color(QPalette.ColorRole.Base).rgb()))


def fill(label_hex: str, palette: QPalette, kind: str) -> QColor:
    """Background of a span: kind is 'confirmed', 'suggested' or 'clause'."""
    dark = int(is_dark(palette))
    alpha = {
        "confirmed": CONFIRMED_ALPHA,
        "suggested": SUGGESTED_ALPHA,
        "clause": CLAUSE_ALPHA,
        "clause_suggested": CLAUSE_SUGGESTED_ALPHA,
    }[kind][dark]
    return blend(QColor(label_hex), palette.color(QPalette.ColorRole.Base), alpha)


def selected_fill(label_hex: str, palette: QPalette) -> QColor:
    """The selected span: the label colour at full strength, darkened on light
    bases (white text on it) and lightened on dark ones (black text)."""
    color = QColor(label_hex)
    if is_dark(palette):
        return color.lighter(135) if color.lightness() < 170 else color
    return color.darker(125) if color.lightness() > 90 else color
