// Tests for core/rules.h: who is a child, who may consent, when consent is in force, and the guards that
// plan.establish and invitation.send rely on. Cases are built by hand (no commands) so each rule is seen on
// its own. "Today" is 2026-11-22 unless a test says otherwise.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/rules.h"

using namespace sip;

namespace {

const CivilDate kToday{2026, 11, 22};

CivilDate D(const char* s) {
  auto d = ParseDate(s);
  REQUIRE(d.has_value());
  return *d;
}

Case Adult() {
  Case c;
  c.id = "c-1";
  c.owner.name = "Astrid Testsson";
  c.owner.identity_number = "198211059954";
  c.owner.birth_date = "1982-11-05";
  return c;
}

Case ChildCase() {
  Case c;
  c.id = "c-2";
  c.owner.name = "Lilly Testsson";
  c.owner.reserve_number = true;
  c.owner.birth_date = "2014-05-12";
  return c;
}

Representative Rep(std::string id, RepresentativeRole role) {
  Representative r;
  r.id = std::move(id);
  r.role = role;
  r.name = "Företrädare " + r.id;
  return r;
}

Consent K(std::string id, std::string given_by, std::string from = "2026-11-01", std::string to = {}) {
  Consent k;
  k.id = std::move(id);
  k.given_by = std::move(given_by);
  k.form = ConsentForm::Oral;
  k.documented_by = "Omsorgshandledare Test";
  k.documented_on = from;
  k.valid_from = std::move(from);
  k.valid_to = std::move(to);
  return k;
}

Participant P(std::string id, std::string name) {
  Participant p;
  p.id = std::move(id);
  p.name = std::move(name);
  p.huvudman = Huvudman::Municipality;
  return p;
}

// A case whose plan passes CheckPlanComplete (for an adult).
Case CompletePlan() {
  Case c = Adult();
  c.participants = {P("p1", "Hemtjänsten Test"), P("p2", "Socialsekreterare Test")};
  c.plan.goals = {{"g1", "Att kunna bo kvar hemma", "", true, GoalStatus::Active},
                  {"g2", "Duscha två gånger i veckan", "g1", false, GoalStatus::Active}};
  Intervention i;
  i.id = "i1";
  i.what = "Hjälp med dusch";
  i.responsible = "p1";
  c.plan.interventions = {i};
  c.plan.coordinator = "p2";
  c.plan.follow_up_on = "2027-02-15";
  c.plan.follow_up_owner = "p2";
  return c;
}

// A case whose invitation passes CheckInvitationReady.
Case ReadyInvitation() {
  Case c = Adult();
  c.participants = {P("p1", "Hemtjänsten Test")};
  c.convener = {"Sara Sammankallande", "Socialtjänsten Test", StaffRole::Socialsekreterare, "", "", ""};
  c.consents = {K("k1", "person")};
  c.invitation.purpose = "Att kunna bo kvar hemma";
  c.invitation.meeting_at = "2026-12-01T10:00";
  c.invitation.place = "Hemma hos Astrid";
  c.invitation.invitees = {"p1"};
  return c;
}

Errc Code(const Result<void>& r) { return r ? Errc::Ok : r.error().code; }

}  // namespace

// ---------------------------------------------------------------------------------------------------------
// IsChild
// ---------------------------------------------------------------------------------------------------------
TEST_CASE("rules: IsChild is true under 18 and false from the 18th birthday") {
  Case c = Adult();
  CHECK_FALSE(IsChild(c, kToday));
  c.owner.birth_date = "2008-11-23";   // turns 18 tomorrow
  CHECK(IsChild(c, kToday));
  c.owner.birth_date = "2008-11-22";   // turns 18 today
  CHECK_FALSE(IsChild(c, kToday));
  CHECK(IsChild(ChildCase(), kToday));
  CHECK_FALSE(IsChild(ChildCase(), D("2032-05-12")));
}

TEST_CASE("rules: IsChild is false when the birth date is unknown or malformed") {
  Case c = Adult();
  c.owner.birth_date = "";
  CHECK_FALSE(IsChild(c, kToday));
  c.owner.birth_date = "2014-02-30";
  CHECK_FALSE(IsChild(c, kToday));
}

