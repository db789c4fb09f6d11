// Ärendet: the plan owner, representatives and the facts of the case (form, who noticed, scenario …).
#include <imgui.h>

#include "core/identity.h"
#include "ui/labels.h"
#include "ui/screens/case/panels.h"
#include "ui/widgets/date_field.h"

namespace sip::ui {

void DrawSummaryPanel(PanelContext& p) {
  CaseDraft& d = p.d;
  Case& c = d.edit;
  if (p.closed) ImGui::BeginDisabled();
  SectionTitle("Den enskilde (planens ägare)");
  TextField("Namn", c.owner.name, {.anchor = "owner.name", .required = true});
  CheckField("Saknar personnummer och samordningsnummer (reservnummer)", c.owner.reserve_number);
  if (c.owner.reserve_number) {
    DateField("Födelsedatum", c.owner.birth_date, p.today, {.anchor = "owner.birth_date", .required = true});
  } else {
    std::string err;
    if (!c.owner.identity_number.empty()) {
      auto id = ParseIdentityNumber(c.owner.identity_number, p.today);
      if (!id) err = "Personnumret är inte giltigt (" + std::string(ErrorMessage(id.error().code)) + ")";
    }
    TextField("Personnummer eller samordningsnummer", c.owner.identity_number,
              {.anchor = "owner.identity_number", .error = err.c_str(), .hint = "ÅÅÅÅMMDD-NNNN", .required = true});
  }
  TextField("Adress", c.owner.address);
  TextField("Telefon", c.owner.phone);
  if (d.Dirty(Section::Owner) && Button("Spara uppgifterna om den enskilde")) SaveOwner(p.ui, d);

  SectionTitle("Ärendet");
  ChoiceField("Samverkansform", c.form, labels::Forms(), {.anchor = "case.form", .help = labels::ConvenerRule(c.form)});
  ChoiceField("Vem uppmärksammade behovet", c.noticed_by, labels::NoticedBys());
  DateField("Behovet upptäcktes", c.noticed_on, p.today,
            {.anchor = "case.noticed_on", .help = "Mötet ska hållas inom 3 veckor från detta datum.", .required = true});
  ChoiceField("Vem kallar", c.scenario, labels::Scenarios());
  if (c.scenario == ConveningScenario::RegionConvenes || !c.ready_for_discharge_on.empty())
    DateField("Utskrivningsklar (datum)", c.ready_for_discharge_on, p.today,
              {.help = "Vid utskrivning ska kallelsen skickas inom 3 dagar."});
  ChoiceField("Ny SIP eller uppföljning", c.kind, labels::Kinds());
  if (c.kind == SipKind::FollowUp) TextField("Tidigare SIP", c.previous_sip);
  ChoiceField("Samordningsnivå", c.level, labels::Levels());
  if (d.Dirty(Section::CaseInfo) && Button("Spara ärendet")) SaveCaseInfo(p.ui, d);
  if (p.closed) ImGui::EndDisabled();
  PanelFeedback(d, Panel::Summary);

  if (c.step == Step::NeedDetected && !p.closed) {
    SectionTitle("Nästa steg");
    HelpText("Hemtjänsten rådgör alltid först med enhetschef, omsorgshandledare eller fast omsorgskontakt. "
             "Därefter förbereds mötet tillsammans med den enskilde.");
    if (Button("Påbörja förberedelsen")) StartPreparation(p.ui, d);
  }
}

}  // namespace sip::ui
