// platform/web.cpp — the browser: the WebGL2 canvas and the frame loop (drawing: web_renderer.h; input and
// the text bridge: web_input.h), the database on the page-log VFS
// (store/page_log.h) over OPFS, and the C entry points that web/sipfield-pre.js calls (window.sipfield.dispatch
// and the storage callbacks).
//
// Start-up order (the app's screens never accept input before the database is open):
//   1. preRun (sipfield-pre.js) takes the one-tab lock, starts web/opfs-worker.js and waits until it has read
//      sipfield.db, sipfield.db-log and sipfield.db-key from OPFS (adopting a database left in IndexedDB by the IDBFS version
//      first, once); main() may not run before;
//   2. main() decides what the lock screen asks (platform/web_lock.cpp): the passphrase of a first start, of the
//      adoption of an earlier version's plain database, or the unlock; no page of the database is read before.
//      Once the vault (app/vault.h) has the key, the sealed files replay into the in-memory image, a checkpoint
//      folds the log in, the database opens and migrates, and window.sipfield.ready resolves;
//   3. the main loop draws frames. Every commit's record goes from the VFS sink to the worker, which appends
//      it to the log, flushes and acknowledges; JS reports the save state back through sipfield_set_save_state()
//      and resolves dispatch() once its records are acknowledged. At idle moments JS asks for a checkpoint
//      (sipfield_maybe_checkpoint); C++ decides whether the log is large enough.
//
// Every byte that leaves for OPFS is sealed by the vault (store/page_cipher.h): records, checkpoints, copies.
// Before a database older than the code is migrated, its bytes are written to OPFS as sipfield.db.bak-v<old>
// (ahead of the migration's records: the worker keeps order), so a new version never costs the old data.
// A damaged or foreign database is written aside as sipfield.db.damaged-<time> and only then is the main
// file emptied; nothing is ever written over it. The JS half also reports the network (sipfield_set_online)
// and a waiting new version (sipfield_set_update_available); switching to it goes through
// AppUi::RequestUpdate().
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/handler.h"
#include "app/vault.h"
#include "bundle/backup.h"
#include "bundle/crypto.h"
#include "bundle/jwk.h"
#include "platform/platform.h"
#include "platform/web_anchor.h"
#include "platform/web_input.h"
#include "platform/web_app.h"
#include "platform/web_lock_store.h"
#include "platform/web_outbox.h"
#include "platform/web_renderer.h"
#include "store/backup.h"
#include "store/page_log.h"
#include "store/store.h"
#include "ui/app_ui.h"
#include "core/lock_policy.h"
#include "ui/locator.h"
#include "ui/screens/lock_screen.h"
#include "ui/theme.h"

namespace sip::platform {

UnixMs NowMs() { return static_cast<UnixMs>(emscripten_date_now()); }
int LocalUtcOffsetMinutes(UnixMs t) {
  return EM_ASM_INT({ return -new Date($0).getTimezoneOffset(); }, static_cast<double>(t));
}
const char* Name() { return "web"; }

std::string AllocatorName() { return "emmalloc"; }

}  // namespace sip::platform

namespace sip::platform::web {

constexpr const char* kFontPath = "/assets/DejaVuSans.ttf";
WebApp* g_app = nullptr;

// True when the window size changed (and the canvas was resized).
// The canvas has CSS size innerWidth × innerHeight and devicePixelRatio times as many pixels, so text is
// sharp on high-density screens; ImGui lays out in CSS pixels.
bool FitCanvasToWindow(WebApp& a) {
  const int w = EM_ASM_INT({ return window.innerWidth; });
  const int h = EM_ASM_INT({ return window.innerHeight; });
  const double ratio = emscripten_get_device_pixel_ratio();
  if (w == a.width && h == a.height && ratio == a.pixel_ratio) return false;
  a.width = w;
  a.height = h;
  a.pixel_ratio = ratio;
  emscripten_set_canvas_element_size("#canvas", static_cast<int>(w * ratio), static_cast<int>(h * ratio));
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(w), static_cast<float>(h));
  io.DisplayFramebufferScale = ImVec2(static_cast<float>(ratio), static_cast<float>(ratio));
  return true;
}

// Builds the font atlas for the current text size at the screen's pixel density and uploads it.
void BuildFonts(WebApp& a) {
  sip::ui::RebuildFonts(kFontPath, static_cast<float>(a.pixel_ratio));
  ImGui::GetIO().FontGlobalScale = static_cast<float>(1.0 / a.pixel_ratio);
  if (a.can_draw) a.renderer.UploadFonts();
}

