// Inställningar → Säkerhetskopia, headless: export downloads the handler's sealed file, a picked backup is
// restored only after confirmation and only with the right passphrase, and a typed passphrase counts as
// unsaved input until it is used.
#include <doctest/doctest.h>

#include <imgui.h>

#include <cstdio>
#include <optional>

#include "app/app_test_support.h"
#include "app/handler.h"
#include "bundle/backup.h"
#include "bundle/crypto.h"
#include "store/backup.h"
#include "store/store.h"
#include "ui/app_ui.h"
#include "ui/headless.h"

using namespace sip;

namespace {
constexpr UnixMs kNow = 1795336070123;
constexpr const char* kRestored = "settings_backup_test.db";

struct Fixture {
  Fixture() {
    bundle::InitCrypto();
    status.db_open = true;
    std::remove(kRestored);
  }
  ~Fixture() { std::remove(kRestored); }
  store::Store store = [] {
    auto s = store::Store::Open(":memory:", kNow);
    REQUIRE(s.ok());
    return std::move(*s);
  }();
  std::optional<store::Store> restored;
  app::CommandHandler handler{&store, {[] { return kNow; }, "test", {}}};
  ui::UiStatus status;
  struct Download {
    std::string name, mime;
    std::vector<uint8_t> bytes;
  };
  std::vector<Download> downloads;
  std::vector<ui::PickKind> picks;
  int restores = 0;
  // What the browser platform does, on a file instead of the page-log VFS: open, validate, only then replace.
  ui::FileHooks hooks{
      [this](const std::string& n, const std::string& m, const std::vector<uint8_t>& b) { downloads.push_back({n, m, b}); },
      [this](ui::PickKind k) { picks.push_back(k); },
      [this](const std::vector<uint8_t>& file, const std::string& passphrase) -> std::string {
        ++restores;
        auto image = bundle::OpenBackup(file, passphrase, size_t{64} << 20);
        if (!image) return std::string(ErrorCode(image.error().code));
        auto state = store::RestoreDatabaseFile(kRestored, *image, kNow);
        if (!state) return std::string(ErrorCode(state.error().code));
        auto s = store::Store::Open(kRestored, kNow);
        if (!s) return std::string(ErrorCode(s.error().code));
        restored.emplace(std::move(*s));
        handler.SetStore(&*restored);
        return {};
      }};
  ui::UiContext Ctx() { return ui::UiContext{handler, status, kNow}; }
  std::string StaffName() {
    return app::testing::Must(handler, {{"cmd", "settings.get"}, {"key", "staff.name"}})["value"].get<std::string>();
  }
};
}  // namespace

