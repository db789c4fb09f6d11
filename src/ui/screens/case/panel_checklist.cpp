// Hemtjänstens checklista: the hand-off steps of seed 001, in order, with who is responsible for each.
#include <imgui.h>

#include "ui/screens/case/panels.h"

namespace sip::ui {

void DrawChecklistPanel(PanelContext& p) {
  CaseDraft& d = p.d;
  HelpText("Hemtjänstens steg när hemtjänsten upptäcker behovet (Göteborgs instruktion).");
  for (const auto& e : d.base.checklist) {
    const int i = static_cast<int>(e.item);
    ImGui::PushID(i);
    bool done = !e.done_on.empty();
    std::string label = std::string(ChecklistLabel(e.item)) + " (" + ChecklistResponsible(e.item) + ")";
    if (p.closed) ImGui::BeginDisabled();
    if (ImGui::Checkbox(label.c_str(), &done)) MarkChecklist(p.ui, d, e.item, done);
    FocusRing();
    if (p.closed) ImGui::EndDisabled();
    if (!e.done_on.empty()) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s%s%s", e.done_on.c_str(), e.done_by.empty() ? "" : ", ", e.done_by.c_str());
    } else if (!p.closed) {
      ImGui::SameLine();
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
      // Who did it, typed before ticking the box.
      std::string& by = d.checklist_by[i];
      TextField("##by", by, {.hint = "Utfört av", .width = ImGui::GetFontSize() * 10});
    }
    ImGui::PopID();
  }
  PanelFeedback(d, Panel::Checklist);
}

}  // namespace sip::ui