// Creates the WebGL2 context and the renderer; on failure shows the Swedish message in the page (nothing can
// be drawn) and logs the code and info log once.
void InitDrawing(WebApp& a) {
  EmscriptenWebGLContextAttributes attrs;
  emscripten_webgl_init_context_attributes(&attrs);
  attrs.majorVersion = 2;
  attrs.minorVersion = 0;
  attrs.alpha = false;
  attrs.depth = false;
  attrs.stencil = false;
  attrs.antialias = false;
  a.gl = emscripten_webgl_create_context("#canvas", &attrs);
  std::optional<sip::platform::RenderFailure> failure;
  if (a.gl <= 0) failure = sip::platform::RenderFailure{sip::Errc::RenderContextFailed, "no WebGL2 context"};
  else {
    emscripten_webgl_make_context_current(a.gl);
    failure = a.renderer.Init();
  }
  if (failure) {
    EM_ASM({ Module.sipfieldOnRenderError(UTF8ToString($0), UTF8ToString($1), UTF8ToString($2)); },
           std::string(sip::ErrorCode(failure->code)).c_str(), std::string(sip::ErrorMessage(failure->code)).c_str(),
           failure->log.c_str());
    return;
  }
  a.can_draw = true;
}

// --- Idle frames ----------------------------------------------------------------------------------------------
// The picture only changes after input, a change of what the status bar and the screens show, or the clock.
// Drawing every animation frame regardless keeps the main thread busy (SwiftShader: tens of ms a frame on a
// loaded machine), and every storage acknowledgement — so every dispatch() — waits for the thread. So a
// frame is drawn only for a few frames after something happened, while a text field is active, and once a
// second otherwise; and not while a storage write is being acknowledged.
struct DrawGate {
  int frames_left = 3;
  double last_draw_ms = 0;
  uint64_t fingerprint = 0;
};
DrawGate g_gate;

uint64_t StatusFingerprint(const sip::ui::UiStatus& s) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&h](uint64_t v) { h = (h ^ v) * 1099511628211ull; };
  mix(static_cast<uint64_t>(s.save.state));
  mix(static_cast<uint64_t>(s.save.saved_at));
  mix(std::hash<std::string>{}(s.save.error));
  mix(s.db_open);
  mix(s.data_generation);
  mix(std::hash<std::string>{}(s.db_error_code));
  mix(std::hash<std::string>{}(s.damaged_path));
  mix(static_cast<uint64_t>(s.storage_persisted + 2));
  mix(static_cast<uint64_t>(s.online + 2));
  mix(s.update_available);
  mix(static_cast<uint64_t>(s.file_read * 1000 + 2000));
  mix(sip::platform::outbox::Fingerprint(s.outbox));
  return h;
}

// Something may have changed outside the frame (a dispatch, an update request): draw the next frames.
void WakeFrames() { g_gate.frames_left = std::max(g_gate.frames_left, 3); }

// Whether this animation frame should be drawn (see above).
bool ShouldDraw(WebApp& a) {
  const bool resized = FitCanvasToWindow(a);
  const bool input = EM_ASM_INT({
    const i = Module.sipfieldInput;
    Module.sipfieldInput = false;
    return i ? 1 : 0;
  }) != 0;
  const uint64_t fp = StatusFingerprint(a.status);
  if (resized || input || sip::platform::input::Pending() || fp != g_gate.fingerprint) WakeFrames();
  // A storage acknowledgement due within a millisecond or two goes first: a frame drawn now would hold it (and
  // the dispatch() waiting for it) for the whole frame. Never longer than 200 ms.
  if (EM_ASM_INT({ return Module.sipfieldStorageBusy(); }) != 0) return false;
  const double t = emscripten_get_now();
  // Idle: one frame a second (the clocks on screen), and at once if the clock went back (a page whose timers a
  // test replaced, a resumed laptop): never wait for an old timestamp to come round again.
  const bool idle_due = t - g_gate.last_draw_ms >= 1000.0 || t < g_gate.last_draw_ms;
  if (g_gate.frames_left <= 0 && !ImGui::GetIO().WantTextInput && !idle_due) return false;
  g_gate.frames_left = std::max(0, g_gate.frames_left - 1);
  g_gate.last_draw_ms = t;
  g_gate.fingerprint = fp;
  return true;
}

