"""The project file: the only place in the app that writes SQL.

``Project`` holds the connection, transactions, settings, the scheme and the
event log; the tables are reached through the objects it holds, each in its
own module: ``project.documents`` (documents.py), ``project.sets`` (sets.py),
``project.listing`` (listing.py) and ``project.gold`` (gold.py).
"""

from .database import damage_report
from .documents import Documents, ImportResult, PredictionRun
from .gold import Gold, GoldChange
from .listing import DocumentRow, Listing, ListingFilter
from .project import Project
from .sets import Sets
from .staging import StagedRun, staged_run
from .util import text_hash

__all__ = [
    "DocumentRow",
    "Documents",
    "Gold",
    "GoldChange",
    "ImportResult",
    "Listing",
    "ListingFilter",
    "PredictionRun",
    "Project",
    "Sets",
    "StagedRun",
    "damage_report",
    "staged_run",
    "text_hash",
]
