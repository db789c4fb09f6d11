#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/identity.h"

using namespace sip;

namespace {

// The fixed "today" of every test: 2026 is the year people born in 1926 turn 100.
constexpr CivilDate kToday{2026, 11, 22};

Result<IdentityNumber> Parse(std::string_view text) { return ParseIdentityNumber(text, kToday); }

// The refusal reason for `text`, or "ok".
std::string Why(std::string_view text) {
  auto r = Parse(text);
  if (r) return "ok";
  CHECK(r.error().code == Errc::InvalidIdentityNumber);
  return r.error().detail;
}

// Appends the Luhn check digit to nine digits YYMMDDNNN (an independent implementation for building inputs).
std::string WithCheck(const std::string& nine) {
  int sum = 0;
  for (size_t i = 0; i < 9; ++i) {
    const int v = (nine[i] - '0') * (i % 2 == 0 ? 2 : 1);
    sum += v > 9 ? v - 9 : v;
  }
  return nine + std::to_string((10 - sum % 10) % 10);
}

bool SameDate(CivilDate a, CivilDate b) { return a.year == b.year && a.month == b.month && a.day == b.day; }

}  // namespace

TEST_CASE("identity: every row of the peer list gives the same answer in every spelling") {
  std::ifstream f(std::string(SIP_TESTDATA_DIR) + "/personnummer-list.json");
  REQUIRE(f.good());
  const auto rows = nlohmann::json::parse(f);
  REQUIRE(rows.is_array());
  REQUIRE(rows.size() >= 13);
  int valid_rows = 0, plus_rows = 0;
  for (const auto& row : rows) {
    const auto long_format = row["long_format"].get<std::string>();
    const bool valid = row["valid"].get<bool>();
    const bool con = row["type"] == "con";
    const bool male = row["isMale"].get<bool>();
    CHECK(male != row["isFemale"].get<bool>());
    const bool plus = row["separated_format"].get<std::string>().find('+') != std::string::npos;
    valid_rows += valid;
    plus_rows += plus;
    for (const char* key : {"long_format", "short_format", "separated_format", "separated_long"}) {
      const auto text = row[key].get<std::string>();
      INFO(key << " = " << text);
      auto r = Parse(text);
      REQUIRE(r.ok() == valid);
      if (!valid) {
        CHECK(r.error().code == Errc::InvalidIdentityNumber);
        continue;
      }
      CHECK(r->type == (con ? IdentityType::Samordningsnummer : IdentityType::Personnummer));
      CHECK(r->sex == (male ? LegalSex::Male : LegalSex::Female));
      // The 10-digit form without a separator cannot say "100 or older": it names the later century.
      std::string expected = long_format;
      if (plus && std::string(key) == "short_format")
        expected = std::to_string(std::stoi(long_format.substr(0, 2)) + 1) + long_format.substr(2);
      CHECK(r->normalized == expected);
      const CivilDate birth{std::stoi(expected.substr(0, 4)), std::stoi(expected.substr(4, 2)),
                            std::stoi(expected.substr(6, 2)) - (con ? 60 : 0)};
      CHECK(SameDate(r->birth_date, birth));
    }
  }
  CHECK(valid_rows > 0);
  CHECK(plus_rows > 0);
}

TEST_CASE("identity: the Luhn check digit is checked") {
  CHECK(Why("19821105-9954") == "ok");
  for (char c = '0'; c <= '9'; ++c) {
    if (c == '4') continue;
    CHECK(Why(std::string("19821105-995") + c) == "bad check digit");
    CHECK(Why(std::string("821105995") + c) == "bad check digit");
  }
  // Swapped digits are caught too.
  CHECK(Why("19821105-9945") == "bad check digit");
  // The check covers the 10-digit form only: the century does not change it.
  CHECK(Why("121212-1212") == "ok");
  CHECK(Why("191212121212") == "ok");
  CHECK(Why("201212121212") == "ok");
}

TEST_CASE("identity: the date must exist, leap years included") {
  CHECK(Why("040229-1231") == "ok");                        // 2004 is a leap year
  CHECK(Why("230229-1238") == "no such date");              // 2023 is not
  CHECK(Why("200002291235") == "ok");                       // 2000: divisible by 400
  CHECK(Why("190002291235") == "no such date");             // 1900: divisible by 100 only
  CHECK(Why(WithCheck("110431123")) == "no such date");     // April has 30 days
  CHECK(Why(WithCheck("110132123")) == "no such date");
  CHECK(Why(WithCheck("110131123")) == "ok");
  CHECK(Why(WithCheck("111301123")) == "no such date");     // month 13
  CHECK(Why(WithCheck("110001123")) == "no such date");     // month 00
  CHECK(Why(WithCheck("110100123")) == "no such date");     // day 00
}

