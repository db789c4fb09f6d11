// platform/web.cpp — the browser: GLFW + WebGL2 window, ImGui backends, IndexedDB-backed /data, and the
// C entry points that web/sipfield-pre.js calls (window.sipfield.dispatch and the persistence callbacks).
//
// Start-up order (the UI never accepts input before the database is open):
//   1. preRun (sipfield-pre.js) mounts IDBFS at /data and waits for FS.syncfs(true) before main() may run;
//   2. main() opens /data/sipfield.db, migrates it, builds the UI and resolves window.sipfield.ready;
//   3. the main loop draws frames. After every commit the store's observer asks JS to FS.syncfs(false);
//      JS reports the outcome back through sipfield_set_save_state().
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

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
}

// Opens the database unless JS reported that IndexedDB could not be read (then nothing may be written,
// or a later sync would overwrite the user's stored data with an empty database).
void OpenDatabase(WebApp& a) {
  const bool storage_failed = EM_ASM_INT({ return Module.sipfieldStorageError ? 1 : 0; });
  if (storage_failed) {
    a.status.db_error_code = "db_io";
    return;
  }
  auto s = sip::store::Store::Open(kDbPath, sip::platform::NowMs());
  if (!s) {
    a.status.db_error_code = std::string(sip::ErrorCode(s.error().code));
    return;
  }
  a.store.emplace(std::move(*s));
  a.store->SetCommitObserver([] {
    ++g_app->status.data_generation;
    g_app->status.save.state = sip::ui::SaveStatus::State::Saving;
    EM_ASM({ Module.sipfieldPersist(); });
  });
  a.status.db_open = true;
}

}  // namespace

extern "C" {

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
                                                           sip::app::HandlerConfig{sip::platform::NowMs, "web"});
  app.ui = std::make_unique<sip::ui::AppUi>(*app.handler);

  EM_ASM({ Module.sipfieldOnReady({dbOpen : !!$0, error : UTF8ToString($1)}); }, app.status.db_open ? 1 : 0,
         app.status.db_error_code.c_str());
  emscripten_set_main_loop(Frame, 0, false);
  return 0;
}
