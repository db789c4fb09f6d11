-- 0003_bundles: what this device sent to the office, and the office it sends to.
-- Shipped migrations are never edited: add a new numbered file instead.

-- The office this device sends bundles to: the signed office profile as received (docs/bundle-format.md).
-- At most one row. The admin key in it is pinned: a later profile must be signed by the same key.
CREATE TABLE office_profile (
  id          INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
  jws         TEXT NOT NULL,
  office      TEXT NOT NULL,
  admin_kid   TEXT NOT NULL,
  imported_at TEXT NOT NULL
) STRICT;

-- Every bundle this device exported, with the file itself, until and after the office confirms it.
-- `seq` counts per device key (kid) from 1 without gaps; the row is written, in the same transaction as
-- the audit entry, before the file is offered, so a seq is never reused. Rows are never deleted, and only
-- the delivery columns ever change.
CREATE TABLE bundles (
  jti            TEXT PRIMARY KEY NOT NULL,
  kid            TEXT NOT NULL,
  seq            INTEGER NOT NULL CHECK (seq >= 1),
  case_id        TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('plan', 'follow_up')),
  plan_version   INTEGER NOT NULL,
  jws_hash       TEXT NOT NULL,
  file_name      TEXT NOT NULL,
  file           BLOB NOT NULL,
  audit_to_seq   INTEGER NOT NULL,
  created_at     TEXT NOT NULL,
  delivered_at   TEXT,
  receipt_office TEXT,
  UNIQUE (kid, seq)
) STRICT;
CREATE INDEX bundles_case ON bundles(case_id, created_at);

CREATE TRIGGER bundles_no_delete BEFORE DELETE ON bundles
BEGIN SELECT RAISE(ABORT, 'bundles are kept'); END;
CREATE TRIGGER bundles_immutable BEFORE UPDATE OF jti, kid, seq, case_id, kind, plan_version, jws_hash,
  file_name, file, audit_to_seq, created_at ON bundles
BEGIN SELECT RAISE(ABORT, 'an exported bundle never changes'); END;
