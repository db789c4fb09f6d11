#include "ui/screens/case/case_draft.h"

#include "app/handler.h"
#include "core/rules.h"
#include "ui/app_ui.h"

namespace sip::ui {
namespace {

// Whether the plan's own fields (not goals/interventions/lists) differ.
bool PlanFieldsDiffer(const Plan& a, const Plan& b) {
  return a.coordinator != b.coordinator || a.child_perspective != b.child_perspective ||
         a.follow_up_on != b.follow_up_on || a.follow_up_owner != b.follow_up_owner ||
         a.what_to_follow_up != b.what_to_follow_up || a.handed_to_person_on != b.handed_to_person_on;
}
void CopyPlanFields(Plan& to, const Plan& from) {
  to.coordinator = from.coordinator;
  to.child_perspective = from.child_perspective;
  to.follow_up_on = from.follow_up_on;
  to.follow_up_owner = from.follow_up_owner;
  to.what_to_follow_up = from.what_to_follow_up;
  to.handed_to_person_on = from.handed_to_person_on;
}
bool CaseInfoDiffers(const Case& a, const Case& b) {
  return a.form != b.form || a.noticed_by != b.noticed_by || a.noticed_on != b.noticed_on || a.kind != b.kind ||
         a.previous_sip != b.previous_sip || a.ready_for_discharge_on != b.ready_for_discharge_on ||
         a.level != b.level || a.scenario != b.scenario;
}
void CopyCaseInfo(Case& to, const Case& from) {
  to.form = from.form;
  to.noticed_by = from.noticed_by;
  to.noticed_on = from.noticed_on;
  to.kind = from.kind;
  to.previous_sip = from.previous_sip;
  to.ready_for_discharge_on = from.ready_for_discharge_on;
  to.level = from.level;
  to.scenario = from.scenario;
}

// Adds an enum member only when it is set (the command reads null as "not given").
template <class E>
void PutEnum(Json& j, const char* k, E v) {
  Json e = v;
  if (!e.is_null()) j[k] = e;
}

constexpr Section kAllSections[] = {Section::CaseInfo,   Section::Owner,      Section::Convener,     Section::Preparation,
                                    Section::Mapping,    Section::Invitation, Section::PlanFields,   Section::Participants,
                                    Section::Goals,      Section::Interventions};

}  // namespace

const char* PanelLabel(Panel p) {
  switch (p) {
    case Panel::Summary: return "Ärendet";
    case Panel::Preparation: return "Förberedelse";
    case Panel::Consent: return "Samtycke";
    case Panel::Mapping: return "Kartläggning";
    case Panel::Participants: return "Deltagare";
    case Panel::Invitation: return "Inbjudan";
    case Panel::Meeting: return "Mötet";
    case Panel::Plan: return "Plan";
    case Panel::FollowUp: return "Uppföljning";
    case Panel::Closure: return "Avslut";
    case Panel::Deviations: return "Avvikelser";
    case Panel::Checklist: return "Checklista";
    case Panel::Count: break;
  }
  return "";
}

Panel PanelOfAnchor(const std::string& anchor) {
  const std::string head = anchor.substr(0, anchor.find('.'));
  if (head == "case" || head == "owner" || head == "representatives") return Panel::Summary;
  if (head == "preparation") return Panel::Preparation;
  if (head == "consent") return Panel::Consent;
  if (head == "mapping") return Panel::Mapping;
  if (head == "participants") return Panel::Participants;
  if (head == "invitation") return Panel::Invitation;
  if (head == "meeting") return Panel::Meeting;
  if (head == "plan") return Panel::Plan;
  if (head == "followup") return Panel::FollowUp;
  if (head == "closure") return Panel::Closure;
  if (head == "deviation") return Panel::Deviations;
  if (head == "checklist") return Panel::Checklist;
  return Panel::Summary;
}

Panel PanelOfStep(Step s) {
  switch (s) {
    case Step::NeedDetected: return Panel::Summary;
    case Step::Preparation: return Panel::Preparation;
    case Step::Invitation: return Panel::Invitation;
    case Step::Meeting: return Panel::Meeting;
    case Step::FollowUp: return Panel::FollowUp;
    case Step::Closed: return Panel::Closure;
  }
  return Panel::Summary;
}

bool CaseDraft::Dirty(Section s) const {
  switch (s) {
    case Section::CaseInfo: return CaseInfoDiffers(edit, base);
    case Section::Owner: return edit.owner != base.owner;
    case Section::Convener: return edit.convener != base.convener;
    case Section::Preparation: return edit.preparation != base.preparation;
    case Section::Mapping: return edit.mapping != base.mapping;
    case Section::Invitation: return edit.invitation != base.invitation;
    case Section::PlanFields: return PlanFieldsDiffer(edit.plan, base.plan);
    case Section::Participants: return edit.participants != base.participants;
    case Section::Goals: return edit.plan.goals != base.plan.goals;
    case Section::Interventions: return edit.plan.interventions != base.plan.interventions;
  }
  return false;
}

void CopySection(Case& to, const Case& from, Section s) {
  switch (s) {
    case Section::CaseInfo: CopyCaseInfo(to, from); break;
    case Section::Owner: to.owner = from.owner; break;
    case Section::Convener: to.convener = from.convener; break;
    case Section::Preparation: to.preparation = from.preparation; break;
    case Section::Mapping: to.mapping = from.mapping; break;
    case Section::Invitation: to.invitation = from.invitation; break;
    case Section::PlanFields: CopyPlanFields(to.plan, from.plan); break;
    case Section::Participants: to.participants = from.participants; break;
    case Section::Goals: to.plan.goals = from.plan.goals; break;
    case Section::Interventions: to.plan.interventions = from.plan.interventions; break;
  }
}

void CaseDraft::Reset(Section s) { CopySection(edit, base, s); }

bool CaseDraft::HasUnsavedInput() const {
  for (Section s : kAllSections)
    if (Dirty(s)) return true;
  return !new_representative.name.empty() || !new_consent.given_by.empty() || !refusal_attempts.empty() ||
         !withdraw.consent_id.empty() || !new_participant.name.empty() || !new_participant.organisation.empty() ||
         !new_goal.text.empty() || !new_intervention.what.empty() || !new_actor.actor.empty() ||
         !new_actor.action.empty() || !new_other_plan.note.empty() || !meeting.Empty() ||
         !follow_up.held_on.empty() || !follow_up.new_circumstances.empty() || !closure.where_to_turn.empty() ||
         !new_deviation.description.empty() || !follow_up.next_follow_up_on.empty();
}

CivilDate LocalToday(const UiContext& ctx) {
  return CivilFromUnixMs(ctx.now + static_cast<UnixMs>(ctx.status.local_utc_offset_min) * 60000);
}

bool LoadCase(const UiContext& ctx, CaseDraft& d) {
  const Json r = ctx.handler.Dispatch({{"cmd", "case.get"}, {"case_id", d.case_id}});
  d.loaded_generation = ctx.status.data_generation;
  if (!r.value("ok", false)) {
    d.load_error = r["error"].value("message", "Ärendet kunde inte läsas.");
    return false;
  }
  d.load_error.clear();
  const Json& res = r["result"];
  Case fresh = res["case"].get<Case>();
  const bool first = d.base.id.empty();
  // Sections the user is editing keep their input; the rest follow the stored case.
  std::vector<Section> keep;
  if (!first)
    for (Section s : kAllSections)
      if (d.Dirty(s)) keep.push_back(s);
  Case edit = d.edit;
  d.base = std::move(fresh);
  d.edit = d.base;
  for (Section s : keep) CopySection(d.edit, edit, s);   // the user's version of this section back
  d.warnings = res.value("warnings", Json::array());
  d.child = res.value("child", false);
  d.consent_in_force = res.value("consent_in_force", false);
  d.consent_withdrawn = res.value("consent_withdrawn", false);
  if (d.meeting.held_on.empty() && d.meeting.Empty()) d.meeting.participation = d.base.preparation.participation;
  return true;
}

Json RunCaseCommand(const UiContext& ctx, CaseDraft& d, Panel panel, Json cmd) {
  cmd["case_id"] = d.case_id;
  const Json r = ctx.handler.Dispatch(cmd);
  if (!r.value("ok", false)) {
    d.errors[panel] = r["error"].value("message", "Det gick inte.");
    d.error_codes[panel] = r["error"].value("code", "internal");
    d.notes.erase(panel);
    return nullptr;
  }
  d.errors.erase(panel);
  d.error_codes.erase(panel);
  d.notes[panel] = "Sparat.";
  return r["result"];
}

// Runs `cmd`; on success the section takes the stored values (the user's input is now saved).
static bool SaveSection(const UiContext& ctx, CaseDraft& d, Panel panel, Section s, Json cmd) {
  if (RunCaseCommand(ctx, d, panel, std::move(cmd)).is_null()) return false;
  d.Reset(s);   // so LoadCase does not keep it as unsaved input
  LoadCase(ctx, d);
  return true;
}

bool SaveCaseInfo(const UiContext& ctx, CaseDraft& d) {
  const Case& c = d.edit;
  Json j{{"cmd", "case.update"}, {"noticed_on", c.noticed_on}, {"previous_sip", c.previous_sip},
         {"ready_for_discharge_on", c.ready_for_discharge_on}};
  PutEnum(j, "form", c.form);
  PutEnum(j, "noticed_by", c.noticed_by);
  PutEnum(j, "kind", c.kind);
  PutEnum(j, "level", c.level);
  PutEnum(j, "scenario", c.scenario);
  return SaveSection(ctx, d, Panel::Summary, Section::CaseInfo, j);
}

bool SaveOwner(const UiContext& ctx, CaseDraft& d) {
  const PlanOwner& o = d.edit.owner;
  Json j{{"cmd", "owner.update"}, {"name", o.name}, {"address", o.address}, {"phone", o.phone},
         {"reserve_number", o.reserve_number}};
  if (o.reserve_number) j["birth_date"] = o.birth_date;
  else j["identity_number"] = o.identity_number;
  return SaveSection(ctx, d, Panel::Summary, Section::Owner, j);
}

bool SaveConvener(const UiContext& ctx, CaseDraft& d) {
  const Convener& v = d.edit.convener;
  Json j{{"cmd", "convener.set"}, {"name", v.name}, {"organisation", v.organisation}, {"contact", v.contact},
         {"chair_delegated_to", v.chair_delegated_to}};
  PutEnum(j, "role", v.role);
  if (v.role == StaffRole::Other) j["role_text"] = v.role_text;
  const Json r = RunCaseCommand(ctx, d, Panel::Participants, j);
  if (r.is_null()) return false;
  for (const auto& w : r.value("warnings", Json::array())) d.notes[Panel::Participants] = w.value("message", "");
  d.Reset(Section::Convener);
  LoadCase(ctx, d);
  return true;
}

bool StartPreparation(const UiContext& ctx, CaseDraft& d) {
  if (RunCaseCommand(ctx, d, Panel::Preparation, {{"cmd", "preparation.start"}}).is_null()) return false;
  d.notes[Panel::Preparation] = "Förberedelsen är påbörjad.";
  LoadCase(ctx, d);
  return true;
}

bool SavePreparation(const UiContext& ctx, CaseDraft& d) {
  Json j = d.edit.preparation;
  j["cmd"] = "preparation.update";
  if (j["participation"].is_null()) j.erase("participation");
  return SaveSection(ctx, d, Panel::Preparation, Section::Preparation, j);
}

bool SaveMapping(const UiContext& ctx, CaseDraft& d) {
  // One mapping.update per area that changed.
  for (const MappingEntry& e : d.edit.mapping) {
    const MappingEntry* before = nullptr;
    for (const auto& b : d.base.mapping)
      if (b.area == e.area) before = &b;
    if (before && *before == e) continue;
    if (!before && e.person_view.empty() && e.interventions.empty()) continue;
    Json j{{"cmd", "mapping.update"}, {"area", e.area}, {"person_view", e.person_view}, {"interventions", Json::array()}};
    for (const auto& k : e.interventions)
      if (!k.party.empty() || !k.description.empty())
        j["interventions"].push_back({{"party", k.party}, {"description", k.description}});
    if (RunCaseCommand(ctx, d, Panel::Mapping, j).is_null()) return false;
  }
  d.Reset(Section::Mapping);
  LoadCase(ctx, d);
  return true;
}

bool AddRepresentative(const UiContext& ctx, CaseDraft& d) {
  const Representative& r = d.new_representative;
  Json j{{"cmd", "representative.add"}, {"name", r.name}, {"phone", r.phone}, {"email", r.email}, {"address", r.address}};
  PutEnum(j, "role", r.role);
  if (RunCaseCommand(ctx, d, Panel::Consent, j).is_null()) return false;
  d.new_representative = {};
  LoadCase(ctx, d);
  return true;
}

bool RecordConsent(const UiContext& ctx, CaseDraft& d) {
  const Consent& k = d.new_consent;
  Json j{{"cmd", "consent.record"}, {"given_by", k.given_by}, {"documented_by", k.documented_by},
         {"documented_on", k.documented_on}, {"valid_from", k.valid_from}, {"valid_to", k.valid_to},
         {"covers", k.covers}, {"exclusions", k.exclusions}};
  PutEnum(j, "form", k.form);
  if (RunCaseCommand(ctx, d, Panel::Consent, j).is_null()) return false;
  d.new_consent = {};
  d.notes[Panel::Consent] = "Samtycket är registrerat.";
  LoadCase(ctx, d);
  return true;
}

bool WithdrawConsent(const UiContext& ctx, CaseDraft& d) {
  const WithdrawDraft& w = d.withdraw;
  const Json r = RunCaseCommand(ctx, d, Panel::Consent,
                                {{"cmd", "consent.withdraw"}, {"consent_id", w.consent_id},
                                 {"withdrawn_on", w.withdrawn_on}, {"recorded_by", w.recorded_by}});
  if (r.is_null()) return false;
  d.withdraw = {};
  d.notes[Panel::Consent] = r.value("plan_no_longer_applies", false)
                                ? "Samtycket är återkallat. Planen gäller inte längre – avsluta ärendet."
                                : "Samtycket är återkallat.";
  LoadCase(ctx, d);
  return true;
}

bool RefuseConsent(const UiContext& ctx, CaseDraft& d) {
  Refusal f = d.refusal;
  f.attempts.clear();
  size_t start = 0;
  const std::string& t = d.refusal_attempts;
  while (start <= t.size()) {
    size_t end = t.find('\n', start);
    if (end == std::string::npos) end = t.size();
    if (end > start) f.attempts.push_back(t.substr(start, end - start));
    start = end + 1;
  }
  Json j{{"cmd", "consent.refuse"}, {"refused_on", f.refused_on}, {"refused_by", f.refused_by},
         {"attempts", f.attempts}, {"documented_by", f.documented_by}};
  if (RunCaseCommand(ctx, d, Panel::Consent, j).is_null()) return false;
  d.refusal = {};
  d.refusal_attempts.clear();
  d.notes[Panel::Consent] = "Samtycket är nekat. Ärendet är avslutat utan SIP.";
  LoadCase(ctx, d);
  return true;
}

static Json ParticipantJson(const Participant& p) {
  Json j{{"name", p.name}, {"organisation", p.organisation}, {"contact", p.contact}, {"status", p.status},
         {"substitute", p.substitute}};
  PutEnum(j, "huvudman", p.huvudman);
  PutEnum(j, "role", p.role);
  if (p.role == StaffRole::Other) j["role_text"] = p.role_text;
  return j;
}

bool AddParticipant(const UiContext& ctx, CaseDraft& d) {
  Json j = ParticipantJson(d.new_participant);
  j["cmd"] = "participant.add";
  if (RunCaseCommand(ctx, d, Panel::Participants, j).is_null()) return false;
  d.new_participant = {};
  d.notes[Panel::Participants] = "Deltagaren är tillagd.";
  LoadCase(ctx, d);
  return true;
}

bool SaveParticipants(const UiContext& ctx, CaseDraft& d) {
  for (const Participant& p : d.edit.participants) {
    const Participant* before = nullptr;
    for (const auto& b : d.base.participants)
      if (b.id == p.id) before = &b;
    if (!before || *before == p) continue;
    Json j = ParticipantJson(p);
    j["cmd"] = "participant.update";
    j["participant_id"] = p.id;
    if (RunCaseCommand(ctx, d, Panel::Participants, j).is_null()) return false;
  }
  d.Reset(Section::Participants);
  LoadCase(ctx, d);
  return true;
}

bool SaveInvitation(const UiContext& ctx, CaseDraft& d) {
  const Invitation& v = d.edit.invitation;
  return SaveSection(ctx, d, Panel::Invitation, Section::Invitation,
                     {{"cmd", "invitation.update"}, {"purpose", v.purpose}, {"questions", v.questions},
                      {"meeting_at", v.meeting_at}, {"place", v.place}, {"invitees", v.invitees}});
}

bool SendInvitation(const UiContext& ctx, CaseDraft& d) {
  if (d.Dirty(Section::Invitation) && !SaveInvitation(ctx, d)) return false;
  const Json r = RunCaseCommand(ctx, d, Panel::Invitation, {{"cmd", "invitation.send"}, {"sent_on", d.sent_on}});
  if (r.is_null()) return false;
  d.sent_on.clear();
  d.notes[Panel::Invitation] = r.value("consent_obtained", false) ? "Inbjudan är skickad (samtycke finns)."
                                                                  : "Inbjudan är skickad.";
  LoadCase(ctx, d);
  return true;
}

bool RecordMeeting(const UiContext& ctx, CaseDraft& d) {
  const MeetingDraft& m = d.meeting;
  Json att = Json::array();
  for (const auto& [id, a] : m.attendance)
    if (a != Attendance::Unknown) att.push_back({{"participant_id", id}, {"attendance", a}});
  Json j{{"cmd", "meeting.record"}, {"held_on", m.held_on}, {"leader", m.leader}, {"documenter", m.documenter},
         {"notes", m.notes}, {"attendance", att}};
  PutEnum(j, "participation", m.participation);
  if (m.participation == ParticipationMode::NotAtAll) j["participation_reason"] = m.participation_reason;
  if (!m.agenda.empty()) {
    Json agenda = Json::array();
    for (const auto& ph : m.agenda)
      agenda.push_back({{"name", ph.name}, {"planned_minutes", ph.planned_minutes}, {"used_minutes", ph.used_minutes}});
    j["agenda"] = agenda;
  }
  const Json r = RunCaseCommand(ctx, d, Panel::Meeting, j);
  if (r.is_null()) return false;
  d.proposed_deviations.clear();
  for (const auto& p : r.value("proposed_deviations", Json::array()))
    if (!p.value("participant_id", "").empty()) d.proposed_deviations.push_back(p.value("participant_id", ""));
  d.meeting = {};
  d.notes[Panel::Meeting] = "Mötet är registrerat.";
  LoadCase(ctx, d);
  return true;
}

bool AddGoal(const UiContext& ctx, CaseDraft& d) {
  const Goal& g = d.new_goal;
  Json j{{"cmd", "goal.add"}, {"text", g.text}, {"persons_own_words", g.persons_own_words}};
  if (!g.parent_id.empty()) j["parent_id"] = g.parent_id;
  if (RunCaseCommand(ctx, d, Panel::Plan, j).is_null()) return false;
  d.new_goal = {};
  LoadCase(ctx, d);
  return true;
}

static Json InterventionJson(const Intervention& i) {
  return {{"what", i.what},         {"responsible", i.responsible}, {"start_date", i.start_date},
          {"frequency", i.frequency}, {"place", i.place},           {"goal_id", i.goal_id},
          {"status", i.status},     {"home_care_commitment", i.home_care_commitment}};
}

bool AddIntervention(const UiContext& ctx, CaseDraft& d) {
  Json j = InterventionJson(d.new_intervention);
  j["cmd"] = "intervention.add";
  if (RunCaseCommand(ctx, d, Panel::Plan, j).is_null()) return false;
  d.new_intervention = {};
  LoadCase(ctx, d);
  return true;
}

bool SavePlan(const UiContext& ctx, CaseDraft& d) {
  for (const Goal& g : d.edit.plan.goals) {
    const Goal* before = FindGoal(d.base.plan, g.id);
    if (!before || *before == g) continue;
    Json j{{"cmd", "goal.update"}, {"goal_id", g.id}, {"text", g.text}, {"persons_own_words", g.persons_own_words},
           {"status", g.status}, {"parent_id", g.parent_id}};
    if (RunCaseCommand(ctx, d, Panel::Plan, j).is_null()) return false;
  }
  for (const Intervention& i : d.edit.plan.interventions) {
    const Intervention* before = nullptr;
    for (const auto& b : d.base.plan.interventions)
      if (b.id == i.id) before = &b;
    if (!before || *before == i) continue;
    Json j = InterventionJson(i);
    j["cmd"] = "intervention.update";
    j["intervention_id"] = i.id;
    if (RunCaseCommand(ctx, d, Panel::Plan, j).is_null()) return false;
  }
  if (d.Dirty(Section::PlanFields)) {
    const Plan& p = d.edit.plan;
    if (RunCaseCommand(ctx, d, Panel::Plan,
                       {{"cmd", "plan.update"}, {"coordinator", p.coordinator}, {"child_perspective", p.child_perspective},
                        {"follow_up_on", p.follow_up_on}, {"follow_up_owner", p.follow_up_owner},
                        {"what_to_follow_up", p.what_to_follow_up}, {"handed_to_person_on", p.handed_to_person_on}})
            .is_null())
      return false;
  }
  d.Reset(Section::Goals);
  d.Reset(Section::Interventions);
  d.Reset(Section::PlanFields);
  LoadCase(ctx, d);
  return true;
}

bool AddOtherActor(const UiContext& ctx, CaseDraft& d) {
  if (RunCaseCommand(ctx, d, Panel::Plan,
                     {{"cmd", "other_actor.add"}, {"actor", d.new_actor.actor}, {"action", d.new_actor.action}})
          .is_null())
    return false;
  d.new_actor = {};
  LoadCase(ctx, d);
  return true;
}

bool AddOtherPlan(const UiContext& ctx, CaseDraft& d) {
  Json j{{"cmd", "other_plan.add"}, {"note", d.new_other_plan.note}};
  PutEnum(j, "kind", d.new_other_plan.kind);
  if (RunCaseCommand(ctx, d, Panel::Plan, j).is_null()) return false;
  d.new_other_plan = {};
  LoadCase(ctx, d);
  return true;
}

bool OpenPaper(const UiContext& ctx, CaseDraft& d, Panel panel, const char* doc, int version) {
  const FileHooks* files = ctx.files;
  if (!files || (!files->open_page && !files->download)) {
    d.errors[panel] = std::string(ErrorMessage(Errc::PageCannotOpen));
    d.error_codes[panel] = std::string(ErrorCode(Errc::PageCannotOpen));
    d.notes.erase(panel);
    return false;
  }
  Json cmd{{"cmd", "case.paper"}, {"doc", doc}};
  if (version > 0) cmd["version"] = version;
  const Json r = RunCaseCommand(ctx, d, panel, cmd);   // reads only: nothing is saved
  if (r.is_null()) return false;
  const std::string html = r.value("html", ""), name = r.value("file_name", "");
  if (files->open_page && files->open_page(name, html)) {
    d.notes[panel] = "Dokumentet är öppnat i en ny flik: skriv ut det eller spara det som PDF där.";
  } else if (files->download) {
    files->download(name, "text/html", std::vector<uint8_t>(html.begin(), html.end()));
    d.notes[panel] = "Webbläsaren öppnade ingen ny flik; dokumentet är sparat som fil (" + name + ").";
  } else {
    d.errors[panel] = std::string(ErrorMessage(Errc::PopupBlocked));
    d.error_codes[panel] = std::string(ErrorCode(Errc::PopupBlocked));
    d.notes.erase(panel);
    return false;
  }
  return true;
}

bool RecordHandedOver(const UiContext& ctx, CaseDraft& d, const std::string& date) {
  if (RunCaseCommand(ctx, d, Panel::Plan, {{"cmd", "plan.update"}, {"handed_to_person_on", date}}).is_null()) return false;
  d.base.plan.handed_to_person_on = date;   // LoadCase keeps the rest of the plan's input as a draft
  d.edit.plan.handed_to_person_on = date;
  LoadCase(ctx, d);
  d.notes[Panel::Plan] = "Sparat: planen lämnad till den enskilde " + date + ".";
  return true;
}

bool EstablishPlan(const UiContext& ctx, CaseDraft& d) {
  // Unsaved plan input is saved first: what the user sees is what gets established.
  if ((d.Dirty(Section::Goals) || d.Dirty(Section::Interventions) || d.Dirty(Section::PlanFields)) && !SavePlan(ctx, d))
    return false;
  const Json r = RunCaseCommand(ctx, d, Panel::Plan, {{"cmd", "plan.establish"}, {"established_on", d.established_on}});
  if (r.is_null()) return false;
  d.established_on.clear();
  d.notes[Panel::Plan] = "Planen är fastställd (version " + std::to_string(r.value("version", 0)) + ").";
  LoadCase(ctx, d);
  return true;
}

bool RecordFollowUp(const UiContext& ctx, CaseDraft& d) {
  const FollowUp& f = d.follow_up;
  Json goals = Json::array(), interventions = Json::array();
  for (const auto& g : f.goals) goals.push_back({{"goal_id", g.goal_id}, {"result", g.result}, {"comment", g.comment}});
  for (const auto& i : f.interventions)
    interventions.push_back({{"intervention_id", i.intervention_id}, {"delivered", i.delivered}, {"effect", i.effect}});
  Json j{{"cmd", "followup.record"}, {"held_on", f.held_on}, {"goals", goals}, {"interventions", interventions},
         {"new_circumstances", f.new_circumstances}};
  PutEnum(j, "decision", f.decision);
  if (f.decision != FollowUpDecision::Close) {
    j["next_follow_up_on"] = f.next_follow_up_on;
    j["next_follow_up_owner"] = f.next_follow_up_owner;
  }
  const Json r = RunCaseCommand(ctx, d, Panel::FollowUp, j);
  if (r.is_null()) return false;
  d.proposed_deviations.clear();
  for (const auto& p : r.value("proposed_deviations", Json::array()))
    if (!p.value("participant_id", "").empty()) d.proposed_deviations.push_back(p.value("participant_id", ""));
  d.follow_up = {};
  d.notes[Panel::FollowUp] = "Uppföljningen är registrerad.";
  LoadCase(ctx, d);
  return true;
}

bool CloseCase(const UiContext& ctx, CaseDraft& d) {
  const Closure& c = d.closure;
  Json j{{"cmd", "case.close"}, {"closed_on", c.closed_on}, {"participants_informed", c.participants_informed},
         {"informed_on", c.informed_on}, {"where_to_turn", c.where_to_turn}};
  PutEnum(j, "reason", c.reason);
  if (RunCaseCommand(ctx, d, Panel::Closure, j).is_null()) return false;
  d.closure = {};
  d.notes[Panel::Closure] = "Ärendet är avslutat.";
  LoadCase(ctx, d);
  return true;
}

bool ReportDeviation(const UiContext& ctx, CaseDraft& d) {
  const Deviation& v = d.new_deviation;
  Json j{{"cmd", "deviation.report"}, {"description", v.description}, {"occurred_on", v.occurred_on},
         {"reported_by", v.reported_by}, {"temporary_responsibility", v.temporary_responsibility}};
  PutEnum(j, "kind", v.kind);
  if (!v.participant_id.empty()) j["participant_id"] = v.participant_id;
  if (!v.intervention_id.empty()) j["intervention_id"] = v.intervention_id;
  if (!v.proposal_id.empty()) j["proposal_id"] = v.proposal_id;
  if (RunCaseCommand(ctx, d, Panel::Deviations, j).is_null()) return false;
  d.new_deviation = {};
  d.notes[Panel::Deviations] = "Avvikelsen är rapporterad.";
  LoadCase(ctx, d);
  return true;
}

bool ConfirmProposal(const UiContext& ctx, CaseDraft& d, const std::string& proposal_id) {
  for (const auto& p : d.base.deviation_proposals) {
    if (p.id != proposal_id) continue;
    d.new_deviation.kind = DeviationKind::GuidelineNotFollowed;
    d.new_deviation.proposal_id = p.id;
    d.new_deviation.occurred_on = p.occurred_on;
    if (d.new_deviation.description.empty())
      d.new_deviation.description = std::string(p.rule == GuidelineRule::MeetingWithin21Days
                                                    ? "SIP-mötet hölls senare än 3 veckor efter att behovet upptäcktes"
                                                    : "Kallelsen skickades senare än 3 dagar efter utskrivningsklar") +
                                    " (" + std::to_string(p.days_late) + " dagar för sent).";
    return ReportDeviation(ctx, d);
  }
  return false;
}

bool DismissProposal(const UiContext& ctx, CaseDraft& d, const std::string& proposal_id) {
  const Json r = RunCaseCommand(ctx, d, Panel::Deviations,
                                {{"cmd", "deviation.dismiss"}, {"proposal_id", proposal_id},
                                 {"reason", d.dismiss_reason[proposal_id]}, {"dismissed_by", d.new_deviation.reported_by}});
  if (r.is_null()) return false;
  d.dismiss_reason.erase(proposal_id);
  d.notes[Panel::Deviations] = "Förslaget är avfärdat; förseningen står kvar i ärendets historik.";
  LoadCase(ctx, d);
  return true;
}

bool MarkChecklist(const UiContext& ctx, CaseDraft& d, ChecklistItem item, bool done) {
  const int i = static_cast<int>(item);
  const CivilDate today = LocalToday(ctx);
  Json j{{"cmd", "checklist.mark"}, {"item", Json(item)}, {"done_on", done ? FormatDate(today) : ""},
         {"done_by", done ? d.checklist_by[i] : ""}};
  if (RunCaseCommand(ctx, d, Panel::Checklist, j).is_null()) return false;
  LoadCase(ctx, d);
  return true;
}

bool SavePanel(const UiContext& ctx, CaseDraft& d, Panel panel) {
  switch (panel) {
    case Panel::Summary: {
      bool ok = true;
      if (d.Dirty(Section::CaseInfo)) ok = SaveCaseInfo(ctx, d) && ok;
      if (ok && d.Dirty(Section::Owner)) ok = SaveOwner(ctx, d);
      return ok;
    }
    case Panel::Preparation: return !d.Dirty(Section::Preparation) || SavePreparation(ctx, d);
    case Panel::Mapping: return !d.Dirty(Section::Mapping) || SaveMapping(ctx, d);
    case Panel::Participants: {
      bool ok = true;
      if (d.Dirty(Section::Convener)) ok = SaveConvener(ctx, d);
      if (ok && d.Dirty(Section::Participants)) ok = SaveParticipants(ctx, d);
      return ok;
    }
    case Panel::Invitation: return !d.Dirty(Section::Invitation) || SaveInvitation(ctx, d);
    case Panel::Plan:
      return !(d.Dirty(Section::Goals) || d.Dirty(Section::Interventions) || d.Dirty(Section::PlanFields)) ||
             SavePlan(ctx, d);
    default: return true;
  }
}

}  // namespace sip::ui
