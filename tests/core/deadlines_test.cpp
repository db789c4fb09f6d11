#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/deadlines.h"
#include "core/need_summary.h"

using namespace sip;

namespace {

CivilDate D(const char* s) {
  auto d = ParseDate(s);
  REQUIRE(d.has_value());
  return *d;
}

// An open case with nothing that triggers a rule.
Case OpenCase() {
  Case c;
  c.id = "c1";
  c.created_on = "2026-11-01";
  c.step = Step::Preparation;
  c.form = CollaborationForm::Sip;
  return c;
}

// The warnings with `code` only.
std::vector<Warning> Only(const Case& c, const char* today, std::string_view code) {
  std::vector<Warning> out;
  for (auto& w : ComputeWarnings(c, D(today)))
    if (w.code == code) out.push_back(w);
  return out;
}

// The severity of the single warning with `code`; fails the test when there is not exactly one.
Severity SeverityOn(const Case& c, const char* today, std::string_view code) {
  auto ws = Only(c, today, code);
  REQUIRE(ws.size() == 1);
  return ws[0].severity;
}

Consent MakeConsent(std::string id, std::string given_by, std::string from, std::string to = {}) {
  Consent k;
  k.id = std::move(id);
  k.given_by = std::move(given_by);
  k.form = ConsentForm::Oral;
  k.documented_on = from;
  k.valid_from = std::move(from);
  k.valid_to = std::move(to);
  return k;
}

}  // namespace

TEST_CASE("deadlines: an open case with no dates has no warnings") {
  CHECK(ComputeWarnings(OpenCase(), D("2026-11-22")).empty());
}

TEST_CASE("deadlines: meeting_due within 21 days of the need, graded info / warning / overdue") {
  Case c = OpenCase();
  c.noticed_on = "2026-11-01";   // due 2026-11-22
  auto ws = Only(c, "2026-11-01", kMeetingDue);
  REQUIRE(ws.size() == 1);
  CHECK(ws[0].due == "2026-11-22");
  CHECK(ws[0].ref.empty());
  CHECK(ws[0].message.find("2026-11-22") != std::string::npos);
  CHECK(SeverityOn(c, "2026-11-14", kMeetingDue) == Severity::Info);      // 8 days left
  CHECK(SeverityOn(c, "2026-11-15", kMeetingDue) == Severity::Warning);   // 7 days left
  CHECK(SeverityOn(c, "2026-11-22", kMeetingDue) == Severity::Warning);   // day 21: still on time
  CHECK(SeverityOn(c, "2026-11-23", kMeetingDue) == Severity::Overdue);   // day 22
  CHECK(SeverityOn(c, "2027-06-01", kMeetingDue) == Severity::Overdue);

  SUBCASE("a held meeting ends it") {
    c.meeting.held_on = "2026-11-20";
    CHECK(Only(c, "2026-11-23", kMeetingDue).empty());
  }
  SUBCASE("collaboration without the individual meets at an agreed interval, not within 21 days") {
    c.form = CollaborationForm::WithoutIndividual;
    CHECK(Only(c, "2026-11-23", kMeetingDue).empty());
  }
  SUBCASE("other forms and an unknown form keep the rule") {
    c.form = CollaborationForm::WithIndividual;
    CHECK(Only(c, "2026-11-23", kMeetingDue).size() == 1);
    c.form = CollaborationForm::Unknown;
    CHECK(Only(c, "2026-11-23", kMeetingDue).size() == 1);
  }
  SUBCASE("across a month and a year end") {
    c.noticed_on = "2026-12-20";
    CHECK(Only(c, "2026-12-20", kMeetingDue)[0].due == "2027-01-10");
    CHECK(SeverityOn(c, "2027-01-10", kMeetingDue) == Severity::Warning);
    CHECK(SeverityOn(c, "2027-01-11", kMeetingDue) == Severity::Overdue);
  }
}

