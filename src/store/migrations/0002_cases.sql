-- 0002_cases: SIP cases and the audit log.
-- Shipped migrations are never edited: add a new numbered file instead.

-- One row per case. `doc` is the whole case in its JSON form (src/core/model.h); `step` and the dates are
-- copies kept for listing and sorting without parsing every document.
CREATE TABLE cases (
  id         TEXT PRIMARY KEY NOT NULL,
  step       TEXT NOT NULL,
  created_on TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  doc        TEXT NOT NULL CHECK (json_valid(doc))
) STRICT;

-- Append-only: who did what, when, to which case (the person concerned is the case's plan owner).
-- Written in the same transaction as the change it describes. Hash-chained: `hash` is the SHA-256 of the
-- previous entry's hash and this entry's fields (src/store/audit.cpp); meta 'audit_head' holds the last
-- seq and hash, so a removed tail is detected too.
CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY NOT NULL,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  case_id   TEXT,
  action    TEXT NOT NULL,
  data      TEXT NOT NULL CHECK (json_valid(data)),
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_case ON audit_log(case_id, seq);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
