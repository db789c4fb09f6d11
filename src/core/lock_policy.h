// sipcore/lock_policy.h — when the app locks itself and how long a wrong passphrase makes the next try wait
// (issue 13). Pure: the platform keeps the clock, the count and the last activity; these only decide.
//
//   idle lock   the app locks once `minutes` have passed since the last input (lock.idle_minutes in
//               Inställningar; kDefaultIdleLockMinutes when unset or not a number)
//   back-off    after kFreeUnlockTries wrong passphrases in a row the next try waits 30 s, and each further
//               failure doubles the wait, up to kMaxUnlockWaitMs. The count is kept outside the database
//               (it cannot be read while locked) and survives reloads; a successful unlock resets it.
//
// Sections: idle lock · back-off
#pragma once

#include <cstdint>
#include <string_view>

#include "core/time.h"

namespace sip {

// --- idle lock ----------------------------------------------------------------------------------------------
inline constexpr int kDefaultIdleLockMinutes = 10;
// The setting's value ("5", "10", …) as minutes; the default when it is empty or not one of the allowed values.
int IdleLockMinutes(std::string_view setting);
// True when `now` is `minutes` or more after `last_activity` (a clock that went back never locks).
bool IdleLockDue(UnixMs last_activity, UnixMs now, int minutes);

// --- back-off -------------------------------------------------------------------------------------------------
inline constexpr int kFreeUnlockTries = 4;                       // the 5th failure starts the wait
inline constexpr int64_t kFirstUnlockWaitMs = 30'000;
inline constexpr int64_t kMaxUnlockWaitMs = 24LL * 3600 * 1000;   // a day
// How long to wait after `failures` wrong passphrases in a row: 0 for up to 4, 30 s after the 5th, 60 s after
// the 6th, … at most a day.
int64_t UnlockWaitMs(int failures);
// When the next try is allowed, given the count and the time of the last failure.
UnixMs NextUnlockAt(int failures, UnixMs last_failure);

}  // namespace sip