// ---------------------------------------------------------------------------------------------------------
// MayConsent: every role, for a child and for an adult
// ---------------------------------------------------------------------------------------------------------
TEST_CASE("rules: MayConsent for every role, child and adult") {
  struct Row {
    RepresentativeRole role;
    bool adult;
    bool child;
  };
  const Row rows[] = {
      {RepresentativeRole::Guardian, false, true},           // guardians consent only for a child
      {RepresentativeRole::GodMan, true, false},
      {RepresentativeRole::Forvaltare, true, false},         // seed 004 §4.3: may consent in the person's place
      {RepresentativeRole::Framtidsfullmakt, true, false},
      {RepresentativeRole::PowerOfAttorney, true, false},
      {RepresentativeRole::Relative, false, false},          // a relative never consents for the person
      {RepresentativeRole::Unknown, false, false},
  };
  for (const auto& r : rows) {
    CAPTURE(nlohmann::json(r.role).dump());
    CHECK(MayConsent(r.role, false) == r.adult);
    CHECK(MayConsent(r.role, true) == r.child);
  }
}

// ---------------------------------------------------------------------------------------------------------
// ConsentsInForce
// ---------------------------------------------------------------------------------------------------------
TEST_CASE("rules: ConsentsInForce respects valid_from and valid_to inclusively") {
  Case c = Adult();
  c.consents = {K("k1", "person", "2026-11-22", "2026-11-30")};
  CHECK(ConsentsInForce(c, D("2026-11-21")).empty());        // the day before valid_from
  CHECK(ConsentsInForce(c, D("2026-11-22")).size() == 1);    // valid_from itself
  CHECK(ConsentsInForce(c, D("2026-11-30")).size() == 1);    // valid_to itself
  CHECK(ConsentsInForce(c, D("2026-12-01")).empty());        // the day after valid_to
}

TEST_CASE("rules: ConsentsInForce without valid_to lasts until withdrawn") {
  Case c = Adult();
  c.consents = {K("k1", "person", "2026-11-01")};
  CHECK(ConsentsInForce(c, D("2040-01-01")).size() == 1);
  c.consents[0].withdrawn_on = "2026-11-20";
  CHECK(ConsentsInForce(c, kToday).empty());
  CHECK(ConsentsInForce(c, D("2040-01-01")).empty());
}

TEST_CASE("rules: ConsentsInForce skips withdrawn and undated consents and keeps the others") {
  Case c = Adult();
  c.consents = {K("k1", "person"), K("k2", "r1"), K("k3", "person", "")};
  c.consents[0].withdrawn_on = "2026-11-10";
  auto in_force = ConsentsInForce(c, kToday);
  REQUIRE(in_force.size() == 1);
  CHECK(in_force[0]->id == "k2");
  CHECK(in_force[0] == &c.consents[1]);
}

// ---------------------------------------------------------------------------------------------------------
// CheckConsent
// ---------------------------------------------------------------------------------------------------------
TEST_CASE("rules: CheckConsent for an adult: the person's own consent is enough") {
  Case c = Adult();
  CHECK(Code(CheckConsent(c, kToday)) == Errc::ConsentMissing);
  c.consents = {K("k1", "person")};
  CHECK(CheckConsent(c, kToday));
}

TEST_CASE("rules: CheckConsent for an adult: a förvaltare may consent in the person's place") {
  Case c = Adult();
  c.representatives = {Rep("r1", RepresentativeRole::Forvaltare)};
  c.consents = {K("k1", "r1")};
  CHECK(CheckConsent(c, kToday));
  SUBCASE("but not once it has expired") {
    c.consents[0].valid_to = "2026-11-21";
    CHECK(Code(CheckConsent(c, kToday)) == Errc::ConsentMissing);
  }
}

TEST_CASE("rules: CheckConsent for an adult: a relative's or a guardian's consent is not enough") {
  Case c = Adult();
  c.representatives = {Rep("r1", RepresentativeRole::Relative), Rep("r2", RepresentativeRole::Guardian)};
  c.consents = {K("k1", "r1"), K("k2", "r2")};
  CHECK(Code(CheckConsent(c, kToday)) == Errc::ConsentMissing);
}

