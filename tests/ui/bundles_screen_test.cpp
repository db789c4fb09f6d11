// Planpaket, headless: the screen's actions go through the handler and hand files to the platform hooks.
#include <doctest/doctest.h>

#include <imgui.h>

#include "app/app_test_support.h"
#include "app/handler.h"
#include "bundle/bundle_test_support.h"
#include "bundle/crypto.h"
#include "bundle/documents.h"
#include "bundle/plan_bundle.h"
#include "core/error.h"
#include "store/store.h"
#include "ui/app_ui.h"
#include "ui/headless.h"
#include "ui/locator.h"

using namespace sip;
using namespace sip::bundle;
using sip::bundle::testing::SeededIdentity;
using sip::bundle::testing::SeededKey;

namespace {
constexpr UnixMs kNow = 1795336070123;

struct Fixture {
  Ed25519KeyPair device = SeededKey(1), admin = SeededKey(40);
  X25519Identity import_key = SeededIdentity(41);
  store::Store store = [] {
    auto s = store::Store::Open(":memory:", kNow);
    REQUIRE(s.ok());
    return std::move(*s);
  }();
  app::CommandHandler handler{&store, {[] { return kNow; }, "test", {}, [this] { return &device; }}};
  ui::UiStatus status;
  struct Download {
    std::string name, mime;
    std::vector<uint8_t> bytes;
  };
  std::vector<Download> downloads;
  std::vector<ui::PickKind> picks;
  ui::FileHooks hooks{[this](const std::string& n, const std::string& m, const std::vector<uint8_t>& b) {
                        downloads.push_back({n, m, b});
                      },
                      [this](ui::PickKind k) { picks.push_back(k); }};
  ui::UiContext Ctx() { return ui::UiContext{handler, status, kNow}; }

  std::string Profile() {
    OfficeProfile p;
    p.office = "Kontoret Test";
    p.iat = kNow / 1000;
    p.import_keys.push_back({RecipientOf(import_key), "", ImportKeyRole::Current});
    return *MakeOfficeProfile(admin, p);
  }
  Fixture() {
    status.db_open = true;
    app::testing::Must(handler, {{"cmd", "settings.set"}, {"key", "staff.name"}, {"value", "Olle Omsorgshandledare"}});
    app::testing::Must(handler, {{"cmd", "settings.set"}, {"key", "device.name"}, {"value", "Laptop 7"}});
  }
};
}  // namespace

TEST_CASE("Planpaket: profile, enrollment, export with download, receipt") {
  Fixture f;
  ui::BundlesScreen screen;
  auto ctx = f.Ctx();
  const std::string case_id = app::testing::EstablishedCase(f.handler);
  screen.Load(ctx);
  REQUIRE(screen.cases.size() == 1);
  CHECK(screen.cases[0].case_id == case_id);

  CHECK_FALSE(screen.ExportCase(ctx, f.hooks, case_id));   // no office profile yet
  CHECK(screen.message_is_error);
  CHECK(screen.message.find("profile_missing") != std::string::npos);
  CHECK(f.downloads.empty());

  CHECK_FALSE(screen.OnFilePicked(ctx, ui::PickKind::OfficeProfile, "inte en profil"));
  CHECK(screen.message_is_error);
  CHECK(screen.OnFilePicked(ctx, ui::PickKind::OfficeProfile, f.Profile() + "\n"));
  CHECK_FALSE(screen.message_is_error);

  CHECK(screen.SaveEnrollmentRequest(ctx, f.hooks));
  REQUIRE(f.downloads.size() == 1);
  CHECK(ReadEnrollmentRequest(std::string(f.downloads[0].bytes.begin(), f.downloads[0].bytes.end())).ok());

  CHECK(screen.ExportCase(ctx, f.hooks, case_id));
  REQUIRE(f.downloads.size() == 2);
  CHECK(f.downloads[1].name.ends_with(".sipbundle"));
  CHECK(f.downloads[1].bytes.size() > 100);
  f.status.data_generation++;
  screen.Load(ctx);
  REQUIRE(screen.bundles.size() == 1);
  CHECK(screen.bundles[0]["status"] == "exported");
  CHECK(screen.DownloadAgain(ctx, f.hooks, screen.bundles[0]["jti"].get<std::string>()));
  REQUIRE(f.downloads.size() == 3);
  CHECK(f.downloads[2].bytes == f.downloads[1].bytes);

  Receipt rc;
  rc.office = "Kontoret Test";
  rc.device = JwkThumbprint(f.device.public_key);
  rc.iat = kNow / 1000;
  rc.bundles.push_back({screen.bundles[0]["jti"].get<std::string>(), 1, screen.bundles[0]["jws_hash"].get<std::string>(),
                        kNow / 1000});
  CHECK(screen.OnFilePicked(ctx, ui::PickKind::Receipt, *MakeReceipt(f.admin, rc)));
  CHECK(screen.message.find("1 paket levererade") != std::string::npos);
  screen.Load(ctx);
  CHECK(screen.bundles[0]["status"] == "delivered");
}

