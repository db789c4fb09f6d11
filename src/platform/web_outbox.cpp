// sipfield platform/web_outbox.cpp — see web_outbox.h.
#include "platform/web_outbox.h"

#include <emscripten.h>

#include <string>
#include <utility>

#include "core/command.h"

namespace sip::platform::outbox {
namespace {

ui::UiStatus* g_status = nullptr;
std::function<void()> g_wake;
ProfileFetched g_on_profile;

int64_t Int(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}
bool Bool(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}
std::string Text(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

void Attach(ui::UiStatus* status, std::function<void()> wake, ProfileFetched on_profile) {
  g_status = status;
  g_wake = std::move(wake);
  g_on_profile = std::move(on_profile);
}

std::function<void()> FetchProfileHook() {
  return [] { EM_ASM({ if (Module.sipfieldFetchProfile) Module.sipfieldFetchProfile(); }); };
}

std::function<void()> SendNowHook() {
  return [] { EM_ASM({ if (Module.sipfieldOutboxSendNow) Module.sipfieldOutboxSendNow(); }); };
}

uint64_t Fingerprint(const ui::OutboxStatus& o) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](uint64_t v) { h = (h ^ v) * 1099511628211ull; };
  mix(o.active);
  mix(static_cast<uint64_t>(o.waiting));
  mix(o.sending);
  mix(static_cast<uint64_t>(o.last_sent_at));
  mix(static_cast<uint64_t>(o.next_try_at));
  mix(std::hash<std::string>{}(o.error_code));
  mix(std::hash<std::string>{}(o.enrollment));
  for (const auto& [jti, code] : o.refused) mix(std::hash<std::string>{}(jti + code));
  for (const auto& jti : o.not_at_office) mix(std::hash<std::string>{}(jti));
  return h;
}

}  // namespace sip::platform::outbox

extern "C" {

// A round's report from web/sipfield-outbox.js: {active, waiting, sending, last_sent_at, next_try_at,
// error_code, enrollment, refused: {jti: code}, missing: [jti]} (times in Unix ms). Anything else is ignored.
EMSCRIPTEN_KEEPALIVE void sipfield_set_outbox(const char* json) {
  using namespace sip::platform::outbox;
  if (!g_status || !json) return;
  const sip::Json j = sip::Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return;
  sip::ui::OutboxStatus o;
  o.active = Bool(j, "active");
  o.waiting = static_cast<int>(Int(j, "waiting"));
  o.sending = Bool(j, "sending");
  o.last_sent_at = Int(j, "last_sent_at");
  o.next_try_at = Int(j, "next_try_at");
  o.error_code = Text(j, "error_code");
  o.enrollment = Text(j, "enrollment");
  if (auto r = j.find("refused"); r != j.end() && r->is_object())
    for (const auto& [jti, code] : r->items())
      if (code.is_string()) o.refused[jti] = code.get<std::string>();
  if (auto m = j.find("missing"); m != j.end() && m->is_array())
    for (const auto& jti : *m)
      if (jti.is_string()) o.not_at_office.insert(jti.get<std::string>());
  g_status->outbox = std::move(o);
  if (g_wake) g_wake();
}

// The office server's profile after FileHooks::fetch_profile: its compact JWS, or "" and an error code.
EMSCRIPTEN_KEEPALIVE void sipfield_profile_fetched(const char* text, const char* error_code) {
  using namespace sip::platform::outbox;
  if (!g_on_profile) return;
  g_on_profile(text ? text : "", error_code ? error_code : "");
  if (g_wake) g_wake();
}

}  // extern "C"
