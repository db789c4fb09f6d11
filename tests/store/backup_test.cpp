#include <doctest/doctest.h>

#include <cstdio>

#include "store/audit.h"
#include "store/backup.h"
#include "store/store.h"
#include "store/test_util.h"

using namespace sip;
using namespace sip::store;
using Json = nlohmann::json;

namespace {
constexpr UnixMs kNow = 1795336070123;

Case Sample(const std::string& id) {
  Case c;
  c.id = id;
  c.created_on = "2026-11-20";
  c.step = Step::Preparation;
  c.owner.name = "Testa Testsson";
  c.owner.identity_number = "199012119948";
  c.plan.goals.push_back({"g1", "Kunna bo kvar hemma", "", true, GoalStatus::Active});
  return c;
}

// A store at `path` with two cases, a setting and an audit entry for each change.
void Fill(Store& s) {
  for (const char* id : {"c-1", "c-2"}) {
    REQUIRE(s.Write([&](WriteTx& tx) -> Result<void> {
      SIP_TRY(cases_repo::Put(tx, Sample(id), kNow));
      SIP_TRY(audit_repo::Append(tx, {0, "2026-11-22T08:00:00.000Z", "Testa", id, "case.create", "{}", {}, {}}));
      return {};
    }).ok());
  }
  REQUIRE(s.Write([&](WriteTx& tx) -> Result<void> {
    SIP_TRY(settings_repo::Put(tx, "staff.name", "Testa Testsson", kNow));
    SIP_TRY(audit_repo::Append(tx, {0, "2026-11-22T08:00:01.000Z", "Testa", "", "settings.set", "{}", {}, {}}));
    return {};
  }).ok());
}

ImageBytes Image(Store& s) {
  auto image = ExportDatabase(s);
  REQUIRE(image.ok());
  return *image;
}

Errc RestoreCode(const std::string& path, const ImageBytes& image) {
  auto r = RestoreDatabaseFile(path, image, kNow);
  return r.ok() ? Errc::Ok : r.error().code;
}

bool Exists(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f) std::fclose(f);
  return f != nullptr;
}
}  // namespace

TEST_CASE("export and restore preserve cases, settings and the audit chain") {
  ImageBytes image;
  {
    auto s = Store::Open(":memory:", kNow);
    REQUIRE(s.ok());
    Fill(*s);
    image = Image(*s);
  }
  auto state = ValidateDatabaseImage(image, kNow);
  REQUIRE(state.ok());
  CHECK(state->version_before == CodeSchemaVersion());
  CHECK(state->applied == 0);

  test::TempDbPath target("restore");
  auto restored = RestoreDatabaseFile(target.path, image, kNow);
  REQUIRE(restored.ok());
  CHECK_FALSE(Exists(target.path + ".restore-tmp"));
  auto s = Store::Open(target.path, kNow);
  REQUIRE(s.ok());
  auto cases = cases_repo::All(*s);
  REQUIRE(cases.ok());
  REQUIRE(cases->size() == 2);
  CHECK(Json((*cases)[1]) == Json(Sample("c-1")));
  CHECK(settings_repo::Get(*s, "staff.name")->value_or("") == "Testa Testsson");
  auto v = audit_repo::Verify(*s);
  REQUIRE(v.ok());
  CHECK(v->ok);
  CHECK(v->entries == 3);
  // A file-backed store exports the same content.
  const ImageBytes again = Image(*s);
  CHECK(ValidateDatabaseImage(again, kNow).ok());
}

TEST_CASE("restore replaces an existing database file") {
  test::TempDbPath target("restore-over");
  {
    auto old = Store::Open(target.path, kNow);
    REQUIRE(old.ok());
    REQUIRE(old->Write([](WriteTx& tx) { return settings_repo::Put(tx, "staff.name", "Gammal", kNow); }).ok());
  }
  ImageBytes image;
  {
    auto s = Store::Open(":memory:", kNow);
    REQUIRE(s.ok());
    Fill(*s);
    image = Image(*s);
  }
  // A stale journal next to the old file must not be applied to the new one.
  test::WriteFileBytes(target.path + "-journal", "");
  REQUIRE(RestoreDatabaseFile(target.path, image, kNow).ok());
  CHECK_FALSE(Exists(target.path + "-journal"));
  auto s = Store::Open(target.path, kNow);
  REQUIRE(s.ok());
  CHECK(settings_repo::Get(*s, "staff.name")->value_or("") == "Testa Testsson");
  CHECK(cases_repo::All(*s)->size() == 2);
}

TEST_CASE("damaged, foreign and too-new images are refused and the existing file is untouched") {
  test::TempDbPath target("restore-refused");
  {
    auto old = Store::Open(target.path, kNow);
    REQUIRE(old.ok());
    Fill(*old);
  }
  const auto before = test::ReadFileBytes(target.path);
  REQUIRE_FALSE(before.empty());

  ImageBytes good;
  {
    auto s = Store::Open(":memory:", kNow);
    REQUIRE(s.ok());
    Fill(*s);
    good = Image(*s);
  }

  SUBCASE("not SQLite at all") {
    CHECK(RestoreCode(target.path, {}) == Errc::DbCorrupt);
    CHECK(RestoreCode(target.path, ImageBytes(4096, 0)) == Errc::DbCorrupt);
    CHECK(RestoreCode(target.path, ImageBytes(good.begin(), good.begin() + 100)) == Errc::DbCorrupt);
  }
  SUBCASE("damaged pages") {
    ImageBytes bad = good;
    // Overwrite the second page (a table's b-tree) with garbage.
    REQUIRE(bad.size() >= 3 * 4096);
    for (size_t i = 4096; i < 2 * 4096; ++i) bad[i] = static_cast<uint8_t>(i * 7);
    CHECK(RestoreCode(target.path, bad) == Errc::DbCorrupt);
    ImageBytes cut(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(good.size() / 2));
    CHECK(RestoreCode(target.path, cut) != Errc::Ok);
  }
  SUBCASE("a foreign database") {
    test::TempDbPath foreign("foreign");
    {
      auto db = Database::Open(foreign.path);
      REQUIRE(db.ok());
      REQUIRE(db->Exec("CREATE TABLE someone_elses(x); INSERT INTO someone_elses VALUES(1);").ok());
    }
    const auto bytes = test::ReadFileBytes(foreign.path);
    CHECK(RestoreCode(target.path, ImageBytes(bytes.begin(), bytes.end())) == Errc::DbMigrationHistory);
  }
  SUBCASE("a database written by a newer, incompatible version") {
    auto s = Store::Open(":memory:", kNow);
    REQUIRE(s.ok());
    REQUIRE(s->db().Exec("UPDATE meta SET value='" + std::to_string(CodeSchemaVersion() + 1) +
                         "' WHERE key='last_compatible_version';").ok());
    CHECK(RestoreCode(target.path, Image(*s)) == Errc::DbTooNew);
  }
  SUBCASE("an unknown migration history") {
    auto s = Store::Open(":memory:", kNow);
    REQUIRE(s.ok());
    REQUIRE(s->db().Exec("UPDATE migration_history SET name='0001_other' WHERE version=1;").ok());
    CHECK(RestoreCode(target.path, Image(*s)) == Errc::DbMigrationHistory);
  }
  CHECK(test::ReadFileBytes(target.path) == before);
  CHECK_FALSE(Exists(target.path + ".restore-tmp"));
}
