// sipcore/time.h — calendar arithmetic and ISO 8601 formatting without any clock.
//
// The core never reads the time itself: callers pass "now" in (as Unix milliseconds), so every rule that
// depends on a date is testable with a fixed clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace sip {

using UnixMs = int64_t;   // milliseconds since 1970-01-01T00:00:00Z

struct CivilDate {
  int year = 0;
  int month = 0;   // 1..12
  int day = 0;     // 1..31
};

// Days since 1970-01-01 for a proleptic Gregorian date (negative before 1970).
int64_t DaysFromCivil(CivilDate d);
// Inverse of DaysFromCivil().
CivilDate CivilFromDays(int64_t days);
// True when `d` names a real calendar day (leap years included).
bool IsValidDate(CivilDate d);
// "2026-11-22T08:27:50.123Z"
std::string FormatIsoUtc(UnixMs t);
// "2026-11-22"
std::string FormatDate(CivilDate d);
// Strict "YYYY-MM-DD" naming a real calendar day; nullopt otherwise.
std::optional<CivilDate> ParseDate(std::string_view s);
// Strict "YYYY-MM-DDTHH:MM" (local time as typed): the date and minutes since midnight; nullopt otherwise.
std::optional<std::pair<CivilDate, int>> ParseDateTime(std::string_view s);
// `d` moved by `days` (negative moves back).
CivilDate AddDays(CivilDate d, int64_t days);
// The UTC calendar day of a Unix time.
CivilDate CivilFromUnixMs(UnixMs t);

}  // namespace sip
