#include "core/settings.h"

#include <array>

namespace sip {
namespace {

constexpr std::array kSettings = {
    SettingDef{"staff.name", "Ditt namn", 120},
    SettingDef{"staff.title", "Din roll", 120},
    SettingDef{"staff.unit", "Enhet (hemtjänstgrupp)", 120},
    SettingDef{"device.name", "Enhetens namn", 80},
    SettingDef{"ui.text_size", "Textstorlek", 3, "100|125|150|175|200"},
    SettingDef{"ui.theme", "Färgtema", 16, "light|dark|high_contrast"},
    SettingDef{"lock.idle_minutes", "Lås appen efter (minuter utan aktivitet)", 2, "5|10|15|30|60"},
};

bool IsAllowed(std::string_view allowed, std::string_view value) {
  while (!allowed.empty()) {
    const size_t bar = allowed.find('|');
    if (allowed.substr(0, bar) == value) return true;
    if (bar == std::string_view::npos) break;
    allowed.remove_prefix(bar + 1);
  }
  return false;
}

}  // namespace

std::span<const SettingDef> KnownSettings() { return kSettings; }

const SettingDef* FindSetting(std::string_view key) {
  for (const auto& s : kSettings)
    if (s.key == key) return &s;
  return nullptr;
}

bool IsCleanUtf8Text(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) return false;
      ++i;
      continue;
    }
    size_t n = 0;
    unsigned cp = 0;
    if ((c & 0xe0) == 0xc0) { n = 1; cp = c & 0x1f; }
    else if ((c & 0xf0) == 0xe0) { n = 2; cp = c & 0x0f; }
    else if ((c & 0xf8) == 0xf0) { n = 3; cp = c & 0x07; }
    else return false;
    if (i + n >= s.size()) return false;   // truncated sequence
    for (size_t k = 1; k <= n; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8; C1 controls are not text.
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000)) return false;
    if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff || (cp >= 0x80 && cp < 0xa0)) return false;
    i += n + 1;
  }
  return true;
}

Result<void> ValidateSetting(std::string_view key, std::string_view value) {
  const SettingDef* def = FindSetting(key);
  if (!def) return Error{Errc::UnknownSetting, std::string(key.substr(0, 64))};
  if (value.size() > def->max_length) return Error{Errc::SettingTooLong, std::string(key)};
  if (!IsCleanUtf8Text(value)) return Error{Errc::InvalidArgument, "value"};
  if (!def->allowed.empty() && !IsAllowed(def->allowed, value)) return Error{Errc::InvalidArgument, "value not allowed"};
  return {};
}

}  // namespace sip
