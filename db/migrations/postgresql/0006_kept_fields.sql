-- Schema version 6 on PostgreSQL (../0006_kept_fields.sql): what an import
-- brought that the project does not model. A Prodigy line's _input_hash,
-- _task_hash, _timestamp, _session_id and extra keys, a doccano line's id,
-- Comments and custom keys, a span's score, source and rank: kept verbatim in
-- the set's or the span's meta, shown nowhere, written back by the same
-- format's export, never dropped. Same statements as on SQLite.

ALTER TABLE annotation_sets ADD COLUMN meta TEXT NOT NULL DEFAULT '{}';
ALTER TABLE spans ADD COLUMN meta TEXT NOT NULL DEFAULT '{}';
