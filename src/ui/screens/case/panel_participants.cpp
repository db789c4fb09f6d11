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
  TextField("Roll", x.role, {.hint = "t.ex. socialsekreterare, distriktssköterska"});
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
  TextField("Roll", v.role, {.hint = "t.ex. socialsekreterare, enhetschef"});
  TextField("Kontakt", v.contact);
  if (d.Dirty(Section::Convener) && Button("Spara sammankallande")) SaveConvener(p.ui, d);

  SectionTitle("Deltagare");
  if (d.edit.participants.empty()) ImGui::TextDisabled("Inga deltagare ännu.");
  for (auto& x : d.edit.participants) {
    ImGui::PushID(x.id.c_str());
    std::string title = ParticipantName(d.edit, x.id) + " – " + labels::Label(labels::ParticipantStatuses(), x.status);
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
