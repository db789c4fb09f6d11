#include <doctest/doctest.h>

#include "core/time.h"

using namespace sip;

TEST_CASE("civil date arithmetic round-trips over four centuries") {
  CHECK(DaysFromCivil({1970, 1, 1}) == 0);
  CHECK(DaysFromCivil({2000, 3, 1}) == 11017);
  for (int64_t d = -200000; d <= 200000; d += 37) {
    const CivilDate c = CivilFromDays(d);
    CHECK(IsValidDate(c));
    CHECK(DaysFromCivil(c) == d);
  }
}

TEST_CASE("IsValidDate knows month lengths and leap years") {
  CHECK(IsValidDate({2024, 2, 29}));
  CHECK_FALSE(IsValidDate({2023, 2, 29}));
  CHECK(IsValidDate({2000, 2, 29}));
  CHECK_FALSE(IsValidDate({1900, 2, 29}));
  CHECK_FALSE(IsValidDate({2026, 4, 31}));
  CHECK_FALSE(IsValidDate({2026, 13, 1}));
  CHECK_FALSE(IsValidDate({2026, 0, 1}));
  CHECK_FALSE(IsValidDate({2026, 1, 0}));
}

TEST_CASE("ISO formatting") {
  CHECK(FormatIsoUtc(0) == "1970-01-01T00:00:00.000Z");
  CHECK(FormatIsoUtc(1795336070123) == "2026-11-22T08:27:50.123Z");
  CHECK(FormatIsoUtc(-1) == "1969-12-31T23:59:59.999Z");
  CHECK(FormatDate({2026, 3, 5}) == "2026-03-05");
}
