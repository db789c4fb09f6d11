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
    // Held for this date — early too —, or (older follow-ups that did not record it) on or after it.
    if (!f.planned_for.empty()) {
      if (Day(f.planned_for) == due) return;
      continue;
    }
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

// An intervention recorded as not delivered at a follow-up, with no deviation naming it.
void InterventionNotPerformed(const Case& c, Collector& w) {
  std::vector<std::pair<std::string, int64_t>> seen;   // intervention id → latest follow-up day
  for (const auto& f : c.follow_ups) {
    const auto held = Day(f.held_on);
    for (const auto& e : f.interventions) {
      if (e.delivered) continue;
      const int64_t day = held ? *held : w.today();
      auto it = std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == e.intervention_id; });
      if (it == seen.end()) seen.emplace_back(e.intervention_id, day);
      else it->second = std::max(it->second, day);
    }
  }
  for (const auto& entry : seen) {
    // (Not a structured binding: clang 14, Emscripten 3.1.6's compiler, cannot capture one in a lambda.)
    const std::string& id = entry.first;
    const int64_t day = entry.second;
    const bool reported = std::any_of(c.deviations.begin(), c.deviations.end(), [&](const Deviation& d) {
      return d.kind == DeviationKind::InterventionNotPerformed && d.intervention_id == id;
    });
    if (reported) continue;
    w.Add(kDeviationProposed, Severity::Warning, day,
          "En insats som överenskommits i planen har inte utförts. Rapportera en avvikelse.", id);
  }
}

// A late meeting or discharge invitation proposed a guideline_not_followed deviation that is still open.
void GuidelineProposals(const Case& c, Collector& w) {
  for (const auto& p : c.deviation_proposals) {
    if (p.status != ProposalStatus::Open) continue;
    const auto on = Day(p.occurred_on);
    const std::string when = p.rule == GuidelineRule::MeetingWithin21Days
                                 ? "SIP-mötet hölls senare än tre veckor efter att behovet upptäcktes"
                                 : "Kallelsen skickades senare än tre dagar efter beskedet om utskrivningsklar";
    w.Add(kDeviationProposed, Severity::Warning, on ? *on : w.today(),
          when + " (sista dag var " + p.deadline + "). Den sammankallande bekräftar avvikelsen eller avfärdar den med "
                 "en motivering.",
          p.id);
  }
}

void ConsentEndsBeforeFollowUp(const Case& c, Collector& w) {
  if (c.step != Step::FollowUp) return;
  const auto follow_up = Day(c.plan.follow_up_on);
  if (!follow_up) return;
  const Consent* k = ConsentLimitingPlan(c, CivilFromDays(w.today()));
  if (!k) return;
  const auto to = Day(k->valid_to);
  if (!to || *to >= *follow_up) return;
  w.Add(kConsentEndsBeforeFollowUp, Severity::Warning, *to,
        "Samtycket gäller till och med " + DateOf(*to) + ", före uppföljningen " + DateOf(*follow_up) +
            ". Förnya samtycket innan dess.",
        k->id);
}

void CloseDecidedWarning(const Case& c, Collector& w) {
  const FollowUp* f = CloseDecided(c);
  if (!f) return;
  const auto held = Day(f->held_on);
  w.Add(kCloseDecided, Severity::Warning, held ? *held : w.today(),
        "Uppföljningen beslutade att avsluta SIP:en. Registrera avslutet och se till att alla berörda – den enskilde "
        "och alla aktörer – får veta att planen inte längre gäller.",
        f->id);
}

void ConvenerRoutine(const Case& c, Collector& w) {
  if (!ConvenerBreaksRoutine(c)) return;
  const auto noticed = Day(c.noticed_on);
  w.Add(kConvenerNotPerRoutine, Severity::Warning, noticed ? *noticed : w.today(),
        "När hemtjänsten upptäcker behovet är det socialsekreteraren (myndighet) eller legitimerad personal som "
        "sammankallar på hemtjänstens uppdrag, efter hemtjänstens överlämning.");
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
  InterventionNotPerformed(c, w);
  GuidelineProposals(c, w);
  ConsentEndsBeforeFollowUp(c, w);
  CloseDecidedWarning(c, w);
  ConvenerRoutine(c, w);
  auto out = std::move(w).Take();
  // "YYYY-MM-DD" sorts as text in date order.
  std::sort(out.begin(), out.end(), [](const Warning& a, const Warning& b) {
    return std::tie(a.due, a.code, a.ref) < std::tie(b.due, b.code, b.ref);
  });
  return out;
}

std::vector<Warning> WarningsWithCode(const Case& c, CivilDate today, std::string_view code) {
  auto all = ComputeWarnings(c, today);
  std::vector<Warning> out;
  for (auto& x : all)
    if (x.code == code) out.push_back(std::move(x));
  return out;
}

}  // namespace sip
