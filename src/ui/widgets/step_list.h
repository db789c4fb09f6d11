// sipui/widgets/step_list.h — the six steps of the SIP process as a list: done (✓), current (→), not yet.
// Each line is selectable: it opens the panels that belong to that step (Alt+1 … Alt+6 do the same).
#pragma once

#include "core/model.h"

namespace sip::ui {

enum class StepState { Done, Current, NotYet };
// The state of `s` in a case that is at `current` (a closed case has every step done).
StepState StateOf(Step s, Step current);
// Draws the list; returns true when the user chose a step (into `chosen`).
bool StepList(Step current, Step& chosen);

}  // namespace sip::ui
