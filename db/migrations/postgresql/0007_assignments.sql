-- Schema version 7 on PostgreSQL (../0007_assignments.sql): documents handed
-- out to annotators (`annotator assign`). One row per (document, annotator)
-- the lead assigned; an annotator's queue is their assigned documents not yet
-- done or skipped. The annotator's index serves the queue, their progress and
-- the list's "My queue" filter; the primary key serves a document's
-- annotators. Removing an assignment never touches the annotator's set: work
-- done stays.

CREATE TABLE assignments (
    document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    annotator_id BIGINT NOT NULL REFERENCES annotators(id) ON DELETE CASCADE,
    assigned_at TEXT NOT NULL,
    PRIMARY KEY (document_id, annotator_id)
);
CREATE INDEX assignments_annotator ON assignments(annotator_id, document_id);
