#include "store/migrations.h"

#include <string>

#include "store/sqlite.h"

namespace sip::store {
namespace {

// Raise only when a migration makes the schema unusable for older code (e.g. a renamed column).
constexpr int kCompatibleVersion = 1;

Result<bool> TableExists(Database& db, const char* name) {
  auto st = Statement::Prepare(db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?1;");
  if (!st) return st.error();
  st->Bind(1, std::string_view(name));
  return st->Step();
}

Result<int> ObjectCount(Database& db) {
  auto st = Statement::Prepare(db, "SELECT count(*) FROM sqlite_master;");
  if (!st) return st.error();
  if (auto r = st->Step(); !r) return r.error();
  return static_cast<int>(st->Int(0));
}

Result<int> MetaInt(Database& db, const char* key) {
  auto st = Statement::Prepare(db, "SELECT value FROM meta WHERE key=?1;");
  if (!st) return st.error();
  st->Bind(1, std::string_view(key));
  auto row = st->Step();
  if (!row) return row.error();
  if (!*row) return Error{Errc::DbMigrationHistory, std::string("meta has no ") + key};
  try {
    return std::stoi(st->Text(0));
  } catch (...) {
    return Error{Errc::DbMigrationHistory, std::string("meta ") + key + " is not a number"};
  }
}

Result<void> SetMeta(Database& db, const char* key, int value) {
  auto st = Statement::Prepare(db, "INSERT INTO meta(key, value) VALUES(?1, ?2) "
                                   "ON CONFLICT(key) DO UPDATE SET value=excluded.value;");
  if (!st) return st.error();
  st->Bind(1, std::string_view(key)).Bind(2, std::to_string(value));
  return st->Run();
}

}  // namespace

int CodeSchemaVersion() { return static_cast<int>(EmbeddedMigrations().size()); }
int CodeCompatibleVersion() { return kCompatibleVersion; }

Result<SchemaState> Migrate(Database& db, std::string_view now_iso, const std::vector<Migration>& migrations) {
  for (size_t i = 0; i < migrations.size(); ++i)
    if (migrations[i].version != static_cast<int>(i) + 1)
      return Error{Errc::Internal, "migrations are not numbered 1..N"};
  const int code_version = static_cast<int>(migrations.size());

  SchemaState state;
  auto has_meta = TableExists(db, "meta");
  if (!has_meta) return has_meta.error();
  if (*has_meta) {
    auto version = MetaInt(db, "version");
    if (!version) return version.error();
    auto compatible = MetaInt(db, "last_compatible_version");
    if (!compatible) return compatible.error();
    if (*compatible > code_version)
      return Error{Errc::DbTooNew, "database needs schema " + std::to_string(*compatible) + ", code has " +
                                       std::to_string(code_version)};
    // The recorded history must be exactly our first `version` migrations, in order.
    auto st = Statement::Prepare(db, "SELECT version, name FROM migration_history ORDER BY version;");
    if (!st) return st.error();
    int n = 0;
    for (;;) {
      auto row = st->Step();
      if (!row) return row.error();
      if (!*row) break;
      const int v = static_cast<int>(st->Int(0));
      if (n >= code_version) break;   // newer but compatible: the rest is not ours to judge
      if (v != n + 1 || st->Text(1) != migrations[static_cast<size_t>(n)].name)
        return Error{Errc::DbMigrationHistory, "history differs at version " + std::to_string(n + 1)};
      ++n;
    }
    if (n != std::min(*version, code_version))
      return Error{Errc::DbMigrationHistory, "history does not match the stored version"};
    state.version_before = *version;
  } else {
    auto objects = ObjectCount(db);
    if (!objects) return objects.error();
    if (*objects != 0) return Error{Errc::DbMigrationHistory, "not a SIP Field database"};
  }

  state.version_after = std::max(state.version_before, code_version);
  if (state.version_before >= code_version) return state;

  auto tx = Transaction::Begin(db);
  if (!tx) return tx.error();
  for (int v = state.version_before + 1; v <= code_version; ++v) {
    const Migration& m = migrations[static_cast<size_t>(v - 1)];
    if (auto r = db.Exec(m.sql); !r) return Error{r.error().code, std::string(m.name) + ": " + r.error().detail};
    auto st = Statement::Prepare(db, "INSERT INTO migration_history(version, name, applied_at) VALUES(?1, ?2, ?3);");
    if (!st) return st.error();
    st->Bind(1, int64_t{v}).Bind(2, m.name).Bind(3, now_iso);
    if (auto r = st->Run(); !r) return r.error();
    ++state.applied;
  }
  if (auto r = SetMeta(db, "version", code_version); !r) return r.error();
  if (auto r = SetMeta(db, "last_compatible_version", kCompatibleVersion); !r) return r.error();
  if (auto r = tx->Commit(); !r) return r.error();
  return state;
}

}  // namespace sip::store