TEST_CASE("deadlines: discharge_invitation_due within 3 days of ready for discharge") {
  Case c = OpenCase();
  c.ready_for_discharge_on = "2026-11-10";   // due 2026-11-13
  auto ws = Only(c, "2026-11-10", kDischargeInvitationDue);
  REQUIRE(ws.size() == 1);
  CHECK(ws[0].due == "2026-11-13");
  CHECK(ws[0].severity == Severity::Warning);
  CHECK(SeverityOn(c, "2026-11-13", kDischargeInvitationDue) == Severity::Warning);   // day 3
  CHECK(SeverityOn(c, "2026-11-14", kDischargeInvitationDue) == Severity::Overdue);   // day 4
  c.invitation.sent_on = "2026-11-14";
  CHECK(Only(c, "2026-11-20", kDischargeInvitationDue).empty());
  c.invitation.sent_on.clear();
  c.ready_for_discharge_on.clear();
  CHECK(Only(c, "2026-11-20", kDischargeInvitationDue).empty());
}

TEST_CASE("deadlines: plan_to_person_due within 72 hours of the meeting") {
  Case c = OpenCase();
  c.step = Step::Meeting;
  c.meeting.held_on = "2026-11-20";   // due 2026-11-23
  auto ws = Only(c, "2026-11-20", kPlanToPersonDue);
  REQUIRE(ws.size() == 1);
  CHECK(ws[0].due == "2026-11-23");
  CHECK(ws[0].severity == Severity::Warning);
  CHECK(SeverityOn(c, "2026-11-23", kPlanToPersonDue) == Severity::Warning);
  CHECK(SeverityOn(c, "2026-11-24", kPlanToPersonDue) == Severity::Overdue);
  c.plan.handed_to_person_on = "2026-11-22";
  CHECK(Only(c, "2026-11-24", kPlanToPersonDue).empty());
  c.plan.handed_to_person_on.clear();
  c.meeting.held_on.clear();
  CHECK(Only(c, "2026-11-24", kPlanToPersonDue).empty());
}

TEST_CASE("deadlines: follow_up_due in step follow_up until a follow-up is held on or after the date") {
  Case c = OpenCase();
  c.step = Step::FollowUp;
  c.meeting.held_on = "2026-11-20";
  c.plan.handed_to_person_on = "2026-11-21";
  c.plan.follow_up_on = "2027-03-01";
  CHECK(SeverityOn(c, "2026-12-01", kFollowUpDue) == Severity::Info);
  CHECK(SeverityOn(c, "2027-02-14", kFollowUpDue) == Severity::Info);      // 15 days left
  CHECK(SeverityOn(c, "2027-02-15", kFollowUpDue) == Severity::Warning);   // 14 days left
  CHECK(SeverityOn(c, "2027-03-01", kFollowUpDue) == Severity::Warning);   // the day itself
  CHECK(SeverityOn(c, "2027-03-02", kFollowUpDue) == Severity::Overdue);
  CHECK(Only(c, "2027-03-02", kFollowUpDue)[0].due == "2027-03-01");

  SUBCASE("an older follow-up (no planned_for) before the date does not count") {
    c.follow_ups.push_back(FollowUp{"f1", "2027-02-28", {}, {}, {}, FollowUpDecision::Continue, "", "", ""});
    CHECK(SeverityOn(c, "2027-03-02", kFollowUpDue) == Severity::Overdue);
  }
  SUBCASE("a follow-up held early for that date ends it (issue 12, rule 7)") {
    c.follow_ups.push_back(FollowUp{"f1", "2027-02-20", {}, {}, {}, FollowUpDecision::Close, "2027-03-01", "", ""});
    CHECK(Only(c, "2027-02-20", kFollowUpDue).empty());
    CHECK(Only(c, "2027-03-02", kFollowUpDue).empty());
  }
  SUBCASE("a follow-up held for an earlier date does not count for this one") {
    c.follow_ups.push_back(FollowUp{"f1", "2027-03-05", {}, {}, {}, FollowUpDecision::Continue, "2026-12-01", "", ""});
    CHECK(SeverityOn(c, "2027-03-06", kFollowUpDue) == Severity::Overdue);
  }
  SUBCASE("a follow-up on the date ends it") {
    c.follow_ups.push_back(FollowUp{"f1", "2027-03-01", {}, {}, {}, FollowUpDecision::Continue, "", "", ""});
    CHECK(Only(c, "2027-03-02", kFollowUpDue).empty());
  }
  SUBCASE("a follow-up after the date ends it") {
    c.follow_ups.push_back(FollowUp{"f1", "2027-03-09", {}, {}, {}, FollowUpDecision::Continue, "", "", ""});
    CHECK(Only(c, "2027-03-10", kFollowUpDue).empty());
  }
  SUBCASE("only in step follow_up") {
    c.step = Step::Meeting;
    CHECK(Only(c, "2027-03-02", kFollowUpDue).empty());
  }
  SUBCASE("no date, no warning") {
    c.plan.follow_up_on.clear();
    CHECK(Only(c, "2027-03-02", kFollowUpDue).empty());
  }
}

