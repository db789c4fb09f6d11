// sipcore/stockholm_time.cpp — see stockholm_time.h.
#include "core/stockholm_time.h"

#include <cstdio>

#include "core/time.h"

namespace sip {

namespace {

// The day (since 1970-01-01) of a month's last Sunday.

int64_t LastSunday(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int last = kDays[month - 1];
  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) last = 29;
  const int64_t d = DaysFromCivil({year, month, last});
  const int64_t weekday = ((d % 7) + 7 + 4) % 7;   // 0 = Sunday (1970-01-01 was a Thursday)
  return d - weekday;
}

}  // namespace

int StockholmOffset(int64_t local_minutes) {
  const int year = CivilFromDays(local_minutes >= 0 ? local_minutes / 1440 : (local_minutes - 1439) / 1440).year;
  const int64_t start = LastSunday(year, 3) * 1440 + 2 * 60;
  const int64_t end = LastSunday(year, 10) * 1440 + 3 * 60;
  return (local_minutes >= start && local_minutes < end) ? 120 : 60;
}

std::string FormatStockholmMinutes(int64_t local_minutes) {
  const int64_t days = local_minutes >= 0 ? local_minutes / 1440 : (local_minutes - 1439) / 1440;
  const int mins = static_cast<int>(local_minutes - days * 1440);
  const int off = StockholmOffset(local_minutes);
  char buf[64];   // room for any int year (GCC checks the widest case)
  const CivilDate d = CivilFromDays(days);
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:00+%02d:%02d", d.year, d.month, d.day, mins / 60, mins % 60,
                off / 60, off % 60);
  return buf;
}

std::optional<int64_t> ParseLocalMinutes(const std::string& local) {
  auto dt = ParseDateTime(local);
  if (!dt) return std::nullopt;
  return DaysFromCivil(dt->first) * 1440 + dt->second;
}

}  // namespace sip
