#include <doctest/doctest.h>

#include "store/audit.h"
#include "store/store.h"
#include "store/test_util.h"

using namespace sip;
using namespace sip::store;
using Json = nlohmann::json;

namespace {
constexpr UnixMs kNow = 1795336070123;

Store Mem() {
  auto s = Store::Open(":memory:", kNow);
  REQUIRE(s.ok());
  return std::move(*s);
}

Case Sample(const std::string& id, const std::string& created_on) {
  Case c;
  c.id = id;
  c.created_on = created_on;
  c.step = Step::Preparation;
  c.owner.name = "Testa Testsson";
  c.owner.identity_number = "199012119948";
  c.plan.goals.push_back({"g1", "Kunna bo kvar hemma", "", true, GoalStatus::Active});
  return c;
}
}  // namespace

TEST_CASE("cases round-trip through their JSON document") {
  Store s = Mem();
  const Case c = Sample("c-1", "2026-11-20");
  REQUIRE(s.Write([&](WriteTx& tx) { return cases_repo::Put(tx, c, kNow); }).ok());
  auto got = cases_repo::Get(s, "c-1");
  REQUIRE(got.ok());
  REQUIRE(got->has_value());
  CHECK(Json(**got) == Json(c));
  CHECK_FALSE(cases_repo::Get(s, "c-2")->has_value());
}

TEST_CASE("Put replaces a case; All lists newest first") {
  Store s = Mem();
  Case a = Sample("c-a", "2026-11-01");
  Case b = Sample("c-b", "2026-11-15");
  REQUIRE(s.Write([&](WriteTx& tx) -> Result<void> {
    SIP_TRY(cases_repo::Put(tx, a, kNow));
    return cases_repo::Put(tx, b, kNow);
  }).ok());
  a.step = Step::Closed;
  REQUIRE(s.Write([&](WriteTx& tx) { return cases_repo::Put(tx, a, kNow + 1); }).ok());
  auto all = cases_repo::All(s);
  REQUIRE(all.ok());
  REQUIRE(all->size() == 2);
  CHECK((*all)[0].id == "c-b");
  CHECK((*all)[1].step == Step::Closed);
}

TEST_CASE("every write gives the case a revision above all others; ChangedSince reads only what was written after") {
  Store s = Mem();
  CHECK(cases_repo::Count(s)->revision == 0);
  CHECK(cases_repo::Count(s)->count == 0);
  Case a = Sample("c-a", "2026-11-01");
  Case b = Sample("c-b", "2026-11-15");
  Case c = Sample("c-c", "2026-11-20");
  REQUIRE(s.Write([&](WriteTx& tx) -> Result<void> {
    SIP_TRY(cases_repo::Put(tx, a, kNow));
    SIP_TRY(cases_repo::Put(tx, b, kNow));
    return cases_repo::Put(tx, c, kNow);
  }).ok());
  auto census = cases_repo::Count(s);
  REQUIRE(census.ok());
  CHECK(census->revision == 3);
  CHECK(census->count == 3);
  auto all = cases_repo::ChangedSince(s, -1);
  REQUIRE(all.ok());
  REQUIRE(all->size() == 3);
  CHECK((*all)[0].c.id == "c-c");   // newest first, as All()
  CHECK((*all)[0].revision == 3);
  CHECK((*all)[2].revision == 1);

  // Writing the oldest case again moves it above the others; a list made at revision 3 needs only it.
  a.step = Step::Closed;
  REQUIRE(s.Write([&](WriteTx& tx) { return cases_repo::Put(tx, a, kNow + 1); }).ok());
  auto since = cases_repo::ChangedSince(s, 3);
  REQUIRE(since.ok());
  REQUIRE(since->size() == 1);
  CHECK((*since)[0].c.id == "c-a");
  CHECK((*since)[0].c.step == Step::Closed);
  CHECK((*since)[0].revision == 4);
  CHECK(cases_repo::ChangedSince(s, 4)->empty());
  CHECK(cases_repo::Count(s)->count == 3);

  // A write that rolls back leaves every revision as it was.
  auto failed = s.Write([&](WriteTx& tx) -> Result<void> {
    SIP_TRY(cases_repo::Put(tx, b, kNow + 2));
    return Error{Errc::Internal, "rolled back on purpose"};
  });
  CHECK_FALSE(failed.ok());
  CHECK(cases_repo::Count(s)->revision == 4);
  CHECK(cases_repo::ChangedSince(s, 4)->empty());
}

TEST_CASE("a stored case document that no longer parses is reported as corrupt") {
  Store s = Mem();
  REQUIRE(s.db().Exec("INSERT INTO cases(id, step, created_on, updated_at, doc) "
                      "VALUES('c-x','preparation','2026-11-01','t','{\"owner\":\"x\"}');").ok());
  CHECK(cases_repo::Get(s, "c-x").error().code == Errc::DbCorrupt);
  CHECK(cases_repo::ChangedSince(s, -1).error().code == Errc::DbCorrupt);
  CHECK(s.db().Exec("INSERT INTO cases(id, step, created_on, updated_at, doc) "
                    "VALUES('c-y','preparation','2026-11-01','t','not json');").error().code == Errc::DbConstraint);
}

