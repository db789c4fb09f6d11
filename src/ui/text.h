// sipui/text.h — how the UI writes dates and distances in time, and how search text is compared.
#pragma once

#include <string>
#include <string_view>

#include "core/time.h"

namespace sip::ui {

// "i dag", "i morgon", "i går", "om 5 dagar", "3 dagar sen" — the distance from `today` to `date`
// ("" when `date` is not a date).
std::string RelativeDays(std::string_view date, CivilDate today);
// Lower-case folding for search: ASCII and the Swedish/Latin-1 letters (Å→å, Ä→ä, Ö→ö, É→é …).
std::string FoldForSearch(std::string_view s);
// Only the digits of `s` ("19 121212-1212" → "191212121212").
std::string DigitsOf(std::string_view s);
// Whether a case with this name and normalised 12-digit identity number matches the search text: the name
// contains the folded text, or the digits typed (at least 4) occur in the 12 digits (any spelling: with or
// without century, hyphen, plus or spaces).
bool MatchesSearch(std::string_view query, std::string_view name, std::string_view identity12);

}  // namespace sip::ui
