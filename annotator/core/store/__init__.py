"""The project file: the only place in the app that writes SQL."""

from .documents import ImportResult
from .listing import DocumentRow, ListingFilter
from .project import Project
from .util import text_hash

__all__ = ["DocumentRow", "ImportResult", "ListingFilter", "Project", "text_hash"]
