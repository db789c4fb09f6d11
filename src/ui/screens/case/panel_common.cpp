// Helpers the panels share (panels.h).
#include <imgui.h>

#include "ui/screens/case/panels.h"
#include "ui/theme.h"

namespace sip::ui {

void PanelFeedback(const CaseDraft& d, Panel panel) {
  if (auto it = d.errors.find(panel); it != d.errors.end()) {
    Feedback(it->second, true);
    if (auto c = d.error_codes.find(panel); c != d.error_codes.end()) ImGui::TextDisabled("Felkod: %s", c->second.c_str());
  } else if (auto n = d.notes.find(panel); n != d.notes.end()) {
    Feedback(n->second, false);
  }
}

std::string ParticipantName(const Case& c, const std::string& id) {
  for (const auto& p : c.participants)
    if (p.id == id) {
      if (p.name.empty()) return p.organisation;
      return p.organisation.empty() ? p.name : p.name + " (" + p.organisation + ")";
    }
  return "–";
}

bool ParticipantChoice(const char* label, std::string& id, const Case& c, const FieldOpts& o) {
  std::vector<std::string> names;
  std::vector<const char*> items;
  int index = -1;
  for (size_t i = 0; i < c.participants.size(); ++i) {
    names.push_back(ParticipantName(c, c.participants[i].id));
    if (c.participants[i].id == id) index = static_cast<int>(i);
  }
  for (const auto& n : names) items.push_back(n.c_str());
  FieldOpts f = o;
  if (c.participants.empty() && !f.help) f.help = "Lägg först till deltagare under Deltagare.";
  if (!ChoiceIndex(label, index, items, f) || index < 0) return false;
  id = c.participants[static_cast<size_t>(index)].id;
  return true;
}

}  // namespace sip::ui
