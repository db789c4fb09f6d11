// Kartläggning: the 14 life areas of seed 004 §4.6, the person's view and the interventions already there.
#include <imgui.h>

#include <algorithm>

#include "ui/screens/case/panels.h"

namespace sip::ui {

void DrawMappingPanel(PanelContext& p) {
  CaseDraft& d = p.d;
  HelpText("Gå igenom livsområdena tillsammans med den enskilde. Skriv personens egen syn och vilka insatser "
           "som redan finns (vem och vad).");
  if (p.closed) ImGui::BeginDisabled();
  for (int a = 0; a < kLifeAreaCount; ++a) {
    const LifeArea area = static_cast<LifeArea>(a);
    auto& m = d.edit.mapping;
    auto it = std::find_if(m.begin(), m.end(), [&](const MappingEntry& e) { return e.area == area; });
    const bool filled = it != m.end() && (!it->person_view.empty() || !it->interventions.empty());
    ImGui::PushID(a);
    char title[96];
    std::snprintf(title, sizeof title, "%s%s###area", LifeAreaLabel(area), filled ? "  ✓" : "");
    if (ImGui::CollapsingHeader(title)) {
      if (it == m.end()) {
        m.push_back({area, "", {}});
        std::sort(m.begin(), m.end(), [](const MappingEntry& l, const MappingEntry& r) { return l.area < r.area; });
        it = std::find_if(m.begin(), m.end(), [&](const MappingEntry& e) { return e.area == area; });
      }
      ImGui::Indent();
      TextArea("Den enskildes syn", it->person_view, {.lines = 3});
      for (size_t i = 0; i < it->interventions.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        TextField("Vem (verksamhet)", it->interventions[i].party, {.width = ImGui::GetFontSize() * 14});
        TextField("Insats", it->interventions[i].description);
        ImGui::PopID();
      }
      if (Button("Lägg till en befintlig insats")) it->interventions.push_back({});
      ImGui::Unindent();
    }
    ImGui::PopID();
  }
  // An opened but untouched area is not a change.
  auto& m = d.edit.mapping;
  for (size_t i = 0; i < m.size();) {
    const bool in_base = std::any_of(d.base.mapping.begin(), d.base.mapping.end(),
                                     [&](const MappingEntry& e) { return e.area == m[i].area; });
    if (!in_base && m[i].person_view.empty() && m[i].interventions.empty()) m.erase(m.begin() + static_cast<long>(i));
    else ++i;
  }
  ImGui::Spacing();
  if (Button("Spara kartläggningen", d.Dirty(Section::Mapping))) SaveMapping(p.ui, d);
  if (p.closed) ImGui::EndDisabled();
  PanelFeedback(d, Panel::Mapping);
}

}  // namespace sip::ui