TEST_CASE("deadlines: consent_expiring within 30 days and consent_expired after valid_to") {
  Case c = OpenCase();
  c.consents.push_back(MakeConsent("k1", "person", "2026-01-01", "2026-12-22"));
  CHECK(Only(c, "2026-11-21", kConsentExpiring).empty());   // 31 days left
  auto ws = Only(c, "2026-11-22", kConsentExpiring);        // 30 days left
  REQUIRE(ws.size() == 1);
  CHECK(ws[0].severity == Severity::Warning);
  CHECK(ws[0].due == "2026-12-22");
  CHECK(ws[0].ref == "k1");
  CHECK(SeverityOn(c, "2026-12-22", kConsentExpiring) == Severity::Warning);   // last valid day
  CHECK(Only(c, "2026-12-22", kConsentExpired).empty());
  CHECK(Only(c, "2026-12-23", kConsentExpiring).empty());
  ws = Only(c, "2026-12-23", kConsentExpired);
  REQUIRE(ws.size() == 1);
  CHECK(ws[0].severity == Severity::Overdue);
  CHECK(ws[0].ref == "k1");

  SUBCASE("open-ended consent never expires") {
    c.consents[0].valid_to.clear();
    CHECK(ComputeWarnings(c, D("2030-01-01")).empty());
  }
  SUBCASE("a withdrawn consent does not expire (it is handled by consent_withdrawn_close_case)") {
    c.consents[0].withdrawn_on = "2026-11-01";
    CHECK(Only(c, "2026-12-23", kConsentExpired).empty());
    CHECK(Only(c, "2026-12-01", kConsentExpiring).empty());
  }
  SUBCASE("renewed by the same giver: no warning for the old consent") {
    c.consents.push_back(MakeConsent("k2", "person", "2026-12-01", "2027-12-31"));
    CHECK(Only(c, "2026-12-23", kConsentExpired).empty());
    CHECK(Only(c, "2026-12-01", kConsentExpiring).empty());
    CHECK(Only(c, "2027-12-01", kConsentExpiring).size() == 1);   // the new one, in its turn
    CHECK(Only(c, "2027-12-01", kConsentExpiring)[0].ref == "k2");
  }
  SUBCASE("a consent from another giver is no renewal") {
    c.consents.push_back(MakeConsent("k2", "r1", "2026-12-01"));
    ws = Only(c, "2026-12-23", kConsentExpired);
    REQUIRE(ws.size() == 1);
    CHECK(ws[0].ref == "k1");
  }
  SUBCASE("each consent is reported on its own") {
    c.consents.push_back(MakeConsent("k2", "r1", "2026-01-01", "2026-12-10"));
    ws = Only(c, "2026-12-01", kConsentExpiring);
    REQUIRE(ws.size() == 2);
    CHECK(ws[0].ref == "k2");   // due first
    CHECK(ws[1].ref == "k1");
  }
}

