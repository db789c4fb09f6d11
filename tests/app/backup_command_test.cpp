// backup.export through the handler: the file opens with the passphrase, and the image inside is a SIP Field
// database this code can open, holding the data written before the export.
#include <doctest/doctest.h>

#include <cstdio>

#include "app/app_test_support.h"
#include "app/handler.h"
#include "bundle/backup.h"
#include "bundle/crypto.h"
#include "bundle/encoding.h"
#include "store/backup.h"
#include "store/store.h"

using namespace sip;

namespace {
constexpr UnixMs kNow = 1795336070123;   // 2026-11-22

struct Fixture {
  Fixture() { bundle::InitCrypto(); }
  store::Store store = [] {
    auto s = store::Store::Open(":memory:", kNow);
    REQUIRE(s.ok());
    return std::move(*s);
  }();
  app::CommandHandler handler{&store, {[] { return kNow; }, "test", {}}};
};
}  // namespace

TEST_CASE("backup.export seals the whole database under the passphrase") {
  Fixture f;
  app::testing::Must(f.handler, {{"cmd", "settings.set"}, {"key", "staff.name"}, {"value", "Testa Testsson"}});
  const std::string case_id =
      app::testing::Must(f.handler, {{"cmd", "case.create"},
                                     {"owner", {{"name", "Arvid Testsson"}, {"identity_number", "19821105-9954"}}},
                                     {"noticed_by", "home_care"},
                                     {"noticed_on", "2026-11-02"}})["case_id"].get<std::string>();

  const Json out = app::testing::Must(f.handler, {{"cmd", "backup.export"}, {"passphrase", "rätt lösenfras"}});
  CHECK(out["file_name"] == "sipfield-2026-11-22.sipbackup");
  const auto file = bundle::Base64StdPaddedDecode(out["file"].get<std::string>());
  REQUIRE(file.has_value());
  CHECK(out["size"].get<size_t>() == file->size());
  CHECK(out.dump().find("rätt lösenfras") == std::string::npos);

  SUBCASE("the right passphrase opens it, and the image is a SIP Field database with the data") {
    auto image = bundle::OpenBackup(*file, "rätt lösenfras", size_t{64} << 20);
    REQUIRE(image.ok());
    auto state = store::ValidateDatabaseImage(*image, kNow);
    REQUIRE(state.ok());
    CHECK(state->version_after == store::CodeSchemaVersion());

    // Into a second store (a file-less copy via deserialize is store-internal; a temp file is simplest).
    const std::string path = "backup_command_test.db";
    std::remove(path.c_str());
    REQUIRE(store::RestoreDatabaseFile(path, *image, kNow).ok());
    auto other = store::Store::Open(path, kNow);
    REQUIRE(other.ok());
    app::CommandHandler h2{&*other, {[] { return kNow; }, "test", {}}};
    CHECK(app::testing::Must(h2, {{"cmd", "settings.get"}, {"key", "staff.name"}})["value"] == "Testa Testsson");
    const Json cases = app::testing::Must(h2, {{"cmd", "case.list"}})["cases"];
    REQUIRE(cases.size() == 1);
    CHECK(cases[0]["case_id"] == case_id);
    std::remove(path.c_str());
  }
  SUBCASE("a wrong passphrase does not") {
    auto image = bundle::OpenBackup(*file, "fel lösenfras", size_t{64} << 20);
    REQUIRE_FALSE(image.ok());
    CHECK(image.error().code == Errc::BackupWrongPassphrase);
  }
}

TEST_CASE("backup.export refuses a short or missing passphrase") {
  Fixture f;
  Json r = f.handler.Dispatch({{"cmd", "backup.export"}, {"passphrase", "kort"}});
  CHECK_FALSE(r["ok"].get<bool>());
  CHECK(r["error"]["code"] == "backup_weak_passphrase");
  r = f.handler.Dispatch({{"cmd", "backup.export"}});
  CHECK_FALSE(r["ok"].get<bool>());
  CHECK(r["error"]["code"] == "invalid_argument");
}
