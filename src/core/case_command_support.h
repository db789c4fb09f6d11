// sipcore/case_command_support.h — what the case commands share (internal to src/core): strict reading of a
// command's arguments (Args), the working state of one command (Ctx), the shared field readers and checks,
// and the handlers, one file per part of the SIP process:
//
//   case_commands.cpp             the table of commands (name, description, handler) and ApplyCaseCommand()
//   case_commands_people.cpp      the case, the plan owner, representatives, consent, convener, participants
//   case_commands_meeting.cpp     preparation, mapping, the invitation and the meeting
//   case_commands_plan.cpp        goals, interventions, the plan and its versions, follow-up, closing
//   case_commands_deviations.cpp  deviations (avvikelser) and home care's hand-off checklist
//   case_command_support.cpp      the shared readers and checks below
//
// Each handler works on the copy of the case in Ctx; ApplyCaseCommand() adds the command's own event, checks
// that every argument was read (Args::Finish) and returns nothing changed on any error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/case_commands.h"
#include "core/deadlines.h"
#include "core/identity.h"
#include "core/rules.h"
#include "core/settings.h"

namespace sip::case_cmd {

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

// ---------------------------------------------------------------------------------------------------------
// Shared readers and checks (case_command_support.cpp)
// ---------------------------------------------------------------------------------------------------------
// unknown_reference unless `id` names a participant (`what`: the argument, for the error's detail).
Result<void> NeedParticipant(const Case& c, const std::string& id, const char* what);
// wrong_step unless the case is at one of `allowed`.
Result<void> NeedStep(const Case& c, std::initializer_list<Step> allowed);
// Owner fields, shared by case.create and owner.update. The identity number is normalised and the birth
// date derived from it; a reserve identity needs a birth date instead.
Result<void> ReadOwner(Args& a, PlanOwner& o, CivilDate today);
// The optional fields of case.create/case.update, participant.add/update, goal.add/update and
// intervention.add/update, read into `c`, `p`, `g`, `i` (references checked against the case).
Result<void> ReadCaseFields(Args& a, Case& c);
Result<void> ReadParticipantFields(Args& a, Participant& p);
Result<void> ReadGoalFields(Ctx& x, Goal& g);
Result<void> ReadInterventionFields(Ctx& x, Intervention& i);
// Days from `from` to `to` (both strict dates), or nullopt.
std::optional<int64_t> DaysBetween(const std::string& from, const std::string& to);
// Warnings with these codes for the case as the command leaves it (the ones it may just have caused).
Json WarningsOf(const Ctx& x, std::initializer_list<std::string_view> codes);
// A proposed deviation, in the form deviation.report accepts as it stands (reported_by is the device's
// staff member, when known).
Json Proposal(const Ctx& x, DeviationKind kind, const std::string& occurred_on, std::string description);
// Records a guideline_not_followed proposal when `days` exceed `limit`; returns it for the result, or null.
Json ProposeLateness(Ctx& x, GuidelineRule rule, const std::string& start, const std::string& on, int limit);
// The element of `v` with this id, or null.
template <class T>
T* FindById(std::vector<T>& v, const std::string& id) {
  for (auto& e : v)
    if (e.id == id) return &e;
  return nullptr;
}

// ---------------------------------------------------------------------------------------------------------
// The handlers
// ---------------------------------------------------------------------------------------------------------
// case_commands_people.cpp
Result<Json> CaseCreate(Ctx& x);
Result<Json> CaseUpdate(Ctx& x);
Result<Json> OwnerUpdate(Ctx& x);
Result<Json> RepresentativeAdd(Ctx& x);
Result<Json> RepresentativeRemove(Ctx& x);
Result<Json> ConsentRecord(Ctx& x);
Result<Json> ConsentWithdraw(Ctx& x);
Result<Json> ConsentRefuse(Ctx& x);
Result<Json> ConvenerSet(Ctx& x);
Result<Json> ParticipantAdd(Ctx& x);
Result<Json> ParticipantUpdate(Ctx& x);
// case_commands_meeting.cpp
Result<Json> PreparationStart(Ctx& x);
Result<Json> PreparationUpdate(Ctx& x);
Result<Json> MappingUpdate(Ctx& x);
Result<Json> InvitationUpdate(Ctx& x);
Result<Json> InvitationSend(Ctx& x);
Result<Json> MeetingRecord(Ctx& x);
// case_commands_plan.cpp
Result<Json> GoalAdd(Ctx& x);
Result<Json> GoalUpdate(Ctx& x);
Result<Json> InterventionAdd(Ctx& x);
Result<Json> InterventionUpdate(Ctx& x);
Result<Json> PlanUpdate(Ctx& x);
Result<Json> OtherActorAdd(Ctx& x);
Result<Json> OtherPlanAdd(Ctx& x);
Result<Json> PlanEstablish(Ctx& x);
Result<Json> FollowUpRecord(Ctx& x);
Result<Json> CaseClose(Ctx& x);
// case_commands_deviations.cpp
Result<Json> DeviationReport(Ctx& x);
Result<Json> DeviationDismiss(Ctx& x);
Result<Json> ChecklistMark(Ctx& x);

}  // namespace sip::case_cmd