TEST_CASE("Säkerhetskopia: export, then restore with a wrong and the right passphrase") {
  Fixture f;
  ui::AppUi ui(f.handler);
  ui.SetFileHooks(f.hooks);
  auto& screen = ui.settings();
  const auto ctx = f.Ctx();
  app::testing::Must(f.handler, {{"cmd", "settings.set"}, {"key", "staff.name"}, {"value", "Testa Testsson"}});

  // Export needs a passphrase, typed twice alike.
  CHECK_FALSE(ui.HasUnsavedInput());
  CHECK_FALSE(screen.ExportBackup(ctx, f.hooks));
  CHECK(screen.backup_message_is_error);
  screen.passphrase = "rätt lösenfras";
  CHECK(ui.HasUnsavedInput());   // a typed passphrase is unsaved input
  screen.passphrase_repeat = "rätt lösenfraz";
  CHECK_FALSE(screen.ExportBackup(ctx, f.hooks));
  CHECK(screen.backup_message.find("inte lika") != std::string::npos);
  screen.passphrase = screen.passphrase_repeat = "kort";
  CHECK_FALSE(screen.ExportBackup(ctx, f.hooks));
  CHECK(screen.backup_message.find("för kort") != std::string::npos);
  CHECK(f.downloads.empty());
  screen.passphrase = screen.passphrase_repeat = "rätt lösenfras";
  REQUIRE(screen.ExportBackup(ctx, f.hooks));
  // The export runs as a job, one step per frame, with its phase shown a frame before the step runs.
  CHECK(screen.passphrase.empty());
  CHECK(ui.Busy());
  CHECK(f.downloads.empty());
  std::vector<std::string> phases;
  for (int frame = 0; frame < 20 && screen.backup_job.Running(); ++frame) {
    if (phases.empty() || phases.back() != screen.backup_job.phase) phases.push_back(screen.backup_job.phase);
    screen.Tick(ctx, f.hooks);
  }
  CHECK(phases == std::vector<std::string>{"read_database", "derive_key", "encrypt", "encode"});
  CHECK_FALSE(ui.Busy());
  REQUIRE(f.downloads.size() == 1);
  CHECK(f.downloads[0].name == "sipfield-2026-11-22.sipbackup");
  CHECK(screen.passphrase.empty());
  CHECK(screen.passphrase_repeat.empty());
  CHECK_FALSE(ui.HasUnsavedInput());
  CHECK(screen.backup_message.find(f.downloads[0].name) != std::string::npos);
  const std::vector<uint8_t> file = f.downloads[0].bytes;

  // The data changes after the backup; a restore brings the old state back.
  app::testing::Must(f.handler, {{"cmd", "settings.set"}, {"key", "staff.name"}, {"value", "Annan Person"}});

  CHECK(screen.PickBackup(f.hooks));
  REQUIRE(f.picks.size() == 1);
  CHECK(f.picks[0] == ui::PickKind::Backup);
  // The text path refuses a backup; the bytes path takes it and waits for confirmation.
  CHECK_FALSE(ui.OnFilePicked(ui::PickKind::Backup, "x", f.status, kNow));
  CHECK_FALSE(ui.OnFileBytesPicked(ui::PickKind::Receipt, file));
  CHECK(ui.OnFileBytesPicked(ui::PickKind::Backup, file));
  CHECK(ui.current() == ui::Screen::Settings);
  CHECK(f.restores == 0);

  // No passphrase typed: nothing is tried.
  CHECK_FALSE(screen.ConfirmRestore(f.hooks));
  CHECK(f.restores == 0);
  // A wrong passphrase: the code's message, nothing changed, the file stays picked for another try.
  screen.passphrase = "fel lösenfras";
  CHECK_FALSE(screen.ConfirmRestore(f.hooks));
  CHECK(f.restores == 1);
  CHECK(screen.backup_message.find("Fel lösenfras") != std::string::npos);
  CHECK(screen.backup_message.find("Ingenting har ändrats") != std::string::npos);
  CHECK(f.StaffName() == "Annan Person");
  CHECK_FALSE(screen.picked_backup.empty());
  // A damaged file: refused, nothing changed.
  std::vector<uint8_t> damaged = file;
  damaged.resize(damaged.size() / 2);
  CHECK(ui.OnFileBytesPicked(ui::PickKind::Backup, damaged));
  screen.passphrase = "rätt lösenfras";
  CHECK_FALSE(screen.ConfirmRestore(f.hooks));
  CHECK(screen.backup_message.find("skadad") != std::string::npos);
  CHECK(f.StaffName() == "Annan Person");
  // The right file and passphrase: restored, passphrase wiped, the form reloads.
  CHECK(ui.OnFileBytesPicked(ui::PickKind::Backup, file));
  screen.Load(ctx);
  REQUIRE(screen.loaded);
  REQUIRE(screen.ConfirmRestore(f.hooks));
  CHECK_FALSE(screen.backup_message_is_error);
  CHECK(screen.picked_backup.empty());
  CHECK_FALSE(screen.loaded);
  CHECK_FALSE(ui.HasUnsavedInput());
  CHECK(f.StaffName() == "Testa Testsson");

  // Cancelling a picked file changes nothing.
  CHECK(ui.OnFileBytesPicked(ui::PickKind::Backup, file));
  screen.CancelRestore();
  CHECK(screen.picked_backup.empty());
  CHECK(f.restores == 3);
}

TEST_CASE("Säkerhetskopia: an export cancelled on its progress bar saves nothing; the job is gone") {
  Fixture f;
  ui::testing::Headless h;
  ui::AppUi ui(f.handler);
  ui.SetFileHooks(f.hooks);
  ui.Show(ui::Screen::Settings);
  auto& screen = ui.settings();
  const auto ctx = f.Ctx();
  screen.passphrase = screen.passphrase_repeat = "rätt lösenfras";
  REQUIRE(screen.ExportBackup(ctx, f.hooks));
  const std::string job = screen.backup_job.job_id;
  h.DrawApp(ui, f.status, kNow, 3);   // the bar is drawn while the steps advance
  REQUIRE(screen.backup_job.Running());
  CHECK(screen.backup_job.progress > 0);
  ui::CancelJob(ctx, screen.backup_job);
  CHECK_FALSE(ui.Busy());
  h.DrawApp(ui, f.status, kNow, 4);
  CHECK(f.downloads.empty());
  CHECK(f.handler.Dispatch({{"cmd", "job.step"}, {"job_id", job}})["error"]["code"] == "not_found");
}

TEST_CASE("Säkerhetskopia draws, with and without a picked file and with and without hooks") {
  Fixture f;
  ui::testing::Headless headless;
  ui::AppUi ui(f.handler);
  ui.Show(ui::Screen::Settings);
  headless.DrawApp(ui, f.status, kNow);   // no hooks: the buttons are disabled
  CHECK(ImGui::GetDrawData()->TotalVtxCount > 0);
  ui.SetFileHooks(f.hooks);
  ui.settings().passphrase = "rätt lösenfras";
  headless.DrawApp(ui, f.status, kNow);
  CHECK(ui.OnFileBytesPicked(ui::PickKind::Backup, std::vector<uint8_t>(3000, 7)));
  headless.DrawApp(ui, f.status, kNow);
  CHECK(ui.settings().ConfirmRestore(f.hooks) == false);
  CHECK(ui.settings().backup_message.find("inte en säkerhetskopia") != std::string::npos);
  headless.DrawApp(ui, f.status, kNow);
  CHECK(ImGui::GetDrawData()->TotalVtxCount > 0);
}
