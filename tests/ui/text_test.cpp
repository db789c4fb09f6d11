#include <doctest/doctest.h>

#include "ui/text.h"
#include "ui/widgets/date_field.h"

using namespace sip;
using namespace sip::ui;

TEST_CASE("relative days in Swedish") {
  const CivilDate today{2026, 11, 22};
  CHECK(RelativeDays("2026-11-22", today) == "i dag");
  CHECK(RelativeDays("2026-11-23", today) == "i morgon");
  CHECK(RelativeDays("2026-11-21", today) == "i går");
  CHECK(RelativeDays("2026-11-27", today) == "om 5 dagar");
  CHECK(RelativeDays("2026-11-19", today) == "3 dagar sen");
  CHECK(RelativeDays("2026-12-07", today) == "om 15 dagar");
  CHECK(RelativeDays("not a date", today).empty());
}

TEST_CASE("search folds case, Swedish letters and identity-number spellings") {
  CHECK(FoldForSearch("ÅSA ÖBERG Ärlig É") == "åsa öberg ärlig é");
  CHECK(MatchesSearch("öberg", "Åsa Öberg", ""));
  CHECK(MatchesSearch("  ÅSA ", "Åsa Öberg", ""));
  CHECK_FALSE(MatchesSearch("berit", "Åsa Öberg", ""));
  CHECK(MatchesSearch("19901211-9948", "x", "199012119948"));
  CHECK(MatchesSearch("901211-9948", "x", "199012119948"));
  CHECK(MatchesSearch("9012119948", "x", "199012119948"));
  CHECK(MatchesSearch("901211 9948", "x", "199012119948"));
  CHECK_FALSE(MatchesSearch("19821105-9954", "x", "199012119948"));
  CHECK(MatchesSearch("", "anyone", ""));
}

TEST_CASE("calendar: weekdays from Monday and ISO week numbers") {
  CHECK(WeekdayMonday0({2026, 11, 23}) == 0);   // a Monday
  CHECK(WeekdayMonday0({2026, 11, 29}) == 6);   // a Sunday
  CHECK(IsoWeek({2026, 11, 23}) == 48);
  CHECK(IsoWeek({2027, 1, 1}) == 53);           // Friday: still week 53 of 2026
  CHECK(IsoWeek({2026, 1, 1}) == 1);            // Thursday
  CHECK(IsoWeek({2024, 12, 30}) == 1);          // Monday of week 1 of 2025
  CHECK(IsValidClock("14:30"));
  CHECK_FALSE(IsValidClock("24:00"));
  CHECK_FALSE(IsValidClock("9:30"));
}
