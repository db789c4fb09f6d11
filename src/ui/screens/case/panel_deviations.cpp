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
    ImGui::BulletText("%s – %s: %s", v.occurred_on.c_str(), labels::Label(labels::DeviationKinds(), v.kind),
                      v.description.c_str());
  if (p.closed) return;
  SectionTitle("Rapportera avvikelse");
  Deviation& v = d.new_deviation;
  ChoiceField("Slag", v.kind, labels::DeviationKinds(), {.anchor = "deviation.kind", .required = true});
  if (v.kind == DeviationKind::AbsentWithoutNotice)
    ParticipantChoice("Vem uteblev", v.participant_id, c, {.required = true});
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
