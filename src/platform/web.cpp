// platform/web.cpp — the browser: GLFW + WebGL2 window, ImGui backends, IndexedDB-backed /data, and the
// C entry points that web/sipfield-pre.js calls (window.sipfield.dispatch and the persistence callbacks).
//
// Start-up order (the UI never accepts input before the database is open):
//   1. preRun (sipfield-pre.js) mounts IDBFS at /data and waits for FS.syncfs(true) before main() may run;
//   2. main() opens /data/sipfield.db, migrates it, builds the UI and resolves window.sipfield.ready;
//   3. the main loop draws frames. After every commit the store's observer asks JS to FS.syncfs(false);
//      JS reports the outcome back through sipfield_set_save_state().
//
// Before a database older than the code is migrated, the file is copied to /data/sipfield.db.bak-v<old>
// (and both are synced to IndexedDB right after start-up), so a new version never costs the old data.
// The JS half also reports the network (sipfield_set_online) and a waiting new version
// (sipfield_set_update_available); switching to it goes through AppUi::RequestUpdate().
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <sys/stat.h>

#include <fstream>
#include <memory>
#include <optional>
#include <string>

#include "app/handler.h"
#include "bundle/crypto.h"
#include "platform/platform.h"
#include "store/store.h"
#include "ui/app_ui.h"
#include "ui/theme.h"

namespace sip::platform {

UnixMs NowMs() { return static_cast<UnixMs>(emscripten_date_now()); }
int LocalUtcOffsetMinutes(UnixMs t) {
  return EM_ASM_INT({ return -new Date($0).getTimezoneOffset(); }, static_cast<double>(t));
}
const char* Name() { return "web"; }

}  // namespace sip::platform

