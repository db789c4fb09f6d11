// The readiness lists agree with the guards: empty exactly when the guard passes, and their first entry
// carries the guard's code — on random cases, so a rule added to one and not the other is caught.
#include <doctest/doctest.h>

#include <random>

#include "core/readiness.h"
#include "core/command.h"
#include "core/rules.h"

using namespace sip;

namespace {

Case RandomCase(std::mt19937& rng) {
  auto coin = [&] { return rng() % 2 == 0; };
  auto likely = [&] { return rng() % 8 != 0; };   // most pieces present, so every outcome occurs
  Case c;
  c.owner.name = "Testa Testsson";
  c.owner.birth_date = coin() ? "2014-05-12" : "1982-11-05";
  if (coin()) c.representatives.push_back({"r1", RepresentativeRole::Guardian, "Gun", "", "", ""});
  if (coin()) c.representatives.push_back({"r2", coin() ? RepresentativeRole::Guardian : RepresentativeRole::GodMan, "Gert", "", "", ""});
  const char* givers[] = {"person", "r1", "r2"};
  for (int i = static_cast<int>(rng() % 4); i > 0; --i) {
    Consent k;
    k.id = "k" + std::to_string(i);
    k.given_by = givers[rng() % 3];
    k.form = ConsentForm::Written;
    k.valid_from = likely() ? "2026-11-01" : "2026-12-24";
    if (coin()) k.valid_to = likely() ? "2027-06-30" : "2026-11-10";
    if (rng() % 4 == 0) k.withdrawn_on = "2026-11-15";
    c.consents.push_back(k);
  }
  if (likely()) c.participants.push_back({"p1", "Olle", "Hemtjänsten", Huvudman::Municipality, StaffRole::Omsorgshandledare, "", {}, "", {}, ""});
  if (likely()) c.convener = {"Sara", "Socialtjänsten", likely() ? StaffRole::Socialsekreterare : StaffRole::Enhetschef, "", "", ""};
  if (rng() % 5 == 0) c.form = CollaborationForm::WithoutIndividual;
  if (rng() % 5 == 0) c.ready_for_discharge_on = "2026-11-18";
  if (likely()) c.invitation.purpose = "Bo kvar hemma";
  if (likely()) c.invitation.meeting_at = likely() ? "2026-11-30T10:00" : "2026-11-30";
  if (likely()) c.invitation.place = "Hemma";
  if (likely()) c.invitation.invitees = {likely() ? "p1" : "p9"};
  if (likely()) c.plan.goals.push_back({"g1", "Bo kvar", "", likely(), likely() ? GoalStatus::Active : GoalStatus::Cancelled});
  if (likely()) c.plan.interventions.push_back({"i1", "Tillsyn", likely() ? "p1" : "p9", "", "", "", "", InterventionStatus::Planned, false});
  if (likely()) c.plan.coordinator = likely() ? "p1" : "p9";
  if (likely()) c.plan.follow_up_on = likely() ? "2027-02-15" : "2027-02-30";
  if (likely()) c.plan.follow_up_owner = "p1";
  if (likely()) c.plan.child_perspective = "Barnets röst hörs";
  return c;
}

}  // namespace

TEST_CASE("readiness lists agree with the guards on random cases") {
  std::mt19937 rng(20261122);
  const CivilDate today{2026, 11, 22};
  int ready_inv = 0, ready_plan = 0;
  for (int n = 0; n < 4000; ++n) {
    const Case c = RandomCase(rng);
    const auto inv = MissingForInvitation(c, today);
    const auto guard_inv = CheckInvitationReady(c, today);
    INFO(Json(c).dump());
    REQUIRE(inv.empty() == guard_inv.ok());
    if (!inv.empty()) CHECK(inv.front().code == guard_inv.error().code);
    ready_inv += inv.empty();

    auto est = MissingForEstablish(c, today);
    Result<void> guard_est = CheckConsent(c, today);
    if (guard_est) guard_est = CheckPlanComplete(c, today);
    REQUIRE(est.empty() == guard_est.ok());
    if (!est.empty()) CHECK(est.front().code == guard_est.error().code);
    ready_plan += est.empty();
    for (const auto& m : est) {
      CHECK_FALSE(m.text.empty());
      CHECK_FALSE(m.anchor.empty());
    }
  }
  // Both outcomes occur, so the agreement is not vacuous.
  CHECK(ready_inv > 20);
  CHECK(ready_plan > 20);
}

TEST_CASE("closure readiness") {
  Closure c;
  CHECK(MissingForClose(c).size() == 3);   // reason, informed, where to turn
  c.reason = ClosureReason::ConsentRefused;   // not a reason the user may choose
  CHECK(MissingForClose(c).front().code == Errc::ClosureReasonMissing);
  c.reason = ClosureReason::GoalsMet;
  c.participants_informed = true;
  CHECK(MissingForClose(c).front().code == Errc::ClosureNotInformed);
  c.informed_on = "2026-11-22";
  CHECK(MissingForClose(c).front().code == Errc::ClosureWhereToTurnMissing);
  c.where_to_turn = "Ring hemtjänsten";
  CHECK(MissingForClose(c).empty());
  c.where_to_turn.clear();
  c.reason = ClosureReason::PersonDied;
  CHECK(MissingForClose(c).empty());
}
