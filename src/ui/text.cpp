#include "ui/text.h"

namespace sip::ui {

std::string RelativeDays(std::string_view date, CivilDate today) {
  const auto d = ParseDate(date);
  if (!d) return {};
  const int64_t n = DaysFromCivil(*d) - DaysFromCivil(today);
  if (n == 0) return "i dag";
  if (n == 1) return "i morgon";
  if (n == -1) return "i går";
  if (n > 0) return "om " + std::to_string(n) + " dagar";
  return std::to_string(-n) + " dagar sen";
}

std::string FoldForSearch(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    } else if (c == 0xC3 && i + 1 < s.size()) {
      // Latin-1 Supplement capitals U+00C0–U+00DE (except ×) are 0xC3 0x80–0x9E; lower case is +0x20.
      unsigned char n = static_cast<unsigned char>(s[i + 1]);
      if (n >= 0x80 && n <= 0x9E && n != 0x97) n = static_cast<unsigned char>(n + 0x20);
      out += static_cast<char>(c);
      out += static_cast<char>(n);
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string DigitsOf(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c >= '0' && c <= '9') out += c;
  return out;
}

bool MatchesSearch(std::string_view query, std::string_view name, std::string_view identity12) {
  const std::string q = FoldForSearch(query);
  size_t a = q.find_first_not_of(' ');
  if (a == std::string::npos) return true;
  const std::string trimmed = q.substr(a, q.find_last_not_of(' ') - a + 1);
  if (FoldForSearch(name).find(trimmed) != std::string::npos) return true;
  const std::string digits = DigitsOf(query);
  // A query that is mostly digits is an identity number, typed in any spelling.
  if (digits.size() >= 4 && digits.size() * 2 >= trimmed.size() && !identity12.empty())
    return std::string(identity12).find(digits) != std::string::npos;
  return false;
}

}  // namespace sip::ui