TEST_CASE("rules: CheckConsent for an adult ignores a consent given by someone not registered") {
  Case c = Adult();
  c.consents = {K("k1", "r9")};
  CHECK(Code(CheckConsent(c, kToday)) == Errc::ConsentMissing);
}

TEST_CASE("rules: CheckConsent for a child with one guardian") {
  Case c = ChildCase();
  c.representatives = {Rep("r1", RepresentativeRole::Guardian)};
  auto missing = CheckConsent(c, kToday);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == Errc::GuardianConsentMissing);
  CHECK(missing.error().detail == "r1");
  c.consents = {K("k1", "r1")};
  CHECK(CheckConsent(c, kToday));
}

TEST_CASE("rules: CheckConsent for a child with two guardians needs both") {
  Case c = ChildCase();
  c.representatives = {Rep("r1", RepresentativeRole::Guardian), Rep("r2", RepresentativeRole::Guardian)};
  c.consents = {K("k1", "r1")};
  auto r = CheckConsent(c, kToday);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::GuardianConsentMissing);
  CHECK(r.error().detail == "r2");
  c.consents.push_back(K("k2", "r2"));
  CHECK(CheckConsent(c, kToday));
  SUBCASE("one guardian withdraws") {
    c.consents[0].withdrawn_on = "2026-11-21";
    CHECK(Code(CheckConsent(c, kToday)) == Errc::GuardianConsentMissing);
    // … and its continuation needs every guardian too: the plan no longer applies (issue 12, rule 3).
    CHECK(ConsentWithdrawnForGood(c, kToday));
  }
}

TEST_CASE("rules: CheckConsent for a child without a registered guardian") {
  Case c = ChildCase();
  auto r = CheckConsent(c, kToday);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::GuardianConsentMissing);
  CHECK(r.error().detail == "no guardian registered");
  SUBCASE("the child's own consent does not replace the guardians'") {
    c.consents = {K("k1", "person")};
    CHECK(Code(CheckConsent(c, kToday)) == Errc::GuardianConsentMissing);
  }
  SUBCASE("nor does a god man's or a relative's") {
    c.representatives = {Rep("r1", RepresentativeRole::GodMan), Rep("r2", RepresentativeRole::Relative)};
    c.consents = {K("k1", "r1"), K("k2", "r2")};
    CHECK(Code(CheckConsent(c, kToday)) == Errc::GuardianConsentMissing);
  }
}

TEST_CASE("rules: CheckConsent follows the owner's age: at 18 the person consents, not the guardians") {
  Case c = ChildCase();
  c.representatives = {Rep("r1", RepresentativeRole::Guardian)};
  c.consents = {K("k1", "r1")};
  CHECK(CheckConsent(c, kToday));
  CHECK(Code(CheckConsent(c, D("2032-05-12"))) == Errc::ConsentMissing);
}

// ---------------------------------------------------------------------------------------------------------
// ConsentWithdrawnForGood
// ---------------------------------------------------------------------------------------------------------
TEST_CASE("rules: ConsentWithdrawnForGood needs a withdrawal and no consent left in force") {
  Case c = Adult();
  CHECK_FALSE(ConsentWithdrawnForGood(c, kToday));                  // never consented: missing, not withdrawn
  c.consents = {K("k1", "person")};
  CHECK_FALSE(ConsentWithdrawnForGood(c, kToday));
  c.consents[0].withdrawn_on = "2026-11-21";
  CHECK(ConsentWithdrawnForGood(c, kToday));
  SUBCASE("another consent still in force keeps the plan") {
    c.representatives = {Rep("r1", RepresentativeRole::Forvaltare)};
    c.consents.push_back(K("k2", "r1"));
    CHECK_FALSE(ConsentWithdrawnForGood(c, kToday));
  }
  SUBCASE("a consent that merely expired is not a withdrawal") {
    Case e = Adult();
    e.consents = {K("k1", "person", "2026-01-01", "2026-06-30")};
    CHECK_FALSE(ConsentWithdrawnForGood(e, kToday));
  }
}

