// Every shipped schema, frozen as a dump under tests/store/schemas, must migrate to the current schema with
// its data intact; and the migrations must still produce exactly the frozen schemas.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "store/audit.h"
#include "store/migrations.h"
#include "store/store.h"

using namespace sip;
using namespace sip::store;

namespace {

std::string ReadDump(int version) {
  std::ifstream f(std::string(SIP_SOURCE_DIR) + "/tests/store/schemas/v" + std::to_string(version) + ".sql");
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// name → SQL of every table, index and trigger (SQLite keeps the CREATE text as written).
std::map<std::string, std::string> Schema(Database& db) {
  auto st = Statement::Prepare(db, "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name;");
  REQUIRE(st.ok());
  std::map<std::string, std::string> out;
  while (*st->Step()) out[st->Text(0)] = st->Text(1);
  return out;
}

Database Mem() {
  auto db = Database::Open(":memory:");
  REQUIRE(db.ok());
  return std::move(*db);
}
}  // namespace

TEST_CASE("there is a frozen dump for every shipped schema version") {
  for (int v = 1; v <= CodeSchemaVersion(); ++v) {
    INFO("v" << v);
    CHECK_FALSE(ReadDump(v).empty());
  }
}

TEST_CASE("the migrations still produce exactly the frozen schemas") {
  const auto& all = EmbeddedMigrations();
  for (int v = 1; v <= CodeSchemaVersion(); ++v) {
    INFO("v" << v);
    Database fresh = Mem();
    const std::vector<Migration> prefix(all.begin(), all.begin() + v);
    REQUIRE(Migrate(fresh, "t", prefix).ok());
    Database frozen = Mem();
    REQUIRE(frozen.Exec(ReadDump(v)).ok());
    CHECK(Schema(fresh) == Schema(frozen));
  }
}

TEST_CASE("every frozen database migrates to the current schema with its data") {
  Database current = Mem();
  REQUIRE(Migrate(current, "t").ok());
  const auto want = Schema(current);
  for (int v = 1; v <= CodeSchemaVersion(); ++v) {
    INFO("v" << v);
    Database frozen = Mem();
    REQUIRE(frozen.Exec(ReadDump(v)).ok());
    auto s = Migrate(frozen, "2026-11-22T09:00:00.000Z");
    REQUIRE(s.ok());
    CHECK(s->version_before == v);
    CHECK(s->version_after == CodeSchemaVersion());
    CHECK(frozen.QuickCheck().ok());
    CHECK(Schema(frozen) == want);
    auto st = Statement::Prepare(frozen, "SELECT value FROM settings WHERE key='staff.name';");
    REQUIRE(st.ok());
    REQUIRE(*st->Step());
    CHECK(st->Text(0) == "Testa Testsson");
  }
}

TEST_CASE("the v2 dump's case and audit chain survive as written") {
  Database frozen = Mem();
  REQUIRE(frozen.Exec(ReadDump(2)).ok());
  REQUIRE(Migrate(frozen, "t").ok());
  auto st = Statement::Prepare(frozen, "SELECT count(*) FROM cases;");
  REQUIRE(*st->Step());
  CHECK(st->Int(0) == 1);
}
