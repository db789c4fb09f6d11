#include "core/identity.h"

#include "core/settings.h"

namespace sip {
namespace {

Error Invalid(const char* reason) { return Error{Errc::InvalidIdentityNumber, reason}; }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

int Number(std::string_view digits) {
  int n = 0;
  for (char c : digits) n = n * 10 + (c - '0');
  return n;
}

// Luhn over the nine digits YYMMDDNNN, weights 2,1,2,1,…; returns the check digit.
int LuhnCheckDigit(std::string_view nine) {
  int sum = 0;
  for (size_t i = 0; i < nine.size(); ++i) {
    int v = (nine[i] - '0') * (i % 2 == 0 ? 2 : 1);
    sum += v / 10 + v % 10;
  }
  return (10 - sum % 10) % 10;
}

bool Before(CivilDate a, CivilDate b) { return DaysFromCivil(a) < DaysFromCivil(b); }

}  // namespace

Result<IdentityNumber> ParseIdentityNumber(std::string_view text, CivilDate today) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  if (text.empty()) return Invalid("empty");

  // Split into digits and at most one separator, remembering how many digits precede it.
  std::string digits;
  char separator = 0;
  size_t digits_before_separator = 0;
  for (char c : text) {
    if (IsDigit(c)) {
      digits.push_back(c);
    } else if (c == '-' || c == '+') {
      if (separator != 0) return Invalid("misplaced separator");
      separator = c;
      digits_before_separator = digits.size();
    } else {
      return Invalid("bad character");
    }
  }
  if (digits.size() != 10 && digits.size() != 12) return Invalid("wrong length");
  if (separator != 0 && digits_before_separator != digits.size() - 4) return Invalid("misplaced separator");

  const bool long_form = digits.size() == 12;
  const std::string_view ten = std::string_view(digits).substr(long_form ? 2 : 0);   // YYMMDDNNNC
  int year = 0;
  if (long_form) {
    year = Number(std::string_view(digits).substr(0, 4));
  } else {
    const int yy = Number(ten.substr(0, 2));
    year = today.year - (((today.year - yy) % 100) + 100) % 100;   // most recent year <= today's ending in YY
    if (separator == '+') year -= 100;
  }
  const int month = Number(ten.substr(2, 2));
  int day = Number(ten.substr(4, 2));
  IdentityType type = IdentityType::Personnummer;
  if (day > 60) {
    type = IdentityType::Samordningsnummer;
    day -= 60;
  }
  const CivilDate birth{year, month, day};
  if (!IsValidDate(birth)) return Invalid("no such date");
  if (ten.substr(6, 3) == "000") return Invalid("individual number is zero");
  if (LuhnCheckDigit(ten.substr(0, 9)) != ten[9] - '0') return Invalid("bad check digit");
  if (Before(today, birth)) return Invalid("birth date in the future");
  if (long_form && separator == '+' && today.year - year < 100) return Invalid("plus sign but under a hundred");

  IdentityNumber id;
  if (long_form) {
    id.normalized = digits;
  } else {
    id.normalized = {static_cast<char>('0' + year / 1000 % 10), static_cast<char>('0' + year / 100 % 10)};
    id.normalized += ten;
  }
  id.type = type;
  id.birth_date = birth;
  id.sex = (ten[8] - '0') % 2 == 1 ? LegalSex::Male : LegalSex::Female;
  return id;
}

Result<ReserveIdentity> MakeReserveIdentity(std::string name, CivilDate birth_date, CivilDate today) {
  bool blank = true;
  for (char c : name) {
    if (c == '\t' || c == '\n') return Error{Errc::InvalidArgument, "name"};
    if (c != ' ') blank = false;
  }
  if (blank || name.size() > kMaxReserveNameBytes || !IsCleanUtf8Text(name)) return Error{Errc::InvalidArgument, "name"};
  if (!IsValidDate(birth_date) || Before(today, birth_date)) return Error{Errc::InvalidArgument, "birth_date"};
  return ReserveIdentity{std::move(name), birth_date};
}

std::string_view IdentityTypeName(IdentityType t) {
  return t == IdentityType::Samordningsnummer ? "samordningsnummer" : "personnummer";
}

std::string_view LegalSexName(LegalSex s) { return s == LegalSex::Male ? "male" : "female"; }

int AgeOn(CivilDate birth, CivilDate on) {
  // A 29 February birthday falls on 28 February in common years (see the header).
  int birth_day = birth.day;
  if (birth.month == 2 && birth.day == 29 && !IsValidDate({on.year, 2, 29})) birth_day = 28;
  int age = on.year - birth.year;
  if (on.month < birth.month || (on.month == birth.month && on.day < birth_day)) --age;
  return age;
}

bool IsChild(CivilDate birth, CivilDate on) { return AgeOn(birth, on) < 18; }

}  // namespace sip