// ---------------------------------------------------------------------------------------------------------
// CheckPlanComplete: every missing item has its own code, checked in the documented order
// ---------------------------------------------------------------------------------------------------------
TEST_CASE("rules: CheckPlanComplete accepts a complete adult plan") {
  CHECK(CheckPlanComplete(CompletePlan(), kToday));
}

TEST_CASE("rules: CheckPlanComplete: plan_main_goal_missing") {
  Case c = CompletePlan();
  SUBCASE("no goals at all") { c.plan.goals.clear(); }
  SUBCASE("the main goal is not in the person's own words") { c.plan.goals[0].persons_own_words = false; }
  SUBCASE("the main goal has no text") { c.plan.goals[0].text = ""; }
  SUBCASE("the main goal is cancelled") { c.plan.goals[0].status = GoalStatus::Cancelled; }
  SUBCASE("only a sub-goal is in the person's own words") {
    c.plan.goals[0].persons_own_words = false;
    c.plan.goals[1].persons_own_words = true;
  }
  CHECK(Code(CheckPlanComplete(c, kToday)) == Errc::PlanMainGoalMissing);
}

TEST_CASE("rules: CheckPlanComplete: an achieved main goal still counts") {
  Case c = CompletePlan();
  c.plan.goals[0].status = GoalStatus::Achieved;
  CHECK(CheckPlanComplete(c, kToday));
}

TEST_CASE("rules: CheckPlanComplete: plan_intervention_missing") {
  Case c = CompletePlan();
  SUBCASE("no interventions") { c.plan.interventions.clear(); }
  SUBCASE("no responsible") { c.plan.interventions[0].responsible = ""; }
  SUBCASE("the responsible is not a participant") { c.plan.interventions[0].responsible = "p9"; }
  SUBCASE("the intervention says nothing") { c.plan.interventions[0].what = ""; }
  SUBCASE("the only intervention is cancelled") { c.plan.interventions[0].status = InterventionStatus::Cancelled; }
  CHECK(Code(CheckPlanComplete(c, kToday)) == Errc::PlanInterventionMissing);
}

TEST_CASE("rules: CheckPlanComplete: plan_coordinator_missing") {
  Case c = CompletePlan();
  SUBCASE("none") { c.plan.coordinator = ""; }
  SUBCASE("not a participant") { c.plan.coordinator = "p9"; }
  CHECK(Code(CheckPlanComplete(c, kToday)) == Errc::PlanCoordinatorMissing);
}

TEST_CASE("rules: CheckPlanComplete: plan_follow_up_missing") {
  Case c = CompletePlan();
  SUBCASE("no date") { c.plan.follow_up_on = ""; }
  SUBCASE("not a date") { c.plan.follow_up_on = "2027-02-30"; }
  SUBCASE("no owner") { c.plan.follow_up_owner = ""; }
  SUBCASE("owner not a participant") { c.plan.follow_up_owner = "p9"; }
  CHECK(Code(CheckPlanComplete(c, kToday)) == Errc::PlanFollowUpMissing);
}

TEST_CASE("rules: CheckPlanComplete: the child perspective is required for a child only") {
  Case c = CompletePlan();
  c.owner = ChildCase().owner;
  CHECK(Code(CheckPlanComplete(c, kToday)) == Errc::PlanChildPerspectiveMissing);
  c.plan.child_perspective = "Lilly har själv berättat vad hon vill; skolan deltar.";
  CHECK(CheckPlanComplete(c, kToday));
  Case adult = CompletePlan();
  REQUIRE(adult.plan.child_perspective.empty());
  CHECK(CheckPlanComplete(adult, kToday));
}

