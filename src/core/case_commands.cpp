#include "core/case_commands.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "core/deadlines.h"
#include "core/identity.h"
#include "core/rules.h"
#include "core/settings.h"

namespace sip {
namespace {

constexpr size_t kMaxText = 4000;     // one free-text field, bytes of UTF-8
constexpr size_t kMaxShort = 200;     // names, organisations, roles, contacts
constexpr size_t kMaxList = 100;      // entries in one list argument

// ---------------------------------------------------------------------------------------------------------
// Args: strict reading of a command's arguments. Every read marks the key as known; Finish() refuses any
// key that no read asked for (a typo must not be silently ignored).
// ---------------------------------------------------------------------------------------------------------
class Args {
 public:
  explicit Args(const Json& j) : j_(j) { known_.insert("case_id"); }

  bool Has(const char* k) {
    known_.insert(k);
    auto it = j_.find(k);
    return it != j_.end() && !it->is_null();
  }

  Result<void> Str(const char* k, std::string* out, bool required = false, size_t max = kMaxText) {
    if (!Has(k)) return required ? Result<void>(Errc::InvalidArgument, k) : Result<void>();
    const Json& v = j_[k];
    if (!v.is_string()) return Error{Errc::InvalidArgument, k};
    std::string s = v.get<std::string>();
    if (s.size() > max || !IsCleanUtf8Text(s)) return Error{Errc::InvalidArgument, k};
    if (required && s.empty()) return Error{Errc::InvalidArgument, k};
    *out = std::move(s);
    return {};
  }

  // Over-long text is not a date either: invalid_date, like any other malformed date.
  Result<void> Date(const char* k, std::string* out, bool required = false) {
    std::string s;
    SIP_TRY(Str(k, &s, required, kMaxShort));
    if (!Has(k)) return {};
    if (!s.empty() && !ParseDate(s)) return Error{Errc::InvalidDate, k};
    *out = std::move(s);
    return {};
  }

  Result<void> DateTime(const char* k, std::string* out, bool required = false) {
    std::string s;
    SIP_TRY(Str(k, &s, required, kMaxShort));
    if (!Has(k)) return {};
    if (!s.empty() && !ParseDateTime(s)) return Error{Errc::InvalidDate, k};
    *out = std::move(s);
    return {};
  }

  template <class E>
  Result<void> Enum(const char* k, E* out, bool required = false) {
    if (!Has(k)) return required ? Result<void>(Errc::InvalidArgument, k) : Result<void>();
    const Json& v = j_[k];
    if (!v.is_string()) return Error{Errc::InvalidArgument, k};
    E e = v.get<E>();
    if (Json(e) != v) return Error{Errc::InvalidArgument, k};   // unknown spelling maps to Unknown/first
    *out = e;
    return {};
  }

  Result<void> Bool(const char* k, bool* out) {
    if (!Has(k)) return {};
    if (!j_[k].is_boolean()) return Error{Errc::InvalidArgument, k};
    *out = j_[k].get<bool>();
    return {};
  }

  Result<void> Int(const char* k, int* out, int lo, int hi) {
    if (!Has(k)) return {};
    const Json& v = j_[k];
    if (!v.is_number_integer() || v.get<int64_t>() < lo || v.get<int64_t>() > hi) return Error{Errc::InvalidArgument, k};
    *out = static_cast<int>(v.get<int64_t>());
    return {};
  }

  Result<void> StrList(const char* k, std::vector<std::string>* out, size_t max = kMaxText) {
    if (!Has(k)) return {};
    const Json& v = j_[k];
    if (!v.is_array() || v.size() > kMaxList) return Error{Errc::InvalidArgument, k};
    std::vector<std::string> list;
    for (const auto& e : v) {
      if (!e.is_string()) return Error{Errc::InvalidArgument, k};
      std::string s = e.get<std::string>();
      if (s.size() > max || !IsCleanUtf8Text(s)) return Error{Errc::InvalidArgument, k};
      list.push_back(std::move(s));
    }
    *out = std::move(list);
    return {};
  }

