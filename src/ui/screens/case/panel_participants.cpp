// Deltagare: the convener, and everyone invited with their organisation, huvudman, answer and substitute.
#include <imgui.h>

#include "ui/labels.h"
#include "ui/screens/case/panels.h"

namespace sip::ui {
namespace {

void ParticipantFields(Participant& x, bool is_new) {
  TextField("Namn", x.name, {.anchor = is_new ? "participants.new" : nullptr});
  TextField("Organisation", x.organisation, {.help = is_new ? "Namn eller organisation krävs." : nullptr});
  ChoiceField("Huvudman", x.huvudman, labels::Huvudmen());
  ChoiceField("Roll", x.role, labels::StaffRoles());
  if (x.role == StaffRole::Other) TextField("Vilken roll", x.role_text, {.hint = "t.ex. kurator", .required = true});
  TextField("Kontakt (telefon eller e-post)", x.contact);
  ChoiceField("Svar", x.status, labels::ParticipantStatuses());
  if (x.status == ParticipantStatus::Substitute) TextField("Ersättare", x.substitute, {.required = true});
}

}  // namespace

void DrawParticipantsPanel(PanelContext& p) {
  CaseDraft& d = p.d;
  if (p.closed) ImGui::BeginDisabled();
  SectionTitle("Sammankallande");
  HelpText(labels::ConvenerRule(d.edit.form));
  Convener& v = d.edit.convener;
  TextField("Namn", v.name, {.anchor = "participants.convener", .required = true});
  TextField("Organisation", v.organisation);
  ChoiceField("Roll", v.role, labels::StaffRoles(), {.required = true});
  if (v.role == StaffRole::Other) TextField("Vilken roll", v.role_text, {.required = true});
  TextField("Kontakt", v.contact);
  TextField("Mötet leds av (om inte sammankallande)", v.chair_delegated_to,
            {.help = "Vid samverkan utan den enskilde leder enhetschefen mötet om uppdraget inte har delegerats."});
  if (d.Dirty(Section::Convener) && Button("Spara sammankallande")) SaveConvener(p.ui, d);

  SectionTitle("Deltagare");
  if (d.edit.participants.empty()) ImGui::TextDisabled("Inga deltagare ännu.");
  for (auto& x : d.edit.participants) {
    ImGui::PushID(x.id.c_str());
    const std::string title =
        FitText(ParticipantName(d.edit, x.id) + " – " + labels::Label(labels::ParticipantStatuses(), x.status),
                ImGui::GetContentRegionAvail().x - ImGui::GetTreeNodeToLabelSpacing());
    if (ImGui::TreeNode("p", "%s", title.c_str())) {
      ParticipantFields(x, false);
      ImGui::TreePop();
    }
    ImGui::PopID();
  }
  if (d.Dirty(Section::Participants) && Button("Spara ändringarna av deltagarna")) SaveParticipants(p.ui, d);

  SectionTitle("Lägg till deltagare");
  ImGui::PushID("new");
  ParticipantFields(d.new_participant, true);
  ImGui::PopID();
  if (Button("Lägg till deltagaren")) AddParticipant(p.ui, d);
  if (p.closed) ImGui::EndDisabled();
  PanelFeedback(d, Panel::Participants);
}

}  // namespace sip::ui
