-- 0001_init: schema bookkeeping and the device's settings.
-- Shipped migrations are never edited: add a new numbered file instead.

-- Chromium-style meta table: 'version' is the schema version the database is at; 'last_compatible_version'
-- is the oldest schema version whose code can still use this database.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) STRICT;

-- Every migration applied, in order. The code refuses a history that is not a prefix of its own list.
CREATE TABLE migration_history (
  version    INTEGER PRIMARY KEY NOT NULL,
  name       TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT;

CREATE TABLE settings (
  key        TEXT PRIMARY KEY NOT NULL,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
