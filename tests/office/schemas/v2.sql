-- Frozen dump of a SIP Field office database at schema version 2 (0001_office, 0002_pending_enrollments), with fictional data.
-- Never edit: tests/office/schema_test.cpp checks that the office migrations still produce exactly this schema.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
-- 0001_office: bookkeeping, the office, its keys, the trust list, imported bundles,
-- conflict flags and receipts. Shipped migrations are never edited: add a new numbered file instead.
-- Times are Unix seconds (UTC) unless the column says otherwise.

-- Same bookkeeping as the device database (store/migrations.h applies both lists).
CREATE TABLE meta (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE migration_history (
  version    INTEGER PRIMARY KEY NOT NULL,
  name       TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT;

-- The office itself: one row.
CREATE TABLE office (
  id         INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
  name       TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

-- The office's keys. `sealed` is the 32-byte secret (Ed25519 seed / X25519 secret) in a SIPFIELD-BACKUP-1
-- envelope under the office passphrase (bundle/backup.h). `public_key`: the admin key's public JWK, or the
-- import key's age recipient "age1…". Import keys move current → retired and next → current on rotation;
-- retired keys still decrypt bundles in flight. Rows are never deleted.
CREATE TABLE keys (
  kid        TEXT PRIMARY KEY NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('admin', 'import')),
  role       TEXT NOT NULL CHECK (role IN ('admin', 'current', 'next', 'retired')),
  public_key TEXT NOT NULL,
  sealed     BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  retired_at INTEGER
) STRICT;
CREATE UNIQUE INDEX keys_one_per_role ON keys(role) WHERE role IN ('admin', 'current', 'next');
CREATE TRIGGER keys_no_delete BEFORE DELETE ON keys
BEGIN SELECT RAISE(ABORT, 'keys are kept'); END;

-- Every version of the trust list, as signed by the admin key. The highest version is in force.
CREATE TABLE trust_lists (
  version    INTEGER PRIMARY KEY NOT NULL CHECK (version >= 1),
  jws        TEXT NOT NULL,
  change     TEXT NOT NULL,          -- 'init', 'enroll <kid>', 'revoke <kid>'
  created_at INTEGER NOT NULL
) STRICT;
CREATE TRIGGER trust_lists_no_delete BEFORE DELETE ON trust_lists
BEGIN SELECT RAISE(ABORT, 'trust list versions are kept'); END;
CREATE TRIGGER trust_lists_immutable BEFORE UPDATE ON trust_lists
BEGIN SELECT RAISE(ABORT, 'a signed trust list never changes'); END;

-- Enrolled devices: an index of the trust list plus what only the office keeps (the signed request).
CREATE TABLE devices (
  kid               TEXT PRIMARY KEY NOT NULL,
  request_jws       TEXT NOT NULL,
  enrolled_at       INTEGER NOT NULL,
  revoked_at        INTEGER,
  revoked_after_seq INTEGER
) STRICT;

-- Every imported bundle. `payload` is the signed payload's JSON text exactly as signed; the compact JWS is
-- jws_protected || '.' || base64url(payload) || '.' || jws_signature — exact, because only canonical
-- base64url is accepted — and is checked against jws_hash whenever it is rebuilt. (Storing the JWS whole
-- would store the payload twice.) Rows are never changed or deleted.
CREATE TABLE bundles (
  jti          TEXT PRIMARY KEY NOT NULL,
  kid          TEXT NOT NULL,
  seq          INTEGER NOT NULL CHECK (seq >= 1),
  prev         TEXT NOT NULL,
  jws_hash     TEXT NOT NULL UNIQUE,
  file_sha256  TEXT NOT NULL,
  case_id      TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('plan', 'follow_up')),
  plan_version INTEGER NOT NULL,
  iat          INTEGER NOT NULL,
  imported_at  INTEGER NOT NULL,
  source_name  TEXT NOT NULL,        -- the file name it came in (no folder)
  payload      TEXT NOT NULL,
  jws_protected TEXT NOT NULL,
  jws_signature TEXT NOT NULL,
  UNIQUE (kid, seq)
) STRICT;
CREATE INDEX bundles_file ON bundles(file_sha256);
CREATE INDEX bundles_case ON bundles(case_id, imported_at);
CREATE TRIGGER bundles_no_delete BEFORE DELETE ON bundles
BEGIN SELECT RAISE(ABORT, 'imported bundles are kept'); END;
CREATE TRIGGER bundles_immutable BEFORE UPDATE ON bundles
BEGIN SELECT RAISE(ABORT, 'an imported bundle never changes'); END;

-- Bundles refused because they contradict an imported one: the same jti with other content
-- (bundle_duplicate_jti) or the same device and seq under another jti (bundle_seq_conflict). Kept as
-- evidence, once per distinct JWS.
CREATE TABLE flags (
  id           INTEGER PRIMARY KEY NOT NULL,
  code         TEXT NOT NULL CHECK (code IN ('bundle_duplicate_jti', 'bundle_seq_conflict')),
  jti          TEXT NOT NULL,
  kid          TEXT NOT NULL,
  seq          INTEGER NOT NULL,
  jws_hash     TEXT NOT NULL,
  file_sha256  TEXT NOT NULL,
  existing_jti TEXT NOT NULL,        -- the imported bundle it contradicts
  source_name  TEXT NOT NULL,
  flagged_at   INTEGER NOT NULL,
  jws          TEXT NOT NULL,
  UNIQUE (code, jws_hash)
) STRICT;

-- Receipts issued (signed by the admin key), and which bundles each confirms: a bundle is receipted once.
CREATE TABLE receipts (
  id         INTEGER PRIMARY KEY NOT NULL,
  device     TEXT NOT NULL,
  iat        INTEGER NOT NULL,
  items      INTEGER NOT NULL,
  jws        TEXT NOT NULL
) STRICT;
CREATE TABLE receipt_items (
  jti        TEXT PRIMARY KEY NOT NULL REFERENCES bundles(jti),
  receipt_id INTEGER NOT NULL REFERENCES receipts(id)
) STRICT;
-- 0002_pending_enrollments: enrollment requests that arrived over the network (`sipfield office serve`,
-- POST /api/v1/enrollments). Nothing here is trusted: a request waits until an administrator approves it
-- (`sipfield office enroll --approve KID`), which enrolls it like a request file and deletes the row.
-- The request is stored as signed (it was verified when it arrived, and is verified again on approval).
CREATE TABLE pending_enrollments (
  kid         TEXT PRIMARY KEY NOT NULL,
  request_jws TEXT NOT NULL,
  received_at INTEGER NOT NULL
) STRICT;
INSERT INTO meta VALUES('version','2');
INSERT INTO meta VALUES('last_compatible_version','1');
INSERT INTO migration_history VALUES(1,'0001_office','2026-11-22T08:00:00.000Z');
INSERT INTO migration_history VALUES(2,'0002_pending_enrollments','2026-11-29T08:00:00.000Z');
INSERT INTO office VALUES(1,'Kontoret Testby',1795334400);
INSERT INTO pending_enrollments VALUES('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k','eyJ.e30.AA',1795334500);
COMMIT;
