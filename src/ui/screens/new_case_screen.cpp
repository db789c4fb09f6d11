#include "ui/screens/new_case_screen.h"

#include <imgui.h>

#include "app/handler.h"
#include "core/identity.h"
#include "ui/app_ui.h"
#include "ui/labels.h"
#include "ui/screens/case/case_draft.h"
#include "ui/theme.h"
#include "ui/widgets/date_field.h"
#include "ui/widgets/form.h"

namespace sip::ui {

std::string NewCaseScreen::IdentityNote(CivilDate today, bool* valid) const {
  *valid = false;
  const PlanOwner& o = draft.owner;
  if (o.reserve_number) {
    const auto d = ParseDate(o.birth_date);
    if (!d) return o.birth_date.empty() ? "" : "Skriv födelsedatumet som ÅÅÅÅ-MM-DD.";
    *valid = true;
    const int age = AgeOn(*d, today);
    return "Reservnummer – " + std::to_string(age) + " år" + (IsChild(*d, today) ? " (barn)" : "");
  }
  if (o.identity_number.empty()) return "";
  auto id = ParseIdentityNumber(o.identity_number, today);
  if (!id) return "Inte giltigt: " + std::string(ErrorMessage(id.error().code));
  *valid = true;
  const int age = AgeOn(id->birth_date, today);
  return std::string(id->type == IdentityType::Samordningsnummer ? "Giltigt samordningsnummer" : "Giltigt personnummer") +
         " – " + std::to_string(age) + " år" + (IsChild(id->birth_date, today) ? " (barn)" : "");
}

bool NewCaseScreen::HasUnsavedInput() const {
  return !draft.owner.name.empty() || !draft.owner.identity_number.empty() || !draft.owner.birth_date.empty() ||
         !draft.owner.address.empty() || !draft.owner.phone.empty() || !representatives.empty() ||
         !new_representative.name.empty();
}

void NewCaseScreen::Clear() {
  draft = {};
  representatives.clear();
  new_representative = {};
  error.clear();
  error_code.clear();
}

bool NewCaseScreen::Create(const UiContext& ctx) {
  const PlanOwner& o = draft.owner;
  Json owner{{"name", o.name}, {"address", o.address}, {"phone", o.phone}};
  if (o.reserve_number) {
    owner["reserve_number"] = true;
    owner["birth_date"] = o.birth_date;
  } else {
    owner["identity_number"] = o.identity_number;
  }
  Json j{{"cmd", "case.create"}, {"owner", owner}, {"noticed_on", draft.noticed_on},
         {"ready_for_discharge_on", draft.ready_for_discharge_on}};
  auto put = [&j](const char* k, const Json& v) {
    if (!v.is_null()) j[k] = v;
  };
  put("noticed_by", Json(draft.noticed_by));
  put("form", Json(draft.form));
  put("scenario", Json(draft.scenario));
  put("kind", Json(draft.kind));
  put("level", Json(draft.level));
  const Json r = ctx.handler.Dispatch(j);
  if (!r.value("ok", false)) {
    error = r["error"].value("message", "Ärendet kunde inte skapas.");
    error_code = r["error"].value("code", "internal");
    return false;
  }
  const std::string id = r["result"].value("case_id", "");
  for (const auto& rep : representatives) {
    Json a{{"cmd", "representative.add"}, {"case_id", id}, {"name", rep.name}, {"phone", rep.phone},
           {"email", rep.email}, {"address", rep.address}, {"role", Json(rep.role)}};
    const Json ar = ctx.handler.Dispatch(a);
    if (!ar.value("ok", false)) {
      // The case exists; the representative can be added again in the workspace.
      error = "Ärendet är skapat, men en företrädare kunde inte läggas till: " + ar["error"].value("message", "");
      error_code = ar["error"].value("code", "internal");
    }
  }
  Clear();
  created_case = id;
  return true;
}

void NewCaseScreen::Draw(const UiContext& ctx) {
  const CivilDate today = LocalToday(ctx);
  ImGui::TextUnformatted("Ny SIP");
  ImGui::Separator();
  ImGui::BeginChild("form", ImVec2(0, 0), false);
  SectionTitle("Behovet");
  ChoiceField("Vem uppmärksammade behovet", draft.noticed_by, labels::NoticedBys(), {.required = true});
  DateField("Behovet upptäcktes", draft.noticed_on, today,
            {.anchor = "new.noticed_on", .help = "Mötet ska hållas så snart som möjligt, inom 3 veckor.", .required = true});
  ChoiceField("Samverkansform", draft.form, labels::Forms(), {.help = labels::ConvenerRule(draft.form)});
  ChoiceField("Vem kallar", draft.scenario, labels::Scenarios());
  if (draft.scenario == ConveningScenario::RegionConvenes)
    DateField("Utskrivningsklar (datum)", draft.ready_for_discharge_on, today,
              {.help = "Kallelsen ska skickas inom 3 dagar från utskrivningsklar."});
  ChoiceField("Ny SIP eller uppföljning", draft.kind, labels::Kinds());

  SectionTitle("Den enskilde");
  TextField("Namn", draft.owner.name, {.anchor = "new.name", .required = true});
  CheckField("Saknar personnummer och samordningsnummer (reservnummer)", draft.owner.reserve_number);
  bool valid = false;
  const std::string note = IdentityNote(today, &valid);
  if (draft.owner.reserve_number) {
    DateField("Födelsedatum", draft.owner.birth_date, today, {.anchor = "new.birth_date", .required = true});
  } else {
    TextField("Personnummer eller samordningsnummer", draft.owner.identity_number,
              {.anchor = "new.identity_number", .hint = "ÅÅÅÅMMDD-NNNN", .required = true});
  }
  if (!note.empty()) Feedback(note, !valid);
  TextField("Adress", draft.owner.address);
  TextField("Telefon", draft.owner.phone);

  SectionTitle("Företrädare och närstående");
  for (size_t i = 0; i < representatives.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    BulletWrapped("%s – %s", representatives[i].name.c_str(),
                      labels::Label(labels::RepresentativeRoles(), representatives[i].role));
    ImGui::SameLine();
    if (ImGui::SmallButton("Ta bort")) {
      representatives.erase(representatives.begin() + static_cast<long>(i));
      ImGui::PopID();
      break;
    }
    ImGui::PopID();
  }
  ChoiceField("Roll", new_representative.role, labels::RepresentativeRoles(),
              {.help = "Vårdnadshavare samtycker för ett barn; god man, förvaltare och fullmakt för en vuxen."});
  TextField("Namn##rep", new_representative.name);
  TextField("Telefon##rep", new_representative.phone);
  if (Button("Lägg till företrädaren", !new_representative.name.empty() &&
                                           new_representative.role != RepresentativeRole::Unknown)) {
    representatives.push_back(new_representative);
    new_representative = {};
  }

  ImGui::Spacing();
  ImGui::Separator();
  if (!error.empty()) {
    Feedback(error, true);
    ImGui::TextDisabled("Felkod: %s", error_code.c_str());
  }
  if (Button("Skapa ärendet")) Create(ctx);
  ImGui::SameLine();
  if (Button("Töm formuläret")) Clear();
  ImGui::EndChild();
}

}  // namespace sip::ui
