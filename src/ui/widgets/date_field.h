// sipui/widgets/date_field.h — a date typed as ÅÅÅÅ-MM-DD, checked as it is typed, with a small calendar
// beside it (weeks start on Monday, ISO week numbers shown). Times as HH:MM.
#pragma once

#include <string>

#include "core/time.h"
#include "ui/widgets/form.h"

namespace sip::ui {

// `value` is "YYYY-MM-DD" or "". An unparsable value shows "Skriv datumet som ÅÅÅÅ-MM-DD" under the field
// (o.error, when set, wins). `today` marks the calendar's current day and is where it opens when empty.
bool DateField(const char* label, std::string& value, CivilDate today, const FieldOpts& o = {});
// `value` is "YYYY-MM-DDTHH:MM" or "": a date field and a time field side by side.
bool DateTimeField(const char* label, std::string& value, CivilDate today, const FieldOpts& o = {});

// ISO 8601 week number of `d` (1–53).
int IsoWeek(CivilDate d);
// Day of the week, Monday = 0 … Sunday = 6.
int WeekdayMonday0(CivilDate d);
// True when `s` is "HH:MM" with 00–23 and 00–59.
bool IsValidClock(const std::string& s);

}  // namespace sip::ui