// CPU time of each drawn frame from NewFrame to Render (the UI's own cost, without the GPU), for
// bench/frame-cost.mjs: the last 4096 frames.
struct FrameStats {
  std::vector<double> ms;
  size_t next = 0;
  void Add(double v) {
    if (ms.size() < 4096) ms.push_back(v);
    else ms[next++ % ms.size()] = v;
  }
};
FrameStats g_frames;

void Frame() {
  WebApp& a = *g_app;
  IdleTick(a);
  if (!a.can_draw || !ShouldDraw(a)) return;
  if (sip::ui::FontAtlasChanged()) BuildFonts(a);
  ImGuiIO& io = ImGui::GetIO();
  const double t = emscripten_get_now();
  io.DeltaTime = a.last_frame_ms > 0 ? static_cast<float>(std::max(0.001, (t - a.last_frame_ms) / 1000.0)) : 1.0f / 60.0f;
  a.last_frame_ms = t;
  const double cpu0 = emscripten_get_now();
  ImGui::NewFrame();
  const sip::UnixMs now = sip::platform::NowMs();
  a.status.local_utc_offset_min = sip::platform::LocalUtcOffsetMinutes(now);
  std::optional<sip::ui::LockRequest> lock_request;
  if (a.locked)
    lock_request = DrawLocked(a, now);
  else if (sip::platform::anchor::Current() != sip::platform::anchor::Mode::Off)
    sip::platform::anchor::Draw();   // bench/frame-cost.mjs: the anchor table instead of the screens
  else
    a.ui->Draw(a.status, now);
  if (!a.locked && a.ui->Busy()) WakeFrames();   // a job advances one step per frame
  ImGui::Render();
  g_frames.Add(emscripten_get_now() - cpu0);
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  const float clear[4] = {bg.x, bg.y, bg.z, 1.0f};
  a.renderer.Render(ImGui::GetDrawData(), static_cast<int>(a.width * a.pixel_ratio),
                    static_cast<int>(a.height * a.pixel_ratio), clear);
  sip::platform::input::AfterFrame();
  if (!a.first_frame_reported && !a.locked) {
    a.first_frame_reported = true;
    EM_ASM({ Module.sipfieldOnFirstFrame(); });
  }
  if (lock_request) {
    HandleLockRequest(a, *lock_request);
    sip::app::WipeSecret(lock_request->passphrase);
    WakeFrames();
  }
}

// --- Storage: bytes between C++ and the worker (web/sipfield-pre.js posts them) -----------------------------

sip::store::OpenOptions VfsOptions(bool read_only = false) {
  return {.create = !read_only, .read_only = read_only, .vfs = kVfs};
}

// The bytes preRun read from OPFS: which 0 = the db file, 1 = the log, 2 = the key file. JS lets go of them.
std::vector<uint8_t> TakeStorageBytes(int which) {
  const int n = EM_ASM_INT({
    const s = Module.sipfieldStorage;
    const b = s && ($0 == 2 ? s.key : $0 ? s.log : s.db);
    return b ? b.byteLength : 0;
  }, which);
  std::vector<uint8_t> v(static_cast<size_t>(n));
  EM_ASM({
    const s = Module.sipfieldStorage;
    if ($2 > 0) HEAPU8.set(new Uint8Array($0 == 2 ? s.key : $0 ? s.log : s.db), $1);
    if (s) { if ($0 == 2) s.key = null; else if ($0) s.log = null; else s.db = null; }
  }, which, v.data(), n);
  return v;
}

// The error code preRun left ("db_locked", "storage_unavailable", "db_io"), "" when OPFS is open.
std::string StorageErrorFromJs() {
  static constexpr const char* kCodes[] = {"", "db_locked", "storage_unavailable", "db_io"};
  // (EM_ASM bodies go through the C preprocessor: no single quotes, no commas outside parentheses.)
  const int i = EM_ASM_INT({
    const s = Module.sipfieldStorage;
    const e = s ? s.error || "" : "db_io";
    return e === "" ? 0 : e === "db_locked" ? 1 : e === "storage_unavailable" ? 2 : 3;
  });
  return kCodes[i >= 0 && i < 4 ? i : 3];
}

// The VFS sink: one commit record to the worker's log (JS copies the bytes out of the wasm heap).
void PostRecord(std::vector<uint8_t> record, uint64_t seq) {
  EM_ASM({ Module.sipfieldAppend(HEAPU8.slice($0, $0 + $1), $2); }, record.data(), record.size(),
         static_cast<double>(seq));
}

