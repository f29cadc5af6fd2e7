"""Where the window remembers things between runs (QSettings).

Geometry, the last document per project and the annotator's name live in
the platform's usual place, under the organisation and application name
``annotator``. ``ANNOTATOR_SETTINGS_DIR`` moves them to an INI file in a
given folder, so tests (and portable installs) never read or write a
person's real settings.
"""

from __future__ import annotations

import getpass
import hashlib
import os
from pathlib import Path

from PySide6.QtCore import QSettings

from annotator.core.store.location import ServerLocation

ORGANIZATION = "annotator"
APPLICATION = "annotator"
ENV = "ANNOTATOR_SETTINGS_DIR"


def app_settings() -> QSettings:
    folder = os.environ.get(ENV)
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return QSettings(str(Path(folder) / "annotator.ini"), QSettings.Format.IniFormat)
    return QSettings(ORGANIZATION, APPLICATION)


def system_user() -> str:
    try:
        return getpass.getuser() or "annotator"
    except Exception:  # no login name (some containers)
        return "annotator"


def project_key(path: str | os.PathLike | ServerLocation, name: str) -> str:
    """A settings key scoped to one project file (e.g. its last document)."""
    where = str(path) if isinstance(path, ServerLocation) else str(Path(path).resolve())
    digest = hashlib.sha1(where.encode("utf-8")).hexdigest()[:16]
    return f"projects/{digest}/{name}"


# Keys of what the window remembers about its views (not per project: a
# person's eyes and taste go with them from project to project).
HIDDEN_COLUMNS = "list/hidden_columns"
TEXT_ZOOM = "view/text_zoom"


def string_list(settings: QSettings, key: str) -> list[str]:
    """A list stored as one comma-joined string: QSettings' own lists come
    back as a str, a list or None depending on their length and format."""
    value = settings.value(key)
    return [part for part in str(value).split(",") if part] if value else []


def set_string_list(settings: QSettings, key: str, values: list[str]) -> None:
    settings.setValue(key, ",".join(values))


def int_value(settings: QSettings, key: str, default: int = 0) -> int:
    """An integer setting; ``default`` when missing or not a number (an INI
    file edited by hand)."""
    try:
        return int(settings.value(key, default))
    except (TypeError, ValueError):
        return default
