-- Schema version 3: relations between spans and categories of documents.
-- A relation joins two spans of one set (HOLDER: a STANCE to the ACTOR that
-- holds it) and, like a span, is a model suggestion until confirmed. A
-- category value is an answer to a question about the whole document
-- (relevance, genre); one row per chosen value. Predictions get the same
-- two, so a new set is seeded with the model's links and answers as well.

ALTER TABLE relations ADD COLUMN origin TEXT NOT NULL DEFAULT 'human'
    CHECK (origin IN ('model', 'human'));
ALTER TABLE relations ADD COLUMN created_at TEXT NOT NULL DEFAULT '';
CREATE INDEX relations_head ON relations(head_span_id);
CREATE INDEX relations_child ON relations(child_span_id);

CREATE TABLE categories (
    set_id INTEGER NOT NULL REFERENCES annotation_sets(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    origin TEXT NOT NULL DEFAULT 'human' CHECK (origin IN ('model', 'human')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (set_id, name, value)
);

-- A predicted relation names its ends by offsets and label: predictions
-- have no ids a set could point at, and a set seeded from them finds its
-- own copies of the spans by the same three values.
CREATE TABLE prediction_relations (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    head_start INTEGER NOT NULL,
    head_end INTEGER NOT NULL,
    head_label TEXT NOT NULL,
    child_start INTEGER NOT NULL,
    child_end INTEGER NOT NULL,
    child_label TEXT NOT NULL,
    label TEXT NOT NULL
);
CREATE INDEX prediction_relations_document ON prediction_relations(document_id, model);

CREATE TABLE prediction_categories (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    score REAL,
    PRIMARY KEY (document_id, model, name, value)
);

-- A project on the shipped scheme (by its name, and only if the file's scheme
-- has no relations yet) gets the shipped relations and categories, the ones
-- resources/scheme.json had when this migration was written. Projects with a
-- scheme of their own keep it as it is; `annotator scheme set` adds them.
UPDATE settings
SET value = json_set(json_set(value, '$.relations', json('[{"name": "HOLDER", "key": "h", "color": "#7b4f9d", "description": "STANCE -> the ACTOR mention that holds the position.", "heads": ["STANCE"], "children": ["ACTOR"]}, {"name": "TARGET", "key": "t", "color": "#c0504d", "description": "STANCE -> the span it is about, when the target is marked in the text.", "heads": ["STANCE"], "children": ["ACTOR", "FIGURE", "DATE"]}]')), '$.categories', json('[{"name": "relevance", "exclusive": true, "description": "Does the article report on sanctions, trade or energy policy between states?", "values": [{"name": "relevant", "key": "5"}, {"name": "not relevant", "key": "6"}]}, {"name": "genre", "exclusive": true, "description": "What kind of piece the article is.", "values": [{"name": "report", "key": "7"}, {"name": "interview", "key": "8"}, {"name": "opinion", "key": "9"}, {"name": "brief", "key": "0"}]}]'))
WHERE key = 'scheme'
  AND json_extract(value, '$.name') = 'sanctions-news'
  AND json_type(value, '$.relations') IS NULL;
