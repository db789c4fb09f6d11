// Uppföljning: per goal and per intervention, then the decision — continue, revise (a new version is then
// established under Plan) or close.
#include <imgui.h>

#include <algorithm>

#include "ui/labels.h"
#include "ui/screens/case/panels.h"
#include "ui/widgets/date_field.h"

namespace sip::ui {

void DrawFollowUpPanel(PanelContext& p) {
  CaseDraft& d = p.d;
  const Case& c = d.base;
  for (const auto& f : c.follow_ups)
    BulletWrapped("Uppföljning %s: %s", f.held_on.c_str(), labels::Label(labels::Decisions(), f.decision));
  if (c.step != Step::FollowUp || p.closed) {
    if (c.follow_ups.empty()) HelpText("Uppföljningen registreras när planen är fastställd.");
    PanelFeedback(d, Panel::FollowUp);
    return;
  }
  if (!c.plan.follow_up_on.empty()) ImGui::Text("Planerad uppföljning: %s", c.plan.follow_up_on.c_str());
  FollowUp& f = d.follow_up;
  SectionTitle("Ny uppföljning");
  DateField("Uppföljningen hölls den", f.held_on, p.today, {.anchor = "followup.held_on", .required = true});
  SectionTitle("Mål");
  for (const auto& g : c.plan.goals) {
    auto it = std::find_if(f.goals.begin(), f.goals.end(), [&](const GoalEvaluation& e) { return e.goal_id == g.id; });
    if (it == f.goals.end()) {
      f.goals.push_back({g.id, g.status, ""});
      it = f.goals.end() - 1;
    }
    ImGui::PushID(g.id.c_str());
    ImGui::TextWrapped("%s%s", g.parent_id.empty() ? "Huvudmål: " : "Delmål: ", g.text.c_str());
    ChoiceField("Resultat", it->result, labels::GoalStatuses());
    TextField("Kommentar", it->comment);
    ImGui::PopID();
  }
  SectionTitle("Insatser");
  for (const auto& i : c.plan.interventions) {
    auto it = std::find_if(f.interventions.begin(), f.interventions.end(),
                           [&](const InterventionEvaluation& e) { return e.intervention_id == i.id; });
    if (it == f.interventions.end()) {
      f.interventions.push_back({i.id, true, ""});
      it = f.interventions.end() - 1;
    }
    ImGui::PushID(i.id.c_str());
    const std::string title = i.what + " – " + ParticipantName(c, i.responsible);
    ImGui::TextWrapped("%s", title.c_str());
    CheckField("Utförd som överenskommet", it->delivered);
    TextField("Effekt", it->effect);
    ImGui::PopID();
  }
  TextArea("Nya omständigheter", f.new_circumstances, {.lines = 3});
  ChoiceField("Beslut", f.decision, labels::Decisions(),
              {.anchor = "followup.decision",
               .help = "Vid revidering fastställs en ny version under Plan. Har målen ändrats mycket avslutas "
                       "planen och en ny SIP görs.",
               .required = true});
  if (f.decision != FollowUpDecision::Close) {
    SectionTitle("Nästa uppföljning");
    HelpText("Varje möte bestämmer nästa uppföljning och vem som ansvarar för den.");
    DateField("Nästa uppföljning den", f.next_follow_up_on, p.today, {.anchor = "followup.next", .required = true});
    ParticipantChoice("Ansvarig för nästa uppföljning", f.next_follow_up_owner, c, {.required = true});
  }
  if (Button("Registrera uppföljningen")) RecordFollowUp(p.ui, d);
  PanelFeedback(d, Panel::FollowUp);
}

}  // namespace sip::ui