// A whole file, sealed by the vault (the copy before a migration or a restore, a database kept aside): each is a
// sealed file of its own (Vault::SealCopy), so nothing leaves the process in plain form.
void PostWriteFile(const std::string& name, const std::vector<uint8_t>& bytes) {
  EM_ASM({ Module.sipfieldWriteFile(UTF8ToString($0), HEAPU8.slice($1, $1 + $2)); }, name.c_str(), bytes.data(),
         bytes.size());
}
void PostSealedCopy(WebApp& a, const std::string& name, const std::vector<uint8_t>& image) {
  if (!a.vault) return;
  if (auto sealed = a.vault->SealCopy(image)) PostWriteFile(name, *sealed);
}

// Posts a checkpoint: extents as [fileOffset, dataOffset, length] triples; a whole new base file (a re-seal)
// goes to the worker's `reseal`, which writes it beside the base and moves it over.
void PostCheckpointBytes(const sip::store::Checkpoint& cp) {
  if (cp.whole) {
    EM_ASM({ Module.sipfieldReseal(HEAPU8.slice($0, $0 + $1)); }, cp.data.data(), cp.data.size());
    return;
  }
  std::vector<double> triples;
  triples.reserve(cp.extents.size() * 3);
  uint64_t at = 0;
  for (const auto& e : cp.extents) {
    triples.push_back(static_cast<double>(e.offset));
    triples.push_back(static_cast<double>(at));
    triples.push_back(static_cast<double>(e.length));
    at += e.length;
  }
  EM_ASM({ Module.sipfieldCheckpoint(HEAPU8.slice($0, $0 + $1), Array.from(HEAPF64.subarray($2 >> 3, ($2 >> 3) + $3)), $4, $5); },
         cp.data.data(), cp.data.size(), triples.data(), triples.size(), static_cast<double>(cp.size), cp.barrier);
}

// The vault's next checkpoint, sealed, to the worker.
bool PostCheckpoint(WebApp& a) {
  if (!a.vault) return false;
  auto cp = a.vault->SealCheckpoint();
  if (!cp) return false;
  PostCheckpointBytes(*cp);
  return true;
}

// What preRun read decides what the lock screen asks (the database stays closed until then):
//   a key file ............................ Unlock (the sealed files wait in `sealed`)
//   no key file, nothing stored ........... Create (a first start)
//   no key file, a plain SQLite database .. Adopt: an earlier version's database; its log is folded into the
//                                           base at once (a plain checkpoint) so that the adoption finds an
//                                           empty log (web/opfs-worker.js, `seal`)
//   no key file, sealed files ............. Closed: the key file is gone, nothing can be read
// When OPFS could not be opened at all, there is no lock screen: the app says why, as before.
bool IsSealedBase(const std::vector<uint8_t>& b) { return b.size() >= 4 && b[0] == 'S' && b[1] == 'I' && b[2] == 'P' && b[3] == 'E'; }

void LoadStorage(WebApp& a) {
  a.storage_error = StorageErrorFromJs();
  if (!a.storage_error.empty()) {
    a.locked = false;
    return;
  }
  std::vector<uint8_t> base = TakeStorageBytes(0);
  std::vector<uint8_t> log_bytes = TakeStorageBytes(1);
  const std::vector<uint8_t> key = TakeStorageBytes(2);
  auto& ls = a.lock_screen;
  ls.users = sip::platform::lock::Users(&ls.current_user);
  if (!key.empty()) {
    a.sealed = {std::string(key.begin(), key.end()), std::move(base), std::move(log_bytes)};
    ls.mode = sip::ui::LockMode::Unlock;
    ls.failures = sip::platform::lock::Failures();
    ls.wait_until = sip::NextUnlockAt(ls.failures, sip::platform::lock::LastFailureAt());
    ls.locked_by_idle = sip::platform::lock::TakeLockedByIdle();
    return;
  }
  if (IsSealedBase(base)) {
    ls.mode = sip::ui::LockMode::Closed;
    ls.message = "Nyckelfilen för databasen saknas, så den krypterade databasen kan inte öppnas. Inget har ändrats. "
                 "Kontakta kontoret.";
    return;
  }
  auto replayed = sip::store::Replay(std::move(base), log_bytes);
  a.plain_image = std::move(replayed.image);
  if (!log_bytes.empty()) {
    sip::store::Checkpoint cp{{{0, a.plain_image.size()}}, a.plain_image, a.plain_image.size()};
    PostCheckpointBytes(cp);
    sip::bundle::Wipe(cp.data.data(), cp.data.size());
  }
  ls.mode = a.plain_image.empty() ? sip::ui::LockMode::Create : sip::ui::LockMode::Adopt;
}

