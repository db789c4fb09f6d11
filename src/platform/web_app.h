// sipfield platform/web_app.h — the browser app's state and the parts of platform/web.cpp that its other files
// (platform/web_lock.cpp) use. Internal to src/platform: nothing above the platform layer includes it.
//
//   WebApp ...... the one app: canvas, vault and store, handler and screens, the lock screen
//   frames ...... WakeFrames, BuildFonts
//   storage ..... records, files and checkpoints to the worker (web/opfs-worker.js); opening the database
//   lock ........ platform/web_lock.cpp: what the frame loop and main() call
#pragma once

#include <emscripten/html5.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/handler.h"
#include "app/vault.h"
#include "platform/web_renderer.h"
#include "store/page_log.h"
#include "store/store.h"
#include "ui/app_ui.h"
#include "ui/screens/lock_screen.h"

namespace sip::platform::web {

inline constexpr const char* kDbName = "sipfield.db";   // the OPFS file, and SQLite's name for it on the VFS
inline constexpr const char* kVfs = "sip-pagelog";

// --- WebApp -----------------------------------------------------------------------------------------------
struct WebApp {
  EMSCRIPTEN_WEBGL_CONTEXT_HANDLE gl = 0;
  sip::platform::WebRenderer renderer;
  bool can_draw = false;                           // false when WebGL2 or the shaders failed (reported once)
  double last_frame_ms = 0;
  double pixel_ratio = 1;
  // The lock (issue 13). The vault owns the keys and the page log; declared before store: it outlives every
  // connection. page_log points into it while unlocked.
  std::unique_ptr<sip::app::Vault> vault;
  sip::store::PageLog* page_log = nullptr;
  bool locked = true;                    // false once unlocked, or when the storage could not be opened at all
  sip::ui::LockScreen lock_screen;
  sip::app::Vault::Files sealed;          // what preRun read, kept (sealed) until the unlock
  std::vector<uint8_t> plain_image;       // an unencrypted database of an earlier version, until it is adopted
  double unlock_ms = 0;                   // the last unlock or first start (Argon2id, unwrapping, the replay)
  std::optional<sip::store::Store> store;
  std::unique_ptr<sip::app::CommandHandler> handler;
  std::unique_ptr<sip::ui::AppUi> ui;
  sip::ui::UiStatus status;
  std::string storage_error;   // code from JS when OPFS could not be opened ("db_locked", …), "" when fine
  std::string last_response;   // storage behind the pointer sipfield_dispatch() returns
  std::string backup_path;     // the copy made before a migration at this start, "" when none
  bool first_frame_reported = false;
  int width = 0, height = 0;
};
extern WebApp* g_app;

// --- frames -----------------------------------------------------------------------------------------------
// Something may have changed outside the frame: draw the next frames.
void WakeFrames();
// Builds the font atlas for the current text size at the screen's pixel density and uploads it.
void BuildFonts(WebApp& a);

// --- storage ----------------------------------------------------------------------------------------------
// The VFS sink: one sealed commit record to the worker's log.
void PostRecord(std::vector<uint8_t> record, uint64_t seq);
// A whole file to the worker, as it is (bytes already sealed).
void PostWriteFile(const std::string& name, const std::vector<uint8_t>& bytes);
// The vault's next checkpoint, sealed, to the worker. False when there is nothing to post.
bool PostCheckpoint(WebApp& a);
// Opens (and migrates) the database on the vault's page log; the status says why not.
void OpenDatabase(WebApp& a);

// --- lock (platform/web_lock.cpp) -------------------------------------------------------------------------
// The frame while locked: the lock screen; its request is handled after the frame is rendered.
std::optional<ui::LockRequest> DrawLocked(WebApp& a, UnixMs now);
// The lock screen's request (or window.sipfield.unlock's). Returns "" or an error code.
std::string HandleLockRequest(WebApp& a, const ui::LockRequest& req);
// Ctrl+L, the button, the idle lock.
void LockNow(WebApp& a, bool by_idle);
// The idle lock's check: every animation frame and every few seconds from JS.
void IdleTick(WebApp& a);
// The office profile carries a recovery recipient: the database key is wrapped to it too and the key file
// rewritten (the worker's writeKey). Nothing when it is the recipient the key file already has.
void WrapToRecoveryRecipient(WebApp& a, const std::string& recipient);
// FileHooks::change_passphrase: the key file re-wrapped (the data is not re-encrypted) and written by the
// worker atomically. "" or an error code.
std::string ChangePassphrase(WebApp& a, const std::string& current, const std::string& next);

}  // namespace sip::platform::web