TEST_CASE("deadlines: consent_withdrawn_close_case while the case is open") {
  Case c = OpenCase();
  c.step = Step::FollowUp;
  c.consents.push_back(MakeConsent("k1", "person", "2026-01-01"));
  CHECK(Only(c, "2026-11-22", kConsentWithdrawnCloseCase).empty());
  c.consents[0].withdrawn_on = "2026-11-15";
  auto ws = Only(c, "2026-11-22", kConsentWithdrawnCloseCase);
  REQUIRE(ws.size() == 1);
  CHECK(ws[0].severity == Severity::Overdue);
  CHECK(ws[0].due == "2026-11-15");
  CHECK(ws[0].ref == "k1");
  CHECK(ws[0].message.find("2026-11-15") != std::string::npos);

  SUBCASE("the latest withdrawal is the one reported") {
    c.consents.push_back(MakeConsent("k2", "r1", "2026-01-01"));
    c.consents[1].withdrawn_on = "2026-11-18";
    ws = Only(c, "2026-11-22", kConsentWithdrawnCloseCase);
    REQUIRE(ws.size() == 1);
    CHECK(ws[0].ref == "k2");
    CHECK(ws[0].due == "2026-11-18");
  }
  SUBCASE("another consent still in force: the plan still applies (rules.h ConsentWithdrawnForGood)") {
    c.consents.push_back(MakeConsent("k2", "r1", "2026-01-01"));
    CHECK(Only(c, "2026-11-22", kConsentWithdrawnCloseCase).empty());
  }
  SUBCASE("closing the case ends it") {
    c.step = Step::Closed;
    c.closure.reason = ClosureReason::ConsentWithdrawn;
    c.closure.closed_on = "2026-11-22";
    CHECK(ComputeWarnings(c, D("2026-11-22")).empty());
  }
}

TEST_CASE("deadlines: deviation_proposed for an absence without notice that is not reported") {
  Case c = OpenCase();
  c.step = Step::Meeting;
  c.meeting.held_on = "2026-11-20";
  c.plan.handed_to_person_on = "2026-11-20";
  Participant a;
  a.id = "p1";
  a.attendance = Attendance::AbsentWithoutNotice;
  Participant b;
  b.id = "p2";
  b.attendance = Attendance::AbsentWithNotice;
  Participant p;
  p.id = "p3";
  p.attendance = Attendance::Present;
  c.participants = {a, b, p};
  auto ws = Only(c, "2026-11-22", kDeviationProposed);
  REQUIRE(ws.size() == 1);
  CHECK(ws[0].ref == "p1");
  CHECK(ws[0].due == "2026-11-20");
  CHECK(ws[0].severity == Severity::Warning);

  SUBCASE("reported: no warning") {
    c.deviations.push_back(Deviation{"d1", DeviationKind::AbsentWithoutNotice, "", "2026-11-20", "", "p1", "", "", ""});
    CHECK(Only(c, "2026-11-22", kDeviationProposed).empty());
  }
  SUBCASE("a deviation of another kind, or about someone else, does not count") {
    c.deviations.push_back(Deviation{"d1", DeviationKind::PartiesDisagree, "", "2026-11-20", "", "p1", "", "", ""});
    c.deviations.push_back(Deviation{"d2", DeviationKind::AbsentWithoutNotice, "", "2026-11-20", "", "p2", "", "", ""});
    CHECK(Only(c, "2026-11-22", kDeviationProposed).size() == 1);
  }
  SUBCASE("two absentees: two warnings") {
    c.participants[1].attendance = Attendance::AbsentWithoutNotice;
    ws = Only(c, "2026-11-22", kDeviationProposed);
    REQUIRE(ws.size() == 2);
    CHECK(ws[0].ref == "p1");
    CHECK(ws[1].ref == "p2");
  }
  SUBCASE("no meeting date recorded: due today") {
    c.meeting.held_on.clear();
    ws = Only(c, "2026-11-22", kDeviationProposed);
    REQUIRE(ws.size() == 1);
    CHECK(ws[0].due == "2026-11-22");
  }
}

