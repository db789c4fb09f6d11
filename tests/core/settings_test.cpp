#include <doctest/doctest.h>

#include <string>

#include "core/settings.h"

using namespace sip;

TEST_CASE("known settings have Swedish labels and limits") {
  CHECK(KnownSettings().size() >= 3);
  REQUIRE(FindSetting("staff.name") != nullptr);
  CHECK(FindSetting("staff.name")->label == "Ditt namn");
  CHECK(FindSetting("nope") == nullptr);
}

TEST_CASE("ValidateSetting checks key, length and text") {
  CHECK(ValidateSetting("staff.name", "Testa Testsson").ok());
  CHECK(ValidateSetting("staff.unit", "Hemtjänst Öster – grupp 2").ok());
  CHECK(ValidateSetting("staff.name", "").ok());
  CHECK(ValidateSetting("unknown.key", "x").error().code == Errc::UnknownSetting);
  const auto max = FindSetting("device.name")->max_length;
  CHECK(ValidateSetting("device.name", std::string(max, 'a')).ok());
  CHECK(ValidateSetting("device.name", std::string(max + 1, 'a')).error().code == Errc::SettingTooLong);
  CHECK(ValidateSetting("staff.name", std::string("a\x01b")).error().code == Errc::InvalidArgument);
}

TEST_CASE("IsCleanUtf8Text accepts Swedish text and refuses broken or control sequences") {
  CHECK(IsCleanUtf8Text("åäö ÅÄÖ – … § ✓ 😀"));
  CHECK(IsCleanUtf8Text("rad ett\nrad två\tflik"));
  CHECK_FALSE(IsCleanUtf8Text("\xc3"));             // truncated
  CHECK_FALSE(IsCleanUtf8Text("\xe2\x80"));         // truncated 3-byte
  CHECK_FALSE(IsCleanUtf8Text("\xc0\xaf"));         // overlong '/'
  CHECK_FALSE(IsCleanUtf8Text("\xed\xa0\x80"));     // surrogate
  CHECK_FALSE(IsCleanUtf8Text("\xf4\x90\x80\x80")); // > U+10FFFF
  CHECK_FALSE(IsCleanUtf8Text("\xc2\x85"));         // C1 control
  CHECK_FALSE(IsCleanUtf8Text("\x80"));             // stray continuation
  CHECK_FALSE(IsCleanUtf8Text(std::string("a\0b", 3)));
  CHECK_FALSE(IsCleanUtf8Text("\x7f"));
}