TEST_CASE("identity: a samordningsnummer has the day + 60") {
  auto r = Parse("120389-1237");
  REQUIRE(r);
  CHECK(r->type == IdentityType::Samordningsnummer);
  CHECK(SameDate(r->birth_date, {2012, 3, 29}));
  CHECK(r->normalized == "201203891237");                     // the day stays + 60 in the normalised form
  auto first = Parse(WithCheck("110161123"));
  REQUIRE(first);
  CHECK(first->type == IdentityType::Samordningsnummer);
  CHECK(SameDate(first->birth_date, {2011, 1, 1}));
  CHECK(Why(WithCheck("120289123")) == "ok");                 // 29 February 2012
  CHECK(Why(WithCheck("110289123")) == "no such date");       // 29 February 2011
  CHECK(Why(WithCheck("110191123")) == "ok");                 // 31 + 60
  CHECK(Why(WithCheck("110192123")) == "no such date");
  CHECK(Why(WithCheck("110491123")) == "no such date");       // 31 April
  CHECK(Why(WithCheck("110160123")) == "no such date");       // day 60: an unknown day is not accepted
  CHECK(Why(WithCheck("110132123")) == "no such date");       // 32 is neither a day nor a day + 60
  auto p = Parse(WithCheck("110131123"));
  REQUIRE(p);
  CHECK(p->type == IdentityType::Personnummer);
}

TEST_CASE("identity: the century of a 10-digit number, and what + means") {
  auto minus = Parse("121212-1212");
  REQUIRE(minus);
  CHECK(minus->normalized == "201212121212");
  auto plus = Parse("121212+1212");
  REQUIRE(plus);
  CHECK(plus->normalized == "191212121212");
  CHECK(SameDate(plus->birth_date, {1912, 12, 12}));
  auto bare = Parse("1212121212");
  REQUIRE(bare);
  CHECK(bare->normalized == "201212121212");

  // The most recent year <= 2026 ending in 27 is 1927; with + it is 1827.
  auto later = Parse(WithCheck("270101123").insert(6, "-"));
  REQUIRE(later);
  CHECK(later->birth_date.year == 1927);
  auto later_plus = Parse(WithCheck("270101123").insert(6, "+"));
  REQUIRE(later_plus);
  CHECK(later_plus->birth_date.year == 1827);

  // The year of "today" itself counts: 26 is 2026, and + is 1926 (who turns 100 this year).
  CHECK(Parse("261122-1231")->birth_date.year == 2026);        // born today
  CHECK(Why("261123-1230") == "birth date in the future");
  CHECK(Why("261201-1235") == "birth date in the future");
  auto centenarian = Parse("261201+1235");
  REQUIRE(centenarian);
  CHECK(centenarian->normalized == "192612011235");

  // Another "today" moves the century: in 2011, 12 means 1912.
  auto then = ParseIdentityNumber("1212121212", {2011, 6, 1});
  REQUIRE(then);
  CHECK(then->birth_date.year == 1912);
}

TEST_CASE("identity: + in a 12-digit number must fit the age, - always fits") {
  CHECK(Why("19121212+1212") == "ok");
  CHECK(Why("19121212-1212") == "ok");
  CHECK(Why("19261201+1235") == "ok");                      // turns 100 in 2026
  CHECK(Why("19270101+1237") == "plus sign but under a hundred");  // turns 99 in 2026
  CHECK(Why("20121212+1212") == "plus sign but under a hundred");
  CHECK(Why("20121212-1212") == "ok");
  CHECK(Why("20" + WithCheck("300101123")) == "birth date in the future");
}

TEST_CASE("identity: the individual number 000 is never issued") {
  CHECK(Why("121212-0008") == "individual number is zero");
  CHECK(Why("191212120008") == "individual number is zero");
  CHECK(Why(WithCheck("121212001")) == "ok");
}

TEST_CASE("identity: legal sex from the second-to-last digit") {
  CHECK(Parse("121212-1212")->sex == LegalSex::Male);        // 1: odd
  CHECK(Parse("19901211-9948")->sex == LegalSex::Female);    // 4: even
  CHECK(Parse(WithCheck("121212120"))->sex == LegalSex::Female);   // 0 is even
  CHECK(Parse(WithCheck("121212129"))->sex == LegalSex::Male);
  CHECK(LegalSexName(LegalSex::Male) == "male");
  CHECK(LegalSexName(LegalSex::Female) == "female");
  CHECK(IdentityTypeName(IdentityType::Personnummer) == "personnummer");
  CHECK(IdentityTypeName(IdentityType::Samordningsnummer) == "samordningsnummer");
}

TEST_CASE("identity: characters, separators and lengths") {
  CHECK(Why("19821105_9954") == "bad character");
  CHECK(Why("19821105 9954") == "bad character");
  CHECK(Why("1982 1105-9954") == "bad character");
  CHECK(Why("1982110S-9954") == "bad character");
  CHECK(Why("821105\xe2\x80\x93" "9954") == "bad character");   // en dash
  CHECK(Why("\xef\xbc\x98" "21105-9954") == "bad character");   // full-width digit
  CHECK(Why("821105/9954") == "bad character");
  CHECK(Why(std::string("821105-9954\0", 12)) == "bad character");
  CHECK(Why("821105--9954") == "misplaced separator");
  CHECK(Why("821105-+9954") == "misplaced separator");
  CHECK(Why("82110-59954") == "misplaced separator");
  CHECK(Why("1982110599-54") == "misplaced separator");
  CHECK(Why("8211059954-") == "misplaced separator");
  CHECK(Why("-8211059954") == "misplaced separator");
  CHECK(Why("82110599") == "wrong length");
  CHECK(Why("821105995") == "wrong length");
  CHECK(Why("82110599541") == "wrong length");
  CHECK(Why("821105-995") == "wrong length");
  CHECK(Why("1982110599541") == "wrong length");
  CHECK(Why("0019821105-9954") == "wrong length");
  CHECK(Why("-") == "wrong length");
}