TEST_CASE("rules: CheckPlanComplete reports the first missing item, in the documented order") {
  Case c = CompletePlan();
  c.owner = ChildCase().owner;
  c.plan = Plan{};   // everything missing
  CHECK(Code(CheckPlanComplete(c, kToday)) == Errc::PlanMainGoalMissing);
  c.plan.goals = CompletePlan().plan.goals;
  CHECK(Code(CheckPlanComplete(c, kToday)) == Errc::PlanInterventionMissing);
  c.plan.interventions = CompletePlan().plan.interventions;
  CHECK(Code(CheckPlanComplete(c, kToday)) == Errc::PlanCoordinatorMissing);
  c.plan.coordinator = "p2";
  CHECK(Code(CheckPlanComplete(c, kToday)) == Errc::PlanFollowUpMissing);
  c.plan.follow_up_on = "2027-02-15";
  CHECK(Code(CheckPlanComplete(c, kToday)) == Errc::PlanFollowUpMissing);
  c.plan.follow_up_owner = "p1";
  CHECK(Code(CheckPlanComplete(c, kToday)) == Errc::PlanChildPerspectiveMissing);
  c.plan.child_perspective = "Barnets egen röst finns med.";
  CHECK(CheckPlanComplete(c, kToday));
}

// ---------------------------------------------------------------------------------------------------------
// CheckInvitationReady
// ---------------------------------------------------------------------------------------------------------
TEST_CASE("rules: CheckInvitationReady accepts a complete invitation with consent") {
  CHECK(CheckInvitationReady(ReadyInvitation(), kToday));
}

TEST_CASE("rules: CheckInvitationReady: each missing part is invitation_incomplete with its name") {
  Case c = ReadyInvitation();
  std::string part;
  SUBCASE("purpose") { c.invitation.purpose = ""; part = "purpose"; }
  SUBCASE("meeting time") { c.invitation.meeting_at = ""; part = "meeting_at"; }
  SUBCASE("meeting time without a time of day") { c.invitation.meeting_at = "2026-12-01"; part = "meeting_at"; }
  SUBCASE("place") { c.invitation.place = ""; part = "place"; }
  SUBCASE("invitees") { c.invitation.invitees.clear(); part = "invitees"; }
  SUBCASE("convener") { c.convener = Convener{}; part = "convener"; }
  auto r = CheckInvitationReady(c, kToday);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::InvitationIncomplete);
  CHECK(r.error().detail == part);
}

TEST_CASE("rules: CheckInvitationReady: a convener known only by organisation is enough") {
  Case c = ReadyInvitation();
  c.convener = {"", "Vårdcentralen Test", StaffRole::Unknown, "", "", ""};
  CHECK(CheckInvitationReady(c, kToday));
}

TEST_CASE("rules: CheckInvitationReady: an invitee who is not a participant is unknown_reference") {
  Case c = ReadyInvitation();
  c.invitation.invitees.push_back("p9");
  CHECK(Code(CheckInvitationReady(c, kToday)) == Errc::UnknownReference);
}

TEST_CASE("rules: CheckInvitationReady: consent comes last and uses CheckConsent") {
  Case c = ReadyInvitation();
  c.consents.clear();
  CHECK(Code(CheckInvitationReady(c, kToday)) == Errc::ConsentMissing);
  c.invitation.place = "";   // an incomplete invitation is reported before missing consent
  CHECK(Code(CheckInvitationReady(c, kToday)) == Errc::InvitationIncomplete);
  Case child = ReadyInvitation();
  child.owner = ChildCase().owner;
  CHECK(Code(CheckInvitationReady(child, kToday)) == Errc::GuardianConsentMissing);
}

// ---------------------------------------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------------------------------------
TEST_CASE("rules: FindParticipant, FindRepresentative and FindGoal find by id or return nullptr") {
  Case c = CompletePlan();
  c.representatives = {Rep("r1", RepresentativeRole::GodMan)};
  CHECK(FindParticipant(c, "p2") == &c.participants[1]);
  CHECK(FindParticipant(c, "") == nullptr);
  CHECK(FindParticipant(c, "p3") == nullptr);
  CHECK(FindRepresentative(c, "r1") == &c.representatives[0]);
  CHECK(FindRepresentative(c, "p1") == nullptr);
  CHECK(FindGoal(c.plan, "g2") == &c.plan.goals[1]);
  CHECK(FindGoal(c.plan, "g3") == nullptr);
}

