#include "ui/unsaved_input.h"

#include <utility>

#include "ui/screens/case/case_draft.h"
#include "ui/screens/new_case_screen.h"
#include "ui/screens/settings_screen.h"

namespace sip::ui {

// The drafts that are the UI's own (the model's types have their JSON in core/model.h).
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(MeetingDraft, held_on, leader, documenter, notes, participation,
                                                participation_reason, attendance, agenda)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(WithdrawDraft, consent_id, withdrawn_on, recorded_by)

namespace {

// A form goes into the note only when it differs from its empty state.
template <class T>
void Put(Json& out, const char* name, const T& value, const T& empty = T{}) {
  Json j = value;
  if (j != Json(empty)) out[name] = std::move(j);
}
// And comes back only when it still reads as that type (a note from another version may not).
template <class T>
bool Take(const Json& in, const char* name, T& value) {
  if (!in.is_object() || !in.contains(name)) return false;
  try {
    value = in[name].get<T>();
    return true;
  } catch (const Json::exception&) {
    return false;   // left as it is: the rest of the note still comes back
  }
}

// Every single-shot form of a draft, as one object.
Json FormsOf(const CaseDraft& d) {
  Json f = Json::object();
  f["new_representative"] = d.new_representative;
  f["new_consent"] = d.new_consent;
  f["refusal"] = d.refusal;
  f["refusal_attempts"] = d.refusal_attempts;
  f["withdraw"] = d.withdraw;
  f["new_participant"] = d.new_participant;
  f["new_goal"] = d.new_goal;
  f["new_intervention"] = d.new_intervention;
  f["new_actor"] = d.new_actor;
  f["new_other_plan"] = d.new_other_plan;
  f["meeting"] = d.meeting;
  f["follow_up"] = d.follow_up;
  f["closure"] = d.closure;
  f["new_deviation"] = d.new_deviation;
  f["dismiss_reason"] = d.dismiss_reason;
  f["established_on"] = d.established_on;
  f["sent_on"] = d.sent_on;
  f["checklist_by"] = d.checklist_by;
  return f;
}

// Back into the draft; throws Json::exception when one does not read (the caller then keeps none of them).
void TakeForms(const Json& f, CaseDraft& d) {
  f.at("new_representative").get_to(d.new_representative);
  f.at("new_consent").get_to(d.new_consent);
  f.at("refusal").get_to(d.refusal);
  f.at("refusal_attempts").get_to(d.refusal_attempts);
  f.at("withdraw").get_to(d.withdraw);
  f.at("new_participant").get_to(d.new_participant);
  f.at("new_goal").get_to(d.new_goal);
  f.at("new_intervention").get_to(d.new_intervention);
  f.at("new_actor").get_to(d.new_actor);
  f.at("new_other_plan").get_to(d.new_other_plan);
  f.at("meeting").get_to(d.meeting);
  f.at("follow_up").get_to(d.follow_up);
  f.at("closure").get_to(d.closure);
  f.at("new_deviation").get_to(d.new_deviation);
  f.at("dismiss_reason").get_to(d.dismiss_reason);
  f.at("established_on").get_to(d.established_on);
  f.at("sent_on").get_to(d.sent_on);
  f.at("checklist_by").get_to(d.checklist_by);
}

}  // namespace

Json UnsavedInput(const CaseDraft& d) {
  Json out = Json::object();
  // The sections being edited, by number, and the case as edited (they are read back from it).
  Json sections = Json::array();
  for (int i = 0; i < kSectionCount; ++i)
    if (d.Dirty(static_cast<Section>(i))) sections.push_back(i);
  if (!sections.empty()) {
    out["sections"] = std::move(sections);
    out["edit"] = d.edit;
  }
  // The forms, all of them once any holds something (compared with a draft nobody typed in).
  CaseDraft untouched;
  untouched.meeting.participation = d.base.preparation.participation;   // what LoadCase fills in by itself
  if (Json forms = FormsOf(d); forms != FormsOf(untouched)) out["forms"] = std::move(forms);
  return out;
}

void RestoreUnsavedInput(CaseDraft& d, const Json& input) {
  if (!input.is_object()) return;
  const auto sections = input.find("sections");
  if (sections != input.end() && sections->is_array()) {
    Case typed;
    if (Take(input, "edit", typed))
      for (const Json& n : *sections)
        if (n.is_number_integer() && n.get<int>() >= 0 && n.get<int>() < kSectionCount)
          CopySection(d.edit, typed, static_cast<Section>(n.get<int>()));
  }
  if (const auto forms = input.find("forms"); forms != input.end()) {
    CaseDraft read;
    try {
      TakeForms(*forms, read);
      TakeForms(*forms, d);   // read cleanly once: now into the draft itself
    } catch (const Json::exception&) {
      // A note from another version: the forms stay as they are, the sections above came back.
    }
  }
}

Json UnsavedInput(const NewCaseScreen& s) {
  Json out = Json::object();
  Put(out, "case", s.draft);
  Put(out, "representatives", s.representatives);
  Put(out, "new_representative", s.new_representative);
  return out;
}

void RestoreUnsavedInput(NewCaseScreen& s, const Json& input) {
  Take(input, "case", s.draft);
  Take(input, "representatives", s.representatives);
  Take(input, "new_representative", s.new_representative);
}

Json UnsavedInput(const SettingsScreen& s) {
  Json out = Json::object();
  for (const auto& f : s.fields)
    if (f.allowed.empty() && f.edit != f.saved) out[f.key] = f.edit;
  return out;
}

void RestoreUnsavedInput(SettingsScreen& s, const Json& input) {
  if (!input.is_object()) return;
  for (auto& f : s.fields) {
    const auto it = input.find(f.key);
    if (f.allowed.empty() && it != input.end() && it->is_string()) f.edit = it->get<std::string>();
  }
}

}  // namespace sip::ui
