#include <doctest/doctest.h>

#include <string>

#include "store/migrations.h"
#include "store/sqlite.h"
#include "store/test_util.h"

using namespace sip;
using namespace sip::store;

namespace {
Database Mem() {
  auto db = Database::Open(":memory:");
  REQUIRE(db.ok());
  return std::move(*db);
}
std::string MetaValue(Database& db, const char* key) {
  auto st = Statement::Prepare(db, "SELECT value FROM meta WHERE key=?1;");
  REQUIRE(st.ok());
  st->Bind(1, std::string_view(key));
  REQUIRE(*st->Step());
  return st->Text(0);
}
const std::vector<Migration> kTwo = {
    {1, "0001_a", "CREATE TABLE meta(key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);"
                  "CREATE TABLE migration_history(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);"
                  "CREATE TABLE a(x);"},
    {2, "0002_b", "CREATE TABLE b(y);"},
};
}  // namespace

TEST_CASE("the embedded migrations are numbered 1..N and named after their files") {
  const auto& m = EmbeddedMigrations();
  REQUIRE(!m.empty());
  for (size_t i = 0; i < m.size(); ++i) {
    CHECK(m[i].version == static_cast<int>(i + 1));
    CHECK(m[i].name.substr(0, 4) == std::string(4 - std::to_string(i + 1).size(), '0') + std::to_string(i + 1));
    CHECK(!m[i].sql.empty());
  }
  CHECK(CodeSchemaVersion() == static_cast<int>(m.size()));
}

TEST_CASE("a new database is migrated to the code's version and records its history") {
  Database db = Mem();
  auto s = Migrate(db, "2026-11-22T00:00:00.000Z");
  REQUIRE(s.ok());
  CHECK(s->version_before == 0);
  CHECK(s->version_after == CodeSchemaVersion());
  CHECK(s->applied == CodeSchemaVersion());
  CHECK(MetaValue(db, "version") == std::to_string(CodeSchemaVersion()));
  CHECK(MetaValue(db, "last_compatible_version") == std::to_string(CodeCompatibleVersion()));
  auto again = Migrate(db, "2026-11-23T00:00:00.000Z");
  REQUIRE(again.ok());
  CHECK(again->applied == 0);
}

TEST_CASE("pending migrations run in order, in one transaction") {
  Database db = Mem();
  const std::vector<Migration> first(kTwo.begin(), kTwo.begin() + 1);
  REQUIRE(Migrate(db, "t1", first).ok());
  auto s = Migrate(db, "t2", kTwo);
  REQUIRE(s.ok());
  CHECK(s->version_before == 1);
  CHECK(s->applied == 1);
  CHECK(db.Exec("INSERT INTO b VALUES(1);").ok());
}

TEST_CASE("a failing migration leaves the database as it was") {
  Database db = Mem();
  const std::vector<Migration> first(kTwo.begin(), kTwo.begin() + 1);
  REQUIRE(Migrate(db, "t1", first).ok());
  std::vector<Migration> broken = kTwo;
  broken.push_back({3, "0003_bad", "CREATE TABLE c(z); THIS IS NOT SQL;"});
  CHECK_FALSE(Migrate(db, "t2", broken).ok());
  CHECK(MetaValue(db, "version") == "1");
  CHECK_FALSE(db.Exec("INSERT INTO b VALUES(1);").ok());   // 0002 rolled back with 0003
}

TEST_CASE("a database newer than the code is refused and left untouched") {
  test::TempDbPath p("too-new");
  {
    auto db = Database::Open(p.path);
    REQUIRE(db.ok());
    REQUIRE(Migrate(*db, "t", kTwo).ok());
    REQUIRE(db->Exec("UPDATE meta SET value='3' WHERE key='last_compatible_version';").ok());
  }
  const auto before = test::ReadFileBytes(p.path);
  {
    auto db = Database::Open(p.path);
    REQUIRE(db.ok());
    auto r = Migrate(*db, "t", kTwo);
    CHECK(r.error().code == Errc::DbTooNew);
  }
  CHECK(test::ReadFileBytes(p.path) == before);
}

TEST_CASE("a newer but compatible database is used without migrating") {
  Database db = Mem();
  REQUIRE(Migrate(db, "t", kTwo).ok());
  REQUIRE(db.Exec("INSERT INTO migration_history VALUES(3,'0003_future','t');"
                  "UPDATE meta SET value='3' WHERE key='version';").ok());
  auto r = Migrate(db, "t", kTwo);
  REQUIRE(r.ok());
  CHECK(r->applied == 0);
  CHECK(r->version_after == 3);
}

TEST_CASE("a history that is not a prefix of the code's list is refused") {
  Database db = Mem();
  const std::vector<Migration> first(kTwo.begin(), kTwo.begin() + 1);
  REQUIRE(Migrate(db, "t", first).ok());
  REQUIRE(db.Exec("UPDATE migration_history SET name='0001_other' WHERE version=1;").ok());
  CHECK(Migrate(db, "t", kTwo).error().code == Errc::DbMigrationHistory);
}

TEST_CASE("a foreign non-empty database is refused") {
  Database db = Mem();
  REQUIRE(db.Exec("CREATE TABLE someone_elses(x);").ok());
  CHECK(Migrate(db, "t").error().code == Errc::DbMigrationHistory);
}
