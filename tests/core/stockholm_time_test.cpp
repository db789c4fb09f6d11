// Europe/Stockholm date-times (core/stockholm_time.h): the EU summer-time rule at its edges.
#include <doctest/doctest.h>

#include "core/stockholm_time.h"

using namespace sip;

TEST_CASE("Stockholm time: offsets around the changes of 2026, and strict parsing") {
  auto at = [](const char* local) {
    auto m = ParseLocalMinutes(local);
    REQUIRE(m.has_value());
    return FormatStockholmMinutes(*m);
  };
  CHECK(at("2026-01-15T09:30") == "2026-01-15T09:30:00+01:00");
  CHECK(at("2026-03-29T01:59") == "2026-03-29T01:59:00+01:00");   // last Sunday of March, before 02:00
  CHECK(at("2026-03-29T03:00") == "2026-03-29T03:00:00+02:00");
  CHECK(at("2026-07-01T12:00") == "2026-07-01T12:00:00+02:00");
  CHECK(at("2026-10-25T02:59") == "2026-10-25T02:59:00+02:00");   // last Sunday of October, before 03:00
  CHECK(at("2026-10-25T03:00") == "2026-10-25T03:00:00+01:00");
  CHECK(at("2028-02-29T08:00") == "2028-02-29T08:00:00+01:00");   // a leap day
  CHECK(StockholmOffset(*ParseLocalMinutes("2027-03-28T02:00")) == 120);   // 2027: the 28th
  CHECK(StockholmOffset(*ParseLocalMinutes("2027-03-27T23:00")) == 60);
  for (const char* bad : {"", "2026-01-15", "2026-01-15 09:30", "2026-02-30T10:00", "2026-01-15T24:00",
                          "2026-01-15T09:60", "2026-01-15T09:30Z"})
    CHECK_FALSE(ParseLocalMinutes(bad).has_value());
}
