// sipcore/case_commands_people.cpp — the case, the plan owner, representatives, consent, convener and participants (see case_command_support.h).
#include "core/case_command_support.h"

#include <algorithm>

namespace sip::case_cmd {

Result<Json> CaseCreate(Ctx& x) {
  SIP_TRY(ReadCaseFields(x.a, x.c));
  SIP_TRY(x.a.Object("owner", [&](Args& o) { return ReadOwner(o, x.c.owner, x.cc.today); }, true));
  if (x.c.noticed_on.empty()) return Error{Errc::InvalidArgument, "noticed_on"};
  if (x.c.form == CollaborationForm::Unknown) x.c.form = CollaborationForm::Sip;
  if (x.c.kind == SipKind::Unknown) x.c.kind = SipKind::New;
  if (x.c.level == CoordinationLevel::Unknown) x.c.level = CoordinationLevel::Sip;
  if (x.c.noticed_by == NoticedBy::Unknown) return Error{Errc::InvalidArgument, "noticed_by"};
  // At discharge from inpatient care the hospital's named contact convenes (seeds 001 and 004 §4.1.2).
  if (x.c.scenario == ConveningScenario::Unknown && !x.c.ready_for_discharge_on.empty())
    x.c.scenario = ConveningScenario::RegionConvenes;
  if (x.c.scenario == ConveningScenario::Unknown)
    x.c.scenario = x.c.noticed_by == NoticedBy::HomeCare ? ConveningScenario::HomeCareDetects
                   : x.c.noticed_by == NoticedBy::RegionalHealthCare ? ConveningScenario::RegionConvenes
                   : x.c.noticed_by == NoticedBy::MunicipalHealthCare ? ConveningScenario::MunicipalHealthConvenes
                                                                       : ConveningScenario::SocialServicesConvenes;
  for (int i = 0; i < kChecklistCount; ++i) x.c.checklist.push_back({static_cast<ChecklistItem>(i), "", ""});
  x.c.meeting.agenda = DefaultAgenda();
  return Json{{"case_id", x.c.id}};
}

Result<Json> CaseUpdate(Ctx& x) {
  const CollaborationForm form = x.c.form;
  const std::string discharge = x.c.ready_for_discharge_on;
  const ConveningScenario scenario = x.c.scenario;
  SIP_TRY(ReadCaseFields(x.a, x.c));
  if (x.c.noticed_on.empty()) return Error{Errc::InvalidArgument, "noticed_on"};
  // The convener already recorded must still be the one the law or the routine names.
  if (form != x.c.form || discharge != x.c.ready_for_discharge_on) SIP_TRY(CheckConvener(x.c));
  if (form != x.c.form || discharge != x.c.ready_for_discharge_on || scenario != x.c.scenario)
    return Json{{"warnings", WarningsOf(x, {kConvenerNotPerRoutine})}};
  return Json::object();
}

Result<Json> OwnerUpdate(Ctx& x) {
  SIP_TRY(ReadOwner(x.a, x.c.owner, x.cc.today));
  return Json::object();
}

Result<Json> RepresentativeAdd(Ctx& x) {
  Representative r;
  SIP_TRY(x.a.Enum("role", &r.role, true));
  SIP_TRY(x.a.Str("name", &r.name, true, kMaxShort));
  SIP_TRY(x.a.Str("phone", &r.phone, false, kMaxShort));
  SIP_TRY(x.a.Str("email", &r.email, false, kMaxShort));
  SIP_TRY(x.a.Str("address", &r.address, false, kMaxShort));
  if (r.role == RepresentativeRole::Guardian) {
    const auto guardians = std::count_if(x.c.representatives.begin(), x.c.representatives.end(),
                                         [](const Representative& e) { return e.role == RepresentativeRole::Guardian; });
    if (guardians >= 2) return Error{Errc::InvalidArgument, "a child has at most two guardians"};
  }
  r.id = x.NewId("r");
  x.c.representatives.push_back(r);
  return Json{{"representative_id", r.id}};
}

Result<Json> RepresentativeRemove(Ctx& x) {
  std::string id;
  SIP_TRY(x.a.Str("representative_id", &id, true, kMaxShort));
  auto& v = x.c.representatives;
  auto it = std::find_if(v.begin(), v.end(), [&](const Representative& r) { return r.id == id; });
  if (it == v.end()) return Error{Errc::UnknownReference, "representative_id"};
  for (const auto& k : x.c.consents)
    if (k.given_by == id) return Error{Errc::InvalidArgument, "representative gave a consent; withdraw it instead"};
  v.erase(it);
  return Json::object();
}

Result<Json> ConsentRecord(Ctx& x) {
  Consent k;
  SIP_TRY(x.a.Str("given_by", &k.given_by, true, kMaxShort));
  SIP_TRY(x.a.Enum("form", &k.form, true));
  SIP_TRY(x.a.Str("documented_by", &k.documented_by, false, kMaxShort));
  SIP_TRY(x.a.Date("documented_on", &k.documented_on));
  SIP_TRY(x.a.Date("valid_from", &k.valid_from, true));
  SIP_TRY(x.a.Date("valid_to", &k.valid_to));
  SIP_TRY(x.a.StrList("covers", &k.covers, kMaxShort));
  SIP_TRY(x.a.StrList("exclusions", &k.exclusions));
  // An oral consent is only as good as its documentation: who and when.
  if (k.form == ConsentForm::Oral && (k.documented_by.empty() || k.documented_on.empty()))
    return Error{Errc::ConsentIncomplete, "oral consent needs documented_by and documented_on"};
  if (!k.valid_to.empty() && k.valid_to < k.valid_from) return Error{Errc::InvalidDate, "valid_to before valid_from"};
  const bool child = IsChild(x.c, x.cc.today);
  if (k.given_by == "person") {
    if (child) return Error{Errc::ConsentNotAllowed, "a child's guardians consent"};
  } else {
    const Representative* r = FindRepresentative(x.c, k.given_by);
    if (!r) return Error{Errc::UnknownReference, "given_by"};
    if (!MayConsent(r->role, child)) return Error{Errc::ConsentNotAllowed, Json(r->role).get<std::string>()};
  }
  k.id = x.NewId("k");
  x.c.consents.push_back(k);
  return Json{{"consent_id", k.id}};
}

Result<Json> ConsentWithdraw(Ctx& x) {
  std::string id, on, by;
  SIP_TRY(x.a.Str("consent_id", &id, true, kMaxShort));
  SIP_TRY(x.a.Date("withdrawn_on", &on, true));
  SIP_TRY(x.a.Str("recorded_by", &by, true, kMaxShort));
  // A withdrawal takes effect when it is recorded: one dated after today cannot be recorded yet.
  if (DaysFromCivil(*ParseDate(on)) > DaysFromCivil(x.cc.today)) return Error{Errc::InvalidDate, "withdrawn_on after today"};
  Consent* k = FindById(x.c.consents, id);
  if (!k) return Error{Errc::UnknownReference, "consent_id"};
  if (!k->withdrawn_on.empty()) return Error{Errc::InvalidArgument, "already withdrawn"};
  k->withdrawn_on = on;
  k->withdrawal_recorded_by = by;
  return Json{{"plan_no_longer_applies", ConsentWithdrawnForGood(x.c, x.cc.today)}};
}

Result<Json> ConsentRefuse(Ctx& x) {
  SIP_TRY(NeedStep(x.c, {Step::NeedDetected, Step::Preparation}));
  Refusal f;
  SIP_TRY(x.a.Date("refused_on", &f.refused_on, true));
  SIP_TRY(x.a.Str("refused_by", &f.refused_by, true, kMaxShort));
  SIP_TRY(x.a.StrList("attempts", &f.attempts));
  SIP_TRY(x.a.Str("documented_by", &f.documented_by, true, kMaxShort));
  if (f.attempts.empty()) return Error{Errc::InvalidArgument, "attempts"};   // the attempts to motivate
  // Only someone who could have consented can refuse (seed 004 §4.3): the person (an adult), a
  // representative who may consent for them, or a child's guardian.
  const bool child = IsChild(x.c, x.cc.today);
  if (f.refused_by == "person") {
    if (child) return Error{Errc::ConsentNotAllowed, "a child's guardians decide"};
  } else {
    const Representative* r = FindRepresentative(x.c, f.refused_by);
    if (!r) return Error{Errc::UnknownReference, "refused_by"};
    if (!MayConsent(r->role, child)) return Error{Errc::ConsentNotAllowed, Json(r->role).get<std::string>()};
  }
  if (CheckConsent(x.c, x.cc.today)) return Error{Errc::ConsentAlreadyGiven, {}};
  x.c.refusal = f;
  x.c.closure = Closure{ClosureReason::ConsentRefused, f.refused_on, false, "", ""};
  x.MoveTo(Step::Closed);
  return Json::object();
}

Result<Json> ConvenerSet(Ctx& x) {
  Convener v = x.c.convener;
  SIP_TRY(x.a.Str("name", &v.name, false, kMaxShort));
  SIP_TRY(x.a.Str("organisation", &v.organisation, false, kMaxShort));
  SIP_TRY(x.a.Enum("role", &v.role));
  if (x.a.Has("role") && v.role != StaffRole::Other) v.role_text.clear();
  SIP_TRY(x.a.Str("role_text", &v.role_text, false, kMaxShort));
  SIP_TRY(x.a.Str("contact", &v.contact, false, kMaxShort));
  SIP_TRY(x.a.Str("chair_delegated_to", &v.chair_delegated_to, false, kMaxShort));
  if (v.name.empty() && v.organisation.empty()) return Error{Errc::InvalidArgument, "name"};
  // Who convenes is a role from the list (an older free-text role loads as other + role_text).
  if (v.role == StaffRole::Unknown) return Error{Errc::InvalidArgument, "role"};
  if (v.role == StaffRole::Other && v.role_text.empty()) return Error{Errc::InvalidArgument, "role_text"};
  if (v.role != StaffRole::Other && !v.role_text.empty()) return Error{Errc::InvalidArgument, "role_text: only with role other"};
  Case next = x.c;
  next.convener = v;
  SIP_TRY(CheckConvener(next));
  x.c.convener = v;
  return Json{{"warnings", WarningsOf(x, {kConvenerNotPerRoutine})}};
}

Result<Json> ParticipantAdd(Ctx& x) {
  Participant p;
  SIP_TRY(ReadParticipantFields(x.a, p));
  p.id = x.NewId("p");
  x.c.participants.push_back(p);
  return Json{{"participant_id", p.id}};
}

Result<Json> ParticipantUpdate(Ctx& x) {
  std::string id;
  SIP_TRY(x.a.Str("participant_id", &id, true, kMaxShort));
  Participant* p = FindById(x.c.participants, id);
  if (!p) return Error{Errc::UnknownReference, "participant_id"};
  Participant copy = *p;
  SIP_TRY(ReadParticipantFields(x.a, copy));
  *p = copy;
  return Json::object();
}

}  // namespace sip::case_cmd
