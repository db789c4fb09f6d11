// Samtycke: representatives, the consent ledger (who, form, period, covered parties, exclusions), withdrawal
// and refusal. For a child, every guardian's consent is shown on its own line.
#include <imgui.h>

#include "core/rules.h"
#include "ui/labels.h"
#include "ui/screens/case/panels.h"
#include "ui/theme.h"
#include "ui/widgets/date_field.h"

namespace sip::ui {
namespace {

std::string GiverName(const Case& c, const std::string& id) {
  if (id == "person") return "Den enskilde (" + c.owner.name + ")";
  for (const auto& r : c.representatives)
    if (r.id == id) return r.name + " – " + labels::Label(labels::RepresentativeRoles(), r.role);
  return "–";
}

// "person" and every representative, for the giver/refuser drop-downs.
bool GiverChoice(const char* label, std::string& id, const Case& c, const FieldOpts& o) {
  std::vector<std::string> ids{"person"}, names{GiverName(c, "person")};
  for (const auto& r : c.representatives) {
    ids.push_back(r.id);
    names.push_back(GiverName(c, r.id));
  }
  std::vector<const char*> items;
  int index = -1;
  for (size_t i = 0; i < ids.size(); ++i) {
    items.push_back(names[i].c_str());
    if (ids[i] == id) index = static_cast<int>(i);
  }
  if (!ChoiceIndex(label, index, items, o) || index < 0) return false;
  id = ids[static_cast<size_t>(index)];
  return true;
}

const char* ConsentState(const Consent& k, CivilDate today) {
  if (!k.withdrawn_on.empty()) return "Återkallat";
  const std::string t = FormatDate(today);
  if (k.valid_from > t) return "Gäller ännu inte";
  if (!k.valid_to.empty() && k.valid_to < t) return "Har gått ut";
  return "Gäller";
}

}  // namespace

void DrawConsentPanel(PanelContext& p) {
  CaseDraft& d = p.d;
  const Case& c = d.base;
  const SemanticColors col = Semantic();
  if (d.consent_withdrawn) Feedback("Samtycket är återkallat: planen gäller inte längre. Avsluta ärendet.", true);
  else if (d.consent_in_force) Feedback("Samtycke finns och gäller i dag.", false);
  else Feedback("Samtycke saknas. Utan samtycke blir det ingen SIP.", true);

  if (d.child) {
    SectionTitle("Vårdnadshavarnas samtycke (barn)");
    HelpText("För ett barn samtycker vårdnadshavarna – alla registrerade. Barnets egen uppfattning dokumenteras "
             "så långt ålder och mognad tillåter.");
    int guardians = 0;
    const auto in_force = ConsentsInForce(c, p.today);
    for (const auto& r : c.representatives) {
      if (r.role != RepresentativeRole::Guardian) continue;
      ++guardians;
      bool has = false;
      for (const Consent* k : in_force) has |= k->given_by == r.id;
      const Rgba cc = has ? col.success : col.error;
      ImGui::TextColored(ImVec4(cc.r, cc.g, cc.b, 1), "%s %s: %s", has ? "✓" : "✗", r.name.c_str(),
                         has ? "samtycke finns" : "samtycke saknas");
    }
    if (guardians == 0) Feedback("Ingen vårdnadshavare är registrerad.", true);
  }

  SectionTitle("Företrädare och närstående");
  for (const auto& r : c.representatives)
    BulletWrapped("%s – %s%s%s", r.name.c_str(), labels::Label(labels::RepresentativeRoles(), r.role),
                      r.phone.empty() ? "" : ", tel. ", r.phone.c_str());
  if (!p.closed && ImGui::TreeNode("Lägg till företrädare eller närstående")) {
    Representative& n = d.new_representative;
    ChoiceField("Roll", n.role, labels::RepresentativeRoles(), {.anchor = "representatives.role", .required = true});
    TextField("Namn", n.name, {.required = true});
    TextField("Telefon", n.phone);
    TextField("E-post", n.email);
    if (Button("Lägg till")) AddRepresentative(p.ui, d);
    ImGui::TreePop();
  }

  SectionTitle("Registrerade samtycken");
  if (c.consents.empty()) ImGui::TextDisabled("Inga samtycken registrerade.");
  for (const auto& k : c.consents) {
    ImGui::PushID(k.id.c_str());
    BulletWrapped("%s – %s, %s, från %s%s%s. %s", GiverName(c, k.given_by).c_str(),
                      labels::Label(labels::ConsentForms(), k.form), ConsentState(k, p.today), k.valid_from.c_str(),
                      k.valid_to.empty() ? "" : " till ", k.valid_to.c_str(),
                      k.withdrawn_on.empty() ? "" : ("Återkallat " + k.withdrawn_on).c_str());
    if (!k.covers.empty()) {
      std::string s;
      for (const auto& x : k.covers) s += (s.empty() ? "" : ", ") + x;
      ImGui::TextDisabled("    Gäller: %s", s.c_str());
    }
    if (!k.exclusions.empty()) {
      std::string s;
      for (const auto& x : k.exclusions) s += (s.empty() ? "" : ", ") + x;
      ImGui::TextDisabled("    Undantag: %s", s.c_str());
    }
    ImGui::PopID();
  }
  if (!c.consents.empty() && Button("Öppna samtycket för utskrift"))
    OpenPaper(p.ui, d, Panel::Consent, "consent");   // seed 004: a copy of the consent goes to the person

  if (p.closed) {
    PanelFeedback(d, Panel::Consent);
    return;
  }
  SectionTitle("Registrera samtycke");
  Consent& k = d.new_consent;
  GiverChoice("Vem ger samtycket", k.given_by, c, {.anchor = "consent", .required = true});
  ChoiceField("Form", k.form, labels::ConsentForms(), {.required = true});
  TextField("Dokumenterat av", k.documented_by,
            {.help = "Ett muntligt samtycke ska dokumenteras: av vem och när.", .required = k.form == ConsentForm::Oral});
  DateField("Dokumenterat den", k.documented_on, p.today, {.required = k.form == ConsentForm::Oral});
  DateField("Gäller från", k.valid_from, p.today, {.required = true});
  DateField("Gäller till", k.valid_to, p.today, {.help = "Lämna tomt om samtycket gäller tills det återkallas."});
  LinesField("Vilka verksamheter samtycket gäller (en per rad)", k.covers);
  LinesField("Undantag – uppgifter som inte får lämnas (en per rad)", k.exclusions);
  if (Button("Registrera samtycket")) RecordConsent(p.ui, d);

  bool any_active = false;
  for (const auto& x : c.consents) any_active |= x.withdrawn_on.empty();
  if (any_active && ImGui::TreeNode("Återkalla ett samtycke")) {
    WithdrawDraft& w = d.withdraw;
    std::vector<std::string> ids, names;
    for (const auto& x : c.consents)
      if (x.withdrawn_on.empty()) {
        ids.push_back(x.id);
        names.push_back(GiverName(c, x.given_by) + " (från " + x.valid_from + ")");
      }
    std::vector<const char*> items;
    int index = -1;
    for (size_t i = 0; i < ids.size(); ++i) {
      items.push_back(names[i].c_str());
      if (ids[i] == w.consent_id) index = static_cast<int>(i);
    }
    if (ChoiceIndex("Samtycke", index, items) && index >= 0) w.consent_id = ids[static_cast<size_t>(index)];
    DateField("Återkallat den", w.withdrawn_on, p.today, {.required = true});
    TextField("Registrerat av", w.recorded_by, {.required = true});
    if (Button("Återkalla samtycket")) WithdrawConsent(p.ui, d);
    ImGui::TreePop();
  }
  if (!d.consent_in_force && (c.step == Step::NeedDetected || c.step == Step::Preparation) &&
      ImGui::TreeNode("Samtycke nekas")) {
    HelpText("Dokumentera vem som nekar och vilka försök som gjorts att motivera. Ärendet avslutas utan SIP.");
    GiverChoice("Vem nekar", d.refusal.refused_by, c, {.required = true});
    DateField("Datum", d.refusal.refused_on, p.today, {.required = true});
    TextArea("Försök att motivera (ett per rad)", d.refusal_attempts, {.required = true, .lines = 3});
    TextField("Dokumenterat av", d.refusal.documented_by, {.required = true});
    if (Button("Registrera att samtycke nekas")) RefuseConsent(p.ui, d);
    ImGui::TreePop();
  }
  PanelFeedback(d, Panel::Consent);
}

}  // namespace sip::ui
