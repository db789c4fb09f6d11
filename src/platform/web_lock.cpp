// sipfield platform/web_lock.cpp — the lock in the browser (issue 13): what the lock screen's requests do (the
// first start, the adoption of an earlier version's plain database, the unlock), keeping a database whose pages
// do not authenticate aside, the lock itself (Ctrl+L, the button, the idle time) and the C entry points of
// window.sipfield.lockState / unlock / setPassphrase / lock. The keys live in the vault (app/vault.h); what is
// kept outside the database (the back-off count, the sealed resume note) in platform/web_lock_store.h; the
// files' crash-safe switch in web/opfs-worker.js (`seal`). docs/protection-at-rest.md has the whole picture.
#include <emscripten.h>
#include <emscripten/html5.h>

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bundle/crypto.h"
#include "bundle/key_wrap.h"
#include "core/error.h"
#include "core/lock_policy.h"
#include "platform/platform.h"
#include "platform/web_app.h"
#include "platform/web_lock_store.h"
#include "ui/theme.h"

namespace sip::platform::web {

namespace {
// Until the passphrase is given nothing of the database is in memory in plain form (only the sealed files, or
// an earlier version's plain database waiting to be adopted), and the frame draws the lock screen instead of
// the app. A request from it (or window.sipfield.unlock / setPassphrase) is handled here, after the frame that
// says "Låser upp …" was rendered: Argon2id blocks the page for most of a second.
constexpr const char* kResumePurpose = "resume";

// After a successful unlock, first start or adoption: the vault's records go to the worker, the log is folded
// into the base, the database opens, and the app resumes where it was when it locked.
void AfterUnlock(WebApp& a) {
  a.page_log = &a.vault->page_log();
  a.vault->SetSink(PostRecord);
  if (!a.sealed.log.empty()) PostCheckpoint(a);
  a.sealed = {};
  a.locked = false;
  a.lock_screen.Wipe();
  a.lock_screen.failures = 0;
  a.lock_screen.wait_until = 0;
  sip::platform::lock::SetFailures(0);
  sip::platform::lock::NoteActivity();
  sip::platform::lock::UserOpened(a.lock_screen.name);
  const double t0 = emscripten_get_now();
  if (a.status.damaged_path.empty()) OpenDatabase(a);
  const double open_ms = emscripten_get_now() - t0;
  if (a.store) a.handler->SetStore(&*a.store);
  if (a.status.db_open) {
    a.ui->LoadAppearance(a.status, sip::platform::NowMs());
    if (sip::ui::FontAtlasChanged()) BuildFonts(a);
    // A profile imported before its recovery recipient reached the key file (an earlier version, a page closed
    // in between): wrapped now.
    const sip::Json info = a.handler->Dispatch({{"cmd", "device.info"}});
    if (info.value("ok", false) && info["result"]["profile"].is_object() &&
        info["result"]["profile"]["recovery_recipient"].is_string())
      WrapToRecoveryRecipient(a, info["result"]["profile"]["recovery_recipient"].get<std::string>());
    const std::vector<uint8_t> note = sip::platform::lock::TakeResume();
    if (!note.empty())
      if (auto plain = a.vault->OpenNote(kResumePurpose, note))
        a.ui->Resume(std::string(plain->begin(), plain->end()), a.status, sip::platform::NowMs());
  }
  // unlockMs: Argon2id, unwrapping and opening the sealed files (the replay); openMs: Store::Open (quick_check,
  // migrations).
  EM_ASM({ Module.sipfieldOnReady({dbOpen : !!$0, error : UTF8ToString($1), backup : UTF8ToString($2),
                                   damaged : UTF8ToString($3), unlockMs : $4, openMs : $5}); },
         a.status.db_open ? 1 : 0, a.status.db_error_code.c_str(), a.backup_path.c_str(),
         a.status.damaged_path.c_str(), a.unlock_ms, open_ms);
}

// Asks the worker to replace the database with new sealed files (web/opfs-worker.js `seal`: crash-safe; the key
// file is written last). `forget_legacy`: the earlier version's device seed record goes once it is durable.
void PostSeal(const sip::app::Vault::NewFiles& files, bool forget_legacy) {
  EM_ASM({ Module.sipfieldSeal(HEAPU8.slice($0, $0 + $1), UTF8ToString($2), !!$3); }, files.base.data(),
         files.base.size(), files.key_file.c_str(), forget_legacy ? 1 : 0);
}

// The passphrase opened the key but a page did not authenticate: the sealed files are written aside as they are
// (…damaged-<time>, -log, -key), and a new, empty sealed database under the same passphrase and the same device
// key takes their place; the app then offers "Starta en ny databas" as for any damaged database.
void KeepSealedAside(WebApp& a, std::string_view passphrase, sip::Errc why) {
  const std::string stamp = sip::FormatIsoUtc(sip::platform::NowMs()).substr(0, 19);
  std::string name = std::string(kDbName) + ".damaged-" + stamp;
  for (char& c : name)
    if (c == ':') c = '-';
  PostWriteFile(name, a.sealed.base);
  PostWriteFile(name + "-log", a.sealed.log);
  PostWriteFile(name + "-key", std::vector<uint8_t>(a.sealed.key_file.begin(), a.sealed.key_file.end()));
  std::optional<sip::bundle::Ed25519Seed> seed;
  if (auto kf = sip::bundle::ParseKeyFile(a.sealed.key_file))
    if (auto key = sip::bundle::UnlockDbKey(*kf, passphrase))
      if (auto dk = sip::bundle::UnwrapDeviceKey(*kf, *key)) seed = dk->seed;
  auto made = sip::app::Vault::Create(passphrase, kVfs, {{}, sip::bundle::kDefaultKdf, seed});
  if (seed) sip::bundle::Wipe(seed->data(), seed->size());
  if (!made) {
    a.lock_screen.mode = sip::ui::LockMode::Closed;
    a.lock_screen.message = std::string(sip::ErrorMessage(why));
    return;
  }
  PostSeal(made->second, false);
  a.vault = std::move(made->first);
  a.sealed.log.clear();
  a.status.db_error_code = std::string(sip::ErrorCode(why));
  a.status.damaged_path = name;
  AfterUnlock(a);
}

}  // namespace

std::string HandleLockRequest(WebApp& a, const sip::ui::LockRequest& req) {
  auto& ls = a.lock_screen;
  const sip::UnixMs now = sip::platform::NowMs();
  if (!a.locked || ls.mode == sip::ui::LockMode::Locking) return std::string(sip::ErrorCode(sip::Errc::WrongStep));
  if (req.kind == sip::ui::LockRequest::Kind::SwitchUser) {   // nothing of this user is open: only a reload
    ls.Wipe();
    ls.mode = sip::ui::LockMode::Locking;
    WakeFrames();
    sip::platform::lock::SwitchUser(req.user);
    return {};
  }
  if (ls.mode == sip::ui::LockMode::Closed) return std::string(sip::ErrorCode(sip::Errc::WrongStep));
  if (req.kind == sip::ui::LockRequest::Kind::Unlock) {
    if (ls.mode != sip::ui::LockMode::Unlock) return std::string(sip::ErrorCode(sip::Errc::WrongStep));
    if (now < ls.wait_until) return std::string(sip::ErrorCode(sip::Errc::UnlockWait));   // the screen shows the wait
    const double t0 = emscripten_get_now();
    auto v = sip::app::Vault::Unlock(a.sealed, req.passphrase, kVfs);
    a.unlock_ms = emscripten_get_now() - t0;
    if (!v) {
      const sip::Errc code = v.error().code;
      if (code == sip::Errc::DbPageAuth || code == sip::Errc::DbPageMismatch) {
        KeepSealedAside(a, req.passphrase, code);
        return {};
      }
      int failures = ls.failures;
      if (code == sip::Errc::WrongPassphrase) sip::platform::lock::SetFailures(++failures);
      ls.Failed(std::string(sip::ErrorCode(code)), failures, sip::NextUnlockAt(failures, now));
      return std::string(sip::ErrorCode(code));
    }
    a.vault = std::move(*v);
    AfterUnlock(a);
    return {};
  }
  // Create: a first start, or the adoption of an earlier version's database (its device key kept).
  if (ls.mode != sip::ui::LockMode::Create && ls.mode != sip::ui::LockMode::Adopt)
    return std::string(sip::ErrorCode(sip::Errc::WrongStep));
  std::optional<sip::bundle::Ed25519Seed> legacy = sip::platform::lock::TakeLegacySeed();
  const double t0 = emscripten_get_now();
  // Tests: window.sipfieldTestCapacity, a small room in the new base's manifest, so it is re-sealed soon.
  const auto min_capacity = static_cast<uint32_t>(EM_ASM_INT({ return Math.max(0, window.sipfieldTestCapacity | 0); }));
  auto made = sip::app::Vault::Create(req.passphrase, kVfs,
                                      {a.plain_image, sip::bundle::kDefaultKdf, legacy, min_capacity});
  a.unlock_ms = emscripten_get_now() - t0;
  if (legacy) sip::bundle::Wipe(legacy->data(), legacy->size());
  if (!made) {
    ls.Failed(std::string(sip::ErrorCode(made.error().code)), 0, 0);
    return std::string(sip::ErrorCode(made.error().code));
  }
  PostSeal(made->second, true);
  sip::bundle::Wipe(a.plain_image.data(), a.plain_image.size());
  a.plain_image.clear();
  a.vault = std::move(made->first);
  AfterUnlock(a);
  return {};
}

// Locks now: where the user is goes sealed to the tab's session storage, the database closes, the vault wipes
// every key and the decrypted image, and once the worker has stored everything the page reloads into the lock
// screen, so nothing a screen cached survives in memory either.
void LockNow(WebApp& a, bool by_idle) {
  if (a.locked || !a.vault) return;
  if (a.status.db_open && a.ui) {
    const std::string note = a.ui->ResumeNote();
    if (auto sealed = a.vault->SealNote(kResumePurpose, std::vector<uint8_t>(note.begin(), note.end())))
      sip::platform::lock::StoreResume(*sealed);
  }
  a.handler->SetStore(nullptr);
  a.store.reset();
  a.status.db_open = false;
  (void)a.vault->Lock();   // the keys are wiped even when a connection were still open
  a.page_log = nullptr;
  a.locked = true;
  a.lock_screen.mode = sip::ui::LockMode::Locking;
  WakeFrames();
  sip::platform::lock::ReloadLocked(by_idle);
}

// The idle lock: called every animation frame and every few seconds from JS (a hidden tab draws no frames).
void IdleTick(WebApp& a) {
  if (a.locked || !a.vault || !a.ui) return;
  if (sip::IdleLockDue(sip::platform::lock::LastActivity(), sip::platform::NowMs(), a.ui->IdleLockMinutes()))
    LockNow(a, true);
}

std::string ChangePassphrase(WebApp& a, const std::string& current, const std::string& next) {
  if (a.locked || !a.vault) return std::string(sip::ErrorCode(sip::Errc::NotReady));
  if (EM_ASM_INT({ return Module.sipfieldStorageFailed(); }) != 0) return std::string(sip::ErrorCode(sip::Errc::DbIo));
  auto key_file = a.vault->ChangePassphrase(current, next);
  if (!key_file) return std::string(sip::ErrorCode(key_file.error().code));
  EM_ASM({ Module.sipfieldWriteKey(UTF8ToString($0)); }, key_file->c_str());
  sip::platform::lock::NoteActivity();
  return {};
}

void WrapToRecoveryRecipient(WebApp& a, const std::string& recipient) {
  if (a.locked || !a.vault || recipient.empty() || a.vault->recovery_recipient() == recipient) return;
  auto key_file = a.vault->SetRecoveryRecipient(recipient);
  if (!key_file) {
    std::fprintf(stderr, "sipfield: the recovery recipient was not added (%s)\n",
                 std::string(sip::ErrorCode(key_file.error().code)).c_str());
    return;
  }
  EM_ASM({ Module.sipfieldWriteKey(UTF8ToString($0)); }, key_file->c_str());
}

std::optional<sip::ui::LockRequest> DrawLocked(WebApp& a, sip::UnixMs now) {
  auto req = a.lock_screen.Draw(now);
  if (a.lock_screen.Working()) WakeFrames();
  return req;
}

}  // namespace sip::platform::web

