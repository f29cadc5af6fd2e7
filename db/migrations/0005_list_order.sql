-- Schema version 5: the document list sorts by title, date and source.
-- With these indexes the first page of a sorted list of 100,000 documents is
-- an index walk, not a sort of every row. The collations match the list's
-- ORDER BY (titles and sources sort without regard to case).

CREATE INDEX documents_title ON documents(title COLLATE NOCASE, id);
CREATE INDEX documents_published ON documents(published, id);
CREATE INDEX documents_source ON documents(source COLLATE NOCASE, id);