// The schema version in the image: 0 when empty, -1 when it cannot be read (Store::Open then decides, and
// no backup is made of something that is not a SIP Field database).
int StoredSchemaVersion(const WebApp& a) {
  if (a.page_log->image().empty()) return 0;
  auto db = sip::store::Database::Open(kDbName, VfsOptions(/*read_only=*/true));
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

// Keeps the old data before a migration: writes the image aside when its schema is older than the code's.
// The worker stores it before any record of the migration (messages are processed in order, and after a
// failed write it refuses the rest), so the migration is durable only if the copy is.
void BackupBeforeMigration(WebApp& a) {
  const int stored = StoredSchemaVersion(a);
  if (stored <= 0 || stored >= sip::store::CodeSchemaVersion()) return;
  a.backup_path = std::string(kDbName) + ".bak-v" + std::to_string(stored);
  PostSealedCopy(a, a.backup_path, a.page_log->image());
}

// A database Store::Open refused as damaged or foreign is never written to: its bytes are written aside under
// a new name, and only then (same ordered queue) is the main file emptied, so "Starta en ny databas" can
// start over. The copy is offered for download.
bool KeepsAside(sip::Errc code) { return code == sip::Errc::DbCorrupt || code == sip::Errc::DbMigrationHistory; }

void KeepDamagedAside(WebApp& a) {
  const std::string stamp = sip::FormatIsoUtc(sip::platform::NowMs()).substr(0, 19);   // 2026-11-22T08:27:50
  std::string name = std::string(kDbName) + ".damaged-" + stamp;
  for (char& c : name)
    if (c == ':') c = '-';
  PostSealedCopy(a, name, a.page_log->image());
  if (!a.page_log->ResetImage({})) return;   // still open somewhere: leave everything in place
  PostCheckpoint(a);                          // empties sipfield.db and its log
  a.status.damaged_path = name;
}

// Commit observer: every commit bumps the UI's data generation; its records are already on their way.
void OnCommit() {
  ++g_app->status.data_generation;
  g_app->status.save.state = sip::ui::SaveStatus::State::Saving;
  EM_ASM({ Module.sipfieldOnCommit(); });
}

// Opens the database unless OPFS could not be opened (then nothing may be written: the status says why).
void OpenDatabase(WebApp& a) {
  if (!a.page_log) {
    a.status.db_error_code = a.storage_error.empty() ? "db_io" : a.storage_error;
    return;
  }
  BackupBeforeMigration(a);
  auto s = sip::store::Store::Open(kDbName, sip::platform::NowMs(), VfsOptions());
  if (!s) {
    a.status.db_error_code = std::string(sip::ErrorCode(s.error().code));
    if (KeepsAside(s.error().code)) KeepDamagedAside(a);
    return;
  }
  a.store.emplace(std::move(*s));
  a.store->SetCommitObserver(OnCommit);
  a.status.db_open = true;
  a.status.db_error_code.clear();
  if (a.store->schema().applied > 0 || !a.backup_path.empty()) OnCommit();
}

// --- Backup restore (window.sipfield.restoreBackup, Inställningar → Säkerhetskopia) ---------------------------
// The file is opened (bundle/backup.h) and its image validated (store::ValidateDatabaseImage: a SIP Field
// database this code can open) before anything changes; a wrong passphrase, a damaged or a foreign file
// returns its code and the current database is untouched. Only then, in the worker's ordered queue: the
// current image is written aside as sipfield.db.before-restore-<time>, the Store closes, the VFS image is
// replaced and the whole of it goes to sipfield.db as a checkpoint (written, truncated to size, flushed, then
// the log emptied), and the Store reopens (migrating an older image). JS resolves once the worker acknowledged.
constexpr size_t kMaxRestoreBytes = size_t{512} << 20;

std::string RestoreBackup(WebApp& a, const uint8_t* data, size_t size, std::string_view passphrase) {
  if (!a.page_log || !a.handler) return std::string(sip::ErrorCode(sip::Errc::NotReady));
  if (EM_ASM_INT({ return Module.sipfieldStorageFailed(); }) != 0) return std::string(sip::ErrorCode(sip::Errc::DbIo));
  const sip::UnixMs now = sip::platform::NowMs();
  auto image = sip::bundle::OpenBackup(data, size, passphrase, kMaxRestoreBytes);
  if (!image) return std::string(sip::ErrorCode(image.error().code));
  auto state = sip::store::ValidateDatabaseImage(*image, now);
  if (!state) return std::string(sip::ErrorCode(state.error().code));

  const std::vector<uint8_t> old = a.page_log->image();
  if (!old.empty()) {
    std::string name = std::string(kDbName) + ".before-restore-" + sip::FormatIsoUtc(now).substr(0, 19);
    for (char& c : name)
      if (c == ':') c = '-';
    PostSealedCopy(a, name, old);
  }
  a.handler->SetStore(nullptr);
  a.store.reset();
  a.status.db_open = false;
  auto reopen = [&a, now]() -> sip::Result<void> {
    auto s = sip::store::Store::Open(kDbName, now, VfsOptions());
    if (!s) return s.error();
    a.store.emplace(std::move(*s));
    a.store->SetCommitObserver(OnCommit);
    a.status.db_open = true;
    a.status.db_error_code.clear();
    a.handler->SetStore(&*a.store);
    return {};
  };
  std::string code;
  if (auto r = a.page_log->ResetImage(std::move(*image)); !r) {
    code = std::string(sip::ErrorCode(sip::Errc::DbIo));   // the old image is still in place
  } else {
    PostCheckpoint(a);
    if (auto r2 = reopen(); !r2) {
      // Validated, yet it would not open here: put the old database back, durably, as it was.
      code = std::string(sip::ErrorCode(r2.error().code));
      if (a.page_log->ResetImage(old)) PostCheckpoint(a);
    } else {
      OnCommit();   // screens reload, the status bar says "Sparar…" until the worker acknowledged
      return {};
    }
  }
  if (!reopen()) a.status.db_error_code = std::string(sip::ErrorCode(sip::Errc::DbIo));
  OnCommit();
  return code;
}

// The handler's device key: the vault's, unwrapped by the database key at the unlock; null while locked (bundle
// export then says device_key_missing).
const sip::bundle::Ed25519KeyPair* DeviceKey() { return g_app->vault ? g_app->vault->device_key() : nullptr; }

// The screens' file exchange: downloads, the file picker and papers in a new tab (web/sipfield-device.js).
sip::ui::FileHooks WebFileHooks() {
  sip::ui::FileHooks h;
  h.download = [](const std::string& name, const std::string& mime, const std::vector<uint8_t>& bytes) {
    EM_ASM({ Module.sipfieldDownloadBytes(UTF8ToString($0), UTF8ToString($1), HEAPU8.slice($2, $2 + $3)); },
           name.c_str(), mime.c_str(), bytes.data(), bytes.size());
  };
  h.pick = [](sip::ui::PickKind kind) {
    if (kind == sip::ui::PickKind::Backup) EM_ASM({ Module.sipfieldPickBackup(); });   // bytes: sipfield_backup_picked
    else EM_ASM({ Module.sipfieldPickFile($0); }, static_cast<int>(kind));
  };
  h.restore_backup = [](const std::vector<uint8_t>& file, const std::string& passphrase) {
    return RestoreBackup(*g_app, file.data(), file.size(), passphrase);
  };
  h.cancel_read = [] { EM_ASM({ Module.sipfieldCancelRead(); }); };
  h.open_page = [](const std::string& name, const std::string& html) {
    return EM_ASM_INT({ return Module.sipfieldOpenPage(UTF8ToString($0), UTF8ToString($1)); }, name.c_str(),
                      html.c_str()) != 0;
  };
  h.send_outbox = sip::platform::outbox::SendNowHook();
  h.fetch_profile = sip::platform::outbox::FetchProfileHook();
  h.change_passphrase = [](const std::string& current, const std::string& next) {
    return ChangePassphrase(*g_app, current, next);
  };
  return h;
}


}  // namespace sip::platform::web

