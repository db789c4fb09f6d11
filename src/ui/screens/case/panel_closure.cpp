// Avslut: the reason, who was told and when, and where the person turns if the need returns.
#include <imgui.h>

#include "core/readiness.h"
#include "ui/labels.h"
#include "ui/screens/case/panels.h"
#include "ui/widgets/date_field.h"
#include "ui/widgets/guard_list.h"

namespace sip::ui {

void DrawClosurePanel(PanelContext& p) {
  CaseDraft& d = p.d;
  const Case& c = d.base;
  if (c.step == Step::Closed) {
    const Closure& cl = c.closure;
    Feedback("Ärendet avslutades " + cl.closed_on + ".", false);
    if (cl.reason == ClosureReason::ConsentRefused) ImGui::TextWrapped("Samtycke nekades – ingen SIP.");
    else ImGui::TextWrapped("Skäl: %s", labels::Label(labels::ClosureReasons(), cl.reason));
    if (!cl.informed_on.empty()) ImGui::TextWrapped("Alla berörda informerades %s.", cl.informed_on.c_str());
    if (!cl.where_to_turn.empty()) ImGui::TextWrapped("Vart den enskilde vänder sig: %s", cl.where_to_turn.c_str());
    return;
  }
  Closure& cl = d.closure;
  HelpText("En SIP avslutas när målen är uppnådda, samordning inte längre behövs, samtycket återkallas eller den "
           "enskilde avlider. Alla berörda ska få veta att planen inte längre gäller.");
  ChoiceField("Skäl", cl.reason, labels::ClosureReasons(), {.anchor = "closure.reason", .required = true});
  DateField("Avslutas den", cl.closed_on, p.today, {.required = true});
  CheckField("Alla berörda är informerade om att planen inte längre gäller", cl.participants_informed,
             {.anchor = "closure.informed"});
  DateField("Informerade den", cl.informed_on, p.today, {.required = true});
  TextArea("Vart den enskilde vänder sig om behovet kommer tillbaka", cl.where_to_turn,
           {.anchor = "closure.where_to_turn", .lines = 3});
  GuardList("Innan ärendet kan avslutas saknas:", MissingForClose(cl));
  if (Button("Avsluta ärendet")) CloseCase(p.ui, d);
  PanelFeedback(d, Panel::Closure);
}

}  // namespace sip::ui
