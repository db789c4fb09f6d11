// sipstore/migrations.h — the numbered schema migrations and the code that applies them.
//
// Migrations are src/store/migrations/NNNN_name.sql, embedded at build time (embed_migrations.cmake). They
// are applied in order, all pending ones inside one transaction, and recorded in migration_history. Shipped
// files are never edited. Opening refuses, and leaves the file untouched:
//   - a database whose last_compatible_version is newer than this code      → db_too_new
//   - a migration history that is not a prefix of this code's list, or a
//     non-empty database without SIP Field's bookkeeping tables            → db_migration_history
#pragma once

#include <string_view>
#include <vector>

#include "core/result.h"

namespace sip::store {

class Database;

struct Migration {
  int version;             // NNNN from the file name, 1-based and contiguous
  std::string_view name;   // file name without extension, e.g. "0001_init"
  std::string_view sql;
};

// The embedded list, sorted by version (generated file).
const std::vector<Migration>& EmbeddedMigrations();

// The schema version this code writes, and the oldest schema version whose code can still use a database
// this code has written (stored as last_compatible_version).
int CodeSchemaVersion();
int CodeCompatibleVersion();

struct SchemaState {
  int version_before = 0;   // 0 for a new database
  int version_after = 0;
  int applied = 0;          // migrations run now
};

// Brings `db` to CodeSchemaVersion(). `now_iso` is recorded as applied_at. All or nothing.
Result<SchemaState> Migrate(Database& db, std::string_view now_iso,
                            const std::vector<Migration>& migrations = EmbeddedMigrations());

}  // namespace sip::store