TEST_CASE("Planpaket draws with and without bundles; the file buttons ask the platform") {
  Fixture f;
  ui::testing::Headless headless;
  ui::AppUi ui(f.handler);
  ui.SetFileHooks(f.hooks);
  ui.Show(ui::Screen::Bundles);
  headless.DrawApp(ui, f.status, kNow);
  CHECK(ImGui::GetDrawData()->TotalVtxCount > 0);
  // A picked profile reaches the screen through AppUi.
  CHECK(ui.OnFilePicked(ui::PickKind::OfficeProfile, f.Profile(), f.status, kNow));
  const std::string case_id = app::testing::EstablishedCase(f.handler);
  CHECK(ui.bundles().ExportCase(f.Ctx(), f.hooks, case_id));
  f.status.data_generation++;
  headless.DrawApp(ui, f.status, kNow);
  CHECK(ui.bundles().bundles.size() == 1);
}

TEST_CASE("Planpaket, first contact: fetch the office's profile, compare the fingerprint, confirm or cancel") {
  Fixture f;
  int fetches = 0, sends = 0;
  f.hooks.fetch_profile = [&] { ++fetches; };
  f.hooks.send_outbox = [&] { ++sends; };
  ui::testing::Headless headless;
  ui::locator::Enable(true);
  ui::AppUi ui(f.handler);
  ui.SetFileHooks(f.hooks);
  ui.Show(ui::Screen::Bundles);
  headless.DrawApp(ui, f.status, kNow);
  CHECK(ui::locator::Find("Hämta kontorets profil").size() == 1);

  // The office does not answer: said in Swedish with its code; nothing waits for confirmation.
  ui::BundlesScreen& screen = ui.bundles();
  screen.FetchProfile(f.hooks);
  CHECK(fetches == 1);
  CHECK(screen.fetching);
  screen.FetchProfile(f.hooks);   // one fetch at a time
  CHECK(fetches == 1);
  CHECK_FALSE(ui.OnProfileFetched("", "office_unreachable", f.status, kNow));
  CHECK(screen.message_is_error);
  CHECK(screen.message.find("(office_unreachable)") != std::string::npos);
  CHECK_FALSE(screen.preview.is_object());

  // An answer that is not a profile signed by its admin key is refused before anything is shown.
  screen.FetchProfile(f.hooks);
  std::string tampered = f.Profile();
  tampered[tampered.size() - 5] = tampered[tampered.size() - 5] == 'A' ? 'B' : 'A';
  CHECK_FALSE(ui.OnProfileFetched(tampered, "", f.status, kNow));
  CHECK(screen.message_is_error);
  CHECK_FALSE(screen.preview.is_object());

  // A real one: the fingerprint to compare, nothing stored until confirmed; cancelling stores nothing.
  screen.FetchProfile(f.hooks);
  CHECK(ui.OnProfileFetched(f.Profile(), "", f.status, kNow));
  REQUIRE(screen.preview.is_object());
  CHECK(screen.preview["admin_fingerprint"] == KeyFingerprint(JwkThumbprint(f.admin.public_key)));
  headless.DrawApp(ui, f.status, kNow);
  CHECK(ui::locator::Find("Fingeravtrycket stämmer – använd profilen").size() == 1);
  CHECK(ui::locator::Find("Hämta kontorets profil").empty());
  CHECK(app::testing::Must(f.handler, {{"cmd", "device.info"}})["profile"].is_null());
  screen.CancelFetchedProfile();
  CHECK_FALSE(screen.preview.is_object());
  CHECK(app::testing::Must(f.handler, {{"cmd", "device.info"}})["profile"].is_null());

  // Confirmed: pinned, and a round is asked for at once (it sends the enrollment request).
  screen.FetchProfile(f.hooks);
  CHECK(ui.OnProfileFetched(f.Profile(), "", f.status, kNow));
  CHECK(screen.ConfirmFetchedProfile(f.Ctx(), f.hooks));
  CHECK(sends == 1);
  CHECK_FALSE(screen.message_is_error);
  const Json info = app::testing::Must(f.handler, {{"cmd", "device.info"}});
  CHECK(info["profile"]["admin_kid"] == JwkThumbprint(f.admin.public_key));
  headless.DrawApp(ui, f.status, kNow);
  CHECK(ui::locator::Find("Hämta kontorets profil").empty());

  // While the office has not approved the device, the status bar says so.
  app::testing::Must(f.handler, {{"cmd", "device.enrollment"}, {"state", "pending"}});
  f.status.outbox.enrollment = "pending";
  CHECK(ui::OutboxStatusText(f.status.outbox, 1, 0) == "Väntar på godkännande från kontoret");
  f.status.data_generation++;
  headless.DrawApp(ui, f.status, kNow);
  f.status.outbox.enrollment = "approved";
  CHECK(ui::OutboxStatusText(f.status.outbox, 1, 0).empty());
  ui::locator::Enable(false);
}