using namespace sip::platform::web;   // NOLINT: the entry points below are this file's own

extern "C" {

// The file the user picked after FileHooks::pick (kind = ui::PickKind), as text ("" when refused as too big).
EMSCRIPTEN_KEEPALIVE void sipfield_file_picked(int kind, const char* text) {
  WebApp& a = *g_app;
  if (kind < 0 || kind > static_cast<int>(sip::ui::PickKind::Receipt)) return;
  a.ui->OnFilePicked(static_cast<sip::ui::PickKind>(kind), text ? text : "", a.status, sip::platform::NowMs());
  WakeFrames();
}


// window.sipfield.restoreBackup → here: replaces the database with the backup's (see RestoreBackup above).
// JSON {ok: true} or {ok: false, code}; the pointer is valid until the next call.
EMSCRIPTEN_KEEPALIVE const char* sipfield_restore_backup(const uint8_t* data, int size, const char* passphrase) {
  WakeFrames();
  WebApp& a = *g_app;
  const std::string code =
      size < 0 ? std::string(sip::ErrorCode(sip::Errc::InvalidArgument))
               : RestoreBackup(a, data, static_cast<size_t>(size), passphrase ? passphrase : "");
  if (code.empty() && a.ui) a.ui->settings().loaded = false;
  a.last_response = code.empty() ? std::string(R"({"ok":true})") : R"({"ok":false,"code":")" + code + "\"}";
  return a.last_response.c_str();
}