// ---------------------------------------------------------------------------------------------------------
// Issue 12
// ---------------------------------------------------------------------------------------------------------
TEST_CASE("rules: ConsentWithdrawnForGood for a child: any guardian's withdrawal, unless renewed by them") {
  Case c = ChildCase();
  c.representatives = {Rep("r1", RepresentativeRole::Guardian), Rep("r2", RepresentativeRole::Guardian)};
  c.consents = {K("k1", "r1"), K("k2", "r2")};
  CHECK_FALSE(ConsentWithdrawnForGood(c, kToday));
  c.consents[1].withdrawn_on = "2026-11-21";
  CHECK(ConsentWithdrawnForGood(c, kToday));
  SUBCASE("the same guardian has another consent in force") {
    c.consents.push_back(K("k3", "r2"));
    CHECK_FALSE(ConsentWithdrawnForGood(c, kToday));
  }
  SUBCASE("without a withdrawal a missing guardian consent is not a withdrawal") {
    c.consents = {K("k1", "r1")};
    CHECK_FALSE(ConsentWithdrawnForGood(c, kToday));
  }
}

TEST_CASE("rules: ConsentLimitingPlan") {
  Case c = Adult();
  CHECK(ConsentLimitingPlan(c, kToday) == nullptr);
  c.consents = {K("k1", "person", "2026-01-01", "2027-01-01")};
  REQUIRE(ConsentLimitingPlan(c, kToday) != nullptr);
  CHECK(ConsentLimitingPlan(c, kToday)->id == "k1");
  c.representatives = {Rep("r1", RepresentativeRole::Forvaltare), Rep("r2", RepresentativeRole::Relative)};
  c.consents.push_back(K("k2", "r1", "2026-01-01", "2027-06-01"));
  c.consents.push_back(K("k3", "r2", "2026-01-01", "2028-01-01"));   // a relative's consent carries nothing
  CHECK(ConsentLimitingPlan(c, kToday)->id == "k2");
  c.consents.push_back(K("k4", "person"));
  CHECK(ConsentLimitingPlan(c, kToday) == nullptr);
}

TEST_CASE("rules: ExpectedConvener and CheckConvener (seed 000, seed 001, seed 004 §4.1.2)") {
  Case c = Adult();
  c.convener.name = "N";
  c.scenario = ConveningScenario::SocialServicesConvenes;
  CHECK(ExpectedConvener(c) == ConvenerRule::None);
  c.convener.role = StaffRole::Omsorgshandledare;
  CHECK(CheckConvener(c));
  CHECK_FALSE(ConvenerBreaksRoutine(c));
  c.scenario = ConveningScenario::HomeCareDetects;
  CHECK(ExpectedConvener(c) == ConvenerRule::AuthorityForHomeCare);
  CHECK(CheckConvener(c));                      // a local routine: a warning, never a refusal
  CHECK(ConvenerBreaksRoutine(c));
  c.ready_for_discharge_on = "2026-11-20";
  CHECK(ExpectedConvener(c) == ConvenerRule::FastVardkontakt);
  CHECK(Code(CheckConvener(c)) == Errc::ConvenerNotFastVardkontakt);
  CHECK_FALSE(ConvenerBreaksRoutine(c));
  c.convener.role = StaffRole::FastVardkontakt;
  CHECK(CheckConvener(c));
  c.form = CollaborationForm::WithoutIndividual;   // without the individual wins: the enhetschef
  CHECK(ExpectedConvener(c) == ConvenerRule::Enhetschef);
  CHECK(Code(CheckConvener(c)) == Errc::ConvenerNotEnhetschef);
  c.convener.role = StaffRole::Enhetschef;
  CHECK(CheckConvener(c));
  c.convener = Convener{};
  c.convener.role = StaffRole::Lakare;
  CHECK(CheckConvener(c));                      // no convener recorded: nothing to check
}

TEST_CASE("rules: CheckInvitationReady refuses a convener that breaks a rule") {
  Case c = ReadyInvitation();
  CHECK(CheckInvitationReady(c, kToday));
  c.form = CollaborationForm::WithoutIndividual;
  CHECK(Code(CheckInvitationReady(c, kToday)) == Errc::ConvenerNotEnhetschef);
}
