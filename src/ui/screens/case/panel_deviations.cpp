// Avvikelser: reported deviations, and a form for a new one (seed 002: guidelines not followed, an agreed
// intervention not performed, the parties cannot agree, an invitee absent without notice).
#include <imgui.h>

#include "ui/labels.h"
#include "ui/screens/case/panels.h"
#include "ui/widgets/date_field.h"

namespace sip::ui {

void DrawDeviationsPanel(PanelContext& p) {
  CaseDraft& d = p.d;
  const Case& c = d.base;
  if (c.deviations.empty()) ImGui::TextDisabled("Inga avvikelser rapporterade.");
  for (const auto& v : c.deviations)
    BulletWrapped("%s – %s: %s", v.occurred_on.c_str(), labels::Label(labels::DeviationKinds(), v.kind),
                      v.description.c_str());
  if (p.closed) return;
  Deviation& v = d.new_deviation;
  // Proposals the facts made (a late meeting or discharge invitation): confirm or dismiss with a reason.
  bool any_open = false;
  for (const auto& pr : c.deviation_proposals) any_open |= pr.status == ProposalStatus::Open;
  if (any_open) {
    SectionTitle("Föreslagna avvikelser");
    TextField("Ditt namn (rapporterar eller avfärdar)", v.reported_by, {.required = true});
    for (const auto& pr : c.deviation_proposals) {
      if (pr.status != ProposalStatus::Open) continue;
      ImGui::PushID(pr.id.c_str());
      ImGui::TextWrapped("%s – %d dagar för sent (senast %s, skedde %s).",
                         pr.rule == GuidelineRule::MeetingWithin21Days ? "SIP-mötet hölls inte inom 3 veckor"
                                                                       : "Kallelsen skickades inte inom 3 dagar från utskrivningsklar",
                         pr.days_late, pr.deadline.c_str(), pr.occurred_on.c_str());
      if (Button("Rapportera som avvikelse")) ConfirmProposal(p.ui, d, pr.id);
      TextField("Skäl att avfärda", d.dismiss_reason[pr.id]);
      if (Button("Avfärda förslaget")) DismissProposal(p.ui, d, pr.id);
      ImGui::PopID();
    }
  }
  SectionTitle("Rapportera avvikelse");
  ChoiceField("Slag", v.kind, labels::DeviationKinds(), {.anchor = "deviation.kind", .required = true});
  if (v.kind == DeviationKind::AbsentWithoutNotice)
    ParticipantChoice("Vem uteblev", v.participant_id, c, {.required = true});
  if (v.kind == DeviationKind::InterventionNotPerformed) {
    std::vector<std::string> ids;
    std::vector<std::string> names;
    std::vector<const char*> items;
    int index = -1;
    for (const auto& i : c.plan.interventions) {
      ids.push_back(i.id);
      names.push_back(i.what);
    }
    for (size_t k = 0; k < ids.size(); ++k) {
      items.push_back(names[k].c_str());
      if (ids[k] == v.intervention_id) index = static_cast<int>(k);
    }
    if (ChoiceIndex("Vilken insats", index, items, {.required = true}) && index >= 0)
      v.intervention_id = ids[static_cast<size_t>(index)];
  }
  TextArea("Beskrivning", v.description, {.required = true, .lines = 3});
  DateField("Inträffade den", v.occurred_on, p.today, {.required = true});
  TextField("Rapporterad av", v.reported_by, {.required = true});
  if (v.kind == DeviationKind::PartiesDisagree)
    TextArea("Tillfällig ansvarsfördelning", v.temporary_responsibility,
             {.help = "Så att den enskilde inte tar skada medan oenigheten löses.", .lines = 2});
  if (Button("Rapportera avvikelsen")) ReportDeviation(p.ui, d);
  PanelFeedback(d, Panel::Deviations);
}

}  // namespace sip::ui