TEST_CASE("the audit log appends in order, filters by case and refuses edits") {
  Store s = Mem();
  REQUIRE(s.Write([&](WriteTx& tx) -> Result<void> {
    SIP_TRY(audit_repo::Append(tx, {0, "t1", "Testa", "c-1", "case.create", "{}", {}, {}}));
    SIP_TRY(audit_repo::Append(tx, {0, "t2", "Testa", "", "settings.set", "{\"key\":\"staff.name\"}", {}, {}}));
    SIP_TRY(audit_repo::Append(tx, {0, "t3", "Testa", "c-1", "consent.record", "{}", {}, {}}));
    return {};
  }).ok());
  auto all = audit_repo::List(s, "", 0);
  REQUIRE(all.ok());
  REQUIRE(all->size() == 3);
  CHECK((*all)[0].seq < (*all)[1].seq);
  auto one = audit_repo::List(s, "c-1", 0);
  REQUIRE(one->size() == 2);
  CHECK((*one)[1].action == "consent.record");
  auto last = audit_repo::List(s, "", 1);
  REQUIRE(last->size() == 1);
  CHECK((*last)[0].action == "consent.record");
  CHECK(s.db().Exec("UPDATE audit_log SET actor='x';").error().code == Errc::DbConstraint);
  CHECK(s.db().Exec("DELETE FROM audit_log;").error().code == Errc::DbConstraint);
}

TEST_CASE("a failed write leaves neither the case nor its audit entry") {
  Store s = Mem();
  const Case c = Sample("c-1", "2026-11-20");
  auto r = s.Write([&](WriteTx& tx) -> Result<void> {
    SIP_TRY(cases_repo::Put(tx, c, kNow));
    SIP_TRY(audit_repo::Append(tx, {0, "t", "Testa", "c-1", "case.create", "{}", {}, {}}));
    return Error{Errc::InvalidArgument, "test"};
  });
  CHECK_FALSE(r.ok());
  CHECK_FALSE(cases_repo::Get(s, "c-1")->has_value());
  CHECK(audit_repo::List(s, "", 0)->empty());
}

TEST_CASE("a case stored before issue 12 (free-text roles, none of the new fields) still loads") {
  Store s = Mem();
  // The shape an earlier version wrote: role as free text, no role_text, participation, proposals or
  // follow-up dates (the cases table is unchanged: schema v3, no migration).
  const char* doc = R"({"id":"c-old","created_on":"2026-10-01","step":"follow_up","noticed_on":"2026-10-01",
    "owner":{"name":"Testa Testsson","identity_number":"199012119948"},
    "convener":{"name":"Sara","organisation":"Socialtjänsten","role":"socialsekreterare","contact":""},
    "participants":[{"id":"p1","name":"Doris","organisation":"Vårdcentralen","huvudman":"region",
                     "role":"distriktssköterska","contact":"","status":"invited","substitute":"","attendance":"present"}],
    "meeting":{"held_on":"2026-10-15","leader":"","documenter":"","agenda":[],"notes":""},
    "follow_ups":[{"id":"f2","held_on":"2027-01-10","goals":[],"interventions":[],"new_circumstances":"",
                   "decision":"continue"}],
    "deviations":[{"id":"d3","kind":"parties_disagree","description":"x","occurred_on":"2026-10-20",
                   "reported_by":"Olle","participant_id":"","temporary_responsibility":""}],
    "versions":[{"version":1,"established_on":"2026-10-15","revises_after":"","plan":{}}],
    "closure":{"reason":null,"closed_on":"","participants_informed":false,"informed_on":"","where_to_turn":""},
    "next_id":4})";
  REQUIRE(s.db().Exec(std::string("INSERT INTO cases(id, step, created_on, updated_at, doc) VALUES('c-old','follow_up','2026-10-01','t','") + doc + "');").ok());
  auto got = cases_repo::Get(s, "c-old");
  REQUIRE(got.ok());
  REQUIRE(got->has_value());
  const Case& c = **got;
  CHECK(c.convener.role == StaffRole::Socialsekreterare);
  CHECK(c.participants[0].role == StaffRole::Other);
  CHECK(c.participants[0].role_text == "distriktssköterska");
  CHECK(c.meeting.participation == ParticipationMode::Unknown);
  CHECK(c.follow_ups[0].planned_for.empty());
  CHECK(c.deviations[0].intervention_id.empty());
  CHECK(c.deviation_proposals.empty());
  // Written back in the new form, it reads the same.
  REQUIRE(s.Write([&](WriteTx& tx) { return cases_repo::Put(tx, c, kNow); }).ok());
  CHECK(Json(**cases_repo::Get(s, "c-old")) == Json(c));
}
