-- Schema version 5 on PostgreSQL (../0005_list_order.sql): the document list
-- sorts by title, date and source, and the first page of a sorted list of
-- 100,000 documents is an index walk, not a sort of every row.
-- PostgreSQL has no NOCASE. SQLite's NOCASE compares UTF-8 bytes after
-- folding A-Z to a-z, nothing else; lower(x COLLATE "C") folds exactly A-Z
-- and "C" orders by bytes, so these indexes give SQLite's order whatever
-- the cluster's locale. A query uses them only by the same expression:
-- ORDER BY lower(d.title COLLATE "C"), d.id (for listing.py's
-- "d.title COLLATE NOCASE"; likewise source). Dates sort as SQLite's
-- BINARY does on a database created with the C locale (docs/adr/0020).
-- SQLite sorts NULLs first, PostgreSQL last unless told: the list's
-- ascending ORDER BY says NULLS FIRST, and so do the indexes, or the walk
-- would not be in the order asked for.

CREATE INDEX documents_title ON documents(lower(title COLLATE "C") NULLS FIRST, id);
CREATE INDEX documents_published ON documents(published NULLS FIRST, id);
CREATE INDEX documents_source ON documents(lower(source COLLATE "C") NULLS FIRST, id);
