#include "core/deadlines.h"

#include <algorithm>
#include <optional>
#include <tuple>

#include "core/rules.h"

namespace sip {
namespace {

// Day number of a strict date, or nullopt for "" and anything unparsable.
std::optional<int64_t> Day(const std::string& date) {
  auto d = ParseDate(date);
  if (!d) return std::nullopt;
  return DaysFromCivil(*d);
}

std::string DateOf(int64_t day) { return FormatDate(CivilFromDays(day)); }

bool IsClosed(const Case& c) { return c.step == Step::Closed || !c.closure.closed_on.empty(); }

// Info while more than `warn_days` are left, Warning from then until the due day, Overdue after it.
Severity Graded(int64_t days_left, int warn_days) {
  if (days_left < 0) return Severity::Overdue;
  return days_left <= warn_days ? Severity::Warning : Severity::Info;
}

class Collector {
 public:
  explicit Collector(int64_t today) : today_(today) {}
  int64_t today() const { return today_; }
  void Add(std::string_view code, Severity s, int64_t due, std::string message, std::string ref = {}) {
    out_.push_back(Warning{std::string(code), s, DateOf(due), std::move(message), std::move(ref)});
  }
  std::vector<Warning> Take() && { return std::move(out_); }

 private:
  int64_t today_;
  std::vector<Warning> out_;
};

void MeetingDue(const Case& c, Collector& w) {
  if (!c.meeting.held_on.empty() || c.form == CollaborationForm::WithoutIndividual) return;
  const auto noticed = Day(c.noticed_on);
  if (!noticed) return;
  const int64_t due = *noticed + kMeetingWithinDays;
  const Severity s = Graded(due - w.today(), kMeetingWarnDays);
  const std::string d = DateOf(due);
  std::string message =
      s == Severity::Overdue
          ? "SIP-mötet skulle ha hållits senast " + d + ", tre veckor efter att behovet upptäcktes. Håll mötet snarast."
          : "SIP-mötet ska hållas senast " + d + ", inom tre veckor från att behovet upptäcktes.";
  w.Add(kMeetingDue, s, due, std::move(message));
}

void DischargeInvitationDue(const Case& c, Collector& w) {
  if (!c.invitation.sent_on.empty()) return;
  const auto ready = Day(c.ready_for_discharge_on);
  if (!ready) return;
  const int64_t due = *ready + kDischargeInvitationWithinDays;
  const bool late = due < w.today();
  const std::string d = DateOf(due);
  w.Add(kDischargeInvitationDue, late ? Severity::Overdue : Severity::Warning, due,
        late ? "Kallelsen skulle ha skickats senast " + d + ", tre dagar efter beskedet om utskrivningsklar."
             : "Kallelsen ska skickas senast " + d + ", tre dagar efter beskedet om utskrivningsklar.");
}

void PlanToPersonDue(const Case& c, Collector& w) {
  if (!c.plan.handed_to_person_on.empty()) return;
  const auto held = Day(c.meeting.held_on);
  if (!held) return;
  const int64_t due = *held + kPlanToPersonWithinDays;
  const bool late = due < w.today();
  const std::string d = DateOf(due);
  w.Add(kPlanToPersonDue, late ? Severity::Overdue : Severity::Warning, due,
        late ? "Den enskilde skulle ha haft planen i handen senast " + d + ", tre dygn efter mötet."
             : "Den enskilde ska ha planen i handen senast " + d + ", inom tre dygn efter mötet.");
}

void FollowUpDue(const Case& c, Collector& w) {
  if (c.step != Step::FollowUp) return;
  const auto due = Day(c.plan.follow_up_on);
  if (!due) return;
  for (const auto& f : c.follow_ups) {
    const auto held = Day(f.held_on);
    if (held && *held >= *due) return;
  }
  const Severity s = Graded(*due - w.today(), kFollowUpWarnDays);
  const std::string d = DateOf(*due);
  w.Add(kFollowUpDue, s, *due,
        s == Severity::Overdue
            ? "Uppföljningsmötet var planerat till " + d + " men ingen uppföljning är registrerad."
            : "Uppföljningsmötet är planerat till " + d + ".");
}

void ConsentValidity(const Case& c, Collector& w) {
  for (const auto& k : c.consents) {
    if (!k.withdrawn_on.empty()) continue;
    const auto to = Day(k.valid_to);
    if (!to) continue;
    // Renewed: the same giver has a later consent that is not withdrawn (open-ended counts as later).
    const bool renewed = std::any_of(c.consents.begin(), c.consents.end(), [&](const Consent& j) {
      if (&j == &k || j.given_by != k.given_by || !j.withdrawn_on.empty()) return false;
      if (j.valid_to.empty()) return true;
      const auto jto = Day(j.valid_to);
      return jto && *jto > *to;
    });
    if (renewed) continue;
    const int64_t left = *to - w.today();
    const std::string d = DateOf(*to);
    if (left < 0) {
      w.Add(kConsentExpired, Severity::Overdue, *to,
            "Samtycket gällde till och med " + d + ". Ett nytt samtycke behövs för att samverkan ska fortsätta.",
            k.id);
    } else if (left <= kConsentWarnDays) {
      w.Add(kConsentExpiring, Severity::Warning, *to,
            "Samtycket gäller till och med " + d + ". Förnya det i tid om samverkan ska fortsätta.", k.id);
    }
  }
}

void ConsentWithdrawn(const Case& c, Collector& w) {
  if (!ConsentWithdrawnForGood(c, CivilFromDays(w.today()))) return;
  const Consent* latest = nullptr;
  int64_t latest_day = 0;
  for (const auto& k : c.consents) {
    const auto on = Day(k.withdrawn_on);
    if (on && (!latest || *on > latest_day || (*on == latest_day && k.id < latest->id))) {
      latest = &k;
      latest_day = *on;
    }
  }
  if (!latest) return;
  w.Add(kConsentWithdrawnCloseCase, Severity::Overdue, latest_day,
        "Samtycket återkallades " + DateOf(latest_day) +
            ". Planen gäller inte längre: avsluta ärendet och se till att alla berörda får veta det.",
        latest->id);
}

void DeviationProposed(const Case& c, Collector& w) {
  const auto held = Day(c.meeting.held_on);
  const int64_t due = held ? *held : w.today();
  for (const auto& p : c.participants) {
    if (p.attendance != Attendance::AbsentWithoutNotice) continue;
    const bool reported = std::any_of(c.deviations.begin(), c.deviations.end(), [&](const Deviation& d) {
      return d.kind == DeviationKind::AbsentWithoutNotice && d.participant_id == p.id;
    });
    if (reported) continue;
    w.Add(kDeviationProposed, Severity::Warning, due,
          "En kallad deltagare uteblev från mötet utan att meddela frånvaro. Den som kallade ska rapportera en "
          "avvikelse.",
          p.id);
  }
}

}  // namespace

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::Info: return "info";
    case Severity::Warning: return "warning";
    case Severity::Overdue: return "overdue";
  }
  return "info";
}

std::vector<Warning> ComputeWarnings(const Case& c, CivilDate today) {
  if (!IsValidDate(today) || IsClosed(c)) return {};
  Collector w(DaysFromCivil(today));
  MeetingDue(c, w);
  DischargeInvitationDue(c, w);
  PlanToPersonDue(c, w);
  FollowUpDue(c, w);
  ConsentValidity(c, w);
  ConsentWithdrawn(c, w);
  DeviationProposed(c, w);
  auto out = std::move(w).Take();
  // "YYYY-MM-DD" sorts as text in date order.
  std::sort(out.begin(), out.end(), [](const Warning& a, const Warning& b) {
    return std::tie(a.due, a.code, a.ref) < std::tie(b.due, b.code, b.ref);
  });
  return out;
}

}  // namespace sip
