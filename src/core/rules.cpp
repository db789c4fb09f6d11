#include "core/rules.h"

#include <algorithm>

#include "core/identity.h"

namespace sip {
namespace {
int64_t Days(const std::string& date) {
  auto d = ParseDate(date);
  return d ? DaysFromCivil(*d) : INT64_MIN;
}
}  // namespace

bool IsChild(const Case& c, CivilDate today) {
  auto birth = ParseDate(c.owner.birth_date);
  return birth && IsChild(*birth, today);
}

bool MayConsent(RepresentativeRole role, bool child) {
  switch (role) {
    case RepresentativeRole::Guardian: return child;
    case RepresentativeRole::Forvaltare:
    case RepresentativeRole::GodMan:
    case RepresentativeRole::Framtidsfullmakt:
    case RepresentativeRole::PowerOfAttorney: return !child;
    case RepresentativeRole::Relative:
    case RepresentativeRole::Unknown: return false;
  }
  return false;
}

std::vector<const Consent*> ConsentsInForce(const Case& c, CivilDate today) {
  std::vector<const Consent*> out;
  const int64_t t = DaysFromCivil(today);
  for (const auto& k : c.consents) {
    if (!k.withdrawn_on.empty()) continue;
    const int64_t from = Days(k.valid_from);
    if (from == INT64_MIN || from > t) continue;
    if (!k.valid_to.empty() && Days(k.valid_to) < t) continue;
    out.push_back(&k);
  }
  return out;
}

Result<void> CheckConsent(const Case& c, CivilDate today) {
  const bool child = IsChild(c, today);
  const auto in_force = ConsentsInForce(c, today);
  auto given_by = [&](std::string_view who) {
    return std::any_of(in_force.begin(), in_force.end(), [&](const Consent* k) { return k->given_by == who; });
  };
  if (child) {
    int guardians = 0;
    for (const auto& r : c.representatives) {
      if (r.role != RepresentativeRole::Guardian) continue;
      ++guardians;
      if (!given_by(r.id)) return Error{Errc::GuardianConsentMissing, r.id};
    }
    if (guardians == 0) return Error{Errc::GuardianConsentMissing, "no guardian registered"};
    return {};
  }
  if (given_by("person")) return {};
  for (const auto& r : c.representatives)
    if (MayConsent(r.role, false) && given_by(r.id)) return {};
  return Error{Errc::ConsentMissing, {}};
}

bool ConsentWithdrawnForGood(const Case& c, CivilDate today) {
  const bool any_withdrawn =
      std::any_of(c.consents.begin(), c.consents.end(), [](const Consent& k) { return !k.withdrawn_on.empty(); });
  if (!any_withdrawn) return false;
  if (IsChild(c, today)) return !CheckConsent(c, today).ok();
  return ConsentsInForce(c, today).empty();
}

const Consent* ConsentLimitingPlan(const Case& c, CivilDate today) {
  const auto in_force = ConsentsInForce(c, today);
  // The longest-lasting consent in force from `who`; *open = true when one is open-ended.
  auto longest = [&](std::string_view who, bool* open) -> const Consent* {
    const Consent* best = nullptr;
    for (const Consent* k : in_force) {
      if (k->given_by != who) continue;
      if (k->valid_to.empty()) {
        *open = true;
        return nullptr;
      }
      if (!best || Days(k->valid_to) > Days(best->valid_to)) best = k;
    }
    return best;
  };
  if (IsChild(c, today)) {
    const Consent* limit = nullptr;
    for (const auto& r : c.representatives) {
      if (r.role != RepresentativeRole::Guardian) continue;
      bool open = false;
      const Consent* k = longest(r.id, &open);
      if (open) continue;
      if (!k) return nullptr;   // no consent from this guardian: nothing the plan rests on
      if (!limit || Days(k->valid_to) < Days(limit->valid_to)) limit = k;
    }
    return limit;
  }
  const Consent* best = nullptr;
  std::vector<std::string> givers{"person"};
  for (const auto& r : c.representatives)
    if (MayConsent(r.role, false)) givers.push_back(r.id);
  for (const auto& who : givers) {
    bool open = false;
    const Consent* k = longest(who, &open);
    if (open) return nullptr;
    if (k && (!best || Days(k->valid_to) > Days(best->valid_to))) best = k;
  }
  return best;
}

ConvenerRule ExpectedConvener(const Case& c) {
  if (c.form == CollaborationForm::WithoutIndividual) return ConvenerRule::Enhetschef;
  if (!c.ready_for_discharge_on.empty()) return ConvenerRule::FastVardkontakt;
  if (c.scenario == ConveningScenario::HomeCareDetects) return ConvenerRule::AuthorityForHomeCare;
  return ConvenerRule::None;
}

bool HasConvener(const Case& c) { return !c.convener.name.empty() || !c.convener.organisation.empty(); }

Result<void> CheckConvener(const Case& c) {
  if (!HasConvener(c)) return {};
  switch (ExpectedConvener(c)) {
    case ConvenerRule::Enhetschef:
      if (c.convener.role != StaffRole::Enhetschef) return Error{Errc::ConvenerNotEnhetschef, {}};
      break;
    case ConvenerRule::FastVardkontakt:
      if (c.convener.role != StaffRole::FastVardkontakt) return Error{Errc::ConvenerNotFastVardkontakt, {}};
      break;
    case ConvenerRule::AuthorityForHomeCare:
    case ConvenerRule::None: break;
  }
  return {};
}

bool ConvenerBreaksRoutine(const Case& c) {
  if (!HasConvener(c) || ExpectedConvener(c) != ConvenerRule::AuthorityForHomeCare) return false;
  return c.convener.role != StaffRole::Socialsekreterare && !IsLicensedStaff(c.convener.role);
}

const FollowUp* CloseDecided(const Case& c) {
  if (c.follow_ups.empty() || c.follow_ups.back().decision != FollowUpDecision::Close) return nullptr;
  return &c.follow_ups.back();
}

const Participant* FindParticipant(const Case& c, std::string_view id) {
  for (const auto& p : c.participants)
    if (p.id == id) return &p;
  return nullptr;
}

const Representative* FindRepresentative(const Case& c, std::string_view id) {
  for (const auto& r : c.representatives)
    if (r.id == id) return &r;
  return nullptr;
}

const Goal* FindGoal(const Plan& p, std::string_view id) {
  for (const auto& g : p.goals)
    if (g.id == id) return &g;
  return nullptr;
}

Result<void> CheckPlanComplete(const Case& c, CivilDate today) {
  const Plan& p = c.plan;
  const bool main_goal = std::any_of(p.goals.begin(), p.goals.end(), [](const Goal& g) {
    return g.parent_id.empty() && g.persons_own_words && !g.text.empty() && g.status != GoalStatus::Cancelled;
  });
  if (!main_goal) return Error{Errc::PlanMainGoalMissing, {}};
  const bool intervention = std::any_of(p.interventions.begin(), p.interventions.end(), [&](const Intervention& i) {
    return !i.what.empty() && FindParticipant(c, i.responsible) && i.status != InterventionStatus::Cancelled;
  });
  if (!intervention) return Error{Errc::PlanInterventionMissing, {}};
  if (!FindParticipant(c, p.coordinator)) return Error{Errc::PlanCoordinatorMissing, {}};
  if (!ParseDate(p.follow_up_on) || !FindParticipant(c, p.follow_up_owner))
    return Error{Errc::PlanFollowUpMissing, {}};
  if (IsChild(c, today) && p.child_perspective.empty()) return Error{Errc::PlanChildPerspectiveMissing, {}};
  return {};
}

Result<void> CheckInvitationReady(const Case& c, CivilDate today) {
  const Invitation& inv = c.invitation;
  if (inv.purpose.empty()) return Error{Errc::InvitationIncomplete, "purpose"};
  if (!ParseDateTime(inv.meeting_at)) return Error{Errc::InvitationIncomplete, "meeting_at"};
  if (inv.place.empty()) return Error{Errc::InvitationIncomplete, "place"};
  if (inv.invitees.empty()) return Error{Errc::InvitationIncomplete, "invitees"};
  for (const auto& id : inv.invitees)
    if (!FindParticipant(c, id)) return Error{Errc::UnknownReference, "invitee " + id};
  if (!HasConvener(c)) return Error{Errc::InvitationIncomplete, "convener"};
  SIP_TRY(CheckConvener(c));
  return CheckConsent(c, today);
}

}  // namespace sip
