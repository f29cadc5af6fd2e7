-- Schema version 1: documents, predictions, annotators, annotation sets, spans, events.
-- Offsets (start_char, end_char) are Python code-point offsets into
-- documents.text, end exclusive. JSON columns hold objects, never NULL.

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL                      -- JSON
);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL,
    title TEXT,
    source TEXT,
    published TEXT,                          -- ISO date or NULL
    meta TEXT NOT NULL DEFAULT '{}',         -- JSON object
    hash TEXT NOT NULL UNIQUE,               -- sha256 of the UTF-8 text: importing twice adds nothing
    created_at TEXT NOT NULL
);

CREATE TABLE predictions (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    label TEXT NOT NULL,
    attrs TEXT NOT NULL DEFAULT '{}',
    model TEXT NOT NULL,
    model_version TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CHECK (end_char > start_char AND start_char >= 0)
);
CREATE INDEX predictions_document ON predictions(document_id, model);

-- Which model ran on which document, also when it found nothing.
CREATE TABLE prediction_runs (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    model_version TEXT NOT NULL,
    spans INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (document_id, model)
);

CREATE TABLE annotators (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE annotation_sets (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    annotator_id INTEGER NOT NULL REFERENCES annotators(id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'todo'
        CHECK (status IN ('todo', 'in_progress', 'done', 'skipped')),
    note TEXT NOT NULL DEFAULT '',
    skip_reason TEXT NOT NULL DEFAULT '',
    seconds_spent REAL NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (document_id, annotator_id)
);
CREATE INDEX annotation_sets_annotator ON annotation_sets(annotator_id, status, document_id);

CREATE TABLE spans (
    id INTEGER PRIMARY KEY,
    set_id INTEGER NOT NULL REFERENCES annotation_sets(id) ON DELETE CASCADE,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    label TEXT NOT NULL,
    attrs TEXT NOT NULL DEFAULT '{}',
    origin TEXT NOT NULL DEFAULT 'human' CHECK (origin IN ('model', 'human')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (end_char > start_char AND start_char >= 0)
);
CREATE INDEX spans_set ON spans(set_id, start_char);
CREATE INDEX spans_label ON spans(label);

CREATE TABLE relations (
    id INTEGER PRIMARY KEY,
    set_id INTEGER NOT NULL REFERENCES annotation_sets(id) ON DELETE CASCADE,
    head_span_id INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
    child_span_id INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    attrs TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX relations_set ON relations(set_id);

-- Append-only log of every edit. No foreign keys: history outlives what it describes.
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    ts TEXT NOT NULL,
    annotator TEXT,
    document_id INTEGER,
    set_id INTEGER,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_set ON events(set_id);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;

CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;
