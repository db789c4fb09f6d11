#include "core/lock_policy.h"

namespace sip {

int IdleLockMinutes(std::string_view setting) {
  for (int m : {5, 10, 15, 30, 60})
    if (setting == std::to_string(m)) return m;
  return kDefaultIdleLockMinutes;
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