// The backup file the user picked after FileHooks::pick(PickKind::Backup), as bytes (size 0: unreadable or
// too big). It waits in Inställningar for the user's confirmation.
EMSCRIPTEN_KEEPALIVE void sipfield_backup_picked(const uint8_t* data, int size) {
  WebApp& a = *g_app;
  std::vector<uint8_t> bytes;
  if (data && size > 0) bytes.assign(data, data + size);
  a.ui->OnFileBytesPicked(sip::ui::PickKind::Backup, std::move(bytes));
  WakeFrames();
}

// How far the picked backup file has been read (web/sipfield-pre.js, a FileReader's progress events): the
// settings screen draws a progress bar with "Avbryt". loaded < 0: reading ended (done, failed or cancelled).
EMSCRIPTEN_KEEPALIVE void sipfield_read_progress(double loaded, double total) {
  WebApp& a = *g_app;
  a.status.file_read = loaded < 0 || total <= 0 ? -1.0f : static_cast<float>(std::min(1.0, loaded / total));
  WakeFrames();
}

// "Starta en ny databas" after a damaged one was kept aside: opens a new, empty database. JSON result.
EMSCRIPTEN_KEEPALIVE const char* sipfield_start_fresh() {
  WakeFrames();
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
  WakeFrames();
  g_app->last_response = g_app->handler->DispatchText(request ? request : "").dump();
  return g_app->last_response.c_str();
}

// JS, at an idle moment (mode 0), under a long stream of writes (2) or on request (1): folds the log into the
// base when it has grown past ~4 MB or 1,000 records (mode 2: 4× that; mode 1: whenever there is anything).
// Valid between transactions only, which every JS task boundary is. Returns 1 when a checkpoint was posted.
EMSCRIPTEN_KEEPALIVE int sipfield_maybe_checkpoint(int mode) {
  sip::store::PageLog* pl = g_app->page_log;
  if (!pl || pl->has_unsynced_writes()) return 0;
  const bool due = mode == 1   ? pl->HasCheckpointWork()
                   : mode == 2 ? pl->ShouldCheckpoint(16u << 20, 4000)
                               : pl->ShouldCheckpoint();
  return due && PostCheckpoint(*g_app) ? 1 : 0;
}

// The size of the database image in bytes (for window.sipfield.storage(): tests and benchmarks).
EMSCRIPTEN_KEEPALIVE double sipfield_db_bytes() {
  return g_app->page_log ? static_cast<double>(g_app->page_log->image().size()) : 0.0;
}

// JS reports the storage outcome: state 0 idle, 1 saving, 2 saved, 3 error.
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
  WakeFrames();
  switch (g_app->ui->RequestUpdate(g_app->status)) {
    case sip::ui::AppUi::UpdateRequest::Started: return "started";
    case sip::ui::AppUi::UpdateRequest::UnsavedInput: return "unsaved_input";
    case sip::ui::AppUi::UpdateRequest::NoUpdate: return "no_update";
  }
  return "no_update";
}

// JS could not make the switch after all (the last save failed, or the new version went away).
EMSCRIPTEN_KEEPALIVE void sipfield_update_failed() {
  g_app->ui->UpdateFailed();
  WakeFrames();
}

// Tests drive the canvas like a person: sipfield_locator(1) starts collecting where each labelled widget is
// drawn, sipfield_locate(label) answers [{x, y, w, h}] in CSS pixels for the last frame (ui/locator.h).
EMSCRIPTEN_KEEPALIVE void sipfield_locator(int on) {
  sip::ui::locator::Enable(on != 0);
  WakeFrames();
}
EMSCRIPTEN_KEEPALIVE const char* sipfield_locate(const char* label) {
  sip::Json out = sip::Json::array();
  if (label)
    for (const auto& i : sip::ui::locator::Find(label))
      out.push_back({{"x", i.x}, {"y", i.y}, {"w", i.w}, {"h", i.h}, {"full_y", i.full_y}, {"full_h", i.full_h}});
  g_app->last_response = out.dump();
  return g_app->last_response.c_str();
}
// The CPU times of the frames drawn since the last call, in ms (and forgets them): [t, …].
EMSCRIPTEN_KEEPALIVE const char* sipfield_frame_times() {
  g_app->last_response = sip::Json(g_frames.ms).dump();
  g_frames.ms.clear();
  g_frames.next = 0;
  return g_app->last_response.c_str();
}

