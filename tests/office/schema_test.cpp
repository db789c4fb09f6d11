// The office database's migrations (src/office/migrations) must still produce exactly the frozen schema of
// every shipped version (tests/office/schemas/vN.sql), and every frozen database must migrate to the
// current schema with its data.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "office/office_migrations.h"
#include "store/migrations.h"
#include "store/sqlite.h"

using namespace sip;
using namespace sip::store;

namespace {

std::string ReadDump(int version) {
  std::ifstream f(std::string(SIP_SOURCE_DIR) + "/tests/office/schemas/v" + std::to_string(version) + ".sql");
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

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

TEST_CASE("office schema: a frozen dump for every version, reproduced exactly by the migrations") {
  const auto& all = office::OfficeMigrations();
  REQUIRE(office::OfficeSchemaVersion() >= 1);
  CHECK(all.front().name == "0001_office");   // not the device database's history
  for (int v = 1; v <= office::OfficeSchemaVersion(); ++v) {
    INFO("v" << v);
    const std::string dump = ReadDump(v);
    REQUIRE_FALSE(dump.empty());
    Database fresh = Mem();
    const std::vector<Migration> prefix(all.begin(), all.begin() + v);
    REQUIRE(Migrate(fresh, "t", prefix).ok());
    Database frozen = Mem();
    REQUIRE(frozen.Exec(dump).ok());
    CHECK(Schema(fresh) == Schema(frozen));
  }
}

TEST_CASE("office schema: every frozen database migrates to the current schema with its data") {
  Database current = Mem();
  REQUIRE(Migrate(current, "t", office::OfficeMigrations()).ok());
  const auto want = Schema(current);
  for (int v = 1; v <= office::OfficeSchemaVersion(); ++v) {
    INFO("v" << v);
    Database frozen = Mem();
    REQUIRE(frozen.Exec(ReadDump(v)).ok());
    auto s = Migrate(frozen, "2026-11-22T09:00:00.000Z", office::OfficeMigrations());
    REQUIRE(s.ok());
    CHECK(s->version_before == v);
    CHECK(s->version_after == office::OfficeSchemaVersion());
    CHECK(Schema(frozen) == want);
    auto st = Statement::Prepare(frozen, "SELECT name FROM office WHERE id=1;");
    REQUIRE(st.ok());
    REQUIRE(*st->Step());
    CHECK(st->Text(0) == "Kontoret Testby");
  }
}

TEST_CASE("office schema: the device database's migrations are refused as a foreign history") {
  Database device = Mem();
  REQUIRE(Migrate(device, "t").ok());
  auto s = Migrate(device, "t", office::OfficeMigrations());
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == Errc::DbMigrationHistory);
}
