"""Where a project lives: a SQLite file, or a database on a PostgreSQL server.

``--db`` and ``$ANNOTATOR_DB`` take either a path or a URL
``postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME``. The rest of the program
passes the value on as it got it; only the store looks at which it is, so
no command needs to know which engine it talks to.

A server location prints with its password masked: it appears in every
message that names the project, and a password must never reach a terminal,
a log or the project itself. libpq's own ways of giving one (``PGPASSWORD``,
``PGPASSFILE``, a service file) work because the URL is handed to libpq as
it is. Files that belong beside a project (trained models, a window's
recovery file) go into a per-user folder named for the server project, as a
SQLite project keeps them beside its file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from platformdirs import user_data_path

SCHEMES = ("postgresql://", "postgres://")


@dataclass(frozen=True)
class ServerLocation:
    """A project on a PostgreSQL server, named by its libpq URL."""

    url: str  # as given, password included: handed to libpq, never shown

    @property
    def masked(self) -> str:
        """The URL with any password replaced by ``***``: safe to print."""
        return mask(self.url)

    @property
    def dbname(self) -> str:
        return unquote(urlsplit(self.url).path.lstrip("/")) or "postgres"

    @property
    def host(self) -> str:
        parts = urlsplit(self.url)
        return parts.hostname or "localhost"

    @property
    def name(self) -> str:
        """A short name for titles: ``DBNAME on HOST``."""
        return f"{self.dbname} on {self.host}"

    @property
    def stem(self) -> str:
        """What names the project in a merged set's ``NAME@STEM``, as a
        file's stem does: the database's name."""
        return self.dbname

    @property
    def local_dir(self) -> Path:
        """The per-user folder for this project's files that are not in the
        database (models trained here, recovery files)."""
        parts = urlsplit(self.url)
        key = f"{parts.username or ''}@{self.host}_{parts.port or 5432}_{self.dbname}"
        return user_data_path("annotator") / "servers" / re.sub(r"[^\w@.-]", "_", key)

    def sidecar(self, suffix: str) -> Path:
        """The local path a SQLite project would have as ``FILE{suffix}``."""
        return self.local_dir / f"project{suffix}"

    def __str__(self) -> str:
        return self.masked


Location = Path | ServerLocation


def beside(location: Location, name: str) -> Path:
    """A file named ``name`` that belongs with the project: beside a project
    file, or in a server project's per-user folder (made when needed)."""
    if isinstance(location, ServerLocation):
        location.local_dir.mkdir(parents=True, exist_ok=True)
        return location.local_dir / name
    return Path(location).with_name(name)


def is_server_url(value: str | Path) -> bool:
    return isinstance(value, str) and value.startswith(SCHEMES)


def parse_location(value: str | Path | ServerLocation) -> Location:
    """A path for a file project, a ``ServerLocation`` for a URL."""
    if isinstance(value, ServerLocation):
        return value
    if is_server_url(value):
        return ServerLocation(str(value))
    return Path(value)


def mask(text: str) -> str:
    """``text`` with the password of every PostgreSQL URL in it replaced."""
    return re.sub(r"(postgres(?:ql)?://[^:/@\s]*:)[^@\s]*@", r"\1***@", text)