// bench/frame-cost.mjs: 1 draws the anchor table with a clipper, 2 without, 0 the app again (web_anchor.h).
EMSCRIPTEN_KEEPALIVE void sipfield_bench_anchor(int mode) {
  sip::platform::anchor::Set(static_cast<sip::platform::anchor::Mode>(mode >= 0 && mode <= 2 ? mode : 0));
  WakeFrames();
}

// Every labelled widget of the last frame (the monkey test picks among them): [{label, x, y, w, h}].
EMSCRIPTEN_KEEPALIVE const char* sipfield_locate_all() {
  sip::Json out = sip::Json::array();
  for (const auto& i : sip::ui::locator::All())
    out.push_back({{"label", i.label}, {"x", i.x}, {"y", i.y}, {"w", i.w}, {"h", i.h}});
  g_app->last_response = out.dump();
  return g_app->last_response.c_str();
}

// What the status bar knows, for tests and automation (no personal data): a JSON object.
EMSCRIPTEN_KEEPALIVE const char* sipfield_ui_state() {
  const auto& st = g_app->status;
  g_app->last_response = sip::Json{{"online", st.online},
                                   {"update_available", st.update_available},
                                   {"update_note", g_app->ui->UpdateNote(st)},
                                   {"unsaved_input", g_app->ui->HasUnsavedInput()},
                                   {"save_text", sip::ui::SaveStatusText(st.save, st.local_utc_offset_min)},
                                   {"storage_persisted", st.storage_persisted},
                                   {"db_open", st.db_open},
                                   {"locked", g_app->locked},
                                   {"screen", static_cast<int>(g_app->ui->current())},
                                   {"want_text", ImGui::GetIO().WantTextInput}}
                             .dump();
  return g_app->last_response.c_str();
}

}  // extern "C"

int main() {
  static WebApp app;
  g_app = &app;
  sip::bundle::InitCrypto();

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;   // layout is code, not state: nothing personal in localStorage
  sip::platform::input::Install();
  sip::platform::outbox::Attach(&app.status, [] { WakeFrames(); },
                                [](const std::string& text, const std::string& code) {
                                  if (g_app->ui) g_app->ui->OnProfileFetched(text, code, g_app->status, sip::platform::NowMs());
                                });
  sip::ui::ApplyTheme();
  InitDrawing(app);
  FitCanvasToWindow(app);
  BuildFonts(app);

  const double t0 = emscripten_get_now();
  LoadStorage(app);
  const double t1 = emscripten_get_now();
  app.handler = std::make_unique<sip::app::CommandHandler>(
      nullptr, sip::app::HandlerConfig{sip::platform::NowMs, "web", sip::platform::LocalUtcOffsetMinutes, DeviceKey,
                                       [](const std::string& r) { WrapToRecoveryRecipient(*g_app, r); }});
  app.ui = std::make_unique<sip::ui::AppUi>(*app.handler);
  app.ui->SetUpdateHook([] { EM_ASM({ Module.sipfieldApplyUpdate(); }); });
  app.ui->SetDamageHooks([] { sipfield_export_damaged(); }, [] { sipfield_start_fresh(); });
  app.ui->SetFileHooks(WebFileHooks());
  app.ui->SetLockHook([] { LockNow(*g_app, false); });
  EM_ASM({ Module.sipfieldInputReady(); });

  // loadMs: the files' bytes into the heap (and the plain checkpoint of an earlier version's log). Without a
  // storage the app starts at once and says why; otherwise the lock screen asks first (AfterUnlock reports
  // ready).
  EM_ASM({ Module.sipfieldOnStarted({loadMs : $0}); }, t1 - t0);
  if (!app.locked) {
    OpenDatabase(app);
    EM_ASM({ Module.sipfieldOnReady({dbOpen : !!$0, error : UTF8ToString($1), backup : "", damaged : ""}); },
           app.status.db_open ? 1 : 0, app.status.db_error_code.c_str());
  }
  emscripten_set_main_loop(Frame, 0, false);
  return 0;
}