TEST_CASE("identity: surrounding whitespace is ignored, an empty input is refused") {
  auto r = Parse("  19821105-9954\t\r\n");
  REQUIRE(r);
  CHECK(r->normalized == "198211059954");
  CHECK(Why("\n8211059954 ") == "ok");
  CHECK(Why("") == "empty");
  CHECK(Why("   ") == "empty");
  CHECK(Why("\t\n") == "empty");
}

TEST_CASE("identity: the reason never contains a digit of the number") {
  const std::vector<std::string> bad = {
      "19821105-9953", "230229-1238", "121212-0008", "261201-1235", "20121212+1212", "19821105_9954",
      "821105--9954",  "82110599",    "",            "110192-1235", "8211059954x",   "1982 1105-9954"};
  for (const auto& text : bad) {
    INFO(text);
    auto r = Parse(text);
    REQUIRE_FALSE(r);
    CHECK(ErrorCode(r.error().code) == "invalid_identity_number");
    CHECK(!r.error().detail.empty());
    CHECK(r.error().detail.find_first_of("0123456789") == std::string::npos);
  }
}

TEST_CASE("AgeOn and IsChild count whole years") {
  CHECK(AgeOn({2008, 11, 22}, {2026, 11, 21}) == 17);
  CHECK(AgeOn({2008, 11, 22}, {2026, 11, 22}) == 18);
  CHECK(IsChild({2008, 11, 22}, {2026, 11, 21}));
  CHECK_FALSE(IsChild({2008, 11, 22}, {2026, 11, 22}));
  CHECK(AgeOn({2008, 12, 1}, {2026, 11, 22}) == 17);          // month not reached yet
  CHECK(AgeOn({2008, 1, 31}, {2026, 11, 22}) == 18);
  CHECK(AgeOn({2026, 11, 22}, {2026, 11, 22}) == 0);
  CHECK(AgeOn({1912, 12, 12}, {2026, 11, 22}) == 113);
  CHECK(AgeOn({2026, 11, 23}, {2026, 11, 22}) < 0);            // not born yet
  CHECK(AgeOn({2025, 11, 23}, {2026, 11, 22}) == 0);
}

TEST_CASE("AgeOn: born on 29 February, a year older on 28 February in common years") {
  const CivilDate leapling{2008, 2, 29};
  CHECK(AgeOn(leapling, {2026, 2, 27}) == 17);
  CHECK(AgeOn(leapling, {2026, 2, 28}) == 18);
  CHECK(IsChild(leapling, {2026, 2, 27}));
  CHECK_FALSE(IsChild(leapling, {2026, 2, 28}));
  CHECK(AgeOn(leapling, {2028, 2, 28}) == 19);                // a leap year: the real birthday counts
  CHECK(AgeOn(leapling, {2028, 2, 29}) == 20);
  CHECK(AgeOn(leapling, {2008, 2, 28}) < 0);
}

TEST_CASE("reserve identity: name and birth date, no number") {
  auto r = MakeReserveIdentity("Testa Testsson", {1950, 5, 17}, kToday);
  REQUIRE(r);
  CHECK(r->name == "Testa Testsson");
  CHECK(SameDate(r->birth_date, {1950, 5, 17}));
  CHECK(AgeOn(r->birth_date, kToday) == 76);
  CHECK(MakeReserveIdentity("Åsa Öberg-Ärlig", {2026, 11, 22}, kToday).ok());

  auto why = [](std::string name, CivilDate d) {
    auto x = MakeReserveIdentity(std::move(name), d, kToday);
    if (x) return std::string("ok");
    CHECK(x.error().code == Errc::InvalidArgument);
    return x.error().detail;
  };
  CHECK(why("", {1950, 5, 17}) == "name");
  CHECK(why("   ", {1950, 5, 17}) == "name");
  CHECK(why("Testa\nTestsson", {1950, 5, 17}) == "name");
  CHECK(why("Testa\tTestsson", {1950, 5, 17}) == "name");
  CHECK(why("Testa\x01", {1950, 5, 17}) == "name");
  CHECK(why("\xff\xfe", {1950, 5, 17}) == "name");
  CHECK(why(std::string(kMaxReserveNameBytes, 'a'), {1950, 5, 17}) == "ok");
  CHECK(why(std::string(kMaxReserveNameBytes + 1, 'a'), {1950, 5, 17}) == "name");
  CHECK(why("Testa", {1950, 2, 29}) == "birth_date");
  CHECK(why("Testa", {1950, 13, 1}) == "birth_date");
  CHECK(why("Testa", {2026, 11, 23}) == "birth_date");
}