using namespace sip::platform::web;   // NOLINT: the entry points below are this file's own

extern "C" {

// {mode: "create"|"adopt"|"unlock"|"closed"|"locking"|"open", failures, wait_ms}: no data of the database.
EMSCRIPTEN_KEEPALIVE const char* sipfield_lock_state() {
  WebApp& a = *g_app;
  static constexpr const char* kModes[] = {"create", "adopt", "unlock", "closed", "locking"};
  const auto& ls = a.lock_screen;
  const sip::UnixMs now = sip::platform::NowMs();
  a.last_response = sip::Json{{"mode", a.locked ? kModes[static_cast<int>(ls.mode)] : "open"},
                              {"failures", ls.failures},
                              {"wait_ms", ls.wait_until > now ? ls.wait_until - now : 0}}
                        .dump();
  return a.last_response.c_str();
}

// The passphrase for the lock screen's current step (unlock, first start, adoption), as if typed there.
// JSON {ok: true} or {ok: false, code}.
EMSCRIPTEN_KEEPALIVE const char* sipfield_unlock(const char* passphrase) {
  WebApp& a = *g_app;
  WakeFrames();
  sip::ui::LockRequest req;
  req.kind = a.lock_screen.mode == sip::ui::LockMode::Unlock ? sip::ui::LockRequest::Kind::Unlock
                                                               : sip::ui::LockRequest::Kind::Create;
  req.passphrase = passphrase ? passphrase : "";
  const std::string code = HandleLockRequest(a, req);
  sip::app::WipeSecret(req.passphrase);
  a.last_response = code.empty() ? std::string(R"({"ok":true})") : R"({"ok":false,"code":")" + code + "\"}";
  return a.last_response.c_str();
}

// Ctrl+L without the keyboard.
EMSCRIPTEN_KEEPALIVE void sipfield_lock() { LockNow(*g_app, false); }

// JS's timer for the idle lock (web/sipfield-pre.js): a hidden tab draws no frames.
EMSCRIPTEN_KEEPALIVE void sipfield_idle_tick() { IdleTick(*g_app); }

// Test hook: what of the unlocked session is still in memory after a lock (all false and 0 once locked).
EMSCRIPTEN_KEEPALIVE const char* sipfield_secrets_held() {
  WebApp& a = *g_app;
  const bool vault_open = a.vault && !a.vault->locked();
  a.last_response = sip::Json{{"key", vault_open},
                              {"device_key", a.vault && a.vault->device_key() != nullptr},
                              {"pages", a.vault && !a.vault->locked() ? a.vault->page_log().image().size() : 0},
                              {"store", a.store.has_value()}}
                        .dump();
  return a.last_response.c_str();
}

}  // extern "C"
