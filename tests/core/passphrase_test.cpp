#include <doctest/doctest.h>

#include <string>

#include "core/passphrase.h"

using namespace sip;

namespace {
Errc Code(std::string_view p) {
  auto r = CheckNewPassphrase(p);
  return r.ok() ? Errc::Ok : r.error().code;
}
}  // namespace

TEST_CASE("passphrase: twelve characters or four words are enough") {
  CHECK(Code("Tr0llsländ4!") == Errc::Ok);                  // 12 characters (å/ä/ö count once)
  CHECK(Code("blå tåg sjunger högt") == Errc::Ok);           // 4 words, 20 characters
  CHECK(Code("ko ek ja nu") == Errc::Ok);                   // 4 words under 12 characters
  CHECK(Code("Trollsländ4") == Errc::PassphraseTooShort);   // 11 characters, one word
  CHECK(Code("ko ek ja") == Errc::PassphraseTooShort);
  CHECK(Code("") == Errc::PassphraseTooShort);
  CHECK(Code("åäöåäöåäöåä") == Errc::PassphraseTooShort);   // 11 code points, 22 bytes
  CHECK(Code(std::string(1025, 'x')) == Errc::PassphraseTooLong);
}

TEST_CASE("passphrase: repeated characters and plain runs are refused") {
  CHECK(Code("aaaaaaaaaaaa") == Errc::PassphraseRepetitive);
  CHECK(Code("123456789012") == Errc::PassphraseRepetitive);
  CHECK(Code("abcdefghijkl") == Errc::PassphraseRepetitive);
  CHECK(Code("ZYXWVUTSRQPO") == Errc::PassphraseRepetitive);
  CHECK(Code("1 2 3 4 5 6 7 8") == Errc::PassphraseRepetitive);
  CHECK(Code("xy8302958371") == Errc::Ok);
}

TEST_CASE("passphrase: common passwords are refused, also with case, spacing and a suffix changed") {
  CHECK(Code("lösenordlösenord") == Errc::PassphraseCommon);
  CHECK(Code("Lösenord2024!") == Errc::PassphraseCommon);
  CHECK(Code("LÖSENORD1234") == Errc::PassphraseCommon);
  CHECK(Code("Password1234") == Errc::PassphraseCommon);
  CHECK(Code("Välkommen123!") == Errc::PassphraseCommon);
  CHECK(Code("correct horse battery staple") == Errc::PassphraseCommon);
  CHECK(Code("Korrekt häst batteri häftklammer") == Errc::PassphraseCommon);
  CHECK(Code("qwertyuiopå") == Errc::PassphraseTooShort);   // 11 characters: the length rule comes first
  CHECK(Code("qwertyuiopå1") == Errc::PassphraseCommon);
  CHECK(Code("hemtjänst-2026") == Errc::PassphraseCommon);
  CHECK(Code("hemtjänst i Norrtälje varje dag") == Errc::Ok);
}

TEST_CASE("passphrase: the detail never repeats the passphrase, every failure has a Swedish message") {
  for (std::string_view p : {"kort", "aaaaaaaaaaaa", "Lösenord2024!"}) {
    auto r = CheckNewPassphrase(p);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().detail.find(std::string(p)) == std::string::npos);
    CHECK_FALSE(ErrorMessage(r.error().code).empty());
  }
  CHECK(CountWords("en-två tre_fyra") == 4);
  CHECK(CountCodePoints("åäö") == 3);
  CHECK(FoldPassphrase("Å Ä-Ö.É_x") == "åäöéx");
}
