-- Schema version 2: mark the file as an annotator project.
-- PRAGMA application_id is the header field SQLite reserves for the program
-- that owns a file (offset 68); with it a project is told from another
-- program's SQLite file before anything is written (docs/adr/0011).
-- The value is "ANNT" in ASCII; it must match APPLICATION_ID in
-- annotator/core/store/database.py.

PRAGMA application_id = 1095650900;
