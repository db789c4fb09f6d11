// sipcore/identity.h — Swedish identity numbers (personnummer, samordningsnummer) and reserve identities.
//
// A plan names the person it is about. Most people have a personnummer (YYMMDD-NNNC); people who are or
// were in Sweden without being registered here have a samordningsnummer (the same shape, day + 60); and a
// few have neither, and are recorded by a reserve identity: name and birth date. This file validates and
// normalises numbers following Skatteverket's rules, and answers the two questions the plan needs from
// them: how old the person is on a given day, and whether they are a child.
//
// Accepted spellings (surrounding spaces, tabs and line breaks are ignored; nothing else is):
//   YYMMDDNNNC   YYMMDD-NNNC   YYMMDD+NNNC   YYYYMMDDNNNC   YYYYMMDD-NNNC   YYYYMMDD+NNNC
// - C is the Luhn check digit over YYMMDDNNN; NNN (the individual number) is never 000.
// - MMDD is a real calendar date; in a samordningsnummer DD is the day + 60 (61–91). Day 00 and 60 (an
//   unknown day) are refused.
// - 10 digits: the century is the most recent year ≤ today's year that ends in YY; `+` (the person turns
//   100 this year or is older) moves it one century further back.
// - 12 digits: `-` is always allowed; `+` only when the person turns 100 this year or is older.
// - The birth date is never after `today`.
// - Legal sex: the second-to-last digit is odd for male, even for female.
//
// Every refusal is Errc::InvalidIdentityNumber with an English reason in Error::detail (e.g. "bad check
// digit"). The detail never contains any digit of the number, so it can be logged.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"

namespace sip {

enum class IdentityType { Personnummer, Samordningsnummer };
enum class LegalSex { Male, Female };

// A valid personnummer or samordningsnummer.
struct IdentityNumber {
  std::string normalized;   // 12 digits YYYYMMDDNNNC, no separator; a samordningsnummer keeps its day + 60
  IdentityType type = IdentityType::Personnummer;
  CivilDate birth_date;     // the real date of birth (for a samordningsnummer: day − 60)
  LegalSex sex = LegalSex::Female;
};

// A person without a Swedish number: recorded by name and birth date alone (legal sex is unknown).
struct ReserveIdentity {
  std::string name;         // as typed, 1..kMaxReserveNameBytes bytes of single-line UTF-8
  CivilDate birth_date;
};

inline constexpr size_t kMaxReserveNameBytes = 200;

// Validates and normalises `text` as of the local date `today` (a valid date). Errors:
// invalid_identity_number, detail one of "empty", "bad character", "misplaced separator", "wrong length",
// "no such date", "individual number is zero", "bad check digit", "birth date in the future",
// "plus sign but under a hundred".
Result<IdentityNumber> ParseIdentityNumber(std::string_view text, CivilDate today);
// Checks a reserve identity as of `today` (a valid date). Errors: invalid_argument, detail "name" (blank,
// too long, not clean single-line UTF-8) or "birth_date" (no such date, or after today).
Result<ReserveIdentity> MakeReserveIdentity(std::string name, CivilDate birth_date, CivilDate today);

// "personnummer" or "samordningsnummer" (stable, for JSON). Valid for every IdentityType.
std::string_view IdentityTypeName(IdentityType t);
// "male" or "female" (stable, for JSON). Valid for every LegalSex.
std::string_view LegalSexName(LegalSex s);

// Age in whole years on the day `on`, for valid dates; negative when `on` is before `birth`. Someone born on
// 29 February turns a year older on 28 February in common years (lag (1930:173) om beräkning av
// lagstadgad tid, 1 §: a missing day counts as the last day of that month).
int AgeOn(CivilDate birth, CivilDate on);
// True when the person is under 18 on the day `on` (valid dates, `on` not before `birth`).
bool IsChild(CivilDate birth, CivilDate on);

}  // namespace sip
