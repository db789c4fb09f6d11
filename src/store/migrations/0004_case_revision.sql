-- 0004_case_revision: a change counter on every case, so that a list (Översikt) is brought up to date by
-- reading only the cases written since it was made (case.list `since`), not every case after each save.
-- Shipped migrations are never edited: add a new numbered file instead.

-- Every write of a case sets `revision` to one more than the highest revision of any case (cases_repo::Put),
-- in the same transaction as the write. Cases written before this migration keep 0 and are read by a full
-- list, which every screen starts with.
ALTER TABLE cases ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
CREATE INDEX cases_revision ON cases(revision);
