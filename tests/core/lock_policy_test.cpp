#include "core/lock_policy.h"

#include <doctest/doctest.h>

namespace sip {

TEST_CASE("idle lock: the setting's minutes, the default otherwise, and when it is due") {
  CHECK(IdleLockMinutes("") == 10);
  CHECK(IdleLockMinutes("5") == 5);
  CHECK(IdleLockMinutes("60") == 60);
  CHECK(IdleLockMinutes("7") == 10);      // not an allowed value
  CHECK(IdleLockMinutes("abc") == 10);
  const UnixMs t = 1'790'000'000'000;
  CHECK_FALSE(IdleLockDue(t, t + 10 * 60'000 - 1, 10));
  CHECK(IdleLockDue(t, t + 10 * 60'000, 10));
  CHECK_FALSE(IdleLockDue(t, t - 3'600'000, 10));   // the clock went back
  CHECK_FALSE(IdleLockDue(t, t + 3'600'000, 0));
}

TEST_CASE("back-off: four free tries, 30 s after the fifth failure, then doubling up to a day") {
  CHECK(UnlockWaitMs(0) == 0);
  CHECK(UnlockWaitMs(4) == 0);
  CHECK(UnlockWaitMs(5) == 30'000);
  CHECK(UnlockWaitMs(6) == 60'000);
  CHECK(UnlockWaitMs(7) == 120'000);
  CHECK(UnlockWaitMs(12) == 30'000LL << 7);
  CHECK(UnlockWaitMs(40) == kMaxUnlockWaitMs);
  CHECK(UnlockWaitMs(1'000'000) == kMaxUnlockWaitMs);
  CHECK(NextUnlockAt(5, 1000) == 31'000);
  CHECK(NextUnlockAt(3, 1000) == 1000);
}

}  // namespace sip
