#include "core/readiness.h"

#include <algorithm>

#include "core/rules.h"

namespace sip {
namespace {

// Consent, listed: for a child one line per guardian without consent in force; otherwise one line.
void AddConsent(const Case& c, CivilDate today, std::vector<Missing>& out) {
  if (CheckConsent(c, today)) return;
  const auto in_force = ConsentsInForce(c, today);
  auto given_by = [&](const std::string& who) {
    return std::any_of(in_force.begin(), in_force.end(), [&](const Consent* k) { return k->given_by == who; });
  };
  if (!IsChild(c, today)) {
    out.push_back({Errc::ConsentMissing, "consent",
                   "Samtycke saknas – från den enskilde eller från en företrädare som får samtycka."});
    return;
  }
  int guardians = 0;
  for (const auto& r : c.representatives) {
    if (r.role != RepresentativeRole::Guardian) continue;
    ++guardians;
    if (!given_by(r.id))
      out.push_back({Errc::GuardianConsentMissing, "consent",
                     "Samtycke saknas från en vårdnadshavare" + (r.name.empty() ? std::string() : " (" + r.name + ")") + "."});
  }
  if (guardians == 0)
    out.push_back({Errc::GuardianConsentMissing, "representatives",
                   "Barnet har ingen registrerad vårdnadshavare – lägg till vårdnadshavarna och deras samtycke."});
}

}  // namespace

std::vector<Missing> MissingForInvitation(const Case& c, CivilDate today) {
  std::vector<Missing> out;
  const Invitation& inv = c.invitation;
  if (inv.purpose.empty())
    out.push_back({Errc::InvitationIncomplete, "invitation.purpose", "Syftet med mötet (det långsiktiga målet) saknas."});
  if (!ParseDateTime(inv.meeting_at))
    out.push_back({Errc::InvitationIncomplete, "invitation.meeting_at", "Tid för mötet saknas (datum och klockslag)."});
  if (inv.place.empty()) out.push_back({Errc::InvitationIncomplete, "invitation.place", "Plats för mötet saknas."});
  if (inv.invitees.empty())
    out.push_back({Errc::InvitationIncomplete, "invitation.invitees", "Ingen är inbjuden – välj deltagare att bjuda in."});
  for (const auto& id : inv.invitees)
    if (!FindParticipant(c, id))
      out.push_back({Errc::UnknownReference, "invitation.invitees", "En inbjuden deltagare finns inte längre i ärendet."});
  if (c.convener.name.empty() && c.convener.organisation.empty())
    out.push_back({Errc::InvitationIncomplete, "participants.convener", "Sammankallande saknas."});
  if (auto r = CheckConvener(c); !r)
    out.push_back({r.error().code, "participants.convener", std::string(ErrorMessage(r.error().code))});
  AddConsent(c, today, out);
  return out;
}

std::vector<Missing> MissingForEstablish(const Case& c, CivilDate today) {
  std::vector<Missing> out;
  AddConsent(c, today, out);
  const Plan& p = c.plan;
  const bool main_goal = std::any_of(p.goals.begin(), p.goals.end(), [](const Goal& g) {
    return g.parent_id.empty() && g.persons_own_words && !g.text.empty() && g.status != GoalStatus::Cancelled;
  });
  if (!main_goal)
    out.push_back({Errc::PlanMainGoalMissing, "plan.goals", "Huvudmålet med den enskildes egna ord saknas."});
  const bool intervention = std::any_of(p.interventions.begin(), p.interventions.end(), [&](const Intervention& i) {
    return !i.what.empty() && FindParticipant(c, i.responsible) && i.status != InterventionStatus::Cancelled;
  });
  if (!intervention)
    out.push_back({Errc::PlanInterventionMissing, "plan.interventions", "Ingen insats med en ansvarig deltagare."});
  if (!FindParticipant(c, p.coordinator))
    out.push_back({Errc::PlanCoordinatorMissing, "plan.coordinator", "Samordningsansvarig saknas."});
  if (!ParseDate(p.follow_up_on) || !FindParticipant(c, p.follow_up_owner))
    out.push_back({Errc::PlanFollowUpMissing, "plan.follow_up", "Datum för uppföljning och vem som ansvarar för den saknas."});
  if (IsChild(c, today) && p.child_perspective.empty())
    out.push_back({Errc::PlanChildPerspectiveMissing, "plan.child_perspective",
                   "Planen visar inte hur barnperspektivet tillgodoses."});
  return out;
}

std::vector<Missing> MissingForClose(const Closure& d) {
  std::vector<Missing> out;
  if (d.reason == ClosureReason::Unknown || d.reason == ClosureReason::ConsentRefused)
    out.push_back({Errc::ClosureReasonMissing, "closure.reason", "Skäl för avslut saknas."});
  if (!d.participants_informed || d.informed_on.empty())
    out.push_back({Errc::ClosureNotInformed, "closure.informed",
                   "Alla berörda ska få veta att planen inte längre gäller – ange när de informerades."});
  if (d.reason != ClosureReason::PersonDied && d.where_to_turn.empty())
    out.push_back({Errc::ClosureWhereToTurnMissing, "closure.where_to_turn",
                   "Skriv vart den enskilde vänder sig om behovet kommer tillbaka."});
  return out;
}

}  // namespace sip
