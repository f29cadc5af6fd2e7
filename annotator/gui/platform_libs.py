"""The system libraries Qt's xcb platform (X11) needs, checked before Qt starts.

PySide6's wheels carry Qt but not the X11 client libraries its xcb plugin
links against. When one is missing, Qt aborts with a message that names
``xcb-cursor0`` even when that one is installed, and says nothing of the
others. So before making the QApplication we load each library the plugin
needs ourselves (with ``ctypes``, without Qt) and, if any is missing, print
one line that names them and the Debian/Ubuntu packages that bring them.
"""

from __future__ import annotations

import ctypes
import os
import sys

#: Every shared library ``libqxcb.so`` and ``libQt6XcbQpa.so.6`` load that
#: PySide6 does not ship (read off ``ldd`` of both plugins), with the Debian
#: package that installs it. The README's quick start lists the same packages.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}


def uses_xcb(environ: dict[str, str] | None = None, platform: str | None = None) -> bool:
    """Whether Qt will pick the xcb platform: asked for, or the default on an X11 desktop."""
    env = os.environ if environ is None else environ
    if not (platform or sys.platform).startswith("linux"):
        return False
    asked = env.get("QT_QPA_PLATFORM", "")
    if asked:
        return asked.split(":")[0].split(";")[0] == "xcb"
    return bool(env.get("DISPLAY")) and not env.get("WAYLAND_DISPLAY")


def missing_libraries(libraries: dict[str, str] | None = None) -> dict[str, str]:
    """The libraries of ``libraries`` (soname: package) that cannot be loaded here."""
    missing = {}
    for soname, package in (XCB_LIBRARIES if libraries is None else libraries).items():
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing[soname] = package
    return missing


def xcb_problem(libraries: dict[str, str] | None = None) -> str | None:
    """One line naming the missing libraries and the command that installs them."""
    missing = missing_libraries(libraries)
    if not missing:
        return None
    names = ", ".join(missing)
    packages = " ".join(sorted(set(missing.values())))
    return (
        f"error: Qt's X11 (xcb) platform cannot start: {names} missing; "
        f"install with: sudo apt-get install {packages}"
    )
