#include "ui/widgets/step_list.h"

#include <imgui.h>

#include <cstdio>

#include "ui/theme.h"
#include "ui/widgets/form.h"

namespace sip::ui {

StepState StateOf(Step s, Step current) {
  if (current == Step::Closed) return StepState::Done;
  if (s == current) return StepState::Current;
  return static_cast<int>(s) < static_cast<int>(current) ? StepState::Done : StepState::NotYet;
}

bool StepList(Step current, Step& chosen) {
  bool picked = false;
  const SemanticColors c = Semantic();
  for (int i = 0; i <= static_cast<int>(Step::Closed); ++i) {
    const Step s = static_cast<Step>(i);
    const StepState st = StateOf(s, current);
    const char* mark = st == StepState::Done ? "✓" : st == StepState::Current ? "→" : " ";
    char label[96];
    std::snprintf(label, sizeof label, "%s %d. %s%s", mark, i + 1, StepLabel(s),
                  st == StepState::Current ? " (nu)" : "");
    const Rgba col = st == StepState::Done ? c.success : st == StepState::Current ? c.accent : c.muted;
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(col.r, col.g, col.b, col.a));
    if (ImGui::Selectable(label, chosen == s)) {
      chosen = s;
      picked = true;
    }
    FocusRing();
    ImGui::PopStyleColor();
  }
  return picked;
}

}  // namespace sip::ui