  // An array of objects, each read by `each` with its own Args (so unknown nested keys are refused too).
  Result<void> List(const char* k, const std::function<Result<void>(Args&)>& each) {
    if (!Has(k)) return {};
    const Json& v = j_[k];
    if (!v.is_array() || v.size() > kMaxList) return Error{Errc::InvalidArgument, k};
    for (const auto& e : v) {
      if (!e.is_object()) return Error{Errc::InvalidArgument, k};
      Args inner(e);
      inner.known_.clear();
      SIP_TRY(each(inner));
      SIP_TRY(inner.Finish());
    }
    return {};
  }

  // A nested object read by `each` with its own Args.
  Result<void> Object(const char* k, const std::function<Result<void>(Args&)>& each, bool required = false) {
    if (!Has(k)) return required ? Result<void>(Errc::InvalidArgument, k) : Result<void>();
    const Json& v = j_[k];
    if (!v.is_object()) return Error{Errc::InvalidArgument, k};
    Args inner(v);
    inner.known_.clear();
    SIP_TRY(each(inner));
    return inner.Finish();
  }

  Result<void> Finish() const {
    for (auto it = j_.begin(); it != j_.end(); ++it)
      if (!known_.count(it.key())) return Error{Errc::InvalidArgument, "unknown field " + it.key().substr(0, 40)};
    return {};
  }

 private:
  const Json& j_;
  std::set<std::string> known_;
};

// ---------------------------------------------------------------------------------------------------------
// The working state of one command.
// ---------------------------------------------------------------------------------------------------------
struct Ctx {
  Case& c;
  Args& a;
  const CommandContext& cc;
  std::vector<Event>& events;

