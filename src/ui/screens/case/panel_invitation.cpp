// Inbjudan: purpose, questions, time and place, invitees; what is missing before it can be sent; the need
// summary without personal data for the first e-mail (seed 001).
#include <imgui.h>

#include <algorithm>

#include "app/handler.h"
#include "core/readiness.h"
#include "ui/app_ui.h"
#include "ui/screens/case/panels.h"
#include "ui/widgets/date_field.h"
#include "ui/widgets/guard_list.h"

namespace sip::ui {

void DrawInvitationPanel(PanelContext& p) {
  CaseDraft& d = p.d;
  Invitation& v = d.edit.invitation;
  const bool sent = !d.base.invitation.sent_on.empty();
  if (sent) Feedback("Inbjudan skickades " + d.base.invitation.sent_on + ".", false);
  if (sent || p.closed) ImGui::BeginDisabled();
  TextArea("Syfte – det långsiktiga målet", v.purpose,
           {.anchor = "invitation.purpose", .help = "Gärna med den enskildes egna ord från förberedelsen.",
            .required = true, .lines = 3});
  if (v.purpose.empty() && !d.edit.preparation.what_matters.empty() && Button("Hämta från förberedelsen"))
    v.purpose = d.edit.preparation.what_matters;
  LinesField("Frågor som mötet ska besvara (en per rad)", v.questions);
  DateTimeField("Tid för mötet", v.meeting_at, p.today, {.anchor = "invitation.meeting_at", .required = true});
  TextField("Plats", v.place, {.anchor = "invitation.place", .required = true});
  SectionTitle("Inbjudna");
  if (d.edit.participants.empty()) ImGui::TextDisabled("Lägg först till deltagare under Deltagare.");
  bool first = true;
  for (const auto& x : d.edit.participants) {
    bool on = std::find(v.invitees.begin(), v.invitees.end(), x.id) != v.invitees.end();
    const std::string name = ParticipantName(d.edit, x.id);
    const std::string shown = FitText(name, ImGui::GetContentRegionAvail().x - ImGui::GetFrameHeightWithSpacing());
    CheckField(shown.c_str(), on, {.anchor = first ? "invitation.invitees" : nullptr});
    first = false;
    auto it = std::find(v.invitees.begin(), v.invitees.end(), x.id);
    if (on && it == v.invitees.end()) v.invitees.push_back(x.id);
    if (!on && it != v.invitees.end()) v.invitees.erase(it);
  }
  if (Button("Spara inbjudan", d.Dirty(Section::Invitation))) SaveInvitation(p.ui, d);
  if (sent || p.closed) ImGui::EndDisabled();
  // The letter is made from what is saved: unsaved input would not be in it.
  SameLineIfFits("Öppna kallelsen för utskrift");
  if (Button("Öppna kallelsen för utskrift", !d.Dirty(Section::Invitation)))
    OpenPaper(p.ui, d, Panel::Invitation, "invitation");

  if (!sent && !p.closed) {
    SectionTitle("Skicka inbjudan");
    const auto missing = MissingForInvitation(d.edit, p.today);
    GuardList("Innan inbjudan kan skickas saknas:", missing);
    DateField("Skickad den", d.sent_on, p.today, {.required = true});
    if (Button("Skicka inbjudan")) SendInvitation(p.ui, d);
  }
  PanelFeedback(d, Panel::Invitation);

  SectionTitle("Behovssammanfattning för e-post");
  HelpText("Texten innehåller inga personuppgifter: inget namn, personnummer, adress eller telefon. Lägg inte "
           "till sådana uppgifter i e-posten – ring i stället.");
  if (Button("Visa sammanfattningen")) {
    const Json r = p.ui.handler.Dispatch({{"cmd", "case.need_summary"}, {"case_id", d.case_id}});
    d.need_summary = r.value("ok", false) ? r["result"].value("text", "") : "";
  }
  if (!d.need_summary.empty()) {
    ImGui::SameLine();
    if (Button("Kopiera")) ImGui::SetClipboardText(d.need_summary.c_str());
    TextArea("Sammanfattning", d.need_summary, {.read_only = true, .lines = 8});
  }
}

}  // namespace sip::ui
