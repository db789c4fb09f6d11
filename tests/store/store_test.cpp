#include <doctest/doctest.h>

#include "store/store.h"
#include "store/test_util.h"

using namespace sip;
using namespace sip::store;

constexpr UnixMs kNow = 1795336070123;

TEST_CASE("Store::Open migrates a new in-memory database") {
  auto s = Store::Open(":memory:", kNow);
  REQUIRE(s.ok());
  CHECK(s->schema().version_after == CodeSchemaVersion());
}

TEST_CASE("Write commits as a whole and notifies only after the commit") {
  auto s = Store::Open(":memory:", kNow);
  REQUIRE(s.ok());
  int commits = 0;
  s->SetCommitObserver([&] { ++commits; });
  REQUIRE(s->Write([](WriteTx& tx) { return settings_repo::Put(tx, "staff.name", "Testa", kNow); }).ok());
  CHECK(commits == 1);
  CHECK(**settings_repo::Get(*s, "staff.name") == "Testa");

  // A failing write rolls back everything it did, and nobody is told about a commit.
  auto r = s->Write([](WriteTx& tx) -> Result<void> {
    if (auto p = settings_repo::Put(tx, "staff.name", "Ändrad", kNow); !p) return p;
    if (auto p = settings_repo::Put(tx, "staff.unit", "Öster", kNow); !p) return p;
    return Error{Errc::InvalidArgument, "test"};
  });
  CHECK(r.error().code == Errc::InvalidArgument);
  CHECK(commits == 1);
  CHECK(**settings_repo::Get(*s, "staff.name") == "Testa");
  CHECK_FALSE(settings_repo::Get(*s, "staff.unit")->has_value());
}

TEST_CASE("settings survive closing and reopening a file database") {
  test::TempDbPath p("settings");
  {
    auto s = Store::Open(p.path, kNow);
    REQUIRE(s.ok());
    REQUIRE(s->Write([](WriteTx& tx) { return settings_repo::Put(tx, "device.name", "Laptop 3", kNow); }).ok());
  }
  auto s = Store::Open(p.path, kNow + 1000);
  REQUIRE(s.ok());
  CHECK(s->schema().applied == 0);
  auto all = settings_repo::All(*s);
  REQUIRE(all.ok());
  CHECK(all->size() == 1);
  CHECK(all->at("device.name") == "Laptop 3");
}

TEST_CASE("a damaged file is refused and not written to") {
  test::TempDbPath p("damaged");
  {
    auto s = Store::Open(p.path, kNow);
    REQUIRE(s.ok());
    REQUIRE(s->Write([](WriteTx& tx) { return settings_repo::Put(tx, "device.name", "x", kNow); }).ok());
  }
  auto bytes = test::ReadFileBytes(p.path);
  REQUIRE(bytes.size() >= 4096);
  // Wreck the second page (a b-tree page) while keeping the header intact.
  for (size_t i = 4096 + 8; i < bytes.size() && i < 4096 + 2048; ++i) bytes[i] = static_cast<char>(0xA5);
  test::WriteFileBytes(p.path, std::string(bytes.begin(), bytes.end()));
  auto s = Store::Open(p.path, kNow);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == Errc::DbCorrupt);
  CHECK(test::ReadFileBytes(p.path) == bytes);
}

// At start-up the file's structure is checked, not the rows' CHECK constraints (json_valid over every document
// would cost more than the rest of the start-up); a document that does not parse is reported when it is read
// (cases_repo_test). Database::QuickCheck() alone still checks the constraints (backups being restored).
TEST_CASE("Store::Open checks the structure, not json_valid over every row; QuickCheck() checks both") {
  test::TempDbPath p("checks");
  {
    auto s = Store::Open(p.path, kNow);
    REQUIRE(s.ok());
    REQUIRE(s->db().Exec("PRAGMA ignore_check_constraints=ON;").ok());
    REQUIRE(s->db().Exec("INSERT INTO cases(id, step, created_on, updated_at, doc) "
                         "VALUES('c-x','preparation','2026-11-01','t','not json');").ok());
    REQUIRE(s->db().Exec("PRAGMA ignore_check_constraints=OFF;").ok());
  }
  auto s = Store::Open(p.path, kNow);
  REQUIRE(s.ok());
  // Checks are back on for writes after the start-up check.
  CHECK(s->db().Exec("INSERT INTO cases(id, step, created_on, updated_at, doc) "
                     "VALUES('c-y','preparation','2026-11-01','t','not json');").error().code == Errc::DbConstraint);
  CHECK(s->db().QuickCheck(/*check_constraints=*/false).ok());
  CHECK(s->db().QuickCheck().error().code == Errc::DbCorrupt);
}