namespace {

constexpr const char* kDbPath = "/data/sipfield.db";
constexpr const char* kFontPath = "/assets/DejaVuSans.ttf";

struct WebApp {
  GLFWwindow* window = nullptr;
  std::optional<sip::store::Store> store;
  std::unique_ptr<sip::app::CommandHandler> handler;
  std::unique_ptr<sip::ui::AppUi> ui;
  sip::ui::UiStatus status;
  std::string last_response;   // storage behind the pointer sipfield_dispatch() returns
  std::string backup_path;     // the copy made before a migration at this start, "" when none
  bool first_frame_reported = false;
  int width = 0, height = 0;
};
WebApp* g_app = nullptr;

void FitCanvasToWindow(WebApp& a) {
  const int w = EM_ASM_INT({ return window.innerWidth; });
  const int h = EM_ASM_INT({ return window.innerHeight; });
  if (w != a.width || h != a.height) {
    a.width = w;
    a.height = h;
    glfwSetWindowSize(a.window, w, h);
  }
}

void Frame() {
  WebApp& a = *g_app;
  FitCanvasToWindow(a);
  glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGuiIO& io = ImGui::GetIO();
  if (io.DeltaTime <= 0.0f) io.DeltaTime = 1.0f / 1000.0f;   // ImGui 1.86 asserts on a zero step
  ImGui::NewFrame();
  const sip::UnixMs now = sip::platform::NowMs();
  a.status.local_utc_offset_min = sip::platform::LocalUtcOffsetMinutes(now);
  a.ui->Draw(a.status, now);
  ImGui::Render();
  int fb_w = 0, fb_h = 0;
  glfwGetFramebufferSize(a.window, &fb_w, &fb_h);
  glViewport(0, 0, fb_w, fb_h);
  glClearColor(0.97f, 0.97f, 0.96f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  if (!a.first_frame_reported) {
    a.first_frame_reported = true;
    EM_ASM({ Module.sipfieldOnFirstFrame(); });
  }
}

// The schema version stored in the database file: 0 when there is no file yet, -1 when it cannot be read
// (Store::Open then decides, and no backup is made of something that is not a SIP Field database).
int StoredSchemaVersion(const char* path) {
  struct stat st {};
  if (stat(path, &st) != 0 || st.st_size == 0) return 0;
  auto db = sip::store::Database::Open(path, {.create = false, .read_only = true});
  if (!db) return -1;
  auto q = sip::store::Statement::Prepare(*db, "SELECT value FROM meta WHERE key='version';");
  if (!q) return -1;
  auto row = q->Step();
  if (!row || !*row) return -1;
  try {
    return std::stoi(q->Text(0));
  } catch (...) {
    return -1;
  }
}

bool CopyFile(const std::string& from, const std::string& to) {
  std::ifstream in(from, std::ios::binary);
  std::ofstream out(to, std::ios::binary | std::ios::trunc);
  if (!in || !out) return false;
  out << in.rdbuf();
  out.flush();
  return in.good() && out.good();
}

// Keeps the old data before a migration: copies the file aside when its schema is older than the code's.
// Returns false when the copy failed (then nothing may be migrated).
bool BackupBeforeMigration(WebApp& a) {
  const int stored = StoredSchemaVersion(kDbPath);
  if (stored <= 0 || stored >= sip::store::CodeSchemaVersion()) return true;
  const std::string to = std::string(kDbPath) + ".bak-v" + std::to_string(stored);
  if (!CopyFile(kDbPath, to)) return false;
  a.backup_path = to;
  return true;
}

// A database Store::Open refused as damaged or foreign is never written to: it is renamed aside (with its
// journal) so a fresh database can take its place when the user asks, and offered for download.
bool KeepsAside(sip::Errc code) { return code == sip::Errc::DbCorrupt || code == sip::Errc::DbMigrationHistory; }

void KeepDamagedAside(WebApp& a) {
  const std::string stamp = sip::FormatIsoUtc(sip::platform::NowMs()).substr(0, 19);   // 2026-11-22T08:27:50
  std::string name = std::string(kDbPath) + ".damaged-" + stamp;
  for (char& c : name)
    if (c == ':') c = '-';
  if (std::rename(kDbPath, name.c_str()) != 0) return;   // left in place: still never written to
  std::rename((std::string(kDbPath) + "-journal").c_str(), (name + "-journal").c_str());
  a.status.damaged_path = name;
  EM_ASM({ Module.sipfieldPersist(); });
}

// Commit observer: every commit bumps the UI's data generation and asks JS for a durable sync.
void OnCommit() {
  ++g_app->status.data_generation;
  g_app->status.save.state = sip::ui::SaveStatus::State::Saving;
  EM_ASM({ Module.sipfieldPersist(); });
}

// Opens the database unless JS reported that IndexedDB could not be read (then nothing may be written,
// or a later sync would overwrite the user's stored data with an empty database).
void OpenDatabase(WebApp& a) {
  const bool storage_failed = EM_ASM_INT({ return Module.sipfieldStorageError ? 1 : 0; });
  if (storage_failed) {
    a.status.db_error_code = "db_io";
    return;
  }
  if (!BackupBeforeMigration(a)) {
    a.status.db_error_code = "db_io";
    return;
  }
  auto s = sip::store::Store::Open(kDbPath, sip::platform::NowMs());
  if (!s) {
    a.status.db_error_code = std::string(sip::ErrorCode(s.error().code));
    if (KeepsAside(s.error().code)) KeepDamagedAside(a);
    return;
  }
  a.store.emplace(std::move(*s));
  a.store->SetCommitObserver(OnCommit);
  a.status.db_open = true;
  a.status.db_error_code.clear();
  // A migration (and its backup) happened outside Store::Write(): store them now, not at the next change.
  if (a.store->schema().applied > 0 || !a.backup_path.empty()) {
    a.status.save.state = sip::ui::SaveStatus::State::Saving;
    EM_ASM({ Module.sipfieldPersist(); });
  }
}

}  // namespace

extern "C" {

// "Starta en ny databas" after a damaged one was kept aside: opens a new, empty database. JSON result.
EMSCRIPTEN_KEEPALIVE const char* sipfield_start_fresh() {
  WebApp& a = *g_app;
  if (a.status.db_open || a.status.damaged_path.empty()) {
    a.last_response = R"({"ok":false,"code":"wrong_step"})";
    return a.last_response.c_str();
  }
  OpenDatabase(a);
  if (a.store) a.handler->SetStore(&*a.store);
  a.last_response = a.status.db_open ? std::string(R"({"ok":true})")
                                     : R"({"ok":false,"code":")" + a.status.db_error_code + "\"}";
  return a.last_response.c_str();
}

// "Exportera den skadade databasen": downloads the file kept aside.
EMSCRIPTEN_KEEPALIVE void sipfield_export_damaged() {
  if (g_app->status.damaged_path.empty()) return;
  EM_ASM({ Module.sipfieldDownload(UTF8ToString($0)); }, g_app->status.damaged_path.c_str());
}

// window.sipfield.dispatch → here. Returns a JSON response; the pointer is valid until the next call.
EMSCRIPTEN_KEEPALIVE const char* sipfield_dispatch(const char* request) {
  g_app->last_response = g_app->handler->DispatchText(request ? request : "").dump();
  return g_app->last_response.c_str();
}

// JS reports the outcome of FS.syncfs(false): state 0 idle, 1 saving, 2 saved, 3 error.
EMSCRIPTEN_KEEPALIVE void sipfield_set_save_state(int state, double at_ms, const char* error) {
  auto& s = g_app->status.save;
  s.state = static_cast<sip::ui::SaveStatus::State>(state);
  s.saved_at = static_cast<sip::UnixMs>(at_ms);
  s.error = error ? error : "";
}

// JS reports whether navigator.storage.persist() was granted; the status bar says so.
EMSCRIPTEN_KEEPALIVE void sipfield_set_persisted(int granted) { g_app->status.storage_persisted = granted ? 1 : 0; }

// JS reports navigator.onLine (and every online/offline event).
EMSCRIPTEN_KEEPALIVE void sipfield_set_online(int online) { g_app->status.online = online ? 1 : 0; }

// JS reports that a new version is installed and waiting (1), or no longer (0).
EMSCRIPTEN_KEEPALIVE void sipfield_set_update_available(int available) {
  g_app->status.update_available = available != 0;
}

// window.sipfield.update() → here: "started" (the update hook has asked JS to switch), "unsaved_input" or
// "no_update".
EMSCRIPTEN_KEEPALIVE const char* sipfield_request_update() {
  switch (g_app->ui->RequestUpdate(g_app->status)) {
    case sip::ui::AppUi::UpdateRequest::Started: return "started";
    case sip::ui::AppUi::UpdateRequest::UnsavedInput: return "unsaved_input";
    case sip::ui::AppUi::UpdateRequest::NoUpdate: return "no_update";
  }
  return "no_update";
}

// JS could not make the switch after all (the last save failed, or the new version went away).
EMSCRIPTEN_KEEPALIVE void sipfield_update_failed() { g_app->ui->UpdateFailed(); }

// What the status bar knows, for tests and automation (no personal data): a JSON object.
EMSCRIPTEN_KEEPALIVE const char* sipfield_ui_state() {
  const auto& st = g_app->status;
  g_app->last_response = sip::Json{{"online", st.online},
                                   {"update_available", st.update_available},
                                   {"update_note", g_app->ui->UpdateNote(st)},
                                   {"unsaved_input", g_app->ui->HasUnsavedInput()},
                                   {"storage_persisted", st.storage_persisted},
                                   {"db_open", st.db_open}}
                             .dump();
  return g_app->last_response.c_str();
}

}  // extern "C"

