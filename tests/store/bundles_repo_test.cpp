// The device's bundle bookkeeping (src/store/bundles_repo.h): the profile row, the per-key chain head,
// the audit position per case, delivery marks, and the triggers that keep exported bundles unchanged.
#include <doctest/doctest.h>

#include "store/bundles_repo.h"
#include "store/store.h"

using namespace sip;
using namespace sip::store;

namespace {
constexpr UnixMs kNow = 1795336070123;

Store Open() {
  auto s = Store::Open(":memory:", kNow);
  REQUIRE(s.ok());
  return std::move(*s);
}

ExportedBundle Sample(std::string jti, std::string kid, int64_t seq, std::string case_id, int64_t audit_to) {
  ExportedBundle b;
  b.jti = std::move(jti);
  b.kid = std::move(kid);
  b.seq = seq;
  b.case_id = std::move(case_id);
  b.kind = "plan";
  b.plan_version = 1;
  b.jws_hash = "hash-" + std::to_string(seq);
  b.file_name = "f.sipbundle";
  b.file = {1, 2, 3};
  b.audit_to_seq = audit_to;
  b.created_at = "2026-11-22T10:00:0" + std::to_string(seq) + ".000Z";
  return b;
}
}  // namespace

TEST_CASE("profile_repo: absent, put, replaced; the enrollment state survives a replacement") {
  Store s = Open();
  CHECK_FALSE(profile_repo::Get(s)->has_value());
  bool set = true;
  REQUIRE(s.Write([&](WriteTx& tx) -> Result<void> {
             auto r = profile_repo::SetEnrollment(tx, "pending", "t0");   // no profile: nothing to record it on
             if (!r) return r.error();
             set = *r;
             return {};
           }).ok());
  CHECK_FALSE(set);
  REQUIRE(s.Write([](WriteTx& tx) { return profile_repo::Put(tx, {"jws1", "Kontoret", "admin", "t1", {}, {}}); }).ok());
  CHECK((*profile_repo::Get(s))->enrollment == "");
  REQUIRE(s.Write([&](WriteTx& tx) -> Result<void> {
             auto r = profile_repo::SetEnrollment(tx, "approved", "t1b");
             if (!r) return r.error();
             set = *r;
             return {};
           }).ok());
  CHECK(set);
  REQUIRE(s.Write([](WriteTx& tx) { return profile_repo::Put(tx, {"jws2", "Kontoret", "admin", "t2", {}, {}}); }).ok());
  auto p = profile_repo::Get(s);
  REQUIRE(p->has_value());
  CHECK((*p)->jws == "jws2");
  CHECK((*p)->imported_at == "t2");
  CHECK((*p)->enrollment == "approved");
  CHECK((*p)->enrollment_at == "t1b");
  // The schema refuses a state it does not know.
  CHECK_FALSE(s.Write([](WriteTx& tx) -> Result<void> {
                 auto r = profile_repo::SetEnrollment(tx, "enrolled", "t3");
                 if (!r) return r.error();
                 return {};
               }).ok());
  CHECK((*profile_repo::Get(s))->enrollment == "approved");
}

TEST_CASE("bundles_repo: chain head per key, audit position per case, list and get") {
  Store s = Open();
  CHECK(bundles_repo::Head(s, "k1")->seq == 0);
  CHECK(bundles_repo::Head(s, "k1")->jws_hash.empty());
  CHECK(*bundles_repo::LastAuditSeq(s, "c1") == 0);
  REQUIRE(s.Write([](WriteTx& tx) -> Result<void> {
              SIP_TRY(bundles_repo::Insert(tx, Sample("j1", "k1", 1, "c1", 10)));
              SIP_TRY(bundles_repo::Insert(tx, Sample("j2", "k1", 2, "c2", 14)));
              return bundles_repo::Insert(tx, Sample("j3", "k2", 1, "c1", 17));
            }).ok());
  CHECK(bundles_repo::Head(s, "k1")->seq == 2);
  CHECK(bundles_repo::Head(s, "k1")->jws_hash == "hash-2");
  CHECK(bundles_repo::Head(s, "k2")->seq == 1);
  CHECK(*bundles_repo::LastAuditSeq(s, "c1") == 17);
  CHECK(*bundles_repo::LastAuditSeq(s, "c2") == 14);
  CHECK(bundles_repo::List(s)->size() == 3);
  CHECK(bundles_repo::List(s, "c1")->size() == 2);
  CHECK(bundles_repo::List(s)->front().file.empty());
  auto got = bundles_repo::Get(s, "j2");
  REQUIRE(got->has_value());
  CHECK((*got)->file == std::vector<uint8_t>{1, 2, 3});
  CHECK_FALSE(bundles_repo::Get(s, "nope")->has_value());
}

TEST_CASE("bundles_repo: a seq or jti is never reused; delivery is marked once; rows never change") {
  Store s = Open();
  REQUIRE(s.Write([](WriteTx& tx) { return bundles_repo::Insert(tx, Sample("j1", "k1", 1, "c1", 1)); }).ok());
  auto again = s.Write([](WriteTx& tx) { return bundles_repo::Insert(tx, Sample("j9", "k1", 1, "c1", 1)); });
  CHECK(again.error().code == Errc::DbConstraint);
  auto same_jti = s.Write([](WriteTx& tx) { return bundles_repo::Insert(tx, Sample("j1", "k1", 2, "c1", 1)); });
  CHECK(same_jti.error().code == Errc::DbConstraint);

  bool first = false, second = true;
  REQUIRE(s.Write([&](WriteTx& tx) -> Result<void> {
              auto a = bundles_repo::MarkDelivered(tx, "j1", "2026-11-23T08:00:00.000Z", "Kontoret");
              if (!a) return a.error();
              first = *a;
              auto b = bundles_repo::MarkDelivered(tx, "j1", "2026-11-24T08:00:00.000Z", "Kontoret");
              if (!b) return b.error();
              second = *b;
              return {};
            }).ok());
  CHECK(first);
  CHECK_FALSE(second);
  CHECK((*bundles_repo::Get(s, "j1"))->delivered_at == "2026-11-23T08:00:00.000Z");
  CHECK_FALSE(s.db().Exec("UPDATE bundles SET file = x'00' WHERE jti='j1';").ok());
  CHECK_FALSE(s.db().Exec("DELETE FROM bundles WHERE jti='j1';").ok());
  CHECK(bundles_repo::List(s)->size() == 1);
}
