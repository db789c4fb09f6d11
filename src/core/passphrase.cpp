#include "core/passphrase.h"

#include <array>
#include <cstdint>

namespace sip {
namespace {

// Common passwords and phrases, already folded (FoldPassphrase). Short ones are here too: with digits or
// punctuation appended they reach 12 characters ("sommar2024!!", "lösenord1234").
constexpr std::array<std::string_view, 96> kCommon = {
    "password", "passw0rd", "password1", "passwordpassword", "lösenord", "losenord", "lösen", "hemligt",
    "hemlighet", "qwerty", "qwertyuiop", "qwertyuiopå", "asdfghjkl", "asdfghjklöä", "zxcvbnm", "qwertyasdfgh",
    "iloveyou", "jagälskardig", "älskardig", "welcome", "välkommen", "välkommen123", "admin", "administrator",
    "letmein", "släppinmig", "monkey", "dragon", "football", "fotboll", "hockey", "sunshine", "princess",
    "sommar", "vinter", "våren", "hösten", "januari", "februari", "december", "midsommar", "julafton",
    "sverige", "stockholm", "göteborg", "malmö", "uppsala", "hemtjänst", "hemtjanst", "sipfield", "sipfält",
    "kommunen", "omsorg", "vårdochomsorg", "socialtjänsten", "personal", "personalen", "brukare", "sjuksköterska",
    "undersköterska", "ändramig", "byttmig", "changeme", "changemenow", "default", "secret", "secretpassword",
    "trustno1", "masterkey", "superman", "batman", "starwars", "pokemon", "abc123", "abcabcabc",
    "123qwe", "1q2w3e4r", "1q2w3e4r5t6y", "zaq12wsx", "qazwsx", "qazwsxedc", "korrekthästbatterihäftklammer",
    "correcthorsebatterystaple", "minlösenfras", "mittlösenord", "lösenfras", "detärhemligt", "ingenaning",
    "godmorgon", "hejhejhej", "hejsan", "hallåhallå", "kalleanka", "pippilångstrump", "zlatan", "volvo"};

// Folds one UTF-8 character for comparison; returns the bytes consumed.
size_t FoldChar(std::string_view s, size_t i, std::string& out) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    if (c == ' ' || c == '\t' || c == '-' || c == '_' || c == '.') return 1;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c));
    return 1;
  }
  // Å Ä Ö É (U+00C5, U+00C4, U+00D6, U+00C9) → å ä ö é: the second byte + 0x20.
  if (c == 0xC3 && i + 1 < s.size()) {
    const auto d = static_cast<unsigned char>(s[i + 1]);
    out.push_back(static_cast<char>(c));
    out.push_back(static_cast<char>(d == 0x85 || d == 0x84 || d == 0x96 || d == 0x89 ? d + 0x20 : d));
    return 2;
  }
  out.push_back(static_cast<char>(c));
  return 1;
}

bool IsAsciiAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool OnCommonList(const std::string& folded) {
  for (std::string_view w : kCommon)
    if (folded == w) return true;
  return false;
}

// One character repeated, or every step +1 or every step -1 (ASCII only), e.g. "aaaaaaaaaaaa", "123456789012"
// (digits wrap 9 → 0), "zyxwvutsrqpo".
bool IsRepetitive(const std::string& folded) {
  if (folded.size() < 2) return !folded.empty();
  bool same = true, up = true, down = true;
  for (size_t i = 1; i < folded.size(); ++i) {
    const int a = static_cast<unsigned char>(folded[i - 1]);
    const int b = static_cast<unsigned char>(folded[i]);
    same = same && a == b;
    const bool digits = a >= '0' && a <= '9' && b >= '0' && b <= '9';
    up = up && (b == a + 1 || (digits && a == '9' && b == '0'));
    down = down && (b == a - 1 || (digits && a == '0' && b == '9'));
  }
  return same || up || down;
}

}  // namespace

size_t CountCodePoints(std::string_view text) {
  size_t n = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

size_t CountWords(std::string_view text) {
  size_t words = 0, run = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    const bool letter = i < text.size() && (IsAsciiAlnum(static_cast<unsigned char>(text[i])) ||
                                            static_cast<unsigned char>(text[i]) >= 0x80);
    if (letter) {
      // Count characters, not bytes: UTF-8 continuation bytes do not lengthen the run.
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++run;
    } else {
      if (run >= 2) ++words;
      run = 0;
    }
  }
  return words;
}

std::string FoldPassphrase(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) i += FoldChar(text, i, out);
  return out;
}

Result<void> CheckNewPassphrase(std::string_view passphrase) {
  if (passphrase.size() > kPassphraseMaxBytes) return Error{Errc::PassphraseTooLong, "over 1024 bytes"};
  if (CountCodePoints(passphrase) < kPassphraseMinChars && CountWords(passphrase) < kPassphraseMinWords)
    return Error{Errc::PassphraseTooShort, "fewer than 12 characters and fewer than four words"};
  const std::string folded = FoldPassphrase(passphrase);
  if (IsRepetitive(folded)) return Error{Errc::PassphraseRepetitive, "a repeated character or a plain run"};
  std::string stem = folded;
  while (!stem.empty()) {
    const auto c = static_cast<unsigned char>(stem.back());
    if (c >= 0x80 || (c >= 'a' && c <= 'z')) break;
    stem.pop_back();
  }
  // The stem of a repeated common word counts too ("lösenordlösenord"): halve it while it splits evenly.
  std::string half = stem;
  while (!half.empty() && half.size() % 2 == 0 && half.substr(0, half.size() / 2) == half.substr(half.size() / 2))
    half = half.substr(0, half.size() / 2);
  if (OnCommonList(folded) || OnCommonList(stem) || OnCommonList(half) || (stem.size() >= 4 && IsRepetitive(stem)))
    return Error{Errc::PassphraseCommon, "on the common-password list"};
  return {};
}

}  // namespace sip
