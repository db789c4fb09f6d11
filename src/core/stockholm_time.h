// sipcore/stockholm_time.h — Swedish local date-times as the FHIR documents write them.
//
// A meeting time is typed in Swedish local time ("YYYY-MM-DDTHH:MM"); FHIR wants a dateTime with its offset.
// Europe/Stockholm is CET (+01:00), and CEST (+02:00) from the last Sunday of March 02:00 to the last Sunday
// of October 03:00 (the EU rule since 1996). Local times are handled as minutes since 1970-01-01 00:00 local.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sip {

// The offset from UTC in minutes (60 or 120) at a local time.
int StockholmOffset(int64_t local_minutes);
// "2026-03-29T03:00:00+02:00": the local time with its offset.
std::string FormatStockholmMinutes(int64_t local_minutes);
// Strict "YYYY-MM-DDTHH:MM" → minutes since 1970-01-01 local; nullopt otherwise.
std::optional<int64_t> ParseLocalMinutes(const std::string& local);

}  // namespace sip