int main() {
  static WebApp app;
  g_app = &app;
  sip::bundle::InitCrypto();

  if (!glfwInit()) return 1;
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  app.width = EM_ASM_INT({ return window.innerWidth; });
  app.height = EM_ASM_INT({ return window.innerHeight; });
  app.window = glfwCreateWindow(app.width, app.height, "SIP Field", nullptr, nullptr);
  if (!app.window) return 1;
  glfwMakeContextCurrent(app.window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;   // layout is code, not state: nothing personal in localStorage
  sip::ui::ApplyTheme();
  sip::ui::LoadFonts(kFontPath, 17.0f);
  ImGui_ImplGlfw_InitForOpenGL(app.window, true);
  ImGui_ImplOpenGL3_Init("#version 300 es");

  OpenDatabase(app);
  app.handler = std::make_unique<sip::app::CommandHandler>(app.store ? &*app.store : nullptr,
                                                           sip::app::HandlerConfig{sip::platform::NowMs, "web", sip::platform::LocalUtcOffsetMinutes});
  app.ui = std::make_unique<sip::ui::AppUi>(*app.handler);
  app.ui->SetUpdateHook([] { EM_ASM({ Module.sipfieldApplyUpdate(); }); });
  app.ui->SetDamageHooks([] { sipfield_export_damaged(); }, [] { sipfield_start_fresh(); });

  EM_ASM({ Module.sipfieldOnReady({dbOpen : !!$0, error : UTF8ToString($1), backup : UTF8ToString($2),
                                   damaged : UTF8ToString($3)}); },
         app.status.db_open ? 1 : 0, app.status.db_error_code.c_str(), app.backup_path.c_str(),
         app.status.damaged_path.c_str());
  emscripten_set_main_loop(Frame, 0, false);
  return 0;
}