TEST_CASE("deadlines: a closed case has no warnings at all") {
  Case c = OpenCase();
  c.noticed_on = "2026-01-01";
  c.ready_for_discharge_on = "2026-01-01";
  c.meeting.held_on = "2026-02-01";
  c.plan.follow_up_on = "2026-03-01";
  c.consents.push_back(MakeConsent("k1", "person", "2026-01-01", "2026-04-01"));
  c.consents.push_back(MakeConsent("k2", "r1", "2026-01-01"));
  c.consents[1].withdrawn_on = "2026-05-01";
  Participant a;
  a.id = "p1";
  a.attendance = Attendance::AbsentWithoutNotice;
  c.participants.push_back(a);
  c.step = Step::FollowUp;
  REQUIRE(ComputeWarnings(c, D("2026-11-22")).size() >= 5);

  SUBCASE("step closed") {
    c.step = Step::Closed;
    CHECK(ComputeWarnings(c, D("2026-11-22")).empty());
  }
  SUBCASE("closure recorded") {
    c.closure.closed_on = "2026-11-01";
    CHECK(ComputeWarnings(c, D("2026-11-22")).empty());
  }
}

TEST_CASE("deadlines: sorted by due date, then code, then ref") {
  Case c = OpenCase();
  c.step = Step::Meeting;
  c.noticed_on = "2026-11-01";               // meeting_due 2026-11-22 (not held: the meeting date is on the plan)
  c.ready_for_discharge_on = "2026-11-19";   // discharge_invitation_due 2026-11-22
  c.consents.push_back(MakeConsent("kb", "person", "2026-01-01", "2026-11-22"));   // consent_expiring 2026-11-22
  c.consents.push_back(MakeConsent("ka", "r1", "2026-01-01", "2026-11-22"));       // consent_expiring 2026-11-22
  c.consents.push_back(MakeConsent("kc", "r2", "2026-01-01", "2026-11-30"));       // consent_expiring 2026-11-30
  c.consents.push_back(MakeConsent("kd", "r3", "2026-01-01", "2026-11-01"));       // consent_expired 2026-11-01
  const auto ws = ComputeWarnings(c, D("2026-11-20"));
  std::vector<std::string> got;
  for (const auto& w : ws) got.push_back(w.due + " " + w.code + " " + w.ref);
  CHECK(got == std::vector<std::string>{
                   "2026-11-01 consent_expired kd",
                   "2026-11-22 consent_expiring ka",
                   "2026-11-22 consent_expiring kb",
                   "2026-11-22 discharge_invitation_due ",
                   "2026-11-22 meeting_due ",
                   "2026-11-30 consent_expiring kc",
               });
}

TEST_CASE("deadlines: unparsable dates skip their rule and never crash") {
  Case c = OpenCase();
  c.step = Step::FollowUp;
  for (const char* bad : {"2026-02-30", "2026-13-01", "26-11-01", "2026-11-1", "idag", "2026-11-01T10:00", " "}) {
    INFO(bad);
    c.noticed_on = bad;
    c.ready_for_discharge_on = bad;
    c.meeting.held_on = bad;
    c.plan.follow_up_on = bad;
    c.consents = {MakeConsent("k1", "person", "2026-01-01", bad), MakeConsent("k2", "person", bad, bad)};
    c.consents[1].withdrawn_on = bad;
    c.follow_ups = {FollowUp{"f1", bad, {}, {}, {}, FollowUpDecision::Unknown, "", "", ""}};
    const auto ws = ComputeWarnings(c, D("2026-11-22"));
    // Nothing but the rules that do not depend on the bad dates: here, none at all.
    CHECK(ws.empty());
  }
  SUBCASE("an invalid today gives no warnings") {
    c = OpenCase();
    c.noticed_on = "2026-11-01";
    REQUIRE(ComputeWarnings(c, D("2026-11-22")).size() == 1);
    CHECK(ComputeWarnings(c, CivilDate{2026, 2, 30}).empty());
    CHECK(ComputeWarnings(c, CivilDate{}).empty());
  }
  SUBCASE("a deviation still surfaces with an unparsable meeting date (due today)") {
    c.meeting.held_on = "igår";
    Participant a;
    a.id = "p1";
    a.attendance = Attendance::AbsentWithoutNotice;
    c.participants.push_back(a);
    const auto ws = Only(c, "2026-11-22", kDeviationProposed);
    REQUIRE(ws.size() == 1);
    CHECK(ws[0].due == "2026-11-22");
  }
}

