-- Schema version 8 on PostgreSQL (../0008_learn_order.sql): the document list
-- sorts by "most to learn". A span or text categorizer's scores exist only
-- while the Doc does, so a run keeps how unsure the model was over the
-- document (the mean of 1 - |2p - 1|; NULL for a pipeline without scores,
-- such as `ner` alone). A new run of the model on the document replaces the
-- row and so the value.
ALTER TABLE prediction_runs ADD COLUMN uncertainty DOUBLE PRECISION;
-- A model's runs: its newest (which model is compared with which) is one
-- look-up, and whether any run changed (how many, the newest) one count on
-- the index, not a walk of the table.
CREATE INDEX prediction_runs_model ON prediction_runs(model, created_at);

-- Each document's "most to learn" score for one pair of models: the
-- suggesting model and the one it is compared with (its base, else the
-- newest other model that ran). Rebuilt when the pair changes, brought up to
-- date per document when either model's run on it is newer than runs_at;
-- the setting "learn_order" names the pair the rows are for. A document
-- without a row cannot be scored (the suggesting model never saw it, or
-- neither model gives a signal there) and sorts last.
-- document_id is a key naming a document, not a counter: no identity.
CREATE TABLE learn_scores (
    document_id BIGINT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    disagreements BIGINT,       -- spans one model proposed and the other did not; NULL unless both ran
    uncertainty DOUBLE PRECISION, -- the suggesting model's run's uncertainty, 0 to 1; NULL without scores
    score DOUBLE PRECISION NOT NULL, -- disagreements + uncertainty: higher has more to learn
    runs_at TEXT NOT NULL       -- newest created_at of the two runs it was computed from
);
CREATE INDEX learn_scores_score ON learn_scores(score DESC, document_id);