  std::string NewId(const char* prefix) { return prefix + std::to_string(c.next_id++); }
  void MoveTo(Step to) {
    if (c.step == to) return;
    events.push_back({"case.step_changed", Json{{"from", c.step}, {"to", to}}});
    c.step = to;
  }
};

using Handler = std::function<Result<Json>(Ctx&)>;

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

template <class T>
T* FindById(std::vector<T>& v, const std::string& id) {
  for (auto& e : v)
    if (e.id == id) return &e;
  return nullptr;
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

// ---------------------------------------------------------------------------------------------------------
// The commands. Each handler works on the copy in Ctx; ApplyCaseCommand() adds the command's own event.
// ---------------------------------------------------------------------------------------------------------
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

Result<Json> PreparationStart(Ctx& x) {
  SIP_TRY(NeedStep(x.c, {Step::NeedDetected}));
  x.MoveTo(Step::Preparation);
  return Json::object();
}

Result<Json> PreparationUpdate(Ctx& x) {
  Preparation& p = x.c.preparation;
  Preparation copy = p;
  SIP_TRY(x.a.Str("what_matters", &copy.what_matters));
  SIP_TRY(x.a.StrList("questions", &copy.questions));
  SIP_TRY(x.a.StrList("wished_attendees", &copy.wished_attendees, kMaxShort));
  SIP_TRY(x.a.Enum("participation", &copy.participation));
  SIP_TRY(x.a.Str("meeting_place_wish", &copy.meeting_place_wish, false, kMaxShort));
  SIP_TRY(x.a.Str("meeting_leader", &copy.meeting_leader, false, kMaxShort));
  SIP_TRY(x.a.StrList("not_to_discuss", &copy.not_to_discuss));
  p = copy;
  return Json::object();
}

Result<Json> MappingUpdate(Ctx& x) {
  MappingEntry e;
  SIP_TRY(x.a.Enum("area", &e.area, true));
  auto it = std::find_if(x.c.mapping.begin(), x.c.mapping.end(), [&](const MappingEntry& m) { return m.area == e.area; });
  if (it != x.c.mapping.end()) e = *it;
  SIP_TRY(x.a.Str("person_view", &e.person_view));
  if (x.a.Has("interventions")) e.interventions.clear();
  SIP_TRY(x.a.List("interventions", [&](Args& a) -> Result<void> {
    KnownIntervention k;
    SIP_TRY(a.Str("party", &k.party, true, kMaxShort));
    SIP_TRY(a.Str("description", &k.description, true));
    e.interventions.push_back(k);
    return {};
  }));
  if (it != x.c.mapping.end()) *it = e;
  else x.c.mapping.push_back(e);
  std::sort(x.c.mapping.begin(), x.c.mapping.end(), [](const MappingEntry& l, const MappingEntry& r) { return l.area < r.area; });
  return Json::object();
}

Result<Json> InvitationUpdate(Ctx& x) {
  if (!x.c.invitation.sent_on.empty()) return Error{Errc::WrongStep, "invitation already sent"};
  Invitation v = x.c.invitation;
  SIP_TRY(x.a.Str("purpose", &v.purpose));
  SIP_TRY(x.a.StrList("questions", &v.questions));
  SIP_TRY(x.a.DateTime("meeting_at", &v.meeting_at));
  SIP_TRY(x.a.Str("place", &v.place, false, kMaxShort));
  SIP_TRY(x.a.StrList("invitees", &v.invitees, kMaxShort));
  for (const auto& id : v.invitees) SIP_TRY(NeedParticipant(x.c, id, "invitees"));
  x.c.invitation = v;
  return Json::object();
}

Result<Json> InvitationSend(Ctx& x) {
  SIP_TRY(NeedStep(x.c, {Step::Preparation}));
  std::string on;
  SIP_TRY(x.a.Date("sent_on", &on, true));
  SIP_TRY(CheckInvitationReady(x.c, x.cc.today));
  x.c.invitation.sent_on = on;
  x.c.invitation.consent_obtained = true;
  // Seed 004 §4.1.2: at discharge the invitation goes out at the latest three days after the notice.
  Json proposed = Json::array();
  if (Json p = ProposeLateness(x, GuidelineRule::DischargeInvitationWithin3Days, x.c.ready_for_discharge_on, on,
                               kDischargeInvitationWithinDays);
      !p.is_null())
    proposed.push_back(std::move(p));
  x.MoveTo(Step::Invitation);
  return Json{{"consent_obtained", true}, {"proposed_deviations", proposed}};
}

Result<Json> MeetingRecord(Ctx& x) {
  SIP_TRY(NeedStep(x.c, {Step::Invitation}));
  Meeting m = x.c.meeting;
  SIP_TRY(x.a.Date("held_on", &m.held_on, true));
  SIP_TRY(x.a.Str("leader", &m.leader, false, kMaxShort));
  SIP_TRY(x.a.Str("documenter", &m.documenter, false, kMaxShort));
  SIP_TRY(x.a.Str("notes", &m.notes));
  // How the person took part (seed 002 "Delaktighet") is required; "not at all" needs the reason.
  SIP_TRY(x.a.Enum("participation", &m.participation, true));
  SIP_TRY(x.a.Str("participation_reason", &m.participation_reason));
  if (m.participation == ParticipationMode::NotAtAll && m.participation_reason.empty())
    return Error{Errc::InvalidArgument, "participation_reason"};
  if (m.participation != ParticipationMode::NotAtAll && !m.participation_reason.empty())
    return Error{Errc::InvalidArgument, "participation_reason: only with not_at_all"};
  if (x.a.Has("agenda")) m.agenda.clear();
  SIP_TRY(x.a.List("agenda", [&](Args& a) -> Result<void> {
    AgendaPhase ph;
    SIP_TRY(a.Str("name", &ph.name, true, kMaxShort));
    SIP_TRY(a.Int("planned_minutes", &ph.planned_minutes, 1, 480));
    SIP_TRY(a.Int("used_minutes", &ph.used_minutes, 0, 600));
    m.agenda.push_back(ph);
    return {};
  }));
  std::vector<Participant> participants = x.c.participants;
  SIP_TRY(x.a.List("attendance", [&](Args& a) -> Result<void> {
    std::string id;
    Attendance at = Attendance::Unknown;
    SIP_TRY(a.Str("participant_id", &id, true, kMaxShort));
    SIP_TRY(a.Enum("attendance", &at, true));
    auto it = std::find_if(participants.begin(), participants.end(), [&](const Participant& p) { return p.id == id; });
    if (it == participants.end()) return Error{Errc::UnknownReference, "participant_id"};
    it->attendance = at;
    return {};
  }));
  Json proposed = Json::array();
  for (const auto& id : x.c.invitation.invitees) {
    auto it = std::find_if(participants.begin(), participants.end(), [&](const Participant& p) { return p.id == id; });
    if (it == participants.end() || it->attendance == Attendance::Unknown) return Error{Errc::AttendanceIncomplete, id};
    // Seed 004 §4.7.3: an invitee absent without notice is reported as a deviation by the convener.
    if (it->attendance == Attendance::AbsentWithoutNotice) {
      Json p = Proposal(x, DeviationKind::AbsentWithoutNotice, m.held_on,
                        "En kallad deltagare uteblev från SIP-mötet utan att meddela frånvaro.");
      p["participant_id"] = id;
      proposed.push_back(std::move(p));
    }
  }
  x.c.meeting = m;
  x.c.participants = participants;
  // Seed 002: the meeting within three weeks of the need (collaboration without the individual meets at an
  // agreed interval instead).
  if (x.c.form != CollaborationForm::WithoutIndividual)
    if (Json p = ProposeLateness(x, GuidelineRule::MeetingWithin21Days, x.c.noticed_on, m.held_on, kMeetingWithinDays);
        !p.is_null())
      proposed.push_back(std::move(p));
  x.MoveTo(Step::Meeting);
  return Json{{"proposed_deviations", proposed}};
}

Result<Json> GoalAdd(Ctx& x) {
  Goal g;
  SIP_TRY(ReadGoalFields(x, g));
  g.id = x.NewId("g");
  x.c.plan.goals.push_back(g);
  return Json{{"goal_id", g.id}};
}

Result<Json> GoalUpdate(Ctx& x) {
  std::string id;
  SIP_TRY(x.a.Str("goal_id", &id, true, kMaxShort));
  Goal* g = FindById(x.c.plan.goals, id);
  if (!g) return Error{Errc::UnknownReference, "goal_id"};
  Goal copy = *g;
  SIP_TRY(ReadGoalFields(x, copy));
  *g = copy;
  return Json::object();
}

Result<Json> InterventionAdd(Ctx& x) {
  Intervention i;
  SIP_TRY(ReadInterventionFields(x, i));
  i.id = x.NewId("i");
  x.c.plan.interventions.push_back(i);
  return Json{{"intervention_id", i.id}};
}

Result<Json> InterventionUpdate(Ctx& x) {
  std::string id;
  SIP_TRY(x.a.Str("intervention_id", &id, true, kMaxShort));
  Intervention* i = FindById(x.c.plan.interventions, id);
  if (!i) return Error{Errc::UnknownReference, "intervention_id"};
  Intervention copy = *i;
  SIP_TRY(ReadInterventionFields(x, copy));
  *i = copy;
  return Json::object();
}

Result<Json> PlanUpdate(Ctx& x) {
  Plan p = x.c.plan;
  SIP_TRY(x.a.Str("coordinator", &p.coordinator, false, kMaxShort));
  SIP_TRY(x.a.Str("child_perspective", &p.child_perspective));
  SIP_TRY(x.a.Date("follow_up_on", &p.follow_up_on));
  SIP_TRY(x.a.Str("follow_up_owner", &p.follow_up_owner, false, kMaxShort));
  SIP_TRY(x.a.Str("what_to_follow_up", &p.what_to_follow_up));
  SIP_TRY(x.a.Date("handed_to_person_on", &p.handed_to_person_on));
  if (!p.coordinator.empty()) SIP_TRY(NeedParticipant(x.c, p.coordinator, "coordinator"));
  if (!p.follow_up_owner.empty()) SIP_TRY(NeedParticipant(x.c, p.follow_up_owner, "follow_up_owner"));
  x.c.plan = p;
  return Json::object();
}

Result<Json> OtherActorAdd(Ctx& x) {
  OtherActorAction o;
  SIP_TRY(x.a.Str("actor", &o.actor, true, kMaxShort));
  SIP_TRY(x.a.Str("action", &o.action, true));
  x.c.plan.other_actors.push_back(o);
  return Json::object();
}

Result<Json> OtherPlanAdd(Ctx& x) {
  OtherPlan o;
  SIP_TRY(x.a.Enum("kind", &o.kind, true));
  SIP_TRY(x.a.Str("note", &o.note));
  x.c.plan.other_plans.push_back(o);
  return Json::object();
}

// A revision is due when the latest follow-up decided "revise" and no version was established for it yet.
bool RevisionPending(const Case& c) {
  if (c.follow_ups.empty() || c.versions.empty()) return false;
  const FollowUp& f = c.follow_ups.back();
  return f.decision == FollowUpDecision::Revise && c.versions.back().revises_after != f.id;
}

Result<Json> PlanEstablish(Ctx& x) {
  if (x.c.step == Step::FollowUp) {
    if (!RevisionPending(x.c)) return Error{Errc::WrongStep, "no follow-up decided to revise the plan"};
  } else {
    SIP_TRY(NeedStep(x.c, {Step::Meeting}));
  }
  std::string on;
  SIP_TRY(x.a.Date("established_on", &on, true));
  SIP_TRY(CheckConsent(x.c, x.cc.today));
  SIP_TRY(CheckPlanComplete(x.c, x.cc.today));
  PlanVersion v{static_cast<int>(x.c.versions.size()) + 1, on,
                x.c.step == Step::FollowUp ? x.c.follow_ups.back().id : std::string(), x.c.plan,
                x.c.meeting.participation, x.c.meeting.participation_reason};
  x.c.versions.push_back(v);
  x.MoveTo(Step::FollowUp);
  return Json{{"version", v.version}, {"warnings", WarningsOf(x, {kConsentEndsBeforeFollowUp})}};
}

Result<Json> FollowUpRecord(Ctx& x) {
  SIP_TRY(NeedStep(x.c, {Step::FollowUp}));
  FollowUp f;
  SIP_TRY(x.a.Date("held_on", &f.held_on, true));
  SIP_TRY(x.a.Str("new_circumstances", &f.new_circumstances));
  SIP_TRY(x.a.Enum("decision", &f.decision, true));
  SIP_TRY(x.a.Date("next_follow_up_on", &f.next_follow_up_on));
  SIP_TRY(x.a.Str("next_follow_up_owner", &f.next_follow_up_owner, false, kMaxShort));
  if (f.decision == FollowUpDecision::Close) {
    if (!f.next_follow_up_on.empty() || !f.next_follow_up_owner.empty())
      return Error{Errc::InvalidArgument, "next_follow_up: a follow-up that closes the plan sets no next one"};
  } else {
    // Every meeting sets the next one and its owner (seed 004 §4.8 item 10).
    if (f.next_follow_up_on.empty() || f.next_follow_up_owner.empty()) return Error{Errc::PlanFollowUpMissing, {}};
    SIP_TRY(NeedParticipant(x.c, f.next_follow_up_owner, "next_follow_up_owner"));
    if (*DaysBetween(f.held_on, f.next_follow_up_on) <= 0)
      return Error{Errc::InvalidDate, "next_follow_up_on not after held_on"};
  }
  f.planned_for = x.c.plan.follow_up_on;
  SIP_TRY(x.a.List("goals", [&](Args& a) -> Result<void> {
    GoalEvaluation e;
    SIP_TRY(a.Str("goal_id", &e.goal_id, true, kMaxShort));
    SIP_TRY(a.Enum("result", &e.result, true));
    SIP_TRY(a.Str("comment", &e.comment));
    if (!FindGoal(x.c.plan, e.goal_id)) return Error{Errc::UnknownReference, "goal_id"};
    f.goals.push_back(e);
    return {};
  }));
  SIP_TRY(x.a.List("interventions", [&](Args& a) -> Result<void> {
    InterventionEvaluation e;
    SIP_TRY(a.Str("intervention_id", &e.intervention_id, true, kMaxShort));
    // Required: a missing answer must not read as "not delivered" (that proposes a deviation).
    if (!a.Has("delivered")) return Error{Errc::InvalidArgument, "delivered"};
    SIP_TRY(a.Bool("delivered", &e.delivered));
    SIP_TRY(a.Str("effect", &e.effect));
    if (!FindById(x.c.plan.interventions, e.intervention_id)) return Error{Errc::UnknownReference, "intervention_id"};
    f.interventions.push_back(e);
    return {};
  }));
  // Evaluations carry over to the working plan: goal status, interventions not delivered.
  for (const auto& e : f.goals) FindById(x.c.plan.goals, e.goal_id)->status = e.result;
  for (const auto& e : f.interventions)
    if (!e.delivered) FindById(x.c.plan.interventions, e.intervention_id)->status = InterventionStatus::NotPerformed;
  if (f.decision != FollowUpDecision::Close) {
    x.c.plan.follow_up_on = f.next_follow_up_on;
    x.c.plan.follow_up_owner = f.next_follow_up_owner;
  }
  f.id = x.NewId("f");
  x.c.follow_ups.push_back(f);
  Json proposed = Json::array();
  for (const auto& e : f.interventions) {
    if (e.delivered) continue;
    Json p = Proposal(x, DeviationKind::InterventionNotPerformed, f.held_on,
                      "En insats som överenskommits i planen har inte utförts (uppföljning " + f.held_on + ").");
    p["intervention_id"] = e.intervention_id;
    if (const Intervention* i = FindById(x.c.plan.interventions, e.intervention_id); !i->responsible.empty())
      p["participant_id"] = i->responsible;
    proposed.push_back(std::move(p));
  }
  return Json{{"follow_up_id", f.id}, {"proposed_deviations", proposed},
              {"warnings", WarningsOf(x, {kConsentEndsBeforeFollowUp, kCloseDecided})}};
}

Result<Json> CaseClose(Ctx& x) {
  Closure cl;
  SIP_TRY(x.a.Enum("reason", &cl.reason));
  SIP_TRY(x.a.Date("closed_on", &cl.closed_on, true));
  SIP_TRY(x.a.Bool("participants_informed", &cl.participants_informed));
  SIP_TRY(x.a.Date("informed_on", &cl.informed_on));
  SIP_TRY(x.a.Str("where_to_turn", &cl.where_to_turn));
  if (cl.reason == ClosureReason::Unknown || cl.reason == ClosureReason::ConsentRefused)
    return Error{Errc::ClosureReasonMissing, {}};
  if (!cl.participants_informed || cl.informed_on.empty()) return Error{Errc::ClosureNotInformed, {}};
  // Seed 002 "Avsluta": the person and their relatives know where to turn if the need returns.
  if (cl.reason != ClosureReason::PersonDied && cl.where_to_turn.empty()) return Error{Errc::ClosureWhereToTurnMissing, {}};
  if (cl.reason == ClosureReason::ConsentWithdrawn && !ConsentWithdrawnForGood(x.c, x.cc.today))
    return Error{Errc::InvalidArgument, "no consent has been withdrawn"};
  x.c.closure = cl;
  if (cl.reason == ClosureReason::GoalsMet)
    for (auto& g : x.c.plan.goals)
      if (g.status == GoalStatus::Active) g.status = GoalStatus::Achieved;
  x.MoveTo(Step::Closed);
  return Json::object();
}

Result<Json> DeviationReport(Ctx& x) {
  Deviation d;
  SIP_TRY(x.a.Enum("kind", &d.kind));
  SIP_TRY(x.a.Str("description", &d.description));
  SIP_TRY(x.a.Date("occurred_on", &d.occurred_on));
  SIP_TRY(x.a.Str("reported_by", &d.reported_by, false, kMaxShort));
  SIP_TRY(x.a.Str("participant_id", &d.participant_id, false, kMaxShort));
  SIP_TRY(x.a.Str("temporary_responsibility", &d.temporary_responsibility));
  SIP_TRY(x.a.Str("intervention_id", &d.intervention_id, false, kMaxShort));
  SIP_TRY(x.a.Str("proposal_id", &d.proposal_id, false, kMaxShort));
  if (d.kind == DeviationKind::Unknown || d.description.empty() || d.occurred_on.empty() || d.reported_by.empty())
    return Error{Errc::DeviationIncomplete, {}};
  if (!d.participant_id.empty()) SIP_TRY(NeedParticipant(x.c, d.participant_id, "participant_id"));
  if (d.kind == DeviationKind::AbsentWithoutNotice && d.participant_id.empty())
    return Error{Errc::DeviationIncomplete, "participant_id"};
  if (d.kind == DeviationKind::InterventionNotPerformed && d.intervention_id.empty())
    return Error{Errc::DeviationIncomplete, "intervention_id"};
  if (!d.intervention_id.empty() && !FindById(x.c.plan.interventions, d.intervention_id))
    return Error{Errc::UnknownReference, "intervention_id"};
  DeviationProposal* p = nullptr;
  if (!d.proposal_id.empty()) {
    p = FindById(x.c.deviation_proposals, d.proposal_id);
    if (!p) return Error{Errc::UnknownReference, "proposal_id"};
    if (p->status != ProposalStatus::Open) return Error{Errc::InvalidArgument, "proposal_id: already confirmed or dismissed"};
    if (d.kind != DeviationKind::GuidelineNotFollowed) return Error{Errc::InvalidArgument, "kind: the proposal is guideline_not_followed"};
  }
  d.id = x.NewId("d");
  if (p) {
    p->status = ProposalStatus::Confirmed;
    p->deviation_id = d.id;
    p->resolved_by = d.reported_by;
    p->resolved_on = FormatDate(x.cc.today);
  }
  x.c.deviations.push_back(d);
  return Json{{"deviation_id", d.id}};
}

// The convener dismisses a proposed guideline_not_followed deviation, with the reason; the proposal stays.
Result<Json> DeviationDismiss(Ctx& x) {
  std::string id, reason, by;
  SIP_TRY(x.a.Str("proposal_id", &id, true, kMaxShort));
  SIP_TRY(x.a.Str("reason", &reason, true));
  SIP_TRY(x.a.Str("dismissed_by", &by, true, kMaxShort));
  DeviationProposal* p = FindById(x.c.deviation_proposals, id);
  if (!p) return Error{Errc::UnknownReference, "proposal_id"};
  if (p->status != ProposalStatus::Open) return Error{Errc::InvalidArgument, "proposal_id: already confirmed or dismissed"};
  p->status = ProposalStatus::Dismissed;
  p->dismissed_reason = reason;
  p->resolved_by = by;
  p->resolved_on = FormatDate(x.cc.today);
  return Json::object();
}

Result<Json> ChecklistMark(Ctx& x) {
  ChecklistEntry e;
  SIP_TRY(x.a.Enum("item", &e.item, true));
  SIP_TRY(x.a.Date("done_on", &e.done_on));
  SIP_TRY(x.a.Str("done_by", &e.done_by, false, kMaxShort));
  if (!e.done_on.empty() && e.done_by.empty()) return Error{Errc::InvalidArgument, "done_by"};
  for (auto& c : x.c.checklist)
    if (c.item == e.item) {
      c = e;
      return Json::object();
    }
  x.c.checklist.push_back(e);
  return Json::object();
}

struct Def {
  CaseCommandInfo info;
  Result<Json> (*fn)(Ctx&);
  bool after_withdrawal;   // still accepted once consent is withdrawn for good
};

const std::vector<Def>& Defs() {
  static const std::vector<Def> k = {
      {{"case.create", "Creates a case at step need_detected for a plan owner."}, CaseCreate, false},
      {{"case.update", "Changes the case's collaboration form, origin, kind, discharge date, level or scenario."}, CaseUpdate, false},
      {{"owner.update", "Changes the plan owner's name, identity, address or phone."}, OwnerUpdate, false},
      {{"representative.add", "Adds a guardian, god man, förvaltare, framtidsfullmakt holder, power of attorney or relative."}, RepresentativeAdd, false},
      {{"representative.remove", "Removes a representative who has not given consent."}, RepresentativeRemove, false},
      {{"consent.record", "Records a consent (who, form, validity, coverage, exclusions) in the ledger."}, ConsentRecord, false},
      {{"consent.withdraw", "Records a withdrawal; with no consent left in force the plan no longer applies."}, ConsentWithdraw, false},
      {{"consent.refuse", "Records a refusal and the attempts to motivate; closes the case without a SIP."}, ConsentRefuse, false},
      {{"convener.set", "Sets the convener (sammankallande): role from the list, organisation, chair delegation."}, ConvenerSet, false},
      {{"participant.add", "Adds a participant (person, organisation, huvudman, role, contact)."}, ParticipantAdd, false},
      {{"participant.update", "Changes a participant, including invited/confirmed/substitute/declined."}, ParticipantUpdate, false},
      {{"preparation.start", "need_detected → preparation."}, PreparationStart, false},
      {{"preparation.update", "\"Vad är viktigt för dig?\", questions, attendees, participation, leader, exclusions."}, PreparationUpdate, false},
      {{"mapping.update", "Sets the person's view and known interventions for one life area."}, MappingUpdate, false},
      {{"invitation.update", "Sets the invitation's purpose, questions, time, place and invitees."}, InvitationUpdate, false},
      {{"invitation.send", "preparation → invitation; needs a complete invitation and consent."}, InvitationSend, false},
      {{"meeting.record", "invitation → meeting; attendance for every invitee, agenda, leader, documenter."}, MeetingRecord, false},
      {{"goal.add", "Adds a main goal or a sub-goal."}, GoalAdd, false},
      {{"goal.update", "Changes a goal."}, GoalUpdate, false},
      {{"intervention.add", "Adds an intervention: what, responsible, start, frequency, place."}, InterventionAdd, false},
      {{"intervention.update", "Changes an intervention."}, InterventionUpdate, false},
      {{"plan.update", "Sets coordinator, child perspective, follow-up date and owner, hand-over date."}, PlanUpdate, false},
      {{"other_actor.add", "Adds an action by another actor (Försäkringskassan, …)."}, OtherActorAdd, false},
      {{"other_plan.add", "Adds another plan the SIP coordinates with."}, OtherPlanAdd, false},
      {{"plan.establish", "meeting → follow_up; keeps the plan as a new version (also after a 'revise' follow-up)."}, PlanEstablish, false},
      {{"followup.record", "Records a follow-up: evaluation per goal and intervention, new circumstances, decision, next follow-up."}, FollowUpRecord, false},
      {{"case.close", "Closes the case with a reason, the record that participants were told and where to turn."}, CaseClose, true},
      {{"deviation.report", "Reports a deviation (avvikelse), or confirms a proposed one."}, DeviationReport, true},
      {{"deviation.dismiss", "Dismisses a proposed guideline_not_followed deviation, with the reason."}, DeviationDismiss, true},
      {{"checklist.mark", "Marks a step of home care's hand-off checklist as done (or not)."}, ChecklistMark, true},
  };
  return k;
}

const Def* FindDef(std::string_view name) {
  for (const auto& d : Defs())
    if (d.info.name == name) return &d;
  return nullptr;
}

}  // namespace

const std::vector<CaseCommandInfo>& CaseCommandCatalogue() {
  static const std::vector<CaseCommandInfo> k = [] {
    std::vector<CaseCommandInfo> v;
    for (const auto& d : Defs()) v.push_back(d.info);
    return v;
  }();
  return k;
}

bool IsCaseCommand(std::string_view cmd) { return FindDef(cmd) != nullptr; }

Result<CaseOutcome> ApplyCaseCommand(const Case* current, const Request& r, const CommandContext& ctx) {
  const Def* def = FindDef(r.cmd);
  if (!def) return Error{Errc::UnknownCommand, r.cmd.substr(0, 64)};
  if (!IsValidDate(ctx.today)) return Error{Errc::Internal, "no valid today"};
  CaseOutcome out;
  if (def->fn == CaseCreate) {
    if (ctx.new_case_id.empty()) return Error{Errc::Internal, "no case id"};
    out.state.id = ctx.new_case_id;
    out.state.created_on = FormatDate(ctx.today);
  } else {
    if (!current) return Error{Errc::CaseNotFound, {}};
    if (current->step == Step::Closed) return Error{Errc::CaseClosed, {}};
    if (!def->after_withdrawal && ConsentWithdrawnForGood(*current, ctx.today)) return Error{Errc::ConsentWithdrawn, {}};
    out.state = *current;
  }
  Args args(r.args);
  Ctx x{out.state, args, ctx, out.events};
  auto result = def->fn(x);
  if (!result) return result.error();
  SIP_TRY(args.Finish());
  Json data = r.args;
  data.erase("case_id");
  if (result->is_object())
    for (auto it = result->begin(); it != result->end(); ++it) data[it.key()] = it.value();
  out.events.insert(out.events.begin(), Event{r.cmd, std::move(data)});
  out.result = std::move(*result);
  out.result["case_id"] = out.state.id;
  out.result["step"] = out.state.step;
  return out;
}

}  // namespace sip