TEST_CASE("deadlines: JSON form with snake_case severities") {
  Warning w{"consent_expired", Severity::Overdue, "2026-11-01", "Samtycket gällde till och med 2026-11-01.", "k1"};
  const nlohmann::json j = w;
  CHECK(j == nlohmann::json{{"code", "consent_expired"},
                            {"severity", "overdue"},
                            {"due", "2026-11-01"},
                            {"message", "Samtycket gällde till och med 2026-11-01."},
                            {"ref", "k1"}});
  const Warning back = j.get<Warning>();
  CHECK(back.severity == Severity::Overdue);
  CHECK(back.ref == "k1");
  CHECK(nlohmann::json(Severity::Info) == "info");
  CHECK(nlohmann::json(Severity::Warning) == "warning");
  CHECK(SeverityName(Severity::Info) == "info");
  CHECK(SeverityName(Severity::Warning) == "warning");
  CHECK(SeverityName(Severity::Overdue) == "overdue");
}

TEST_CASE("deadlines: messages are Swedish, dated and free of the case's personal data") {
  Case c = OpenCase();
  c.step = Step::FollowUp;
  c.owner.name = "Anna-Karin Öberg";
  c.owner.identity_number = "199012119948";
  c.owner.birth_date = "1990-12-11";
  c.noticed_on = "2026-10-01";
  c.ready_for_discharge_on = "2026-10-01";
  c.meeting.held_on = "2026-11-01";
  c.plan.follow_up_on = "2026-12-01";
  c.consents.push_back(MakeConsent("k1", "person", "2026-01-01", "2026-12-01"));
  Participant a;
  a.id = "p1";
  a.name = "Lars Öberg";
  a.attendance = Attendance::AbsentWithoutNotice;
  c.participants.push_back(a);
  const auto ws = ComputeWarnings(c, D("2026-11-22"));
  REQUIRE(ws.size() == 5);   // all but meeting_due (held), consent_withdrawn_close_case (none)
  for (const auto& w : ws) {
    INFO(w.code);
    CHECK_FALSE(w.message.empty());
    CHECK_FALSE(ContainsPersonalData(w.message, c));
    if (w.code != kDeviationProposed) CHECK(w.message.find(w.due) != std::string::npos);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Issue 12
// ---------------------------------------------------------------------------------------------------------
TEST_CASE("deadlines: consent_ends_before_follow_up: consent ending the day before, on and after the follow-up") {
  Case c = OpenCase();
  c.step = Step::FollowUp;
  c.plan.follow_up_on = "2027-03-01";
  c.plan.handed_to_person_on = "2026-11-21";
  struct Row {
    const char* valid_to;
    bool warned;
  };
  for (const Row& r : {Row{"2027-02-28", true}, Row{"2027-03-01", false}, Row{"2027-03-02", false}}) {
    CAPTURE(std::string(r.valid_to));
    c.consents = {MakeConsent("k1", "person", "2026-11-01", r.valid_to)};
    auto ws = Only(c, "2026-12-01", kConsentEndsBeforeFollowUp);
    REQUIRE(ws.size() == (r.warned ? 1u : 0u));
    if (r.warned) {
      CHECK(ws[0].due == "2027-02-28");
      CHECK(ws[0].ref == "k1");
      CHECK(ws[0].severity == Severity::Warning);
    }
  }
  SUBCASE("the longest-lasting consent counts for an adult; an open-ended one never warns") {
    c.consents = {MakeConsent("k1", "person", "2026-11-01", "2027-01-01"), MakeConsent("k2", "person", "2026-11-01", "2027-02-01")};
    auto ws = Only(c, "2026-12-01", kConsentEndsBeforeFollowUp);
    REQUIRE(ws.size() == 1);
    CHECK(ws[0].ref == "k2");
    c.consents.push_back(MakeConsent("k3", "person", "2026-11-01"));
    CHECK(Only(c, "2026-12-01", kConsentEndsBeforeFollowUp).empty());
  }
  SUBCASE("for a child the earliest-ending guardian's consent counts") {
    c.owner.birth_date = "2014-05-12";
    c.representatives = {Representative{"r1", RepresentativeRole::Guardian, "A", "", "", ""},
                         Representative{"r2", RepresentativeRole::Guardian, "B", "", "", ""}};
    c.consents = {MakeConsent("k1", "r1", "2026-11-01", "2027-06-01"), MakeConsent("k2", "r2", "2026-11-01", "2027-02-01")};
    auto ws = Only(c, "2026-12-01", kConsentEndsBeforeFollowUp);
    REQUIRE(ws.size() == 1);
    CHECK(ws[0].ref == "k2");
  }
  SUBCASE("only once the plan is established") {
    c.consents = {MakeConsent("k1", "person", "2026-11-01", "2027-01-01")};
    c.step = Step::Meeting;
    CHECK(Only(c, "2026-12-01", kConsentEndsBeforeFollowUp).empty());
  }
}

TEST_CASE("deadlines: close_decided until the case is closed") {
  Case c = OpenCase();
  c.step = Step::FollowUp;
  c.follow_ups.push_back(FollowUp{"f1", "2027-02-15", {}, {}, {}, FollowUpDecision::Close, "", "", ""});
  auto ws = Only(c, "2027-02-16", kCloseDecided);
  REQUIRE(ws.size() == 1);
  CHECK(ws[0].ref == "f1");
  CHECK(ws[0].due == "2027-02-15");
  c.closure.closed_on = "2027-02-16";
  CHECK(ComputeWarnings(c, D("2027-02-16")).empty());
}

TEST_CASE("deadlines: deviation_proposed for an intervention not performed and an open guideline proposal") {
  Case c = OpenCase();
  c.step = Step::FollowUp;
  c.follow_ups.push_back(FollowUp{"f1", "2027-02-15", {}, {{"i1", false, ""}, {"i2", true, ""}}, {},
                                  FollowUpDecision::Continue, "", "", ""});
  auto ws = Only(c, "2027-02-16", kDeviationProposed);
  REQUIRE(ws.size() == 1);
  CHECK(ws[0].ref == "i1");
  CHECK(ws[0].due == "2027-02-15");
  c.deviations.push_back(Deviation{"d1", DeviationKind::InterventionNotPerformed, "x", "2027-02-15", "Olle", "", "", "i1", ""});
  CHECK(Only(c, "2027-02-16", kDeviationProposed).empty());
  DeviationProposal p;
  p.id = "dp1";
  p.rule = GuidelineRule::MeetingWithin21Days;
  p.deadline = "2026-12-07";
  p.occurred_on = "2026-12-08";
  p.days_late = 1;
  c.deviation_proposals.push_back(p);
  ws = Only(c, "2027-02-16", kDeviationProposed);
  REQUIRE(ws.size() == 1);
  CHECK(ws[0].ref == "dp1");
  CHECK(ws[0].due == "2026-12-08");
  c.deviation_proposals[0].status = ProposalStatus::Dismissed;
  CHECK(Only(c, "2027-02-16", kDeviationProposed).empty());
}

TEST_CASE("deadlines: convener_not_per_routine when home care detected the need") {
  Case c = OpenCase();
  c.noticed_on = "2026-11-10";
  c.scenario = ConveningScenario::HomeCareDetects;
  c.convener.name = "Olle";
  c.convener.role = StaffRole::Omsorgshandledare;
  auto ws = Only(c, "2026-11-12", kConvenerNotPerRoutine);
  REQUIRE(ws.size() == 1);
  CHECK(ws[0].due == "2026-11-10");
  c.convener.role = StaffRole::Socialsekreterare;
  CHECK(Only(c, "2026-11-12", kConvenerNotPerRoutine).empty());
  c.convener.role = StaffRole::Arbetsterapeut;
  CHECK(Only(c, "2026-11-12", kConvenerNotPerRoutine).empty());
  c.convener = Convener{};
  CHECK(Only(c, "2026-11-12", kConvenerNotPerRoutine).empty());   // no convener yet: nothing to say
}
