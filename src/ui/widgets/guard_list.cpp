#include "ui/widgets/guard_list.h"

#include <imgui.h>

#include "ui/theme.h"
#include "ui/widgets/form.h"

namespace sip::ui {

bool GuardList(const char* heading, const std::vector<Missing>& missing) {
  if (missing.empty()) return false;
  bool chosen = false;
  const Rgba w = Semantic().warning;
  ImGui::PushID(heading);
  ImGui::TextColored(ImVec4(w.r, w.g, w.b, w.a), "%s", heading);
  for (size_t i = 0; i < missing.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    ImGui::Bullet();
    ImGui::SameLine();
    // A line is a link: it reads as text, and takes the focus ring and Enter like a button.
    if (ImGui::Selectable(missing[i].text.c_str(), false, ImGuiSelectableFlags_None)) {
      RequestFocus(missing[i].anchor);
      chosen = true;
    }
    FocusRing();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Gå till fältet");
    ImGui::PopID();
  }
  ImGui::PopID();
  return chosen;
}

}  // namespace sip::ui