TEST_CASE("Planpaket's status of a bundle: delivered, refused with the office's reason, not at the office, waiting") {
  using Tone = ui::BundleStatusLine::Tone;
  ui::OutboxStatus outbox;
  const Json delivered{{"jti", "j1"}, {"status", "delivered"}, {"delivered_at", "2026-11-30T14:32:10.000Z"}};
  const Json waiting{{"jti", "j2"}, {"status", "exported"}};
  // Stored in UTC, shown in local clock time like the status bar (Sweden in winter: UTC+1; across midnight).
  CHECK(ui::BundleStatus(delivered, outbox, 60).text == "Levererat 2026-11-30 15:32");
  const Json late{{"jti", "j0"}, {"status", "delivered"}, {"delivered_at", "2026-12-31T23:30:00.000Z"}};
  CHECK(ui::BundleStatus(late, outbox, 60).text == "Levererat 2027-01-01 00:30");
  CHECK(ui::BundleStatus(late, outbox, 0).text == "Levererat 2026-12-31 23:30");
  CHECK(ui::BundleStatus(delivered, outbox, 60).tone == Tone::Normal);
  CHECK(ui::BundleStatus(waiting, outbox, 60).text == "Väntar på kvitto");
  CHECK(ui::BundleStatus(waiting, outbox, 60).tone == Tone::Warning);

  // The office's receipt list does not have it (a restored backup, a bundle lost on the way): said so.
  outbox.not_at_office.insert("j2");
  const auto missing = ui::BundleStatus(waiting, outbox, 60);
  CHECK(missing.tone == Tone::Warning);
  CHECK(missing.text != "Väntar på kvitto");
  CHECK(missing.text.find("Kontoret har inte") == 0);
  CHECK(ui::BundleStatus(delivered, outbox, 60).tone == Tone::Normal);   // only the bundle named

  // Refused: the office's code in the error table's Swedish; an unknown code is shown as it came.
  outbox.refused["j2"] = "bundle_kid_revoked";
  auto refused = ui::BundleStatus(waiting, outbox, 60);
  CHECK(refused.tone == Tone::Error);
  CHECK(refused.text.find(std::string(ErrorMessage(Errc::BundleKidRevoked))) != std::string::npos);
  outbox.refused["j2"] = "a_code_from_a_newer_office";
  refused = ui::BundleStatus(waiting, outbox, 60);
  CHECK(refused.tone == Tone::Error);
  CHECK(refused.text.find("a_code_from_a_newer_office") != std::string::npos);
}

TEST_CASE("Planpaket with a revoked key: no 'Skicka nu' and no enrollment request to save, and what to do next") {
  Fixture f;
  f.hooks.send_outbox = [] {};
  ui::testing::Headless headless;
  ui::locator::Enable(true);
  ui::AppUi ui(f.handler);
  ui.SetFileHooks(f.hooks);
  ui.Show(ui::Screen::Bundles);
  CHECK(ui.OnFilePicked(ui::PickKind::OfficeProfile, f.Profile(), f.status, kNow));
  CHECK(ui.bundles().ExportCase(f.Ctx(), f.hooks, app::testing::EstablishedCase(f.handler)));
  f.status.outbox.active = true;
  f.status.outbox.waiting = 1;

  app::testing::Must(f.handler, {{"cmd", "device.enrollment"}, {"state", "approved"}});
  f.status.data_generation++;
  headless.DrawApp(ui, f.status, kNow);
  CHECK(ui::locator::Find("Skicka nu").size() == 1);
  CHECK(ui::locator::Find("Spara anmälan till kontoret").size() == 1);

  app::testing::Must(f.handler, {{"cmd", "device.enrollment"}, {"state", "revoked"}});
  f.status.data_generation++;
  headless.DrawApp(ui, f.status, kNow);
  CHECK(ui::locator::Find("Skicka nu").empty());
  CHECK(ui::locator::Find("Spara anmälan till kontoret").empty());
  CHECK(ui::locator::Find("Läs in ny kontorsprofil…").size() == 1);   // a new profile can still be read
  ui::locator::Enable(false);
}
