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

TEST_CASE("ParseDate and ParseDateTime are strict") {
  REQUIRE(ParseDate("2024-02-29").has_value());
  CHECK(ParseDate("2024-02-29")->day == 29);
  CHECK_FALSE(ParseDate("2023-02-29").has_value());
  CHECK_FALSE(ParseDate("2024-2-29").has_value());
  CHECK_FALSE(ParseDate("2024-02-29 ").has_value());
  CHECK_FALSE(ParseDate("20240229").has_value());
  CHECK_FALSE(ParseDate("").has_value());
  CHECK_FALSE(ParseDate("2024-0a-01").has_value());
  auto dt = ParseDateTime("2026-12-01T13:05");
  REQUIRE(dt.has_value());
  CHECK(dt->second == 13 * 60 + 5);
  CHECK_FALSE(ParseDateTime("2026-12-01T24:00").has_value());
  CHECK_FALSE(ParseDateTime("2026-12-01 13:05").has_value());
  CHECK_FALSE(ParseDateTime("2026-12-01T13:60").has_value());
}

TEST_CASE("AddDays and CivilFromUnixMs") {
  CHECK(FormatDate(AddDays({2026, 12, 20}, 21)) == "2027-01-10");
  CHECK(FormatDate(AddDays({2024, 3, 1}, -1)) == "2024-02-29");
  CHECK(FormatDate(CivilFromUnixMs(1795336070123)) == "2026-11-22");
  CHECK(FormatDate(CivilFromUnixMs(-1)) == "1969-12-31");
}
