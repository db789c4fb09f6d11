// sipfield platform/web_lock_store.cpp — see web_lock_store.h. The JavaScript halves live in web/sipfield-pre.js
// (activity, the reload after a lock) and web/sipfield-device.js (the legacy seed).
#include "platform/web_lock_store.h"

#include <emscripten.h>
#include <emscripten/html5.h>

#include <cstring>
#include <string>

#include "bundle/crypto.h"
#include "core/command.h"

namespace sip::platform::lock {

namespace {

// (EM_ASM bodies go through the C preprocessor: no single quotes, no commas outside parentheses.)
EM_JS(int, JsFailures, (), {
  try {
    const n = parseInt(localStorage.getItem(Module.sipfieldUserKey("sipfield.unlock-failures")) || "0", 10);
    return n >= 0 && n < 1000000 ? n : 0;
  } catch (e) {
    return 0;
  }
});

EM_JS(double, JsLastFailureAt, (), {
  try {
    const t = Number(localStorage.getItem(Module.sipfieldUserKey("sipfield.unlock-failed-at")) || "0");
    return t > 0 ? t : 0;
  } catch (e) {
    return 0;
  }
});

EM_JS(void, JsSetFailures, (int n, double at), {
  try {
    if (n <= 0) {
      localStorage.removeItem(Module.sipfieldUserKey("sipfield.unlock-failures"));
      localStorage.removeItem(Module.sipfieldUserKey("sipfield.unlock-failed-at"));
    } else {
      localStorage.setItem(Module.sipfieldUserKey("sipfield.unlock-failures"), String(n));
      localStorage.setItem(Module.sipfieldUserKey("sipfield.unlock-failed-at"), String(at));
    }
  } catch (e) {
    // No localStorage (a locked-down profile): the back-off then lasts for the page only.
  }
});

EM_JS(void, JsStoreResume, (const char* hex), {
  try { sessionStorage.setItem(Module.sipfieldUserKey("sipfield.resume"), UTF8ToString(hex)); } catch (e) { }
});

// The note's length in hex digits (0: none).
EM_JS(int, JsResumeLength, (), {
  try { return (sessionStorage.getItem(Module.sipfieldUserKey("sipfield.resume")) || "").length; } catch (e) { return 0; }
});

// Copies the note (hex) into `out` (at most `cap` bytes with its NUL) and removes it; its length, or 0.
EM_JS(int, JsTakeResume, (char* out, int cap), {
  let v = "";
  try {
    v = sessionStorage.getItem(Module.sipfieldUserKey("sipfield.resume")) || "";
    sessionStorage.removeItem(Module.sipfieldUserKey("sipfield.resume"));
  } catch (e) { }
  if (v.length + 1 > cap || !/^[0-9a-f]*$/.test(v)) return 0;
  stringToUTF8(v, out, cap);
  return v.length;
});

EM_JS(int, JsTakeLegacySeed, (uint8_t * out), {
  if (Module.sipfieldUser() != 1) return 0;   // the earlier version's device was the first user's
  const s = Module.sipfieldTakeLegacySeed ? Module.sipfieldTakeLegacySeed() : null;
  if (!s || s.length != 32) return 0;
  HEAPU8.set(s, out);
  s.fill(0);
  return 1;
});

// Copies Module.sipfieldUsers() (JSON) into `out`; 0 when it does not fit.
EM_JS(int, JsUsers, (char* out, int cap), {
  const v = Module.sipfieldUsers();
  if (lengthBytesUTF8(v) + 1 > cap) return 0;
  stringToUTF8(v, out, cap);
  return 1;
});

int Nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

int Failures() { return JsFailures(); }
UnixMs LastFailureAt() { return static_cast<UnixMs>(JsLastFailureAt()); }
void SetFailures(int n) { JsSetFailures(n, emscripten_date_now()); }

void StoreResume(const std::vector<uint8_t>& sealed) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(sealed.size() * 2);
  for (uint8_t b : sealed) {
    hex.push_back(kHex[b >> 4]);
    hex.push_back(kHex[b & 15]);
  }
  JsStoreResume(hex.c_str());
}

std::vector<uint8_t> TakeResume() {
  // The note holds unsaved input too (ui/unsaved_input.h): as long as it is, up to what session storage holds.
  const int length = JsResumeLength();
  if (length <= 0 || length > (64 << 20)) return {};
  std::string hex(static_cast<size_t>(length) + 1, '\0');
  hex.resize(static_cast<size_t>(JsTakeResume(hex.data(), static_cast<int>(hex.size()))));
  std::vector<uint8_t> out;
  if (hex.size() % 2 != 0) return out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int hi = Nibble(hex[i]), lo = Nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return {};
    out.push_back(static_cast<uint8_t>(hi << 4 | lo));
  }
  return out;
}

std::optional<bundle::Ed25519Seed> TakeLegacySeed() {
  bundle::Ed25519Seed seed{};
  if (JsTakeLegacySeed(seed.data()) != 1) {
    bundle::Wipe(seed.data(), seed.size());
    return std::nullopt;
  }
  return seed;
}

UnixMs LastActivity() { return static_cast<UnixMs>(EM_ASM_DOUBLE({ return Module.sipfieldLastInput || 0; })); }
void NoteActivity() { EM_ASM({ Module.sipfieldLastInput = Date.now(); }); }

void ReloadLocked(bool by_idle) { EM_ASM({ Module.sipfieldReloadLocked(!!$0); }, by_idle ? 1 : 0); }

bool TakeLockedByIdle() {
  return EM_ASM_INT({
    try {
      const v = sessionStorage.getItem(Module.sipfieldUserKey("sipfield.locked-by-idle")) === "1";
      sessionStorage.removeItem(Module.sipfieldUserKey("sipfield.locked-by-idle"));
      return v ? 1 : 0;
    } catch (e) {
      return 0;
    }
  }) != 0;
}

std::vector<ui::DeviceUser> Users(int* current) {
  std::string text(16384, '\0');
  if (JsUsers(text.data(), static_cast<int>(text.size())) != 1) text = "{}";
  text.resize(std::strlen(text.c_str()));
  std::vector<ui::DeviceUser> out;
  *current = 1;
  const Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return {{1, ""}};
  if (auto c = j.find("current"); c != j.end() && c->is_number_integer()) *current = c->get<int>();
  if (auto list = j.find("users"); list != j.end() && list->is_array())
    for (const auto& u : *list)
      if (u.is_object() && u.value("id", 0) > 0) out.push_back({u.value("id", 0), u.value("name", std::string())});
  if (out.empty()) out.push_back({*current, ""});
  return out;
}

void SwitchUser(int id) { EM_ASM({ Module.sipfieldSwitchUser($0); }, id); }

void UserOpened(const std::string& name) { EM_ASM({ Module.sipfieldUserOpened(UTF8ToString($0)); }, name.c_str()); }

}  // namespace sip::platform::lock
