// sipui/widgets/guard_list.h — "what is still missing" before a step's button can work: one line per missing
// piece (core/readiness.h), in plain Swedish; clicking a line (or Enter on it) jumps to its field.
#pragma once

#include <vector>

#include "core/readiness.h"

namespace sip::ui {

// Draws the list under a heading such as "Innan inbjudan kan skickas saknas:"; nothing when `missing` is
// empty. Returns true when a line was chosen (its anchor is then the pending focus, form.h).
bool GuardList(const char* heading, const std::vector<Missing>& missing);

}  // namespace sip::ui
