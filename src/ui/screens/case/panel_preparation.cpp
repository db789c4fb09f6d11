// Förberedelse: "Vad är viktigt för dig?" in the person's own words, questions, attendees, place, leader.
#include <imgui.h>

#include "ui/labels.h"
#include "ui/screens/case/panels.h"

namespace sip::ui {

void DrawPreparationPanel(PanelContext& p) {
  CaseDraft& d = p.d;
  Preparation& pr = d.edit.preparation;
  if (d.edit.step == Step::NeedDetected && !p.closed) {
    HelpText("Förberedelsen är inte påbörjad. Du kan skriva redan nu; ärendet går till steget Förberedelse "
             "när du trycker på knappen.");
    if (Button("Påbörja förberedelsen")) StartPreparation(p.ui, d);
  }
  if (p.closed) ImGui::BeginDisabled();
  SectionTitle("Vad är viktigt för dig?");
  TextArea("Med den enskildes egna ord", pr.what_matters,
           {.anchor = "preparation.what_matters",
            .help = "Skriv det långsiktiga målet så som personen själv säger det.",
            .lines = 5});
  LinesField("Frågor som mötet ska besvara (en per rad)", pr.questions, {.anchor = "preparation.questions"});
  LinesField("Vilka vill personen ska delta? (en per rad)", pr.wished_attendees);
  ChoiceField("Hur personen vill delta", pr.participation, labels::ParticipationModes());
  TextField("Önskad plats för mötet", pr.meeting_place_wish);
  TextField("Mötesledare", pr.meeting_leader);
  LinesField("Sådant som inte ska tas upp (en per rad)", pr.not_to_discuss,
             {.help = "Det personen inte vill att mötet tar upp. Samtycket kan också undanta uppgifter."});
  if (Button("Spara förberedelsen", d.Dirty(Section::Preparation))) SavePreparation(p.ui, d);
  if (p.closed) ImGui::EndDisabled();
  PanelFeedback(d, Panel::Preparation);
}

}  // namespace sip::ui
