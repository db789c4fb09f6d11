// sipcore/settings.h — the device's own settings: who uses it, what it is called, and how the UI looks
// (text size and theme, remembered on the device).
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
  // A setting with a fixed set of values lists them, separated by '|' ("light|dark|high_contrast"); ""
  // means free text. The screens draw such a setting as a choice, not a text field.
  std::string_view allowed = {};
};

// Every known setting, in display order.
std::span<const SettingDef> KnownSettings();
// The definition of `key`, or nullptr when the key is unknown.
const SettingDef* FindSetting(std::string_view key);
// Checks that `key` is known and `value` fits: unknown_setting, setting_too_long, invalid_argument (not UTF-8,
// contains control characters, or is not one of the setting's allowed values).
Result<void> ValidateSetting(std::string_view key, std::string_view value);
// True when `s` is well-formed UTF-8 without control characters other than tab and newline.
bool IsCleanUtf8Text(std::string_view s);

}  // namespace sip
