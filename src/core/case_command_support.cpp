// sipcore/case_command_support.cpp — the readers and checks the case commands share (see case_command_support.h).
#include "core/case_command_support.h"

#include <algorithm>

namespace sip::case_cmd {

Result<void> NeedParticipant(const Case& c, const std::string& id, const char* what) {
  if (!FindParticipant(c, id)) return Error{Errc::UnknownReference, std::string(what)};
  return {};
}

Result<void> NeedStep(const Case& c, std::initializer_list<Step> allowed) {
  for (Step s : allowed)
    if (c.step == s) return {};
  return Error{Errc::WrongStep, Json(c.step).get<std::string>()};
}

// Owner fields, shared by case.create and owner.update. The identity number is normalised and the birth
// date derived from it; a reserve identity needs a birth date instead.
Result<void> ReadOwner(Args& a, PlanOwner& o, CivilDate today) {
  SIP_TRY(a.Str("name", &o.name, false, kMaxShort));
  SIP_TRY(a.Str("address", &o.address, false, kMaxShort));
  SIP_TRY(a.Str("phone", &o.phone, false, kMaxShort));
  SIP_TRY(a.Bool("reserve_number", &o.reserve_number));
  std::string number = o.identity_number;
  SIP_TRY(a.Str("identity_number", &number, false, 20));
  std::string birth = o.birth_date;
  SIP_TRY(a.Date("birth_date", &birth));
  if (o.name.empty()) return Error{Errc::OwnerIncomplete, "name"};
  if (o.reserve_number) {
    o.identity_number.clear();
    auto d = ParseDate(birth);
    if (!d) return Error{Errc::OwnerIncomplete, "birth_date"};
    if (auto r = MakeReserveIdentity(o.name, *d, today); !r) return r.error();
    o.birth_date = birth;
  } else {
    auto id = ParseIdentityNumber(number, today);
    if (!id) return number.empty() ? Error{Errc::OwnerIncomplete, "identity_number"} : id.error();
    o.identity_number = id->normalized;
    o.birth_date = FormatDate(id->birth_date);
  }
  return {};
}

Result<void> ReadCaseFields(Args& a, Case& c) {
  SIP_TRY(a.Enum("form", &c.form));
  SIP_TRY(a.Enum("noticed_by", &c.noticed_by));
  SIP_TRY(a.Date("noticed_on", &c.noticed_on));
  SIP_TRY(a.Enum("kind", &c.kind));
  SIP_TRY(a.Str("previous_sip", &c.previous_sip, false, kMaxShort));
  SIP_TRY(a.Date("ready_for_discharge_on", &c.ready_for_discharge_on));
  SIP_TRY(a.Enum("level", &c.level));
  SIP_TRY(a.Enum("scenario", &c.scenario));
  return {};
}

Result<void> ReadParticipantFields(Args& a, Participant& p) {
  SIP_TRY(a.Str("name", &p.name, false, kMaxShort));
  SIP_TRY(a.Str("organisation", &p.organisation, false, kMaxShort));
  SIP_TRY(a.Enum("huvudman", &p.huvudman));
  SIP_TRY(a.Enum("role", &p.role));
  if (a.Has("role") && p.role != StaffRole::Other) p.role_text.clear();
  SIP_TRY(a.Str("role_text", &p.role_text, false, kMaxShort));
  SIP_TRY(a.Str("contact", &p.contact, false, kMaxShort));
  SIP_TRY(a.Enum("status", &p.status));
  SIP_TRY(a.Str("substitute", &p.substitute, false, kMaxShort));
  if (p.name.empty() && p.organisation.empty()) return Error{Errc::InvalidArgument, "name"};
  // A role is optional for a participant (relatives, organisations), but when given it comes from the list.
  if (p.role == StaffRole::Other && p.role_text.empty()) return Error{Errc::InvalidArgument, "role_text"};
  if (p.role != StaffRole::Other && !p.role_text.empty()) return Error{Errc::InvalidArgument, "role_text: only with role other"};
  if (p.status == ParticipantStatus::Substitute && p.substitute.empty()) return Error{Errc::InvalidArgument, "substitute"};
  return {};
}

Result<void> ReadGoalFields(Ctx& x, Goal& g) {
  SIP_TRY(x.a.Str("text", &g.text));
  SIP_TRY(x.a.Str("parent_id", &g.parent_id, false, kMaxShort));
  SIP_TRY(x.a.Bool("persons_own_words", &g.persons_own_words));
  SIP_TRY(x.a.Enum("status", &g.status));
  if (g.text.empty()) return Error{Errc::InvalidArgument, "text"};
  if (!g.parent_id.empty()) {
    const Goal* parent = FindGoal(x.c.plan, g.parent_id);
    if (!parent || !parent->parent_id.empty() || parent->id == g.id) return Error{Errc::UnknownReference, "parent_id"};
    // Two levels only: a main goal that has sub-goals cannot itself become a sub-goal.
    if (!g.id.empty() && std::any_of(x.c.plan.goals.begin(), x.c.plan.goals.end(),
                                     [&](const Goal& e) { return e.parent_id == g.id; }))
      return Error{Errc::InvalidArgument, "parent_id: the goal has sub-goals"};
  }
  return {};
}

Result<void> ReadInterventionFields(Ctx& x, Intervention& i) {
  SIP_TRY(x.a.Str("what", &i.what));
  SIP_TRY(x.a.Str("responsible", &i.responsible, false, kMaxShort));
  SIP_TRY(x.a.Date("start_date", &i.start_date));
  SIP_TRY(x.a.Str("frequency", &i.frequency, false, kMaxShort));
  SIP_TRY(x.a.Str("place", &i.place, false, kMaxShort));
  SIP_TRY(x.a.Str("goal_id", &i.goal_id, false, kMaxShort));
  SIP_TRY(x.a.Enum("status", &i.status));
  SIP_TRY(x.a.Bool("home_care_commitment", &i.home_care_commitment));
  if (i.what.empty()) return Error{Errc::InvalidArgument, "what"};
  SIP_TRY(NeedParticipant(x.c, i.responsible, "responsible"));
  if (!i.goal_id.empty() && !FindGoal(x.c.plan, i.goal_id)) return Error{Errc::UnknownReference, "goal_id"};
  return {};
}

// Days from `from` to `to` (both strict dates), or nullopt.
std::optional<int64_t> DaysBetween(const std::string& from, const std::string& to) {
  auto a = ParseDate(from), b = ParseDate(to);
  if (!a || !b) return std::nullopt;
  return DaysFromCivil(*b) - DaysFromCivil(*a);
}

// Warnings with these codes for the case as the command leaves it (the ones it may just have caused).
Json WarningsOf(const Ctx& x, std::initializer_list<std::string_view> codes) {
  Json out = Json::array();
  for (const auto& w : ComputeWarnings(x.c, x.cc.today))
    for (auto code : codes)
      if (w.code == code) out.push_back(w);
  return out;
}

// A proposed deviation, in the form deviation.report accepts as it stands (reported_by is the device's
// staff member, when known).
Json Proposal(const Ctx& x, DeviationKind kind, const std::string& occurred_on, std::string description) {
  Json p{{"kind", kind}, {"occurred_on", occurred_on}, {"description", std::move(description)}};
  if (!x.cc.actor.empty()) p["reported_by"] = x.cc.actor;
  return p;
}

// Records a guideline_not_followed proposal when `days` exceed `limit`; returns it for the result, or null.
Json ProposeLateness(Ctx& x, GuidelineRule rule, const std::string& start, const std::string& on, int limit) {
  const auto days = DaysBetween(start, on);
  if (!days || *days <= limit) return Json();
  DeviationProposal p;
  p.id = x.NewId("dp");
  p.rule = rule;
  p.deadline = FormatDate(CivilFromDays(DaysFromCivil(*ParseDate(start)) + limit));
  p.occurred_on = on;
  p.days_late = static_cast<int>(*days - limit);
  x.c.deviation_proposals.push_back(p);
  const std::string text =
      rule == GuidelineRule::MeetingWithin21Days
          ? "SIP-mötet hölls " + std::to_string(*days) + " dagar efter att behovet upptäcktes (riktlinjen: inom tre veckor)."
          : "Kallelsen skickades " + std::to_string(*days) +
                " dagar efter beskedet om utskrivningsklar (riktlinjen: senast tre dagar efter).";
  Json j = Proposal(x, DeviationKind::GuidelineNotFollowed, on, text);
  j["proposal_id"] = p.id;
  return j;
}

}  // namespace sip::case_cmd
