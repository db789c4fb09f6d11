#include "core/lock_policy.h"

#include "core/settings.h"

namespace sip {

int IdleLockMinutes(std::string_view setting) {
  // The allowed values are the setting's own (core/settings.cpp), all plain numbers of minutes.
  if (setting.empty() || !ValidateSetting("lock.idle_minutes", setting)) return kDefaultIdleLockMinutes;
  int minutes = 0;
  for (char c : setting) minutes = minutes * 10 + (c - '0');
  return minutes;
}

bool IdleLockDue(UnixMs last_activity, UnixMs now, int minutes) {
  if (minutes <= 0 || now < last_activity) return false;
  return now - last_activity >= static_cast<int64_t>(minutes) * 60'000;
}

int64_t UnlockWaitMs(int failures) {
  if (failures <= kFreeUnlockTries) return 0;
  int64_t wait = kFirstUnlockWaitMs;
  for (int i = kFreeUnlockTries + 1; i < failures; ++i) {
    wait *= 2;
    if (wait >= kMaxUnlockWaitMs) return kMaxUnlockWaitMs;
  }
  return wait;
}

UnixMs NextUnlockAt(int failures, UnixMs last_failure) { return last_failure + UnlockWaitMs(failures); }

}  // namespace sip
