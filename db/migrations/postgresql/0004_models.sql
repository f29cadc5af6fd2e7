-- Schema version 4 on PostgreSQL (../0004_models.sql): the project's models,
-- known by what they are, not by name. Every `spacy train` output is called
-- "en_pipeline 0.0.0", so a model's id is its training run (trained here),
-- or its name, version and a digest of its files (a pipeline from
-- elsewhere). predictions.model and prediction_runs.model hold this id.
-- Which model suggests is the project setting "models.suggesting", changed
-- only by `annotator models use`. Same statements as on SQLite.

CREATE TABLE models (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('rules', 'pipeline', 'trained', 'imported')),
    path TEXT,                               -- where it loads from; NULL for imported predictions
    digest TEXT,                             -- sha256 over the pipeline's files, when it has files
    base TEXT,                               -- the model it was trained from
    trained_on TEXT NOT NULL DEFAULT '{}',   -- JSON: which sets, how many documents, when
    scores TEXT NOT NULL DEFAULT '{}',       -- JSON: held-out scores per label
    created_at TEXT NOT NULL
);

-- Models that made predictions before this table existed, by the name they used.
INSERT INTO models (id, name, version, kind, created_at)
SELECT model, model, max(model_version),
       CASE model WHEN 'rules' THEN 'rules' ELSE 'pipeline' END, min(created_at)
FROM prediction_runs GROUP BY model;
