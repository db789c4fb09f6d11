-- Frozen dump of a SIP Field database at schema version 1 (0001_init), with fictional data.
-- Never edit: tests/store/schema_dumps_test.cpp migrates it to the current schema.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE meta (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) STRICT;
INSERT INTO meta VALUES('version','1');
INSERT INTO meta VALUES('last_compatible_version','1');
CREATE TABLE migration_history (
  version    INTEGER PRIMARY KEY NOT NULL,
  name       TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT;
INSERT INTO migration_history VALUES(1,'0001_init','2026-11-22T08:00:00.000Z');
CREATE TABLE settings (
  key        TEXT PRIMARY KEY NOT NULL,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
INSERT INTO settings VALUES('staff.name','Testa Testsson','2026-11-22T08:01:00.000Z');
INSERT INTO settings VALUES('device.name','Laptop 3','2026-11-22T08:02:00.000Z');
COMMIT;
