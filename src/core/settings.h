// sipcore/settings.h — the device's own settings: who uses it and what it is called.
//
// Settings are plain strings under a fixed set of keys. The staff identity is what the audit log and the
// bundles later record as "who"; the device name is shown to the office at enrollment.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace sip {

struct SettingDef {
  std::string_view key;      // stable key, e.g. "device.name"
  std::string_view label;    // Swedish label for the UI
  size_t max_length;         // in bytes of UTF-8
};

// Every known setting, in display order.
std::span<const SettingDef> KnownSettings();
// The definition of `key`, or nullptr when the key is unknown.
const SettingDef* FindSetting(std::string_view key);
// Checks that `key` is known and `value` fits: unknown_setting, setting_too_long, invalid_argument (not UTF-8
// or contains control characters).
Result<void> ValidateSetting(std::string_view key, std::string_view value);
// True when `s` is well-formed UTF-8 without control characters other than tab and newline.
bool IsCleanUtf8Text(std::string_view s);

}  // namespace sip
